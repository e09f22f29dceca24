"""Navigation and breadcrumb view models; no Pelican imports.

NAVIGATION in pelicanconf.py names pages by slug, so a menu entry can never
point to a page that does not exist: an unknown slug fails the build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any, Protocol


class NavigationError(Exception):
    """The NAVIGATION setting or a page's Parent names a page that does not exist."""


class PageLike(Protocol):
    slug: str
    url: str
    title: str
    metadata: Mapping[str, Any]


@dataclass(frozen=True)
class NavEntry:
    label: str
    url: str


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    # aria-current: "page" on the page itself, "true" inside its section.
    current: str | None


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str | None  # None for the current page, which is not a link


def url_of_output(output_file: str) -> str:
    """The site-relative URL of an output file: `a/index.html` -> `a/`."""
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file.removesuffix("index.html")
    return output_file


def index_pages(pages: Iterable[PageLike]) -> dict[str, NavEntry]:
    return {
        page.slug: NavEntry(page.metadata.get("nav_title") or page.title, page.url)
        for page in pages
    }


def resolve_entries(
    slugs: Sequence[str], by_slug: Mapping[str, NavEntry]
) -> tuple[NavEntry, ...]:
    missing = [slug for slug in slugs if slug not in by_slug]
    if missing:
        # Suggest near misses rather than list every page: a site may have thousands.
        hints = sorted(
            {hint for slug in missing for hint in get_close_matches(slug, by_slug)}
        )
        suggestion = f"; did you mean {', '.join(map(repr, hints))}?" if hints else ""
        raise NavigationError(
            f"NAVIGATION: no page with slug {', '.join(map(repr, missing))}{suggestion}"
        )
    return tuple(by_slug[slug] for slug in slugs)


def _section_of(
    entries: Iterable[NavEntry], url: str, home_url: str = ""
) -> NavEntry | None:
    """The entry whose URL is the longest folder prefix of `url`.

    The home page (`home_url`, "es/" for Spanish) is never a section.
    """
    by_url = entries if isinstance(entries, Mapping) else _by_url(entries)
    # Walk up the URL's folders rather than scan every entry: a site of
    # thousands of pages asks this once per page.
    folders = url.rstrip("/").split("/")[:-1]
    while folders and "/".join(folders) + "/" != home_url:
        entry = by_url.get("/".join(folders) + "/")
        if entry is not None:
            return entry
        folders.pop()
    return None


def _by_url(entries: Iterable[NavEntry]) -> dict[str, NavEntry]:
    return {entry.url: entry for entry in entries}


def build_navigation(
    entries: Sequence[NavEntry], url: str, home_url: str = ""
) -> tuple[NavItem, ...]:
    section = _section_of(entries, url, home_url)
    return tuple(
        NavItem(
            entry.label,
            entry.url,
            "page" if entry.url == url else "true" if entry is section else None,
        )
        for entry in entries
    )


def build_breadcrumbs(
    home_label: str,
    entries: Sequence[NavEntry] | Mapping[str, NavEntry],
    url: str,
    title: str,
    parent: NavEntry | None = None,
    home_url: str = "",
) -> tuple[Crumb, ...]:
    """Home, then the parent page or section, then the current page; none on home.

    `entries` may be given already keyed by URL, as the plugin does, to avoid
    re-indexing every page for every breadcrumb trail.
    """
    if url == home_url:
        return ()
    trail = [Crumb(home_label, home_url)]
    middle = parent or _section_of(entries, url, home_url)
    if middle is not None and middle.url != url:
        trail.append(Crumb(middle.label, middle.url))
    trail.append(Crumb(title, None))
    return tuple(trail)
