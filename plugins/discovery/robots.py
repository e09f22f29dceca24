"""robots.txt: every crawler may read every page, and here is the sitemap."""

from __future__ import annotations

from urllib.parse import urlsplit


def build_robots(sitemap_url: str) -> str:
    """The text of robots.txt; ValueError if `sitemap_url` is not absolute.

    Nothing is disallowed: a page that must stay out of search results says so
    itself (meta robots noindex), which a crawler can only see if it may fetch
    the page.
    """
    parts = urlsplit(sitemap_url)
    # A line break in the address would add a rule of its own to the file.
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or (any(char.isspace() for char in sitemap_url))
    ):
        raise ValueError(
            f"robots.txt: the sitemap address must be an absolute http(s) URL "
            f"without spaces; found {sitemap_url!r}"
        )
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
