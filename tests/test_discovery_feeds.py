"""The Atom feeds validate (RFC 4287), with absolute addresses in every build."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from discovery.feeds import (
    absolute_feed_fields,
    absolute_html,
    absolute_item,
    localize_feed,
)

ATOM = {"a": "http://www.w3.org/2005/Atom"}
ENGLISH_FEEDS = ("feeds/news.atom.xml", "feeds/legislation.atom.xml")
# Each language's run writes its own feeds, under its folder.
SPANISH_FEEDS = tuple(f"es/{feed}" for feed in ENGLISH_FEEDS)
FEEDS = (*ENGLISH_FEEDS, *SPANISH_FEEDS)
BASE = "https://www.castla.org"
# RFC 3339 section 5.6: date-time with a time zone.
RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)
_HTML_URL = re.compile(r'\b(?:href|src)="([^"]*)"')


def test_relative_links_in_html_resolve_against_the_page() -> None:
    html = (
        '<a href="../../legislation/sb-1/">SB 1</a> <a href="#top">top</a> '
        '<img src="pic.png" alt=""> <a href="https://other.example/?a=1&amp;b=2">x</a>'
    )
    assert absolute_html(html, f"{BASE}/news/a/") == (
        f'<a href="{BASE}/legislation/sb-1/">SB 1</a> <a href="#top">top</a> '
        f'<img src="{BASE}/news/a/pic.png" alt=""> '
        '<a href="https://other.example/?a=1&amp;b=2">x</a>'
    )


def test_a_relative_entry_becomes_absolute() -> None:
    when = datetime(2025, 9, 22, tzinfo=UTC)
    item = {
        "link": "news/a/",
        "unique_id": "tag:None,2025-09-22:news/a/",
        "pubdate": when,
        "content": '<a href="get-help/">old</a>',
        "description": '<a href="../../about/">About</a>',
    }
    fixed = absolute_item(item, BASE, lambda link: f'<a href="{BASE}/get-help/">x</a>')
    assert fixed["link"] == f"{BASE}/news/a/"
    assert fixed["unique_id"] == "tag:www.castla.org,2025-09-22:/news/a/"
    assert fixed["content"] == f'<a href="{BASE}/get-help/">x</a>'
    assert fixed["description"] == f'<a href="{BASE}/about/">About</a>'
    # Content that cannot be rendered again keeps what it has, made absolute.
    kept = absolute_item(item, BASE, lambda link: None)
    assert kept["content"] == f'<a href="{BASE}/news/a/get-help/">old</a>'


def test_an_absolute_entry_is_left_as_it_is() -> None:
    item = {
        "link": f"{BASE}/news/a/",
        "unique_id": "tag:x,2025-01-01:/a/",
        "content": "",
    }
    assert absolute_item(item, BASE, lambda link: "never used") == item


def test_the_feed_link_and_id_become_absolute() -> None:
    fixed = absolute_feed_fields({"link": "/", "id": "/", "title": "T"}, BASE)
    assert fixed == {"link": f"{BASE}/", "id": f"{BASE}/", "title": "T"}
    same = {"link": f"{BASE}/", "id": "tag:www.castla.org,2025:/"}
    assert absolute_feed_fields(same, BASE) == same


def test_a_feed_says_its_language_and_links_to_its_home_page() -> None:
    feed = {"title": "CAST", "link": "/", "id": "/", "language": None}
    spanish = localize_feed(feed, BASE, "es", "es/", "Noticias de CAST")
    assert spanish == {
        "title": "Noticias de CAST",
        "link": f"{BASE}/es/",
        "id": f"{BASE}/es/",
        "language": "es",
    }
    # The default language's feed keeps the id it always had.
    assert localize_feed(feed, BASE, "en", "", "CAST news")["id"] == f"{BASE}/"


# --- The feeds the builds publish ------------------------------------------


@pytest.fixture(params=["development", "production"])
def site(request: pytest.FixtureRequest) -> Path:
    name = "built_site" if request.param == "development" else "published_site"
    return request.getfixturevalue(name)


def is_iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme)) and not any(
        char.isspace() for char in value
    )


def atom_problems(path: Path) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that is missing or wrong."""
    feed = etree.parse(str(path)).getroot()
    problems: list[str] = []

    def check(element: etree._Element, where: str) -> None:
        for name in ("id", "title", "updated"):
            if len(element.findall(f"a:{name}", ATOM)) != 1:
                problems.append(f"{where}: needs exactly one atom:{name}")
        for node in element.findall("a:id", ATOM):
            if not is_iri(node.text or "") or "tag:None" in (node.text or ""):
                problems.append(f"{where}: id {node.text!r} is not an absolute IRI")
        for name in ("updated", "published"):
            for node in element.findall(f"a:{name}", ATOM):
                text = node.text or ""
                if not RFC3339.match(text):
                    problems.append(f"{where}: {name} {text!r} is not RFC 3339")
                else:
                    datetime.fromisoformat(text.replace("Z", "+00:00"))
        for link in element.findall("a:link", ATOM):
            if not is_iri(link.get("href", "")):
                problems.append(f"{where}: link {link.get('href')!r} is not absolute")

    if feed.tag != "{http://www.w3.org/2005/Atom}feed":
        return [f"root element is {feed.tag}, not atom:feed"]
    check(feed, "feed")
    if not feed.xpath("a:link[@rel='self']", namespaces=ATOM):
        problems.append("feed: needs a link rel=self")
    entries = feed.findall("a:entry", ATOM)
    if not feed.findall("a:author", ATOM) and not all(
        e.findall("a:author", ATOM) for e in entries
    ):
        problems.append("feed: needs an author, or one in every entry")
    ids = [e.findtext("a:id", namespaces=ATOM) for e in entries]
    if len(ids) != len(set(ids)):
        problems.append("entries: ids are not unique")
    for index, entry in enumerate(entries):
        where = f"entry {index + 1}"
        check(entry, where)
        if not entry.xpath("a:link[not(@rel) or @rel='alternate']", namespaces=ATOM):
            problems.append(f"{where}: needs a link rel=alternate")
        body = entry.findall("a:summary", ATOM) + entry.findall("a:content", ATOM)
        if not body:
            problems.append(f"{where}: needs a summary or content")
        for node in body:
            for url in _HTML_URL.findall(node.text or ""):
                if not is_iri(url) and not url.startswith("#"):
                    problems.append(f"{where}: relative link {url!r} in its text")
    return problems


