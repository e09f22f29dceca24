"""A folder of derived files, named by the digest of everything they depend on.

Resizing a photo or drawing a social card costs tens of milliseconds; a site of
thousands of pages cannot pay that on every build. A derived file's name is the
digest of its inputs (source bytes, size, format, code version), so an
unchanged input is never processed again, and a changed one can never be served
stale. Files are written under a temporary name and renamed, so a build that is
interrupted never leaves half an image in the cache.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def digest(parts: Iterable[bytes | str]) -> str:
    """A short, stable digest of `parts`, in order."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        # Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


class DerivedCache:
    """Derived files in `folder`, made once per distinct key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made = 0  # how many files this instance had to make (tests read it)

    def path_for(self, key: str, suffix: str) -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def get(self, key: str, suffix: str, make: Callable[[Path], None]) -> Path:
        """The cached file for `key`; `make(path)` writes it the first time."""
        path = self.path_for(key, suffix)
        if path.is_file():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(suffix=suffix, dir=path.parent)
        os.close(handle)
        try:
            make(Path(partial))
            # mkstemp makes files private (0600); published copies (hard links)
            # must be readable by the web server.
            Path(partial).chmod(0o644)
            Path(partial).replace(path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        self.made += 1
        return path


def link_into(cached: Path, target: Path) -> None:
    """Put `cached` at `target` as a hard link (a copy on another file system).

    A link costs a fraction of a copy, which matters at thousands of files per
    build. Only for files that are never changed in place on either side: a
    cache writes a new file and renames it, and nothing rewrites a published
    file in place (sitebuild.assets writes new files too).
    """
    target.unlink(missing_ok=True)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)
