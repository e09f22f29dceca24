"""discovery.site_map: the site map page lists every page, grouped by section."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

from discovery.site_map import (
    OTHER_HEADING,
    Link,
    LinkGroup,
    PageEntry,
    build_site_map,
)
from sitebuild.links import resolve_target


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


# --- The project's own site ------------------------------------------------


def test_the_site_map_page_links_to_every_page_in_the_sitemap(built_site: Path) -> None:
    page = built_site / "site-map" / "index.html"
    main = BeautifulSoup(page.read_bytes(), "html.parser").main
    linked = set()
    for link in main.find_all("a", href=True):
        target = resolve_target(built_site.resolve(), page.resolve(), link["href"])
        if target is not None:
            linked.add(target.relative_to(built_site.resolve()).as_posix())
    sitemap = etree.parse(str(built_site / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {
        loc.removeprefix("https://www.castla.org/") + "index.html"
        for loc in sitemap.xpath("//s:loc/text()", namespaces=ns)
    }
    assert listed - linked == set()


def test_the_footer_links_to_the_site_map(built_site: Path) -> None:
    footer = BeautifulSoup(
        (built_site / "about" / "index.html").read_bytes(), "html.parser"
    ).footer
    assert footer.find("a", href="../site-map/", string="Site map") is not None
