"""Renders Markdown sources in parallel and caches the result by content hash.

Pelican reads Markdown one file at a time, and Python-Markdown with our
extensions costs several milliseconds a page: most of a large build. Every
source is hashed; only sources whose bytes (or the Markdown settings) changed
since the last build are rendered, and those on every core. Pelican's reader
then takes the rendered HTML from here. No Pelican imports but the reader.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Generic, TypeVar

from markdown import Markdown

# Below this many changed files a pool costs more than it saves.
PARALLEL_FROM = 24
CACHE_NAME = "markdown-v1.pickle"
T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    """What Pelican's Markdown reader would produce, before metadata processing."""

    content: str
    meta: dict[str, list[str]]
    # Formatted fields (Summary) already converted to HTML.
    formatted: dict[str, str]


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def code_fingerprint(
    files: Iterable[Path], packages: Iterable[str], extra: str = ""
) -> str:
    """The code that makes a cached value: source files, library versions and
    anything else (`extra`) that the value depends on besides its input."""
    code = b"".join(path.read_bytes() for path in files)
    versions = " ".join(f"{name}=={version(name)}" for name in packages)
    return digest(code + versions.encode() + extra.encode())


def fingerprint(markdown_settings: Mapping[str, Any], formatted: Iterable[str]) -> str:
    """Everything besides a source's bytes that changes its HTML."""
    extensions = Path(__file__).resolve().parent.parent / "checklist"
    key = repr((sorted(markdown_settings.items(), key=str), sorted(formatted)))
    return code_fingerprint(sorted(extensions.glob("*.py")), ["markdown"], key)


class Renderer:
    """One pair of Markdown instances, reused across documents (reset between)."""

    def __init__(self, markdown_settings: Mapping[str, Any], formatted: Iterable[str]):
        self._document = Markdown(**markdown_settings)
        # Pelican converts formatted fields with the meta preprocessor removed.
        self._field = Markdown(**markdown_settings)
        self._field.preprocessors.deregister("meta")
        self._formatted = frozenset(formatted)

    def render(self, text: str) -> Rendered:
        self._document.reset()
        content = self._document.convert(text)
        meta = dict(getattr(self._document, "Meta", {}))
        formatted = {}
        for name, values in meta.items():
            if name.lower() in self._formatted:
                self._field.reset()
                formatted[name] = self._field.convert("\n".join(values))
        return Rendered(content, meta, formatted)


_worker: Renderer | None = None


def _start_worker(markdown_settings: Mapping[str, Any], formatted: list[str]) -> None:
    global _worker
    _worker = Renderer(markdown_settings, formatted)


def _render_in_worker(text: str) -> Rendered:
    assert _worker is not None
    return _worker.render(text)


def read_source(path: Path) -> str:
    """As Pelican's `pelican_open`: UTF-8, without a byte-order mark."""
    return path.read_text(encoding="utf-8").removeprefix("\ufeff")


def render_missing(
    texts: Mapping[str, str],
    markdown_settings: Mapping[str, Any],
    formatted: Iterable[str],
    workers: int | None = None,
) -> dict[str, Rendered]:
    """Render `texts` (keyed by digest), on every core when there are many."""
    formatted = sorted(formatted)
    keys = list(texts)
    workers = workers or os.cpu_count() or 1
    if len(keys) < PARALLEL_FROM or workers < 2:
        renderer = Renderer(markdown_settings, formatted)
        return {key: renderer.render(texts[key]) for key in keys}
    # fork: workers inherit the loaded extensions and sys.path without re-importing.
    context = multiprocessing.get_context("fork")
    with context.Pool(
        workers, initializer=_start_worker, initargs=(markdown_settings, formatted)
    ) as pool:
        chunk = max(1, len(keys) // (workers * 8))
        results = pool.map(_render_in_worker, [texts[k] for k in keys], chunk)
    return dict(zip(keys, results, strict=True))


class DigestStore(Generic[T]):
    """Values by the digest of what they were made from, in one pickle file.

    The whole file is valid for one `key`: everything besides the digested
    input that changes a value (settings, code, library versions). Another
    key, or an unreadable file, starts empty. `save()` keeps only the entries
    used since loading, so the file does not grow with every edit.
    """

    def __init__(self, file: Path, key: str) -> None:
        self._file = file
        self._key = key
        self.entries: dict[str, T] = {}
        self._used: set[str] = set()
        self._dirty = False
        try:
            stored_key, entries = pickle.loads(self._file.read_bytes())
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
            return  # no cache yet, or an unreadable one: make everything
        if stored_key == key and isinstance(entries, dict):
            self.entries = entries

    def get(self, key: str) -> T | None:
        self._used.add(key)
        return self.entries.get(key)

    def put(self, key: str, value: T) -> None:
        self._used.add(key)
        self.entries[key] = value
        self._dirty = True

    def forget_unused(self) -> None:
        """Drop what this build did not ask for (sources that are gone)."""
        stale = set(self.entries) - self._used
        for key in stale:
            del self.entries[key]
        self._dirty = self._dirty or bool(stale)

    def save(self) -> None:
        if not self._dirty:
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        # A name of its own, so that two processes saving at once cannot
        # interleave their bytes; the rename is atomic either way.
        partial = self._file.with_name(f"{self._file.name}.{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((self._key, self.entries), protocol=5))
        partial.replace(self._file)
        self._dirty = False


class MarkdownCache(DigestStore[Rendered]):
    """The rendered sources of one build, keyed by content digest, kept on disk."""

    def __init__(self, folder: Path, key: str) -> None:
        super().__init__(folder / CACHE_NAME, key)

    def fill(
        self,
        paths: Iterable[Path],
        markdown_settings: Mapping[str, Any],
        formatted: Iterable[str],
    ) -> None:
        missing: dict[str, str] = {}
        for path in paths:
            try:
                text = read_source(path)
            except (OSError, UnicodeDecodeError):
                continue  # Pelican's own reader reports it, with the file name
            key = digest(text.encode())
            if self.get(key) is None:
                missing[key] = text
        if missing:
            rendered = render_missing(missing, markdown_settings, formatted)
            for key, value in rendered.items():
                self.put(key, value)
        # Forget sources that no longer exist, so the cache does not grow forever.
        self.forget_unused()

    def lookup(self, text: str) -> Rendered | None:
        return self.entries.get(digest(text.encode()))
