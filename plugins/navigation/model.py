"""Navigation and breadcrumb view models; no Pelican imports.

NAVIGATION in pelicanconf.py names pages by slug, so a menu entry can never
point to a page that does not exist: an unknown slug fails the build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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
        raise NavigationError(
            f"NAVIGATION: no page with slug {', '.join(map(repr, missing))}; "
            f"pages are: {', '.join(sorted(by_slug))}"
        )
    return tuple(by_slug[slug] for slug in slugs)


def _section_of(entries: Sequence[NavEntry], url: str) -> NavEntry | None:
    """The entry whose URL is the longest folder prefix of `url`."""
    containing = [
        entry
        for entry in entries
        if entry.url.endswith("/") and url.startswith(entry.url) and url != entry.url
    ]
    return max(containing, key=lambda entry: len(entry.url), default=None)


def build_navigation(entries: Sequence[NavEntry], url: str) -> tuple[NavItem, ...]:
    section = _section_of(entries, url)
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
    entries: Sequence[NavEntry],
    url: str,
    title: str,
    parent: NavEntry | None = None,
) -> tuple[Crumb, ...]:
    """Home, then the parent page or section, then the current page; none on home."""
    if url == "":
        return ()
    trail = [Crumb(home_label, "")]
    middle = parent or _section_of(entries, url)
    if middle is not None and middle.url != url:
        trail.append(Crumb(middle.label, middle.url))
    trail.append(Crumb(title, None))
    return tuple(trail)
