"""Every page that search engines should find, with the day it last changed.

The index is built from what Pelican read (pages, articles and record pages),
not by scanning the output, so it knows each page's source and dates. It
decides what goes in the sitemap and which pages say "noindex": a page outside
it (the 404 page, any hidden page, drafts) is never listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path

from .lastmod import latest_day, source_dates

KINDS = ("page", "article", "record")


@dataclass(frozen=True)
class PageSource:
    """A written page as the index first sees it."""

    url: str  # site-relative: "" for the home page, "about/" for a page
    kind: str  # one of KINDS
    files: tuple[Path, ...] = ()  # the source files the page is made from
    declared: tuple[date | datetime | None, ...] = ()  # dates the source states


@dataclass(frozen=True)
class IndexedPage:
    url: str
    kind: str
    lastmod: date | None


def folders_of(url: str) -> list[str]:
    """The folder URLs above `url`, nearest first: `a/b/c/` -> `a/b/`, `a/`."""
    parts = url.rstrip("/").split("/")[:-1]
    return ["/".join(parts[:n]) + "/" for n in range(len(parts), 0, -1)]


def build_index(
    sources: Iterable[PageSource],
    commits: Mapping[Path, datetime],
    zone: tzinfo,
    home: str = "",
    real: Callable[[Path], Path] = Path.resolve,
) -> dict[str, IndexedPage]:
    """Date every page, by URL, home page first.

    A section page (`news/`, `partners/`, `legislation/`) lists the pages in its
    folder, so it changes when they do: its lastmod is the latest of its own
    and theirs. The home page (`home`: "" or a language's "es/", the folder
    all of `sources` are in) is not treated as a section of the whole site.
    `real` gives a source file's real path, as `commits` names it.
    """
    own: dict[str, IndexedPage] = {}
    for source in sources:
        if source.kind not in KINDS:
            raise ValueError(f"{source.url}: kind: expected one of {KINDS}")
        dates = [*source.declared, *source_dates(source.files, commits, real)]
        own[source.url] = IndexedPage(source.url, source.kind, latest_day(dates, zone))
    latest = {url: page.lastmod for url, page in own.items()}
    for page in own.values():
        for folder in folders_of(page.url.removeprefix(home)):
            folder = home + folder
            if folder in latest and page.lastmod is not None:
                known = latest[folder]
                latest[folder] = max(known or page.lastmod, page.lastmod)
    return {
        url: IndexedPage(url, own[url].kind, latest[url])
        for url in sorted(own, key=lambda url: (url != home, url))
    }
