"""What every built page must carry, checked in the parsed HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS

from cms.layout import public_pages
from sitebuild.build import load_settings
from sitewide.model import parse_sitewide


def pages(root: Path) -> list[tuple[str, BeautifulSoup]]:
    return [
        (p.relative_to(root).as_posix(), BeautifulSoup(p.read_bytes(), "html.parser"))
        for p in public_pages(root)
    ]


@pytest.fixture(scope="module")
def site_pages(built_site: Path) -> list[tuple[str, BeautifulSoup]]:
    return pages(built_site)


def test_landmarks_and_one_h1(site_pages: list[tuple[str, BeautifulSoup]]) -> None:
    for name, html in site_pages:
        assert len(html.find_all("h1")) == 1, name
        for landmark in ("header", "nav", "main", "footer"):
            assert html.find(landmark) is not None, f"{name}: no <{landmark}>"
        assert html.find("main")["id"] == "main", name


def test_skip_link_then_exit_link_come_first(
    site_pages: list[tuple[str, BeautifulSoup]],
) -> None:
    exit_url = load_settings(DEV_SETTINGS)["QUICK_EXIT_URL"]
    for name, html in site_pages:
        first, second = html.body.find_all("a", limit=2)
        assert first["href"] == "#main", name
        assert "cast-exit-link" in first.find_next("a")["class"], name
        assert second["href"] == exit_url, name
        button = html.select_one(".cast-exit__button")
        assert button is not None and button["href"] == exit_url, name


def test_hotlines_are_in_the_header_and_footer_of_every_page(
    site_pages: list[tuple[str, BeautifulSoup]],
) -> None:
    """The header has the primary contacts, the footer all, in one order everywhere.

    Help in the same place and order on every page: WCAG 3.2.6 Consistent Help.
    """
    site = parse_sitewide(load_settings(DEV_SETTINGS))
    expected = {
        "header": [c.href for h in site.primary_hotlines for c in h.contacts],
        "footer": [c.href for h in site.hotlines for c in h.contacts],
    }
    assert expected["header"], "no contact in HOTLINES is marked primary"
    for name, html in site_pages:
        for region, hrefs in expected.items():
            found = [
                a["href"]
                for a in html.find(region).select(".cast-hotline a[href]")
                if a["href"].startswith(("tel:", "sms:"))
            ]
            assert found == hrefs, f"{name}: the hotlines in the {region}"


def test_private_by_design(site_pages: list[tuple[str, BeautifulSoup]]) -> None:
    for name, html in site_pages:
        referrer = html.find("meta", attrs={"name": "referrer"})
        assert referrer is not None and referrer["content"] == "no-referrer", name
        for script in html.find_all("script", src=True):
            # Deferred, so no script ever blocks the first render.
            assert script.has_attr("defer") or script.has_attr("async"), name
        for tag in html.find_all(["link", "script", "img", "iframe", "source"]):
            # rel=canonical and rel=alternate only name an address; nothing is
            # loaded from it.
            rel = set(tag.get("rel", []))
            if tag.name == "link" and {"canonical", "alternate"} & rel:
                continue
            # Anything the browser loads by itself must come from this site.
            url = tag.get("href") or tag.get("src") or ""
            assert not url.startswith(("http:", "https:", "//")), f"{name}: {url}"


def test_aria_current_marks_the_active_menu_link(built_site: Path) -> None:
    html = BeautifulSoup(
        (built_site / "get-help" / "index.html").read_bytes(), "html.parser"
    )
    current = html.select('.cast-nav a[aria-current="page"]')
    assert [a.get_text(strip=True) for a in current] == ["Get help"]


def test_inner_pages_have_breadcrumbs_and_home_does_not(built_site: Path) -> None:
    home = BeautifulSoup((built_site / "index.html").read_bytes(), "html.parser")
    assert home.select(".cast-breadcrumbs") == []
    safety = BeautifulSoup(
        (built_site / "safety" / "index.html").read_bytes(), "html.parser"
    )
    crumbs = [li.get_text(strip=True) for li in safety.select(".cast-breadcrumbs li")]
    assert crumbs[0] == "Home" and crumbs[-1] == "Staying safe online"


def test_there_is_a_404_page(built_site: Path) -> None:
    html = BeautifulSoup((built_site / "404.html").read_bytes(), "html.parser")
    assert "not found" in html.h1.get_text().lower()
