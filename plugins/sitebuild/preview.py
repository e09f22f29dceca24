"""Fast rebuilds for the preview: re-render only the pages whose text changed.

Staff save a page or a news article and look at it; on a site of thousands of
pages a full build takes many seconds. Most saves change one source's text and
nothing it shares with other pages (its title, summary, date, address and place
in the menu live in the front matter, and every listing shows the Summary, which
front matter must give). So the preview keeps the last build's Pelican
generators in memory and, when only bodies changed, reads just those sources
again, renders what shows their text and replaces each output file with one
rename:

- a page's or an article's own output, in every language's run that shows that
  source (an untranslated one is shown in the other languages too);
- for an article, the run's feeds too: Atom entries carry the full text.

A save to existing record files (a partner, a bill) has a fast path of its
own (sitebuild.recordsave): the records are read and checked again, and only
the pages whose render would now come out different are made again, checked
against what each page's last render asked (sitebuild.memo). A body save
keeps that in step: the pages it writes are remembered as written.

Anything else (a new or deleted file, front matter, a draft, a change to the
files a body links to with {static}, a template, the settings) runs the full,
atomic build. The checks that guard a full build guard these paths too. The
search index is left as the last full build made it (Pagefind indexes a whole
site at a time); the next full build brings it up to date.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.contents import Article, Content, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

from frontmatter.model import check_body, parse_source
from images.plugin import publish as publish_images
from records.collection import label_for
from records.generator import CONTEXT_KEY as RECORDS_KEY

from .build import (
    BuildError,
    BuildReport,
    BuildSession,
    Run,
    build_site,
    collecting_problems,
    load_settings,
)
from .recordsave import record_folders, remake, reread, saved_kinds
from .writer import DeferredWriter

Snapshot = dict[Path, tuple[int, int]]
# The generators whose sources the fast path may re-read.
ContentGenerator = PagesGenerator | ArticlesGenerator
# A source, a generator (one language's run) that shows it, and what it read.
Shown = tuple[Path, ContentGenerator, Content]


@dataclass(frozen=True)
class Change:
    """What differs between two snapshots of the watched files."""

    added: frozenset[Path]
    removed: frozenset[Path]
    modified: frozenset[Path]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.modified)


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Modification time and size of every file under `roots`."""
    found: Snapshot = {}
    for root in roots:
        if root.is_file():
            stat = root.stat()
            found[root] = (stat.st_mtime_ns, stat.st_size)
            continue
        for folder, _, files in os.walk(root):
            for name in files:
                path = Path(folder, name)
                stat = path.stat()
                found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def compare(before: Snapshot, after: Snapshot) -> Change:
    return Change(
        added=frozenset(after.keys() - before.keys()),
        removed=frozenset(before.keys() - after.keys()),
        modified=frozenset(
            path for path in before.keys() & after.keys() if before[path] != after[path]
        ),
    )


def header_values(text: str) -> dict[str, str]:
    source, _ = parse_source("", text)
    return {key: field.value for key, field in source.header.items()}


def written(generator: ContentGenerator) -> list[Content]:
    """What `generator` writes at its own address (drafts excepted)."""
    if isinstance(generator, ArticlesGenerator):
        lists = ("articles", "translations", "hidden_articles", "hidden_translations")
    else:
        lists = ("pages", "translations", "hidden_pages", "hidden_translations")
    return [content for name in lists for content in getattr(generator, name)]


def drafts(generator: ContentGenerator) -> list[Content]:
    """Drafts: written elsewhere (drafts/) and left to the full build."""
    if isinstance(generator, ArticlesGenerator):
        lists = ("drafts", "drafts_translations")
    else:
        lists = ("draft_pages", "draft_translations")
    return [content for name in lists for content in getattr(generator, name)]


def replace_everywhere(roots: Iterable[Any], old: Any, new: Any) -> bool:
    """Put `new` wherever the lists and dicts under `roots` hold `old`.

    A generator keeps the same object in many places (articles, dates,
    categories, period archives, generated_content), and feeds and listings
    read whichever one they are given. False if `old` sits where it cannot be
    replaced (in a tuple, or as a key), and then the caller must not go on.
    """
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        if isinstance(value, list | dict):
            seen.add(id(value))
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in list(pairs):
                if key is old:  # never a list's index
                    return False
                if item is old:
                    value[key] = new
                else:
                    stack.append(item)
        elif isinstance(value, tuple):
            seen.add(id(value))
            if any(item is old for item in value):
                return False
            stack.extend(value)
    return True


