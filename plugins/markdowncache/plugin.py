"""Fills the Markdown cache before Pelican reads, and has its reader use it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader

from .store import MarkdownCache, Rendered, fingerprint, read_source

logger = logging.getLogger(__name__)

DEFAULTS = {"MARKDOWNCACHE_ENABLED": True}

# The cache of the build running in this process; Pelican gives readers only
# the settings, so the plugin hands it over here.
_current: MarkdownCache | None = None


class CachedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, taking HTML rendered ahead of time when it can."""

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        rendered = None
        if _current is not None:
            rendered = _current.lookup(read_source(Path(source_path)))
        if rendered is None:
            return super().read(source_path)
        self._source_path = source_path
        return rendered.content, self._metadata(rendered)

    def _metadata(self, rendered: Rendered) -> dict[str, Any]:
        # As MarkdownReader._parse_metadata, with formatted fields pre-rendered.
        output: dict[str, Any] = {}
        for name, values in rendered.meta.items():
            key = name.lower()
            if name in rendered.formatted:
                output[key] = self.process_metadata(key, rendered.formatted[name])
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(key, True):
                if len(values) > 1:
                    logger.warning(
                        "Duplicate definition of `%s` for %s. Using first one.",
                        key,
                        self._source_path,
                    )
                output[key] = self.process_metadata(key, values[0])
            elif len(values) > 1:
                output[key] = self.process_metadata(key, values)
            else:
                output[key] = self.process_metadata(key, values[0])
        return output


def prepare(pelican: Any) -> None:
    # Imported here: frontmatter reads records, and records keep their own
    # caches in this package's store, so a module-level import would be a cycle.
    from frontmatter.plugin import markdown_sources

    global _current
    settings = {**DEFAULTS, **pelican.settings}
    _current = None
    if not settings["MARKDOWNCACHE_ENABLED"]:
        return
    # The reader completes the MARKDOWN settings (extensions, meta) as Pelican
    # would, so the cached HTML is what Pelican itself would produce.
    markdown_settings = MarkdownReader(pelican.settings).settings["MARKDOWN"]
    formatted = pelican.settings["FORMATTED_FIELDS"]
    cache = MarkdownCache(
        Path(settings["CACHE_PATH"]), fingerprint(markdown_settings, formatted)
    )
    cache.fill(markdown_sources(pelican.settings), markdown_settings, formatted)
    # Saved now, not only when the run ends: the other languages' runs start
    # in parallel as soon as this one is set up (sitebuild.build), and read it.
    cache.save()
    _current = cache


def use_cached_reader(readers: Any) -> None:
    if _current is None:
        return
    for extension in CachedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CachedMarkdownReader


def save(pelican: Any) -> None:
    if _current is not None:
        _current.save()


def register() -> None:
    signals.initialized.connect(prepare)
    signals.readers_init.connect(use_cached_reader)
    signals.finalized.connect(save)
