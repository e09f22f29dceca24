"""Fast rebuilds for the preview: re-render only the pages whose text changed.

Staff save a page and look at it; on a site of thousands of pages a full build
takes many seconds. Most saves change one page's text and nothing it shares
with other pages (its title, summary, address and place in the menu live in the
front matter). So the preview keeps the last build's Pelican generators in
memory and, when only page bodies changed, reads and renders just those pages
and replaces each output file with one rename. Anything else (a new or
deleted file, front matter, a record, a template, the settings) runs the full,
atomic build. The checks that guard a full build guard this path too.
"""

from __future__ import annotations

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
from pelican.contents import Page
from pelican.generators import PagesGenerator
from pelican.writers import Writer

from frontmatter.model import check_body, parse_source
from images.plugin import publish as publish_images
from records.collection import label_for

from .build import (
    BuildError,
    BuildReport,
    build_site,
    collecting_problems,
    load_settings,
)

Snapshot = dict[Path, tuple[int, int]]


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
        # One per language's run (plugins/languages): a page's source may be
        # shown in several languages (an untranslated page falls back to it).
        self._pages: list[PagesGenerator] = []
        self._snapshot: Snapshot = {}
        self._headers: dict[Path, dict[str, str]] = {}

    def build(self) -> BuildReport:
        """A full, atomic build; remembers what the fast path needs."""
        before = snapshot(self._watched)
        captured: list[Any] = []

        def keep(generators: list[Any]) -> None:
            captured.extend(generators)

        signals.all_generators_finalized.connect(keep, weak=False)
        try:
            report = build_site(self._settings_file, self._output, self._overrides)
        finally:
            signals.all_generators_finalized.disconnect(keep)
        self._pages = [g for g in captured if isinstance(g, PagesGenerator)]
        self._snapshot = before
        self._headers = {
            path: header_values(path.read_text(encoding="utf-8"))
            for path in before
            if path.suffix == ".md" and self._is_page(path)
        }
        return report

    def rebuild(self) -> BuildReport | None:
        """Rebuild after a save: only the changed pages when that is safe.

        Returns None when nothing changed.
        """
        current = snapshot(self._watched)
        change = compare(self._snapshot, current)
        if change.empty:
            return None
        pages = self._body_only(change)
        if pages is None:
            return self.build()
        started = time.perf_counter()
        self._render(pages)
        self._snapshot = current
        return BuildReport(self._output, len(pages), time.perf_counter() - started)

    def _is_page(self, path: Path) -> bool:
        folders = [self._content / folder for folder in self._settings["PAGE_PATHS"]]
        return any(path.is_relative_to(folder) for folder in folders)

    def _body_only(
        self, change: Change
    ) -> list[tuple[Path, PagesGenerator, Page]] | None:
        """The changed pages, if nothing but their bodies changed; else None."""
        if not self._pages or change.added or change.removed:
            return None
        by_source: dict[Path, list[tuple[PagesGenerator, Page]]] = {}
        for generator in self._pages:
            for page in (*generator.pages, *generator.hidden_pages):
                path = Path(page.source_path).resolve()
                by_source.setdefault(path, []).append((generator, page))
        found = []
        for path in change.modified:
            shown = by_source.get(path.resolve())
            if not shown or path not in self._headers:
                return None
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None  # the full build reports it properly
            if header_values(text) != self._headers[path]:
                return None
            found.extend((path, generator, page) for generator, page in shown)
        return found

    def _render(self, pages: list[tuple[Path, PagesGenerator, Page]]) -> None:
        problems: list[str] = []
        for path in sorted({path for path, _, _ in pages}):
            source, _ = parse_source(
                label_for(path, self._content), path.read_text(encoding="utf-8")
            )
            problems += [str(problem) for problem in check_body(source)]
        if problems:
            raise BuildError(problems)
        with collecting_problems() as collector, _scratch(self._output) as scratch:
            fresh = [
                (generator, self._reread(generator, path, old))
                for path, generator, old in pages
            ]
            for generator, page in fresh:
                writer = Writer(str(scratch), settings=generator.settings)
                writer.write_file(
                    page.save_as,
                    generator.get_template(page.template),
                    generator.context,
                    page=page,
                    relative_urls=generator.settings["RELATIVE_URLS"],
                    override_output=hasattr(page, "override_save_as"),
                    url=page.url,
                )
            if collector.messages:
                raise BuildError(collector.messages)
            # Images a page now shows were made as it was read; they go in
            # before the page that needs them.
            publish_images(self._output)
            # One rename per page: a visitor sees the old page or the new one.
            for _, page in fresh:
                target = self._output / page.save_as
                target.parent.mkdir(parents=True, exist_ok=True)
                (scratch / page.save_as).replace(target)

    def _reread(self, generator: PagesGenerator, path: Path, old: Page) -> Page:
        page = generator.readers.read_file(
            base_path=generator.path,
            path=str(path.relative_to(generator.path)),
            content_class=Page,
            context=generator.context,
            # As the full build reads it: a translation takes its original's
            # structure (plugins/languages).
            context_signal=signals.page_generator_context,
            context_sender=generator,
        )
        for pages in (generator.pages, generator.hidden_pages):
            if old in pages:
                pages[pages.index(old)] = page
        generator.context["generated_content"][old.get_relative_source_path()] = page
        page.refresh_metadata_intersite_links()
        return page


@contextmanager
def _scratch(output: Path) -> Iterator[Path]:
    # Beside the output, so the final rename stays on one filesystem.
    folder = Path(tempfile.mkdtemp(prefix=f".{output.name}-page-", dir=output.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
