"""End-to-end: a site with synthetic partner and bill records, read as HTML."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT

from languages.catalog import catalog_path, load_translations
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


# --- the same records in Spanish (/es/) ------------------------------------


def spanish_catalog() -> Callable[[str], str]:
    """The Spanish catalog; fails for a string it does not translate."""
    gettext = load_translations(catalog_path(ROOT / "theme", "es")).gettext

    def es(message: str) -> str:
        text = gettext(message)
        assert text != message, f"not in the Spanish catalog: {message!r}"
        return text

    return es


def record_pages(site: Path, folder: str) -> set[str]:
    return {
        path.relative_to(site / folder).as_posix()
        for path in (site / folder).rglob("index.html")
    }


@pytest.mark.parametrize("kind", ["partners", "legislation"])
def test_every_record_and_filter_page_has_a_spanish_twin(site: Path, kind: str) -> None:
    english = record_pages(site, kind)
    assert len(english) > 10
    # The same addresses: /es/partners/area/los-angeles-county/ mirrors
    # /partners/area/los-angeles-county/, whatever the area is called.
    assert record_pages(site, f"es/{kind}") == english


def test_spanish_partner_page(site: Path) -> None:
    page = html(site, "es/partners/example-partner-1/index.html")
    assert page.html["lang"] == "es"
    main = page.main
    assert main.h1.get("lang") == "en"  # the name is written once, in English
    assert main.h1.get_text(strip=True) == "Example Partner 1"
    rows = {
        row.dt.get_text(strip=True): row.dd
        for row in main.select(".cast-summary-list__row")
    }
    es = spanish_catalog()
    assert rows[es("Type")].get_text(strip=True) == "Servicios legales"
    areas = rows[es("Areas served")]
    assert areas.get("lang") is None
    assert [(a.get_text(), a["href"]) for a in areas.find_all("a")] == [
        ("Condado de Los Ángeles", "../../../es/partners/area/los-angeles-county/"),
        ("Condado de Orange", "../../../es/partners/area/orange-county/"),
    ]
    assert texts(rows[es("Languages")], "a") == ["Español", "Coreano"]
    assert texts(rows[es("Phone")], "li") == [
        "Llamar 213-555-0101 (Entre semana)",
        "Mensaje de texto 213-555-0102",
    ]
    assert rows[es("Details last checked")].get_text() == "15 de enero de 2026"
    assert rows[es("Address")].get("lang") == "en"
    # Fully translated: no notice, nothing else marked English.
    assert main.select(".cast-notice") == []
    assert "ofrece" in main.select_one(".cast-prose").get_text()
    assert main.select_one(".cast-prose").get("lang") is None


def test_an_untranslated_partner_falls_back_marked_english(site: Path) -> None:
    page = html(site, "es/partners/example-partner-2/index.html")
    main = page.main
    es = spanish_catalog()
    [notice] = main.select(".cast-notice")
    assert notice.get_text(strip=True) == es(
        "Part of this page has not been translated yet; it is shown in %(language)s."
    ) % {"language": "inglés"}
    prose = main.select_one(".cast-prose")
    assert prose.get("lang") == "en"
    assert "synthetic shelter program" in prose.get_text()
    rows = {
        row.dt.get_text(strip=True): row.dd
        for row in main.select(".cast-summary-list__row")
    }
    areas = rows[es("Areas served")]
    assert areas.get("lang") == "en"
    assert areas.a["href"] == "../../../es/partners/area/los-angeles-county/"
    # What settings and the catalog give is Spanish all the same.
    assert rows[es("Type")].get_text(strip=True) == "Organizaciones comunitarias"


def test_spanish_directory_and_filter_pages(site: Path) -> None:
    es = spanish_catalog()
    index = html(site, "es/partners/index.html")
    groups = {
        group.h2.get_text(strip=True): texts(group, ".cast-partner-card__name")
        for group in index.select("[data-partner-group]")
    }
    assert "Example Partner 1" in groups["Servicios legales"]
    assert "Example Partner 2" in groups["Organizaciones comunitarias"]
    headings = texts(index, ".cast-filter-nav__heading")
    assert headings == [
        es("By type of organization"),
        es("By area served"),
        es("By language"),
    ]
    slot = index.select_one('[data-module="cast-partner-filter"]')
    assert slot["data-label"] == es("Search partners by name, area or language")
    assert "{shown}" in slot["data-status-template"]

    area = html(site, "es/partners/area/los-angeles-county/index.html")
    # One partner translated the area: the filter is named in Spanish.
    assert texts(area, "h1") == [
        es("Partners serving %(label)s") % {"label": "Condado de Los Ángeles"}
    ]
    assert texts(area, ".cast-partner-card__name") == [
        "Example Partner 1",
        "Example Partner 2",
    ]
    current = area.select('.cast-filter-nav a[aria-current="page"]')
    assert [a.get_text(" ", strip=True) for a in current] == [
        "Condado de Los Ángeles (2)"
    ]
    cards = area.select(".cast-partner-card__meta")
    assert [card.span.get("lang") if card.span else None for card in cards] == [
        None,
        "en",
    ]
    language = html(site, "es/partners/language/ko/index.html")
    assert texts(language, "h1") == [
        es("Partners working in %(label)s") % {"label": "coreano"}
    ]
    category = html(site, "es/partners/category/legal-services/index.html")
    assert texts(category, "h1") == ["Servicios legales"]
    # The real records' areas too: an English address, a Spanish name.
    real = html(site, "es/partners/area/central-district-of-california/index.html")
    assert "Distrito Central de California" in texts(real, "h1")[0]


def test_spanish_bill_page(site: Path) -> None:
    page = html(site, "es/legislation/example-bill-1/index.html")
    main = page.main
    caption = main.select_one(".cast-heading__caption")
    assert (caption.get_text(), caption.get("lang")) == ("SB 9001", "en")
    assert "Ley de Ejemplo de Apoyo a Sobrevivientes" in main.h1.get_text()
    steps = texts(page, ".cast-bill-status__step")
    assert steps[0] == "✓ Presentado (etapa completada)"
    assert steps[1] == "● En comisión (etapa actual)"
    assert steps[2] == "○ Aprobado en una cámara (etapa no alcanzada)"
    assert "CAST apoya este proyecto de ley." in main.get_text()
    rows = main.select(".cast-table tbody tr")
    assert [texts(row, "td") for row in rows] == [
        ["10 de enero de 2026", "Senado", "Presentado"],
        ["3 de febrero de 2026", "Senate", "Referred to committee"],
    ]
    # Untranslated values keep their English, marked so, under a notice.
    assert [td.get("lang") for td in rows[0].find_all("td")] == [None, None, None]
    assert [td.get("lang") for td in rows[1].find_all("td")] == [None, "en", "en"]
    assert len(main.select(".cast-notice")) == 1
    prose = main.select(".cast-prose")
    assert [p.get("lang") for p in prose] == [None, "en"]  # summary, take_action
    links = {a.get_text(): a for a in main.find_all("a", href=True)}
    assert links["Example bill text"].get("lang") == "en"
    sponsor = main.select_one("ul li")
    assert sponsor.get_text() == "Example Senator (autor)"
    assert sponsor.span["lang"] == "en"


def test_a_fully_translated_bill_has_no_notice(site: Path) -> None:
    page = html(site, "es/legislation/example-bill-2/index.html")
    assert page.main.select(".cast-notice") == []
    # Its number, public law and session are official English names.
    assert page.main.select_one(".cast-heading__caption").get("lang") == "en"
    assert page.main.select_one(".cast-bill__meta span").get("lang") == "en"
    assert "30 de junio de 2025" in page.main.get_text()


def test_spanish_tracker_and_feed(site: Path) -> None:
    from xml.etree import ElementTree

    index = html(site, "es/legislation/index.html")
    first_section = index.select_one("main section")
    titles = [t.get_text() for t in first_section.select(".cast-bill-card__title")]
    assert titles == ["SB 9001: Ley de Ejemplo de Apoyo a Sobrevivientes"]
    assert first_section.select_one(".cast-bill-card__title span")["lang"] == "en"
    by_status = index.select_one("#by-status").find_parent("section")
    assert {"Vetado", "Ley"} <= set(texts(by_status, "h3"))
    by_place = index.select_one("#by-jurisdiction").find_parent("section")
    assert {"Federal", "California"} <= set(texts(by_place, "h3"))
    meta = [
        " ".join(m.get_text().split()) for m in index.select(".cast-bill-card__meta")
    ]
    es = spanish_catalog()
    assert f"Federal, 119th Congress. {es('Status:')} Ley." in meta

    feed = ElementTree.parse(site / "es" / "feeds" / "legislation.atom.xml")
    root = feed.getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    titles = [t.text for t in feed.findall("atom:entry/atom:title", ns)]
    assert (
        titles[0] == "SB 9001: Ley de Ejemplo de Apoyo a Sobrevivientes (En comisión)"
    )
    links = [link.get("href") for link in feed.findall("atom:entry/atom:link", ns)]
    assert all("/es/legislation/" in link for link in links)


def test_a_label_missing_in_a_language_fails_the_build(
    tmp_path: Path, content_copy: Path
) -> None:
    from sitebuild.build import load_settings

    categories = dict(load_settings(DEV_SETTINGS)["PARTNERS_CATEGORIES"])
    categories["health"] = {"en": "Health care"}
    with pytest.raises(BuildError) as failure:
        build_site(
            DEV_SETTINGS,
            tmp_path / "output",
            {
                "PATH": str(content_copy),
                "CACHE_PATH": str(tmp_path / "cache"),
                "PARTNERS_CATEGORIES": categories,
            },
        )
    assert "PARTNERS_CATEGORIES['health']: no text for language 'es'" in str(
        failure.value
    )
