"""discovery.alternates: every page names itself and its counterparts, both ways."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS

from cms.layout import public_pages
from discovery.alternates import X_DEFAULT, Alternate, alternates
from discovery.index import IndexedPage
from discovery.meta import build_page_meta
from languages.model import parse_languages
from sitebuild.build import load_settings

BASE = "https://www.castla.org"
LANGUAGES = parse_languages(load_settings(DEV_SETTINGS))
THREE = parse_languages({"LANGUAGES": ("en", "es", "fr")})


def test_a_page_names_itself_its_counterparts_and_x_default() -> None:
    expected = (
        Alternate("en", "about/"),
        Alternate("es", "es/about/"),
        Alternate(X_DEFAULT, "about/"),
    )
    assert alternates("about/", LANGUAGES) == expected
    # The same list from either side: the links are reciprocal by construction.
    assert alternates("es/about/", LANGUAGES) == expected
    assert alternates("", LANGUAGES) == (
        Alternate("en", ""),
        Alternate("es", "es/"),
        Alternate(X_DEFAULT, ""),
    )


def test_a_third_language_is_one_more_alternate() -> None:
    assert [a.hreflang for a in alternates("fr/news/", THREE)] == [
        "en",
        "es",
        "fr",
        X_DEFAULT,
    ]
    assert alternates("fr/news/", THREE)[-1] == Alternate(X_DEFAULT, "news/")


def test_a_site_in_one_language_has_no_alternates() -> None:
    assert alternates("about/", parse_languages({"LANGUAGES": ("en",)})) == ()


def test_a_slug_that_starts_like_a_language_is_not_in_it() -> None:
    # "essays/" is an English page, not "says/" in Spanish.
    assert alternates("essays/", LANGUAGES)[1] == Alternate("es", "es/essays/")


def test_page_meta_carries_absolute_alternates_and_locales() -> None:
    meta = build_page_meta(
        IndexedPage("es/about/", "page", None),
        "es/about/",
        "Acerca de CAST",
        "",
        base=BASE,
        site_name="CAST",
        locale="es_US",
        languages=LANGUAGES,
    )
    assert meta.canonical == f"{BASE}/es/about/"
    assert [(a.hreflang, a.url) for a in meta.alternates] == [
        ("en", f"{BASE}/about/"),
        ("es", f"{BASE}/es/about/"),
        ("x-default", f"{BASE}/about/"),
    ]
    assert (meta.locale, meta.locale_alternates) == ("es_US", ("en_US",))


def test_a_page_that_is_not_indexed_names_no_alternates() -> None:
    meta = build_page_meta(
        None,
        "es/404.html",
        "No encontrada",
        "",
        base=BASE,
        site_name="CAST",
        locale="es_US",
        languages=LANGUAGES,
    )
    assert (meta.alternates, meta.locale_alternates) == ((), ())


# --- The project's own site ------------------------------------------------


def site_url(root: Path, page: Path) -> str:
    return page.relative_to(root).as_posix().removesuffix("index.html")


def counterpart_files(root: Path, page: Path) -> dict[str, Path]:
    """The same page in every language, by the rule plugins/languages follows."""
    name = page.relative_to(root).as_posix()
    bare = name.removeprefix("es/")
    return {"en": root / bare, "es": root / "es" / bare}


@functools.cache
def parsed(page: Path) -> BeautifulSoup:
    """A built page, parsed once: the tests here only read the built site, and
    each page is looked at from every page that names it."""
    return BeautifulSoup(page.read_bytes(), "html.parser")


@pytest.fixture(scope="module", autouse=True)
def _forget_parsed_pages() -> Iterator[None]:
    yield
    parsed.cache_clear()


def hreflang_links(page: Path) -> dict[str, str]:
    head = parsed(page).head
    found: dict[str, str] = {}
    for link in head.find_all("link", rel="alternate", hreflang=True):
        assert link["hreflang"] not in found, f"{page}: {link['hreflang']} twice"
        found[link["hreflang"]] = link["href"]
    return found


def is_indexed(page: Path) -> bool:
    return parsed(page).head.find("link", rel="canonical") is not None


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[Path]:
    found = public_pages(built_site)
    assert any(p.relative_to(built_site).parts[0] == "es" for p in found)
    return found


def test_every_page_has_its_counterpart_in_every_language(
    built_site: Path, pages: list[Path]
) -> None:
    missing = [
        f"{page.relative_to(built_site)} -> {other.relative_to(built_site)}"
        for page in pages
        for other in counterpart_files(built_site, page).values()
        if not other.is_file()
    ]
    assert missing == []
    english = [p for p in pages if p.relative_to(built_site).parts[0] != "es"]
    assert len(pages) == 2 * len(english)


def test_hreflang_is_reciprocal_includes_itself_and_x_default(
    built_site: Path, pages: list[Path]
) -> None:
    problems = []
    checked = 0
    for page in pages:
        if not is_indexed(page):
            # The 404 pages ask not to be indexed: no alternates to follow.
            if hreflang_links(page):
                problems.append(f"{page.relative_to(built_site)}: hreflang on noindex")
            continue
        checked += 1
        mine = hreflang_links(page)
        files = counterpart_files(built_site, page)
        expected = {
            code: f"{BASE}/{site_url(built_site, other)}"
            for code, other in files.items()
        }
        expected[X_DEFAULT] = expected["en"]
        if mine != expected:
            problems.append(f"{page.relative_to(built_site)}: {mine}")
        # Itself, exactly as its canonical says.
        canonical = parsed(page).head.find("link", rel="canonical")["href"]
        if canonical not in mine.values() or canonical != (
            f"{BASE}/{site_url(built_site, page)}"
        ):
            problems.append(f"{page.relative_to(built_site)}: canonical {canonical}")
        # And back: each counterpart names exactly the same set.
        for other in files.values():
            if not is_indexed(other) or hreflang_links(other) != mine:
                problems.append(
                    f"{page.relative_to(built_site)}: not reciprocal with "
                    f"{other.relative_to(built_site)}"
                )
    assert problems == []
    assert checked > 100


def test_og_locale_is_the_pages_language_and_the_others_are_alternates(
    built_site: Path, pages: list[Path]
) -> None:
    problems = []
    for page in pages:
        if not is_indexed(page):
            continue
        head = parsed(page).head
        spanish = page.relative_to(built_site).parts[0] == "es"
        found = (
            head.find("meta", property="og:locale")["content"],
            [
                m["content"]
                for m in head.find_all("meta", property="og:locale:alternate")
            ],
            parsed(page).html["lang"],
        )
        wanted = ("es_US", ["en_US"], "es") if spanish else ("en_US", ["es_US"], "en")
        if found != wanted:
            problems.append((page.relative_to(built_site).as_posix(), found))
    assert problems == []