class Preview:
    """A site kept warm in memory between rebuilds, as `invoke serve` runs it."""

    def __init__(
        self,
        settings_file: Path,
        output: Path,
        watched: Iterable[Path],
        overrides: Mapping[str, Any] | None = None,
    ) -> None:
        self._settings_file = settings_file
        self._output = output.resolve()
        self._watched = tuple(watched)
        self._overrides = dict(overrides or {})
        self._settings = load_settings(settings_file, self._overrides)
        self._content = Path(self._settings["PATH"]).resolve()
        # One of each per language's run (plugins/languages): a source may be
        # shown in several languages (an untranslated one falls back to it).
        self._generators: list[ContentGenerator] = []
        # Where each source is shown, kept from build to build: looking it up
        # again would cost a path resolution per source on every save.
        self._shown: dict[Path, list[tuple[ContentGenerator, Content]]] = {}
        self._drafts: frozenset[Path] = frozenset()
        self._snapshot: Snapshot = {}
        self._headers: dict[Path, dict[str, str]] = {}
        # Each language's run, with what its pages asked (sitebuild.memo), for
        # record saves; empty when that is out of date.
        self._runs: list[Run] = []
        self._record_folders: dict[Path, str] = {}

    def build(self) -> BuildReport:
        """A full, atomic build; remembers what the fast path needs."""
        gc.unfreeze()
        before = snapshot(self._watched)
        # In process: a language run in a forked child would take its
        # generators with it, and its saves would all need a full build.
        session = BuildSession(self._settings_file, in_process=True, remember=True)
        self._runs = []
        report = build_site(
            self._settings_file, self._output, self._overrides, session=session
        )
        self._runs = session.runs
        self._record_folders = record_folders(self._runs)
        # What the build left in memory (every page's job and context) is kept
        # until the next full build; out of the collector's way, a save does
        # not pay for walking it. The next build hands it back.
        gc.collect()
        gc.freeze()
        self._generators = [
            g
            for run in self._runs
            for g in run.generators
            if isinstance(g, PagesGenerator | ArticlesGenerator)
        ]
        self._shown = {}
        for generator in self._generators:
            for content in written(generator):
                path = Path(content.source_path).resolve()
                self._shown.setdefault(path, []).append((generator, content))
        self._drafts = frozenset(
            Path(content.source_path).resolve()
            for generator in self._generators
            for content in drafts(generator)
        )
        self._snapshot = before
        self._headers = {
            path: header_values(path.read_text(encoding="utf-8"))
            for path in before
            if path.suffix == ".md" and self._is_source(path)
        }
        return report

    def rebuild(self) -> BuildReport | None:
        """Rebuild after a save: only what shows the changed text when that is safe.

        Returns None when nothing changed.
        """
        current = snapshot(self._watched)
        change = compare(self._snapshot, current)
        if change.empty:
            return None
        started = time.perf_counter()
        shown = self._body_only(change)
        outputs = self._render(shown) if shown is not None else self._records(change)
        if outputs is None:
            return self.build()
        self._snapshot = current
        return BuildReport(self._output, outputs, time.perf_counter() - started)

    def _records(self, change: Change) -> int | None:
        """Remake what shows the saved records; pages written, None to build fully."""
        # A new or deleted record adds or takes away a page: the full build.
        if not self._runs or change.added or change.removed:
            return None
        kinds = saved_kinds(change.modified, self._record_folders)
        if kinds is None:
            return None
        before = [
            {kind: run.generators[0].context[RECORDS_KEY][kind] for kind in kinds}
            for run in self._runs
        ]
        try:
            with collecting_problems() as collector, _scratch(self._output) as scratch:
                for run in self._runs:
                    reread(run, kinds)
                    # The first run's problems only: the others would repeat them.
                    if collector.messages:
                        raise BuildError(collector.messages)
                for run, sites in zip(self._runs, before, strict=True):
                    if not remake(run, kinds, scratch, sites):
                        return None
                if collector.messages:
                    raise BuildError(collector.messages)
                made = _publish(scratch, self._output)
        except BaseException:
            # What is in memory is half the new records': build afresh next.
            self._runs = []
            self._generators = []
            raise
        return sum(1 for path in made if path.suffix == ".html")

    def _is_source(self, path: Path) -> bool:
        names = [*self._settings["PAGE_PATHS"], *self._settings["ARTICLE_PATHS"]]
        return any(path.is_relative_to(self._content / name) for name in names)

    def _body_only(self, change: Change) -> list[Shown] | None:
        """Where each changed source is shown, if only bodies changed; else None."""
        if not self._generators or change.added or change.removed:
            return None
        found: list[Shown] = []
        for path in change.modified:
            shown = self._shown.get(path.resolve())
            if not shown or path not in self._headers or path.resolve() in self._drafts:
                return None
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None  # the full build reports it properly
            if header_values(text) != self._headers[path]:
                return None
            found.extend((path, generator, content) for generator, content in shown)
        return found

    def _render(self, shown: list[Shown]) -> int | None:
        """Write what shows the new text; how many pages, or None to build fully."""
        problems: list[str] = []
        for path in sorted({path for path, _, _ in shown}):
            source, _ = parse_source(
                label_for(path, self._content), path.read_text(encoding="utf-8")
            )
            problems += [str(problem) for problem in check_body(source)]
        if problems:
            raise BuildError(problems)
        with collecting_problems() as collector, _scratch(self._output) as scratch:
            fresh = []
            for path, generator, old in shown:
                new = self._reread(generator, path, old)
                if new is None:
                    return None
                fresh.append((generator, new))
            writers: dict[int, DeferredWriter] = {}
            for generator, content in fresh:
                writer = writers.setdefault(
                    id(generator),
                    DeferredWriter(
                        str(scratch), settings=generator.settings, remember=True
                    ),
                )
                _write(generator, content, writer)
            # Feeds carry each entry's full text, so a run's feeds are made
            # again, from the generator that now holds the new article.
            runs = {id(g): g for g, _ in fresh if isinstance(g, ArticlesGenerator)}
            for generator in runs.values():
                generator.generate_feeds(writers[id(generator)])
            for writer in writers.values():
                writer.flush()
            if collector.messages:
                raise BuildError(collector.messages)
            # What the record saves check is now these pages' new jobs.
            for generator, _ in fresh:
                self._remember(generator, writers[id(generator)])
            made = _publish(scratch, self._output)
        # Pages, as the full build counts them (feeds are not pages).
        return sum(1 for path in made if path.suffix == ".html")

    def _remember(self, generator: ContentGenerator, writer: DeferredWriter) -> None:
        for run in self._runs:
            if any(other is generator for other in run.generators):
                run.writer.jobs.update(writer.jobs)
                run.writer.memos.update(writer.memos)

    def _reread(
        self, generator: ContentGenerator, path: Path, old: Content
    ) -> Content | None:
        """The source read again as the full build reads it, in old's place."""
        if isinstance(generator, ArticlesGenerator):
            content_class: type[Content] = Article
            context_signal = signals.article_generator_context
        else:
            content_class = Page
            context_signal = signals.page_generator_context
        content = generator.readers.read_file(
            base_path=generator.path,
            path=str(path.relative_to(generator.path)),
            content_class=content_class,
            context=generator.context,
            # A translation takes its original's structure (plugins/languages).
            context_signal=context_signal,
            context_sender=generator,
        )
        # The full build's static generator copies the files a body links to
        # with {static}; a change to that set needs it.
        if content.get_static_links() != old.get_static_links():
            return None
        content.translations = old.translations
        roots = [
            generator.context,
            vars(generator),
            *(other.translations for other in written(generator)),
        ]
        if not replace_everywhere(roots, old, content):
            return None
        shown = self._shown[path.resolve()]
        shown[shown.index((generator, old))] = (generator, content)
        content.refresh_metadata_intersite_links()
        return content


