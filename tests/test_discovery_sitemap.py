"""discovery.sitemap: a valid sitemaps.org 0.9 file listing every indexed page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT
from lxml import etree

from discovery.index import IndexedPage
from discovery.sitemap import MAX_URLS, SitemapError, absolute_url, build_sitemap
from languages.model import parse_languages
from sitebuild.build import language_runs, run_pelican

FIXTURES = ROOT / "tests" / "fixtures" / "sitemap"
SCHEMA = etree.XMLSchema(etree.parse(str(FIXTURES / "sitemap.xsd")))
# sitemap.xsd checks other namespaces' elements strictly: with alternates, a
# sitemap validates only against both schemas together.
WITH_ALTERNATES = etree.XMLSchema(
    etree.parse(str(FIXTURES / "sitemap-with-alternates.xsd"))
)
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
BASE = "https://www.castla.org"
LANGUAGES = parse_languages({"LANGUAGES": ("en", "es")})


def parse(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def test_entries_validate_against_the_schema() -> None:
    text = build_sitemap(
        [
            IndexedPage("", "page", date(2025, 1, 2)),
            IndexedPage("about/", "page", None),
        ],
        BASE,
    )
    root = parse(text)
    SCHEMA.assertValid(root)
    assert root.xpath("//s:loc/text()", namespaces=NS) == [
        "https://www.castla.org/",
        "https://www.castla.org/about/",
    ]
    # A page with no known date has no lastmod rather than a made-up one.
    assert root.xpath("//s:lastmod/text()", namespaces=NS) == ["2025-01-02"]


def test_the_schema_rejects_what_the_protocol_forbids() -> None:
    # The fixture must be able to fail: a relative loc is under 12 characters.
    bad = (
        f'<urlset xmlns="{NS["s"]}"><url><loc>/about/</loc>'
        "<lastmod>yesterday</lastmod></url></urlset>"
    )
    assert not SCHEMA.validate(parse(bad))


def alternates_of(entry: etree._Element) -> dict[str, str]:
    return {
        link.get("hreflang"): link.get("href")
        for link in entry.xpath("xhtml:link[@rel='alternate']", namespaces=NS)
    }


def test_each_page_names_itself_and_its_counterparts() -> None:
    text = build_sitemap(
        [
            IndexedPage("", "page", date(2025, 1, 2)),
            IndexedPage("about/", "page", None),
            IndexedPage("es/", "page", date(2025, 1, 3)),
            IndexedPage("es/about/", "page", None),
        ],
        BASE,
        LANGUAGES,
    )
    root = parse(text)
    WITH_ALTERNATES.assertValid(root)
    entries = {
        entry.findtext("s:loc", namespaces=NS): alternates_of(entry)
        for entry in root.xpath("//s:url", namespaces=NS)
    }
    about = {
        "en": f"{BASE}/about/",
        "es": f"{BASE}/es/about/",
        "x-default": f"{BASE}/about/",
    }
    assert entries[f"{BASE}/about/"] == entries[f"{BASE}/es/about/"] == about
    assert entries[f"{BASE}/es/"] == {
        "en": f"{BASE}/",
        "es": f"{BASE}/es/",
        "x-default": f"{BASE}/",
    }
    # The alternates follow loc and lastmod, where the schema allows them.
    first = root.xpath("//s:url", namespaces=NS)[0]
    assert [etree.QName(child).localname for child in first] == [
        "loc",
        "lastmod",
        "link",
        "link",
        "link",
    ]


def test_a_site_in_one_language_lists_no_alternates() -> None:
    text = build_sitemap([IndexedPage("", "page", None)], BASE, LANGUAGES[:1])
    assert "xhtml" not in text
    SCHEMA.assertValid(parse(text))


@pytest.mark.parametrize(
    "link",
    [
        '<xhtml:link rel="alternate" hreflang="es"/>',  # no href
        '<xhtml:link rel="alternate" hreflang="es" href="/es/"/>',  # relative
        '<xhtml:link rel="alternate" hreflang="spanish!" href="https://x.example/"/>',
        '<xhtml:link rel="next" hreflang="es" href="https://www.castla.org/es/"/>',
        '<xhtml:a href="https://www.castla.org/es/"/>',  # not a link
    ],
)
def test_the_alternates_schema_rejects_a_bad_link(link: str) -> None:
    bad = (
        f'<urlset xmlns="{NS["s"]}" xmlns:xhtml="{NS["xhtml"]}"><url>'
        f"<loc>https://www.castla.org/</loc>{link}</url></urlset>"
    )
    assert not WITH_ALTERNATES.validate(parse(bad))
    # Without the xhtml schema, no sitemap with alternates validates at all.
    good = bad.replace(
        link,
        '<xhtml:link rel="alternate" hreflang="es" href="https://www.castla.org/es/"/>',
    )
    assert WITH_ALTERNATES.validate(parse(good))
    assert not SCHEMA.validate(parse(good))


def test_addresses_are_percent_encoded_and_escaped() -> None:
    assert (
        absolute_url(BASE, "café menu/") == "https://www.castla.org/caf%C3%A9%20menu/"
    )
    text = build_sitemap([IndexedPage("a/?x=1&y=2", "page", None)], BASE)
    assert "<loc>https://www.castla.org/a/?x=1&amp;y=2</loc>" in text
    SCHEMA.assertValid(parse(text))
    # In the alternates' attributes too, and they read back as they were.
    text = build_sitemap([IndexedPage("a/?x='1'&y=2", "page", None)], BASE, LANGUAGES)
    WITH_ALTERNATES.assertValid(parse(text))
    hrefs = [link.get("href") for link in parse(text).findall(".//xhtml:link", NS)]
    assert hrefs == [
        "https://www.castla.org/a/?x='1'&y=2",
        "https://www.castla.org/es/a/?x='1'&y=2",
        "https://www.castla.org/a/?x='1'&y=2",
    ]


def test_a_relative_site_address_is_refused() -> None:
    with pytest.raises(SitemapError, match="PUBLISHED_SITEURL"):
        build_sitemap([IndexedPage("", "page", None)], "")


def test_an_address_over_2048_characters_is_refused() -> None:
    long = "a" * 2100 + "/"
    with pytest.raises(SitemapError, match=r"aaa/: the address is 2124 characters"):
        build_sitemap([IndexedPage(long, "page", None)], BASE)


def test_more_pages_than_one_sitemap_holds_is_refused() -> None:
    pages = [IndexedPage(f"p{i}/", "page", None) for i in range(MAX_URLS + 1)]
    with pytest.raises(SitemapError, match="sitemap index"):
        build_sitemap(pages, BASE)


# --- The project's own site ------------------------------------------------


def url_of(root: Path, page: Path) -> str:
    name = page.relative_to(root).as_posix()
    return f"{BASE}/{name.removesuffix('index.html')}"


def is_noindex(page: Path) -> bool:
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    robots = soup.find("meta", attrs={"name": "robots"})
    return robots is not None and "noindex" in robots.get("content", "")


@pytest.fixture(scope="module")
def sitemap(built_site: Path) -> etree._Element:
    return etree.parse(str(built_site / "sitemap.xml")).getroot()


def test_the_built_sitemap_is_valid_with_its_alternates(
    sitemap: etree._Element,
) -> None:
    WITH_ALTERNATES.assertValid(sitemap)
    assert sitemap.xpath("//xhtml:link", namespaces=NS)


def test_every_entry_names_every_language_and_x_default(
    sitemap: etree._Element,
) -> None:
    entries = {
        entry.findtext("s:loc", namespaces=NS): alternates_of(entry)
        for entry in sitemap.xpath("//s:url", namespaces=NS)
    }
    problems = []
    for loc, links in entries.items():
        path = loc.removeprefix(f"{BASE}/")
        bare = path.removeprefix("es/")
        expected = {
            "en": f"{BASE}/{bare}",
            "es": f"{BASE}/es/{bare}",
            "x-default": f"{BASE}/{bare}",
        }
        if links != expected:
            problems.append((loc, links))
        # Every alternate is itself listed, with the same alternates.
        for href in links.values():
            if entries.get(href) != links:
                problems.append((loc, "not reciprocal with", href))
    assert problems == []


def test_the_sitemap_is_written_once_by_the_default_language(
    built_site: Path, sitemap: etree._Element
) -> None:
    # The Spanish run writes after the English one: had it written the
    # sitemap, the English home page would not come first (or be there).
    first = sitemap.xpath("//s:url/s:loc/text()", namespaces=NS)[0]
    assert first == f"{BASE}/"
    assert not (built_site / "es" / "sitemap.xml").exists()
    assert not (built_site / "es" / "robots.txt").exists()


def test_the_sitemap_lists_every_page_that_may_be_indexed(
    built_site: Path, sitemap: etree._Element
) -> None:
    listed = sitemap.xpath("//s:loc/text()", namespaces=NS)
    assert len(listed) == len(set(listed))
    pages = sorted(built_site.rglob("*.html"))
    expected = {url_of(built_site, p) for p in pages if not is_noindex(p)}
    assert set(listed) == expected
    assert f"{BASE}/404.html" not in listed
    # Every kind of page is there: pages, articles, partners, bills, filters.
    for url in (
        "",
        "news/ab-1761-signed/",
        "partners/fbi/",
        "legislation/sb-1569/",
        "partners/category/law-enforcement/",
        "site-map/",
    ):
        # Both languages: the Spanish pages are at the same paths under es/.
        assert f"{BASE}/{url}" in listed
        assert f"{BASE}/es/{url}" in listed
    assert f"{BASE}/es/404.html" not in listed


def lastmods(sitemap: etree._Element) -> dict[str, date]:
    found = {}
    for entry in sitemap.xpath("//s:url", namespaces=NS):
        stamp = entry.xpath("s:lastmod/text()", namespaces=NS)
        if stamp:
            loc = entry.xpath("s:loc/text()", namespaces=NS)[0]
            found[loc.removeprefix(f"{BASE}/")] = date.fromisoformat(stamp[0])
    return found


def test_lastmod_is_never_in_the_future_and_never_before_a_stated_date(
    sitemap: etree._Element,
) -> None:
    found = lastmods(sitemap)
    assert all(day <= date.today() for day in found.values())
    # Articles always state their date, so they always have a lastmod.
    assert found["news/ab-1761-signed/"] >= date(2016, 9, 26)
    assert found["news/national-hotline-new-operator/"] >= date(2025, 9, 22)
    # The news page lists the articles, so it changed when the newest did; the
    # same in Spanish, from the Spanish articles.
    for prefix in ("", "es/"):
        news = f"{prefix}news/"
        articles = [
            day for url, day in found.items() if url.startswith(news) and url != news
        ]
        assert found[news] >= max(articles)
    assert found["es/news/ab-1761-signed/"] >= date(2016, 9, 26)


# --- Files the site has once ---------------------------------------------------

# Files at the site's root that every language shares. Each is written by the
# default language's run only: the other runs write into the same folder after
# it, and would replace them (plugins/languages).
ROOT_FILES = (
    "sitemap.xml",
    "robots.txt",
    "_headers",
    "favicon.ico",
    "apple-touch-icon.png",
    "icon-192.png",
    "icon-512.png",
    "site.webmanifest",
)


def test_the_site_has_each_root_file_once(built_site: Path) -> None:
    for name in ROOT_FILES:
        assert (built_site / name).is_file(), name
        assert not (built_site / "es" / name).exists(), name


def test_only_the_default_languages_run_writes_the_root_files(
    tmp_path: Path,
) -> None:
    overrides = {"CACHE_PATH": str(tmp_path / "cache")}
    runs = language_runs(DEV_SETTINGS, overrides)
    assert [run["DEFAULT_LANG"] for run in runs] == ["en", "es"]
    spanish = tmp_path / "spanish"
    run_pelican({**runs[1], "OUTPUT_PATH": str(spanish)})
    assert (spanish / "es" / "index.html").is_file()
    assert (spanish / "social" / "es" / "index.png").is_file()
    assert [name for name in ROOT_FILES if (spanish / name).exists()] == []
    # Nothing of its own outside its folder but its social cards.
    assert sorted(p.name for p in spanish.iterdir()) == ["es", "social"]
    assert [p.name for p in (spanish / "social").iterdir()] == ["es"]

    english = tmp_path / "english"
    run_pelican({**runs[0], "OUTPUT_PATH": str(english)})
    assert [name for name in ROOT_FILES if not (english / name).is_file()] == []
    assert not (english / "es").exists()
