"""discovery.sitemap: a valid sitemaps.org 0.9 file listing every indexed page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from lxml import etree

from discovery.index import IndexedPage
from discovery.sitemap import MAX_URLS, SitemapError, absolute_url, build_sitemap

SCHEMA = etree.XMLSchema(
    etree.parse(str(ROOT / "tests" / "fixtures" / "sitemap" / "sitemap.xsd"))
)
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "https://www.castla.org"


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


def test_addresses_are_percent_encoded_and_escaped() -> None:
    assert (
        absolute_url(BASE, "café menu/") == "https://www.castla.org/caf%C3%A9%20menu/"
    )
    text = build_sitemap([IndexedPage("a/?x=1&y=2", "page", None)], BASE)
    assert "<loc>https://www.castla.org/a/?x=1&amp;y=2</loc>" in text
    SCHEMA.assertValid(parse(text))


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


def test_the_built_sitemap_is_valid(sitemap: etree._Element) -> None:
    SCHEMA.assertValid(sitemap)


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
        assert f"{BASE}/{url}" in listed


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
    # The news page lists the articles, so it changed when the newest did.
    articles = [
        day for url, day in found.items() if url.startswith("news/") and url != "news/"
    ]
    assert found["news/"] >= max(articles)