def _write(
    generator: ContentGenerator, content: Content, writer: DeferredWriter
) -> None:
    """Write `content` with the arguments its generator's generate_output gives."""
    if isinstance(generator, ArticlesGenerator):
        signals.article_generator_write_article.send(generator, content=content)
        extra = {"article": content, "category": getattr(content, "category", None)}
        extra["blog"] = True
    else:
        signals.page_generator_write_page.send(generator, content=content)
        extra = {"page": content}
    writer.write_file(
        content.save_as,
        generator.get_template(content.template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        override_output=hasattr(content, "override_save_as"),
        url=content.url,
        **extra,
    )


def _publish(scratch: Path, output: Path) -> list[Path]:
    """Move what `scratch` holds into `output`; the files, as they were named."""
    # Images a page now shows were made as it was read; they go in before
    # the page that needs them.
    publish_images(output)
    # One rename per file: a visitor sees the old page or the new one.
    made = sorted(path for path in scratch.rglob("*") if path.is_file())
    for path in made:
        target = output / path.relative_to(scratch)
        target.parent.mkdir(parents=True, exist_ok=True)
        path.replace(target)
    return made


@contextmanager
def _scratch(output: Path) -> Iterator[Path]:
    # Beside the output, so the final rename stays on one filesystem.
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}-page-", dir=output.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
