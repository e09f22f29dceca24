"""Drawing a build's missing cards: once each, in parallel when there are many.

A card takes a few milliseconds to draw and encode; a cold build of thousands
of pages would spend most of a minute on them in one process. When at least
`parallel_min` cards are missing, they are drawn in forked worker processes,
which inherit the loaded font, and handed back as PNG bytes; the parent
writes every file into the cache, so the cache's count of files made stays
true. A process that runs threads (the preview's server) draws in one
process: forking it could copy a lock some other thread holds.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from imaging.cache import DerivedCache

from .card import CardPainter

SUFFIX = ".png"
# Titles handed to a worker at a time: enough to keep the pipe busy, few
# enough that two workers finish together.
CHUNK = 16

# The painter in a worker process; set by _adopt, in the worker only.
_painter: CardPainter | None = None


def _adopt(painter: CardPainter) -> None:
    global _painter
    _painter = painter


def _paint(title: str) -> bytes:
    assert _painter is not None, "worker started without a painter"
    return _painter.png(title)


@dataclass(frozen=True)
class Batch:
    files: dict[str, Path]  # {title: its card in the cache}
    drawn: int  # cards that were not in the cache
    processes: int  # how many processes drew them


def worker_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def make_cards(
    painter: CardPainter,
    cache: DerivedCache,
    titles: Iterable[str],
    parallel_min: int,
    processes: int | None = None,
) -> Batch:
    """Every title's card, drawing only the cards not cached yet."""
    keys = {title: painter.key(title) for title in titles}
    missing = [
        t for t, key in keys.items() if not cache.path_for(key, SUFFIX).is_file()
    ]
    workers = processes or worker_count()
    parallel = (
        len(missing) >= parallel_min
        and workers > 1
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if parallel:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_adopt, initargs=(painter,)) as pool:
            drawn = pool.imap(_paint, missing, chunksize=CHUNK)
            for title, data in zip(missing, drawn, strict=True):
                cache.get(
                    keys[title],
                    SUFFIX,
                    lambda path, data=data: write_public(path, data),
                )
    else:
        for title in missing:
            cache.get(
                keys[title],
                SUFFIX,
                lambda path, title=title: write_public(path, painter.png(title)),
            )
    files = {title: cache.path_for(key, SUFFIX) for title, key in keys.items()}
    return Batch(files, len(missing), workers if parallel else 1)


def write_public(path: Path, data: bytes) -> None:
    """Write a cache file that may be linked into the published site.

    The cache makes its files private (mkstemp gives 0600); a hard link shares
    the mode, and a web server must be able to read the published file.
    """
    path.write_bytes(data)
    path.chmod(0o644)