@pytest.mark.parametrize("feed", FEEDS)
def test_the_feed_parses_without_errors(site: Path, feed: str) -> None:
    parsed = feedparser.parse(str(site / feed))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries


@pytest.mark.parametrize("feed", FEEDS)
def test_the_feed_meets_rfc_4287(site: Path, feed: str) -> None:
    assert atom_problems(site / feed) == []


def test_the_checks_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.atom.xml"
    bad.write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>/</id>'
        "<updated>2025-01-01</updated><entry><title>E</title>"
        "<id>tag:None,2025-01-01:news/a/</id><updated>2025-01-01T00:00:00Z</updated>"
        '<link href="news/a/"/><content type="html">&lt;a href="x/"&gt;</content>'
        "</entry></feed>",
        encoding="utf-8",
    )
    assert atom_problems(bad) == [
        "feed: id '/' is not an absolute IRI",
        "feed: updated '2025-01-01' is not RFC 3339",
        "feed: needs a link rel=self",
        "feed: needs an author, or one in every entry",
        "entry 1: id 'tag:None,2025-01-01:news/a/' is not an absolute IRI",
        "entry 1: link 'news/a/' is not absolute",
        "entry 1: relative link 'x/' in its text",
    ]


def test_development_and_production_feeds_are_the_same(
    built_site: Path, published_site: Path
) -> None:
    for feed in FEEDS:
        assert (built_site / feed).read_bytes() == (published_site / feed).read_bytes()


@pytest.mark.parametrize("feed", ENGLISH_FEEDS)
def test_each_language_has_its_own_feed_in_its_language(site: Path, feed: str) -> None:
    english = etree.parse(str(site / feed)).getroot()
    spanish = etree.parse(str(site / "es" / feed)).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert (english.get(lang), spanish.get(lang)) == ("en", "es")
    # Feed readers tell feeds apart by id: the two must never share one.
    english_id = english.findtext("a:id", namespaces=ATOM)
    spanish_id = spanish.findtext("a:id", namespaces=ATOM)
    assert english_id != spanish_id
    # A Spanish title, and Spanish entries that link to the Spanish pages.
    assert spanish.findtext("a:title", namespaces=ATOM) != english.findtext(
        "a:title", namespaces=ATOM
    )
    links = spanish.xpath("a:entry/a:link[@rel='alternate']/@href", namespaces=ATOM)
    assert links
    assert all(link.startswith(f"{BASE}/es/") for link in links)
    spanish_titles = spanish.xpath("a:entry/a:title/text()", namespaces=ATOM)
    english_titles = english.xpath("a:entry/a:title/text()", namespaces=ATOM)
    # The same entries, in Spanish (an untranslated one would fall back).
    assert len(spanish_titles) == len(english_titles)
    assert spanish_titles != english_titles


def test_the_spanish_news_feed_has_its_spanish_title(built_site: Path) -> None:
    parsed = feedparser.parse(str(built_site / "es" / "feeds" / "news.atom.xml"))
    assert parsed.feed.title == "Noticias de CAST"
    assert parsed.feed.link == f"{BASE}/es/"
    english = feedparser.parse(str(built_site / "feeds" / "news.atom.xml"))
    assert english.feed.title == "CAST news"


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("news/index.html", "feeds/news.atom.xml"),
        ("legislation/index.html", "feeds/legislation.atom.xml"),
        ("es/news/index.html", "es/feeds/news.atom.xml"),
        ("es/legislation/index.html", "es/feeds/legislation.atom.xml"),
    ],
)
def test_each_languages_pages_link_their_own_feed(
    built_site: Path, page: str, feed: str
) -> None:
    soup = BeautifulSoup((built_site / page).read_bytes(), "html.parser")
    linked = [
        link["href"]
        for link in soup.head.find_all("link", rel="alternate")
        if link.get("type") == "application/atom+xml"
    ]
    assert len(linked) == 1
    target = (built_site / page).parent / linked[0]
    assert target.resolve() == (built_site / feed).resolve()
