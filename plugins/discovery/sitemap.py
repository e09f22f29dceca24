"""sitemap.xml (sitemaps.org protocol 0.9) from the site index.

One file lists every page in every language. With more than one language each
`<url>` also names the page in every language and x-default, as
`<xhtml:link rel="alternate" hreflang="..." href="...">` (Google's way to list
localized versions in a sitemap), the same alternates the page's own head
carries (discovery.alternates).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote, urlsplit

from languages.model import Language

from .alternates import alternates
from .index import IndexedPage

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
# Limits of the protocol: one file holds at most 50,000 URLs, each at most
# 2,048 characters, and at most 50 MB; past them search engines reject the
# whole file.
MAX_URLS = 50_000
MAX_LOC = 2048
MAX_BYTES = 52_428_800
# Characters allowed as they are in a URL (RFC 3986); anything else, such as
# a space or a non-ASCII letter, is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


class SitemapError(Exception):
    """The sitemap cannot be written; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def absolute_url(base: str, url: str) -> str:
    """`https://host` + `about/` -> `https://host/about/`, percent-encoded."""
    return quote(f"{base.rstrip('/')}/{url.lstrip('/')}", safe=_URL_SAFE)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    return _text(value).replace('"', "&quot;")


def check_base(base: str) -> list[str]:
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            "sitemap: the site's address must be absolute (http:// or https://); "
            f"found {base!r}. Set PUBLISHED_SITEURL in pelicanconf.py."
        ]
    return []


def build_sitemap(
    pages: Iterable[IndexedPage], base: str, languages: Sequence[Language] = ()
) -> str:
    """The sitemap's XML text; raise SitemapError rather than write a bad one.

    `pages` are those of every language; `languages` (the default first) gives
    each its alternates.
    """
    pages = list(pages)
    problems = check_base(base)
    if len(pages) > MAX_URLS:
        problems.append(
            f"sitemap: {len(pages)} pages, but one sitemap holds at most {MAX_URLS}; "
            "the site needs a sitemap index"
        )
    # Written as text: ElementTree took half the time of a build's sitemap
    # (tens of thousands of elements). The markup is what ElementTree wrote with
    # ElementTree.indent(space=""), byte for byte when this replaced it; the
    # tests check it against the protocol's schema and its escaping.
    names = f' xmlns="{NAMESPACE}"'
    if len(languages) > 1:
        names += f' xmlns:xhtml="{XHTML_NAMESPACE}"'
    lines = [f"<urlset{names}>"]
    for page in pages:
        loc = absolute_url(base, page.url)
        if len(loc) > MAX_LOC:
            problems.append(
                f"sitemap: {page.url or '/'}: the address is {len(loc)} characters "
                f"long; the limit is {MAX_LOC}"
            )
        lines += ("<url>", f"<loc>{_text(loc)}</loc>")
        if page.lastmod is not None:
            lines.append(f"<lastmod>{page.lastmod.isoformat()}</lastmod>")
        # After loc and lastmod: the schema allows other namespaces' elements
        # only at the end of a url.
        lines += (
            f'<xhtml:link rel="alternate" hreflang="{_attribute(alternate.hreflang)}"'
            f' href="{_attribute(absolute_url(base, alternate.url))}" />'
            for alternate in alternates(page.url, languages)
        )
        lines.append("</url>")
    if problems:
        raise SitemapError(problems)
    body = "\n".join([*lines, "</urlset>"]) if pages else f"<urlset{names} />"
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise SitemapError(
            [
                f"sitemap: {size} bytes, but one sitemap holds at most {MAX_BYTES}; "
                "the site needs a sitemap index"
            ]
        )
    return text
