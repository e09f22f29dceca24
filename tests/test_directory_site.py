"""End-to-end: a site with synthetic partner and bill records, read as HTML."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT

from sitebuild.build import BuildError, build_site
from sitebuild.links import find_broken_references

FIXTURES = ROOT / "tests" / "fixtures" / "site_records"


def build_with_records(tmp: Path, content: Path) -> Path:
    for kind in ("partners", "legislation"):
        target = content / kind
        target.mkdir(exist_ok=True)
        for record in (FIXTURES / kind).iterdir():
            shutil.copy2(record, target / record.name)
    overrides = {
        "PATH": str(content),
        "CACHE_PATH": str(tmp / "cache"),
        "RECORDS_TODAY": date(2026, 11, 26),
        "LEGISLATION_CAUCUS_YEAR": 2026,
    }
    return build_site(DEV_SETTINGS, tmp / "output", overrides).output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("records-site")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    return build_with_records(tmp, content)


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_bytes(), "html.parser")


def texts(soup: BeautifulSoup, selector: str) -> list[str]:
    return [
        " ".join(el.get_text(" ", strip=True).split()) for el in soup.select(selector)
    ]


def test_directory_groups_active_partners_by_category(site: Path) -> None:
    index = html(site, "partners/index.html")
    groups = {
        group.h2.get_text(strip=True): texts(group, ".cast-partner-card__name")
        for group in index.select("[data-partner-group]")
    }
    assert "Example Partner 1" in groups["Legal services"]
    assert "Example Partner 2" in groups["Community-based organizations"]
    assert not any("Example Partner 3" in names for names in groups.values())


def test_filter_pages_work_without_javascript(site: Path) -> None:
    spanish = html(site, "partners/language/es/index.html")
    assert texts(spanish, ".cast-partner-card__name") == [
        "Example Partner 1",
        "Example Partner 2",
    ]
    current = spanish.select('.cast-filter-nav a[aria-current="page"]')
    assert [a.get_text(" ", strip=True) for a in current] == ["Spanish (2)"]
    korean = html(site, "partners/language/ko/index.html")
    assert texts(korean, ".cast-partner-card__name") == ["Example Partner 1"]
    area = html(site, "partners/area/orange-county/index.html")
    assert texts(area, ".cast-partner-card__name") == ["Example Partner 1"]
    category = html(site, "partners/category/legal-services/index.html")
    assert texts(category, "h1") == ["Legal services"]


def test_partner_page_has_details_and_json_ld(site: Path) -> None:
    page = html(site, "partners/example-partner-1/index.html")
    hrefs = {a["href"] for a in page.find_all("a", href=True)}
    assert {
        "tel:2135550101",
        "sms:2135550102",
        "mailto:help@partner1.example.org",
    } <= hrefs
    assert "100 Example Street" in page.get_text()
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NGO"
    assert data["name"] == "Example Partner 1"
    assert data["knowsLanguage"] == ["es", "ko"]


def test_address_is_hidden_unless_show_address(site: Path) -> None:
    page = (site / "partners/example-partner-2/index.html").read_text("utf-8")
    assert "Hidden Lane" not in page


def test_inactive_partner_keeps_a_page_that_says_so(site: Path) -> None:
    page = html(site, "partners/example-partner-3/index.html")
    assert "no longer an active partner" in page.get_text()


def test_injection_renders_inert(site: Path) -> None:
    for path in (
        "partners/example-injection/index.html",
        "partners/index.html",
        "legislation/example-bill-3/index.html",
        "legislation/index.html",
    ):
        page = html(site, path)
        for script in page.find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (
                path
            )
            assert "alert" not in (script.string or "") or script.get("type"), path
        assert page.find("iframe") is None, path
        assert page.find("img", onerror=True) is None, path
        for a in page.find_all("a", href=True):
            assert not a["href"].startswith(("javascript:", "data:")), (path, a)
    detail = html(site, "partners/example-injection/index.html")
    assert "<script>alert('name')</script>" in detail.h1.get_text()
    raw = (site / "partners/example-injection/index.html").read_text("utf-8")
    assert "</script><script>" not in raw


def test_legislation_index_opens_with_caucus_priorities(site: Path) -> None:
    index = html(site, "legislation/index.html")
    first_section = index.select_one("main section")
    assert "Caucus priorities this year (2026)" in first_section.h2.get_text()
    assert texts(first_section, ".cast-bill-card__title") == [
        "SB 9001: Example Survivor Support Act"
    ]
    by_status = index.select_one("#by-status").find_parent("section")
    assert "Vetoed" in texts(by_status, "h3")
    by_place = index.select_one("#by-jurisdiction").find_parent("section")
    assert {"Federal", "California"} <= set(texts(by_place, "h3"))


def test_bill_page_shows_status_in_words_and_history(site: Path) -> None:
    page = html(site, "legislation/example-bill-1/index.html")
    steps = texts(page, ".cast-bill-status__step")
    assert steps[0] == "✓ Introduced (completed)"
    assert steps[1] == "● In committee (current stage)"
    assert steps[2].endswith("(not reached)")
    rows = [texts(row, "td") for row in page.select(".cast-table tbody tr")]
    assert rows == [
        ["January 10, 2026", "Senate", "Introduced"],
        ["February 3, 2026", "Senate", "Referred to committee"],
    ]
    assert "CAST supports this bill" in page.get_text()
    related = texts(page, "main ul li a")
    assert "H.R. 9002: Example Federal Protection Act" in related
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "SB 9001"


def test_feed_lists_bill_updates(site: Path) -> None:
    from xml.etree import ElementTree

    feed = ElementTree.parse(site / "feeds" / "legislation.atom.xml")
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [t.text for t in feed.findall("atom:entry/atom:title", ns)]
    assert titles[0] == "SB 9001: Example Survivor Support Act (In committee)"
    assert any(title.startswith("H.R. 9002") for title in titles)


def test_every_reference_resolves(site: Path) -> None:
    assert find_broken_references(site) == []


def test_record_links_in_pages_resolve_and_missing_ones_fail(
    tmp_path: Path, content_copy: Path
) -> None:
    page = content_copy / "pages" / "linking.md"
    page.write_text(
        "Title: Linking\nSummary: Links to records.\n\n"
        "Read [SB 9001]({legislation}example-bill-1) and "
        "[Partner 1]({partner}example-partner-1).\n",
        encoding="utf-8",
    )
    output = build_with_records(tmp_path, content_copy)
    links = {
        a.get_text(): a["href"]
        for a in html(output, "linking/index.html").select("main a")
    }
    assert links["SB 9001"] == "../legislation/example-bill-1/"
    assert links["Partner 1"] == "../partners/example-partner-1/"

    page.write_text(
        "Title: Linking\nSummary: Links to records.\n\n"
        "See [x]({legislation}sb-0000).\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as failure:
        build_with_records(tmp_path / "again", content_copy)
    assert "content/pages/linking.md:4: link: {legislation}sb-0000" in str(
        failure.value
    )


def test_a_bad_record_fails_the_build_and_keeps_the_output(
    tmp_path: Path, content_copy: Path
) -> None:
    output = build_with_records(tmp_path, content_copy)
    before = (output / "partners" / "index.html").read_bytes()
    (content_copy / "partners" / "example-partner-9.yml").write_text(
        "# Synthetic test data\nname: Example Partner 9\ncategory: church\n"
        "description: x\nwebsite: javascript:alert(1)\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as failure:
        build_with_records(tmp_path, content_copy)
    message = str(failure.value)
    assert (
        "content/partners/example-partner-9.yml:3: category: expected one of" in message
    )
    assert (
        "content/partners/example-partner-9.yml:5: website: expected an https://"
        in message
    )
    assert (output / "partners" / "index.html").read_bytes() == before
