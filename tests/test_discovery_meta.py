"""discovery.meta: canonical address and social tags on every page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cms.layout import public_pages
from discovery.index import IndexedPage
from discovery.meta import build_page_meta, description_of, og_locale

BASE = "https://www.castla.org"
OPTIONS = {"base": BASE, "site_name": "Example Site Name", "locale": "en_US"}


def test_description_is_read_from_the_rendered_tag() -> None:
    html = '<meta name="description" content="Help &amp; support,\n  24 hours.">'
    assert description_of(html) == "Help & support, 24 hours."
    assert description_of("") == ""
    assert description_of('<meta name="keywords" content="x">') == ""


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [("en", "US", "en_US"), ("es", "us", "es_US"), ("en-GB", "US", "en_GB")],
)
def test_og_locale(language: str, country: str, expected: str) -> None:
    assert og_locale(language, country) == expected


def test_an_indexed_article() -> None:
    page = IndexedPage("news/a/", "article", date(2025, 1, 1))
    meta = build_page_meta(
        page,
        "news/a/",
        "  A  title ",
        '<meta name="description" content="D">',
        **OPTIONS,
    )
    assert meta.indexed
    assert meta.canonical == "https://www.castla.org/news/a/"
    assert (meta.title, meta.description, meta.type) == ("A title", "D", "article")
    assert meta.image == ""


def test_a_page_outside_the_index_is_not_indexed() -> None:
    meta = build_page_meta(None, "404.html", "Page not found", "", **OPTIONS)
    assert not meta.indexed
    assert meta.type == "website"


# --- The project's own site ------------------------------------------------


def head_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_bytes(), "html.parser").head


def prop(head: BeautifulSoup, name: str) -> str | None:
    tag = head.find("meta", attrs={"property": name})
    return tag["content"] if tag else None


def test_every_indexed_page_has_canonical_and_social_tags(built_site: Path) -> None:
    problems = []
    for page in public_pages(built_site):
        name = page.relative_to(built_site).as_posix()
        head = head_of(page)
        if name in ("404.html", "es/404.html"):
            continue
        url = f"{BASE}/{name.removesuffix('index.html')}"
        canonical = head.find("link", rel="canonical")
        description = head.find("meta", attrs={"name": "description"})["content"]
        found = {
            "canonical": canonical["href"] if canonical else None,
            "og:url": prop(head, "og:url"),
            "og:description": prop(head, "og:description"),
            "og:site_name": prop(head, "og:site_name"),
            "og:locale": prop(head, "og:locale"),
        }
        # Each language's page is its own canonical page, in its own locale.
        spanish = name.startswith("es/")
        wanted = {
            "canonical": url,
            "og:url": url,
            "og:description": description,
            "og:site_name": "Coalition to Abolish Slavery and Trafficking",
            "og:locale": "es_US" if spanish else "en_US",
        }
        if found != wanted or not prop(head, "og:title"):
            problems.append((name, found))
        # Every indexed page shares its social card (tests/test_socialcards_build.py
        # checks the files), so X shows it large.
        twitter = head.find("meta", attrs={"name": "twitter:card"})
        if twitter is None or twitter["content"] != "summary_large_image":
            problems.append((name, "twitter:card"))
        if not (prop(head, "og:image") or "").startswith(f"{BASE}/social/"):
            problems.append((name, "og:image"))
    assert problems == []


def test_titles_are_plain_text(built_site: Path) -> None:
    head = head_of(
        built_site
        / "partners"
        / "us-attorneys-office-central-district-of-california"
        / "index.html"
    )
    assert (
        prop(head, "og:title")
        == "U.S. Attorney's Office, Central District of California"
    )


def test_articles_are_articles_and_pages_are_websites(built_site: Path) -> None:
    article = head_of(built_site / "news" / "ab-1761-signed" / "index.html")
    assert prop(article, "og:type") == "article"
    assert prop(head_of(built_site / "about" / "index.html"), "og:type") == "website"


@pytest.mark.parametrize("name", ["404.html", "es/404.html"])
def test_the_404_page_asks_not_to_be_indexed(built_site: Path, name: str) -> None:
    head = head_of(built_site / name)
    assert head.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert head.find("link", rel="canonical") is None


def test_a_spanish_page_has_its_spanish_title_and_description(
    built_site: Path,
) -> None:
    head = head_of(built_site / "es" / "about" / "index.html")
    assert prop(head, "og:title") == "Acerca de CAST"
    assert (prop(head, "og:description") or "").startswith("CAST es una")
    assert prop(head, "og:url") == f"{BASE}/es/about/"
