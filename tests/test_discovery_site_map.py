"""discovery.site_map: the site map page lists every page, grouped by section."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from lxml import etree

from discovery.site_map import (
    BILLS_HEADING,
    NEWS_HEADING,
    OTHER_HEADING,
    PARTNERS_HEADING,
    Link,
    LinkGroup,
    PageEntry,
    build_site_map,
    sort_key,
)
from languages.catalog import translator
from sitebuild.links import resolve_target

BASE = "https://www.castla.org"


def entry(slug: str, parent: str | None = None, title: str = "") -> PageEntry:
    url = "" if slug == "home" else f"{slug}/"
    label = title or slug.replace("-", " ").capitalize()
    return PageEntry(slug, url, label, label, parent)


PAGES = [
    entry("home"),
    entry("help"),
    entry("work"),
    entry("history", parent="work"),
    entry("policy", parent="work"),  # a menu page with a parent stays a section
    entry("tracker", parent="policy"),
    entry("deep", parent="tracker"),  # any depth joins its section
    entry("about"),
    entry("privacy"),
    entry("zebra"),
]


def test_sections_follow_the_menu_and_hold_their_pages() -> None:
    site_map = build_site_map(
        PAGES, navigation=("help", "work", "policy"), footer=("privacy", "about")
    )
    outline = [
        (s.heading, s.url, [link.url for link in s.pages]) for s in site_map.sections
    ]
    assert outline == [
        ("Home", "", []),
        ("Help", "help/", []),
        ("Work", "work/", ["history/"]),
        ("Policy", "policy/", ["deep/", "tracker/"]),
        # Footer pages in footer order, then the rest by title.
        (OTHER_HEADING, None, ["privacy/", "about/", "zebra/"]),
    ]


def test_every_page_appears_once() -> None:
    site_map = build_site_map(PAGES, navigation=("work", "policy"), footer=())
    urls = [s.url for s in site_map.sections if s.url is not None]
    urls += [link.url for s in site_map.sections for link in s.pages]
    assert sorted(urls) == sorted(page.url for page in PAGES)


def test_lists_join_the_section_of_the_page_whose_folder_they_are_in() -> None:
    bills = LinkGroup("Bills", (Link("SB 1", "tracker/sb-1/"),))
    filters = LinkGroup("By type", (Link("Health", "help/category/health/"),))
    stray = LinkGroup("Elsewhere", (Link("Thing", "things/thing/"),))
    empty = LinkGroup("Nothing", ())
    site_map = build_site_map(
        PAGES,
        navigation=("help", "work", "policy"),
        footer=(),
        groups=(bills, filters, stray, empty),
    )
    groups = {s.heading: s.groups for s in site_map.sections}
    assert groups["Policy"] == (bills,)
    assert groups["Help"] == (filters,)
    assert groups[OTHER_HEADING] == (stray,)


def test_a_parent_loop_does_not_hang() -> None:
    pages = [entry("a", parent="b"), entry("b", parent="a"), entry("menu")]
    site_map = build_site_map(pages, navigation=("menu",), footer=())
    assert [link.url for link in site_map.sections[-1].pages] == ["a/", "b/"]


def test_no_home_page_and_no_strays_means_no_extra_sections() -> None:
    site_map = build_site_map([entry("only")], navigation=("only",), footer=())
    assert [s.heading for s in site_map.sections] == ["Only"]


def spanish_entry(slug: str, parent: str | None = None) -> PageEntry:
    url = "es/" if slug == "home" else f"es/{slug}/"
    return PageEntry(slug, url, slug.capitalize(), slug.capitalize(), parent)


def test_a_languages_site_map_starts_at_its_own_home_page() -> None:
    pages = [
        spanish_entry("home"),
        spanish_entry("work"),
        spanish_entry("history", parent="work"),
        spanish_entry("zebra"),
    ]
    news = LinkGroup("Noticias", (Link("Una", "es/work/una/"),))
    site_map = build_site_map(
        pages,
        navigation=("work",),
        footer=(),
        groups=(news,),
        home_label="Inicio",
        home_url="es/",
        other_heading="Más sobre CAST",
    )
    outline = [
        (s.heading, s.url, [link.url for link in s.pages], s.groups)
        for s in site_map.sections
    ]
    assert outline == [
        ("Inicio", "es/", [], ()),
        ("Work", "es/work/", ["es/history/"], (news,)),
        ("Más sobre CAST", None, ["es/zebra/"], ()),
    ]


def test_a_page_not_translated_yet_keeps_its_language() -> None:
    pages = [
        PageEntry("work", "es/work/", "Work", "Work", None, "en"),
        PageEntry("deep", "es/deep/", "Deep", "Deep", "work", "en"),
    ]
    (section,) = build_site_map(pages, navigation=("work",), footer=()).sections
    assert section.lang == "en"
    assert section.pages == (Link("Deep", "es/deep/", "en"),)


def test_titles_sort_alphabetically_whatever_their_accents() -> None:
    titles = ["Zona", "Ética", "apoyo", "Órgano", "Niños", "Ñu"]
    assert sorted(titles, key=sort_key) == [
        "apoyo",
        "Ética",
        "Niños",
        "Ñu",
        "Órgano",
        "Zona",
    ]


# --- The project's own site ------------------------------------------------


def sitemap_pages(built_site: Path, prefix: str) -> set[str]:
    """The output files of the sitemap's pages in one language."""
    sitemap = etree.parse(str(built_site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    found = set()
    for loc in sitemap.xpath("//s:loc/text()", namespaces=ns):
        url = loc.removeprefix(f"{BASE}/")
        if url.startswith("es/") == (prefix == "es/"):
            found.add(url + "index.html")
    return found


def linked_from(built_site: Path, page: Path) -> set[str]:
    main = BeautifulSoup(page.read_bytes(), "html.parser").main
    linked = set()
    for link in main.find_all("a", href=True):
        target = resolve_target(built_site.resolve(), page.resolve(), link["href"])
        if target is not None:
            linked.add(target.relative_to(built_site.resolve()).as_posix())
    return linked


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_the_site_map_page_links_to_every_page_of_its_language(
    built_site: Path, prefix: str
) -> None:
    page = built_site / prefix / "site-map" / "index.html"
    linked = linked_from(built_site, page)
    listed = sitemap_pages(built_site, prefix)
    assert len(listed) > 50
    assert listed - linked == set()
    # Only its own language's pages: the Spanish site map stays in Spanish.
    assert all(name.startswith("es/") == (prefix == "es/") for name in linked)


def headings(page: Path) -> list[str]:
    main = BeautifulSoup(page.read_bytes(), "html.parser").main
    return [h.get_text(" ", strip=True) for h in main.find_all(["h2", "h3"])]


def test_the_spanish_site_map_has_spanish_headings(built_site: Path) -> None:
    gettext = translator({"THEME": str(ROOT / "theme"), "DEFAULT_LANG": "es"}).gettext
    spanish = headings(built_site / "es" / "site-map" / "index.html")
    english = headings(built_site / "site-map" / "index.html")
    assert len(spanish) == len(english)
    for label in (OTHER_HEADING, NEWS_HEADING, PARTNERS_HEADING, "Home"):
        # Translated in the catalog, and shown translated.
        assert gettext(label) != label, f"{label!r} has no Spanish translation"
        assert gettext(label) in spanish
        assert label in english
    bills = gettext(BILLS_HEADING) % {"place": "California"}
    assert bills != BILLS_HEADING % {"place": "California"}
    assert bills in spanish
    # The section headings are the Spanish pages' own menu labels.
    assert "Obtener ayuda" in spanish
    assert not set(spanish) & (set(english) - {"Federal", "California"})


def test_untranslated_labels_in_the_spanish_site_map_say_their_language(
    built_site: Path,
) -> None:
    main = BeautifulSoup(
        (built_site / "es" / "site-map" / "index.html").read_bytes(), "html.parser"
    ).main
    # Partner names are written once, in English.
    fbi = main.find("a", string="Federal Bureau of Investigation (FBI)")
    assert fbi is not None and fbi["lang"] == "en"


@pytest.mark.parametrize(
    ("prefix", "label"), [("", "Site map"), ("es/", "Mapa del sitio")]
)
def test_the_footer_links_to_the_site_map(
    built_site: Path, prefix: str, label: str
) -> None:
    page = built_site / prefix / "about" / "index.html"
    footer = BeautifulSoup(page.read_bytes(), "html.parser").footer
    link = footer.find("a", string=label)
    assert link is not None
    target = resolve_target(built_site.resolve(), page.resolve(), link["href"])
    assert target == (built_site / prefix / "site-map" / "index.html").resolve()
