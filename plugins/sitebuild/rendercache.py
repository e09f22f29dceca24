"""Rendered pages kept between builds, reused only when their inputs are equal.

Pelican has no way left to skip unchanged output (WRITE_SELECTED went in 4.9),
so every build renders every page. This store remembers, for each output file,
what it was made from and the bytes it came to:

- `key`: a digest of the code (plugins, theme, settings files, installed
  packages), the settings, the site-wide data every template can read (menus,
  listings, other pages' metadata), the template's name and the page's own
  variables;
- `bodies`: for each content object whose text the render read, the digest of
  that text, recorded while it rendered (sitebuild.writer);
- `memo`: what the render asked of the records and of discovery's index
  through the template globals that read them (sitebuild.memo), which the
  key leaves out.

A later build, in any process, reuses the bytes only when all three match. Entries
are made visible only by `commit()`, which the build calls after it succeeded,
so a failed build can never leave a page behind that no good build made.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .memo import Memo

# Older indexes (another settings file, another language's run, code since
# changed) are kept for a while, so that switching back is quick.
KEEP_INDEXES = 8
_FORMAT = 3
# The pages' bytes. "blobs" held files only this process could read, which a
# link would publish so; it is deleted (collect_garbage).
BLOBS = "pages"
_LEGACY_BLOBS = "blobs"


@dataclass(frozen=True)
class Entry:
    key: str
    bodies: tuple[tuple[str, str], ...]
    blob: str
    # What the render told journals in the context (sitebuild.journal):
    # (context key, entry) pairs, replayed when the page is reused.
    effects: tuple[tuple[str, Any], ...] = ()
    # What the render asked of the site-wide data (sitebuild.memo), for the
    # preview to check a record save against when it reuses this page.
    memo: Memo | None = None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    # As a page is published: a page is placed in the output by a link to it.
    written = Path(partial)
    written.chmod(0o644)
    written.replace(path)


class RenderCache:
    """One run's view of the store in `folder`: its own index, shared blobs."""

    def __init__(self, folder: Path, flavour: str) -> None:
        self.folder = folder
        self._index_path = folder / f"index-{flavour[:24]}.pickle"
        self._blobs = folder / BLOBS
        self._entries = self._load()
        self._made: dict[str, Entry] = {}
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[str, Entry]:
        try:
            version, entries = pickle.loads(self._index_path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            return {}
        return entries if version == _FORMAT else {}

    def blob_path(self, blob: str) -> Path:
        return self._blobs / blob[:2] / blob[2:]

    def lookup(
        self, name: str, key: str, body_of: Callable[[str], str | None]
    ) -> Path | None:
        """The stored bytes for `name` if they were made from the same inputs."""
        entry = self._entries.get(name)
        if entry is None or entry.key != key:
            return None
        if any(body_of(content) != digest for content, digest in entry.bodies):
            return None
        path = self.blob_path(entry.blob)
        return path if path.is_file() else None

    def keep(self, name: str) -> None:
        """`name` was reused: it stays in the index this build commits."""
        self._made[name] = self._entries[name]
        self.hits += 1

    def store(
        self,
        key: str,
        bodies: Iterable[tuple[str, str]],
        data: bytes,
        effects: tuple[tuple[str, Any], ...] = (),
        memo: Memo | None = None,
        written: Path | None = None,
    ) -> Entry:
        """Keep `data` (once per distinct content); the entry that finds it.

        `written` is the page just written with these bytes: the store links
        to it rather than writing them again (imaging.cache.link_into).
        """
        blob = hashlib.sha256(data).hexdigest()
        path = self.blob_path(blob)
        if not path.exists() and not (written and _link(written, path)):
            _atomic_write(path, data)
        return Entry(key, tuple(sorted(set(bodies))), blob, effects, memo)

    def entry(self, name: str) -> Entry:
        return self._entries[name]

    def remember(self, name: str, entry: Entry) -> None:
        """`name` was rendered afresh: its entry goes in this build's index."""
        self._made[name] = entry
        self.misses += 1

    def for_commit(self) -> RenderCache:
        """This cache, light enough to hand to another process that commits it:
        the entries it looked up in are no longer needed."""
        self._entries = {}
        return self

    def commit(self) -> None:
        """Make this build's entries the index; drop what no index refers to."""
        _atomic_write(self._index_path, pickle.dumps((_FORMAT, self._made), 5))
        indexes = sorted(
            self.folder.glob("index-*.pickle"),
            key=lambda path: path.stat().st_mtime,
            reverse=True,
        )
        for stale in indexes[KEEP_INDEXES:]:
            stale.unlink(missing_ok=True)


def _link(page: Path, blob: Path) -> bool:
    """Store `page` as `blob` by a hard link; False if the link cannot be made."""
    blob.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(page, blob)
    except FileExistsError:  # another process stored the same bytes
        return True
    except OSError:
        return False
    return True


def collect_garbage(folder: Path) -> None:
    """Delete blobs that no index refers to (run once per build, at the end)."""
    shutil.rmtree(folder / _LEGACY_BLOBS, ignore_errors=True)
    wanted: set[str] = set()
    for index in folder.glob("index-*.pickle"):
        try:
            _, entries = pickle.loads(index.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            continue
        wanted.update(entry.blob for entry in entries.values())
    blobs = folder / BLOBS
    if not blobs.is_dir():
        return
    for shard in blobs.iterdir():
        for blob in shard.iterdir():
            if shard.name + blob.name not in wanted and not blob.name.startswith("."):
                blob.unlink(missing_ok=True)


def code_digest(roots: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A digest of every file under `roots` (plugins, theme, settings) and `extra`.

    Content, not modification times: a fresh clone has new times and the same
    code, and a restored CI cache must match it.
    """
    digest = hashlib.sha256()
    for text in extra:
        digest.update(text.encode("utf-8") + b"\0")
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root.parent)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
