"""Absolute addresses in the news feed, whatever the build.

A feed is read away from the site, so RFC 4287 wants absolute IRIs for its ids
and links, and relative links in its entries resolve against the feed's own
address, not the article's. Pelican writes the news feed with SITEURL, which a
development build leaves empty, so its links and ids come out relative
(`news/slug/`, `tag:None,...`). The published build is already absolute; these
functions leave absolute addresses exactly as they are.

Each language's run writes its own news feed (`feeds/news.atom.xml`,
`es/feeds/news.atom.xml`): it says its language (xml:lang), has a title in it,
and links to and is identified by that language's home page, so that the two
feeds never share an id.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from feedgenerator import get_tag_uri

from languages.catalog import N_

NEWS_FEED_TITLE = N_("CAST news")

# Attributes that hold an address in the HTML that Markdown and Pelican write;
# both always quote attribute values with double quotes.
_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')


def is_absolute(url: str) -> bool:
    return bool(urlsplit(url).scheme)


def absolute_html(text: str, page_url: str) -> str:
    """Resolve every relative href and src in `text` against `page_url`."""

    def resolve(match: re.Match[str]) -> str:
        value = html.unescape(match.group(2))
        if is_absolute(value) or value.startswith("#"):
            return match.group(0)
        return f'{match.group(1)}="{html.escape(urljoin(page_url, value))}"'

    return _URL_ATTRIBUTE.sub(resolve, text)


def absolute_item(
    item: Mapping[str, Any], base: str, content_of: Callable[[str], str | None]
) -> dict[str, Any]:
    """A feed entry with an absolute link, id and content links.

    `content_of(link)` gives the entry's content rendered with absolute links
    to other pages, or None to keep the content the entry has.
    """
    link = str(item["link"])
    if is_absolute(link):
        return dict(item)
    page_url = urljoin(f"{base.rstrip('/')}/", link)
    when = item.get("pubdate") or item.get("updateddate")
    fixed = {**item, "link": page_url}
    # The same tag URI the published build gives the entry, so that a reader
    # never sees one article twice.
    fixed["unique_id"] = get_tag_uri(page_url, when)
    content = content_of(link)
    if content is None:
        content = item.get("content")
    for key, text in (("content", content), ("description", item.get("description"))):
        fixed[key] = absolute_html(text, page_url) if text else text
    return fixed


def absolute_feed_fields(feed: Mapping[str, Any], base: str) -> dict[str, Any]:
    """The feed's own link and id made absolute."""
    root = f"{base.rstrip('/')}/"
    fixed = dict(feed)
    for key in ("link", "id"):
        value = fixed.get(key)
        if isinstance(value, str) and not is_absolute(value):
            fixed[key] = urljoin(root, value)
    return fixed


def localize_feed(
    feed: Mapping[str, Any], base: str, code: str, prefix: str, title: Any
) -> dict[str, Any]:
    """The feed in language `code`, whose pages are under `prefix` ("" or "es/").

    Pelican links every language's feed to SITEURL and gives it no language;
    here it names its language, and its link and id are its language's home
    page (the default language's stay the site's address, as they were).
    """
    home = f"{base.rstrip('/')}/{prefix}"
    return {**feed, "language": code, "link": home, "id": home, "title": title}
