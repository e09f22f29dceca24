"""One Pelican run per language: each reads the originals, swapping in translations.

`sitebuild.build` runs Pelican once per language in LANGUAGES, into one
folder (`run_settings` puts every non-default run under `<code>/`). Here each
run lists the originals' files, replaces each by its translation where one
exists, gives the translation its original's structure (Parent, Template, Date,
addresses), and marks a page with no translation yet so the theme can say so
and label its text with the original's language.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from pelican import signals

from frontmatter.model import parse_source

from .catalog import N_, translator
from .model import (
    TRANSLATION_KEYS,
    counterparts,
    language_prefix,
    parse_languages,
    run_language,
    strip_prefix,
    translation_path,
)

logger = logging.getLogger(__name__)
SOURCE_KEY = "language_source"
# Front matter a translation takes from its original.
STRUCTURE = ("template", "parent", "date", "modified", "slug", "save_as", "url")
ADDRESSES = ("save_as", "url")


def _relative(path: str, root: Path) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def is_draft(path: Path) -> bool:
    """Whether a Markdown file's front matter says `Status: draft`."""
    source, _ = parse_source("", path.read_text(encoding="utf-8"))
    status = source.header.get("status")
    return status is not None and status.value == "draft"


def localized_files(
    files: Iterable[str], root: Path, code: str, default: bool
) -> list[str]:
    """The originals' files, each replaced by its translation if it has one.

    A draft translation (`./dev new page x --lang es` writes one) counts as no
    translation yet: its address shows the original under the "not translated
    yet" notice, so unfinished text is never published, and the original's
    language switcher and hreflang links still point to a page that exists.
    """
    if default:
        return list(files)
    chosen = []
    for name in files:
        translated = translation_path(root / name, root, code)
        used = translated.is_file() and not is_draft(translated)
        chosen.append(_relative(str(translated), root) if used else name)
    return chosen


def list_translations(generator: Any) -> None:
    """Make the generator list translations in place of their originals."""
    language = run_language(generator.settings)
    if language.default:
        return
    original = generator.get_files
    root = Path(generator.path)

    @functools.wraps(original)
    def get_files(paths: Any, exclude: Any = None, extensions: Any = None) -> list[str]:
        files = original(paths, exclude=exclude or [], extensions=extensions)
        return localized_files(files, root, language.code, default=False)

    generator.get_files = get_files


def _original_metadata(generator: Any, original: Path) -> dict[str, Any]:
    reader = generator.readers.readers[original.suffix.lstrip(".")]
    _content, metadata = reader.read(str(original))
    return metadata


def localize_metadata(generator: Any, metadata: dict[str, Any]) -> None:
    """Give a translation its original's structure; mark an untranslated page."""
    settings = generator.settings
    language = run_language(settings)
    source = metadata.pop(SOURCE_KEY, None)
    if language.default or source is None:
        return
    root = Path(generator.path)
    path = root / source
    if path.parent.name == language.code:
        original = path.parent.parent / path.name
        inherited = _original_metadata(generator, original)
        for key in STRUCTURE:
            if key in inherited and key not in metadata:
                metadata[key] = inherited[key]
        if "status" not in metadata and "status" in inherited:
            metadata["status"] = inherited["status"]
    else:
        # Not translated yet: the original's text, in its own language, under
        # a notice in this one (theme/templates/components/translation.html).
        metadata["content_lang"] = parse_languages(settings)[0].code
    prefix = language_prefix(settings)
    for key in ADDRESSES:
        if key in metadata:
            metadata[key] = prefix + str(metadata[key])


def alias_translations(generators: Iterable[Any]) -> None:
    """Let `{filename}` name either an original or its translation.

    In a translated run, a link to `pages/get-help.md` and one to
    `pages/es/get-help.md` both mean this run's Get help page, whichever file
    it was read from.
    """
    generators = list(generators)
    if not generators:
        return
    settings = generators[0].settings
    language = run_language(settings)
    if language.default:
        return
    context = generators[0].context
    content = context.get("generated_content", {})
    root = Path(settings["PATH"])
    aliases = {}
    for key, item in content.items():
        path = root / key
        if path.parent.name == language.code:
            aliases[_relative(str(path.parent.parent / path.name), root)] = item
        else:
            translated = translation_path(path, root, language.code)
            aliases[_relative(str(translated), root)] = item
    for key, item in aliases.items():
        content.setdefault(key, item)


# The 404 page's help in each other language (theme/templates/not_found.html).
NOT_FOUND_HEADING = N_("This page was not found")
NOT_FOUND_TEXT = N_("The address may be mistyped, or the page may have moved.")
NOT_FOUND_HOME = N_("Go to the home page")
NOT_FOUND_HELP = N_("Get help now")


@dataclass(frozen=True)
class OtherLanguageHelp:
    code: str
    heading: str
    text: str
    home_label: str
    home_url: str
    help_label: str
    help_url: str


def other_language_help(
    settings: Mapping[str, Any], help_url: str
) -> tuple[OtherLanguageHelp, ...]:
    """The 404 page's way out, in every language but this run's."""
    current = run_language(settings)
    helps = []
    for language in parse_languages(settings):
        if language == current:
            continue
        gettext = translator({**settings, "DEFAULT_LANG": language.code}).gettext
        _, bare = strip_prefix(help_url, parse_languages(settings))
        helps.append(
            OtherLanguageHelp(
                code=language.code,
                heading=gettext(NOT_FOUND_HEADING),
                text=gettext(NOT_FOUND_TEXT),
                home_label=gettext(NOT_FOUND_HOME),
                home_url=language.prefix,
                help_label=gettext(NOT_FOUND_HELP),
                help_url=language.prefix + bare,
            )
        )
    return tuple(helps)


def add_globals(generator: Any) -> None:
    """`language_links(output_file)`: the same page in every language."""
    settings = generator.settings
    languages = parse_languages(settings)
    current = run_language(settings)
    env = generator.env

    def language_links(output_file: str) -> Any:
        from navigation.model import url_of_output

        return counterparts(url_of_output(output_file), languages)

    def not_found_help() -> tuple[OtherLanguageHelp, ...]:
        return other_language_help(settings, env.globals["url_for"]("get-help"))

    env.globals["language_links"] = language_links
    env.globals["site_languages"] = languages
    env.globals["page_language"] = current
    # The default language's name in this run's language ("inglés"), for the
    # notice on a page that is not translated yet.
    env.globals["original_language_name"] = Locale.parse(
        languages[0].code
    ).get_display_name(current.code)
    env.globals["not_found_help"] = not_found_help
    # Dates in the page's language: "23 de diciembre de 2008".
    env.filters["format_date"] = functools.partial(format_long_date, code=current.code)


def format_long_date(value: Any, code: str) -> str:
    day = value.date() if hasattr(value, "date") else value
    return format_date(day, "long", locale=code)


def register() -> None:
    signals.page_generator_init.connect(list_translations)
    signals.article_generator_init.connect(list_translations)
    signals.page_generator_context.connect(localize_metadata)
    signals.article_generator_context.connect(localize_metadata)
    signals.all_generators_finalized.connect(alias_translations)
    signals.generator_init.connect(add_globals)


__all__ = ["TRANSLATION_KEYS", "register"]
