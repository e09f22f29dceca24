"""The Pelican side of a record type: a generator, template globals, links."""

from __future__ import annotations

import dataclasses
import logging
import posixpath
from pathlib import Path
from typing import Any, ClassVar

from pelican.generators import Generator

from languages.model import parse_languages
from sitebuild.memo import check_by_memo, remembered

from .collection import (
    Record,
    ValidatedFiles,
    label_for,
    load_collection,
    localize_records,
    record_files,
)
from .links import line_of, replace_record_links
from .loader import open_cache as open_parsed
from .markdown import MarkdownRenderer, open_cache
from .model import KeptRecords, RecordSite, RecordSource, RecordType
from .translation import translation_codes

logger = logging.getLogger(__name__)

# Pelican shares data between generators through its context; this is the one
# key the record types add, so that pages can show a type's index.
CONTEXT_KEY = "record_sites"
# Templates read it through records() and the pages' own view models.
check_by_memo(CONTEXT_KEY)


class RecordGenerator(Generator):
    """Loads, checks and writes one record type. Subclasses set `record_type`."""

    record_type: ClassVar[RecordType[Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the files' records were, kept for the next generate_context
        # (the preview's record saves call it again on the same generator).
        self._validated = ValidatedFiles()
        self._localized: KeptRecords[Record[Any]] = KeptRecords()
        self._views: KeptRecords[Any] = KeptRecords()

    def generate_context(self) -> None:
        kind = self.record_type
        settings = kind.configure(self.settings)
        folder = Path(self.path) / kind.setting(settings, "PATH")
        # What each file reads as, and each Markdown field's HTML, are kept
        # from build to build (by digest). Each is a function of its key alone,
        # so saving them before the build has succeeded cannot make a later
        # build wrong.
        parsed = open_parsed(Path(settings["CACHE_PATH"]), kind.name)
        records, problems = load_collection(
            kind.model,
            folder,
            Path(self.path),
            context=kind.validation_context(settings),
            checks=kind.checks(settings),
            max_bytes=kind.setting(settings, "MAX_BYTES"),
            languages=translation_codes(settings),
            cache=parsed,
            validated=self._validated,
        )
        parsed.forget_unused()
        parsed.save()
        for problem in problems:
            logger.error("%s", problem)
        # A broken set of records writes nothing; the build fails on the errors.
        records = [] if problems else records
        language = settings["DEFAULT_LANG"]
        if language != parse_languages(settings)[0].code:
            records = self._localize(records, language)
        files = {path.stem: path for path in record_files(folder)}
        markdown = open_cache(settings, kind.name)
        built = kind.build(records, settings, MarkdownRenderer(markdown), self._views)
        self._views.settle()
        markdown.forget_unused()
        markdown.save()
        site = dataclasses.replace(
            built,
            sources={
                kind.url(settings, r.slug): RecordSource(files[r.slug], r.data)
                for r in records
            },
        )
        self.context.setdefault(CONTEXT_KEY, {})[kind.name] = site

    def _localize(self, records: list[Record[Any]], language: str) -> list[Record[Any]]:
        """`records` in `language`; a record kept from the last call keeps its
        localized copy."""
        model = self.record_type.model
        localized = [
            self._localized.get(r, lambda r: localize_records(model, [r], language)[0])
            for r in records
        ]
        self._localized.settle()
        return localized

    def generate_output(self, writer: Any) -> None:
        site: RecordSite = self.context[CONTEXT_KEY][self.record_type.name]
        for page in site.pages:
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                **page.variables,
            )
        self.write_files(Path(self.output_path))

    def write_files(self, folder: Path) -> None:
        """The type's files other than pages (feeds), into `folder`."""
        site: RecordSite = self.context[CONTEXT_KEY][self.record_type.name]
        for file in site.files:
            target = folder / file.save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(file.body, encoding="utf-8")


def install_globals(generator: Any) -> None:
    """`records(name)` for templates, and `markdown(text)` for record fields."""
    context = generator.context

    def records(name: str) -> Any:
        sites = context.get(CONTEXT_KEY, {})
        if name not in sites:
            raise KeyError(f"records({name!r}): no record type of that name is loaded")
        return sites[name].index

    generator.env.globals["records"] = remembered("records", records)


def link_records(content: Any, kind: RecordType[Any]) -> None:
    """Resolve `{kind}slug` links in a page as Pelican reads it."""
    html = getattr(content, "_content", None)
    marker = "{" + kind.link_kind + "}"
    if not isinstance(html, str) or marker not in html:
        return
    settings = content.settings
    root = Path(settings["PATH"])
    folder = root / kind.setting(settings, "PATH")
    known = {path.stem for path in record_files(folder)}
    if settings["RELATIVE_URLS"]:
        prefix = posixpath.relpath(".", posixpath.dirname(content.save_as) or ".")
    else:
        prefix = settings["SITEURL"]
    new_html, missing = replace_record_links(
        html,
        kind.link_kind,
        exists=known.__contains__,
        url_of=lambda slug: f"{prefix}/{kind.url(settings, slug)}",
    )
    content._content = new_html
    if missing:
        source = Path(content.source_path)
        text = source.read_text(encoding="utf-8")
        label = label_for(source, root)
        for slug in missing:
            logger.error(
                "%s:%s: link: %s%s: no such record; expected the file %s",
                label,
                line_of(text, marker + slug),
                marker,
                slug,
                label_for(folder / f"{slug}.yml", root),
            )
