"""Partner view models: dialling, privacy of addresses, filters, languages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from conftest import DEV_SETTINGS, RECORDS_CONTEXT, ROOT

from languages.catalog import translator
from partners.plugin import DEFAULTS, PARTNERS
from partners.schema import Partner
from partners.views import build_filters, build_site, dial_string
from records.collection import Record, localize_records
from records.loader import LineMap
from records.translation import record_translation_model
from records.views import SettingsError
from sitebuild.build import load_settings

SETTINGS = {
    **DEFAULTS,
    "PARTNERS_CATEGORIES": load_settings(DEV_SETTINGS)["PARTNERS_CATEGORIES"],
    "THEME": str(ROOT / "theme"),
    "LANGUAGES": ("en", "es"),
    "DEFAULT_LANG": "en",
    "SITEURL": "",
    "PUBLISHED_SITEURL": "",
    "SLUG_REGEX_SUBSTITUTIONS": [
        (r"[^\w\s-]", ""),
        (r"(?u)\A\s*", ""),
        (r"(?u)\s*\Z", ""),
        (r"[-\s]+", "-"),
    ],
}


def partner(
    n: int, es: dict[str, Any] | None = None, **fields: object
) -> Record[Partner]:
    data = {
        "name": f"Example Partner {n}",
        "category": "community-based",
        "description": "Synthetic test data.",
        **fields,
    }
    translations = {}
    if es is not None:
        block = record_translation_model(Partner)
        assert block is not None
        translations["es"] = block.model_validate(es, context=RECORDS_CONTEXT)
    return Record(
        f"example-partner-{n}",
        "x.yml",
        LineMap(),
        Partner.model_validate(data, context=RECORDS_CONTEXT),
        translations,
    )


def translated(settings: dict[str, Any]) -> Callable[[str], str]:
    """The run's catalog; fails for a string it does not translate."""
    gettext = translator(settings).gettext

    def es(message: str) -> str:
        text = gettext(message)
        assert text != message, f"not in the Spanish catalog: {message!r}"
        return text

    return es


def spanish(records: list[Record[Partner]]) -> tuple[list[Record[Partner]], Any]:
    """The records and settings of the Spanish run, as the generator makes them."""
    settings = PARTNERS.configure(
        {**SETTINGS, "DEFAULT_LANG": "es", "LANGUAGE_PREFIX": "es/"}
    )
    return localize_records(Partner, records, "es"), settings


def test_dial_string_turns_letters_into_keypad_digits() -> None:
    assert dial_string("888-KEY-2-FREE") == "8885392373"
    assert dial_string("+1 (213) 555-0100") == "+12135550100"


def test_address_is_published_only_when_allowed() -> None:
    site = build_site(
        [
            partner(1, address="1 Example St", show_address=True),
            partner(2, address="2 Private Rd"),
        ],
        SETTINGS,
    )
    [group] = site.index.groups
    assert [p.address for p in group.partners] == ["1 Example St", ""]
    assert all("Private" not in str(p.json_ld) for p in group.partners)


def test_filters_count_active_partners_and_make_a_page_each() -> None:
    site = build_site(
        [
            partner(1, service_areas=["Example County"], languages=["es"]),
            partner(2, languages=["es", "ko"]),
            partner(3, languages=["ko"], status="inactive"),
        ],
        SETTINGS,
    )
    filters = {group.heading: group.links for group in site.index.filters}
    assert [(f.label, f.count) for f in filters["By language"]] == [
        ("Korean", 1),
        ("Spanish", 2),
    ]
    written = {page.save_as for page in site.pages}
    assert {
        "partners/area/example-county/index.html",
        "partners/language/es/index.html",
        "partners/category/community-based/index.html",
        "partners/example-partner-3/index.html",
    } <= written


def test_each_filter_page_marks_its_own_filter_among_all_of_them() -> None:
    records = [
        partner(1, service_areas=["Example County"], languages=["es"]),
        partner(2, service_areas=["Example City"], languages=["es", "ko"]),
        partner(3, languages=["ko"], status="inactive"),
    ]
    site = build_site(records, SETTINGS)
    listed = [p for p in site.index.groups[0].partners]
    pages = [
        page.variables["directory_page"]
        for page in site.pages
        if "directory_page" in page.variables
    ]

    assert len(pages) == 5
    for page in pages:
        assert page.filters == build_filters(listed, SETTINGS, current=page.url)
        current = [
            link for group in page.filters for link in group.links if link.current
        ]
        assert [link.url for link in current] == [page.url]
    assert site.index.filters == build_filters(listed, SETTINGS)


def test_english_pages_mark_nothing_as_another_language() -> None:
    site = build_site([partner(1, service_areas=["Example County"])], SETTINGS)
    [view] = site.index.groups[0].partners
    assert set(view.lang.values()) == {""}
    assert view.untranslated is None
    assert site.index.filters[0].heading == "By type of organization"
    assert [p.variables["directory_page"].title for p in site.pages[1:]] == [
        "Community-based organizations",
        "Partners serving Example County",
    ]


def test_spanish_labels_and_english_addresses() -> None:
    records, settings = spanish(
        [
            partner(
                1,
                es={
                    "description": "Datos de prueba sintéticos.",
                    "service_areas": ["Condado de Los Ángeles"],
                    "phones": [{"description": "Entre semana"}],
                },
                service_areas=["Los Angeles County"],
                languages=["es", "ko"],
                phones=[
                    {"number": "213-555-0101", "description": "Weekdays"},
                    {"number": "213-555-0102", "type": "text"},
                ],
                last_verified="2008-12-23",
            )
        ]
    )
    site = build_site(records, settings)
    [group] = site.index.groups
    assert group.label == "Organizaciones comunitarias"
    [view] = group.partners
    assert view.url == "es/partners/example-partner-1/"
    [area] = view.service_areas
    assert (area.label, area.url, area.lang) == (
        "Condado de Los Ángeles",
        "es/partners/area/los-angeles-county/",
        "",
    )
    assert [(t.label, t.url) for t in view.languages] == [
        ("Español", "es/partners/language/es/"),
        ("Coreano", "es/partners/language/ko/"),
    ]
    assert [(ph.verb, ph.description, ph.description_lang) for ph in view.phones] == [
        ("Llamar", "Entre semana", ""),
        ("Mensaje de texto", "", ""),
    ]
    assert view.last_verified == "23 de diciembre de 2008"
    # The name is written once, in English.
    assert view.lang["name"] == "en"
    assert view.untranslated is None
    # The filter box matches with or without accents, in either language.
    assert "condado de los angeles" in view.search_text
    assert "los angeles county" in view.search_text
    # Headings and titles in the Spanish catalog's words, whatever they are.
    es = translated(settings)
    headings = [group.heading for group in site.index.filters]
    assert headings == [
        es("By type of organization"),
        es("By area served"),
        es("By language"),
    ]
    pages = {p.save_as: p.variables.get("directory_page") for p in site.pages}
    area_page = pages["es/partners/area/los-angeles-county/index.html"]
    assert area_page.title == es("Partners serving %(label)s") % {
        "label": "Condado de Los Ángeles"
    }
    language_page = pages["es/partners/language/ko/index.html"]
    # Inside a sentence a Spanish language name is not capitalised.
    assert language_page.title == es("Partners working in %(label)s") % {
        "label": "coreano"
    }


def test_untranslated_values_fall_back_marked_english() -> None:
    records, settings = spanish(
        [partner(2, service_areas=["Example County"], services=["Legal help"])]
    )
    site = build_site(records, settings)
    [view] = site.index.groups[0].partners
    assert view.description == "<p>Synthetic test data.</p>"
    assert view.lang["description"] == "en"
    assert view.lang["service_areas"] == "en"
    assert view.lang["services"] == "en"
    [area] = view.service_areas
    assert (area.label, area.lang) == ("Example County", "en")
    assert view.untranslated is not None
    assert view.untranslated.language == "en"
    assert view.untranslated.language_name == "inglés"
    assert view.untranslated.fields == ("description", "service_areas", "services")
    pages = {p.save_as: p.variables.get("directory_page") for p in site.pages}
    area_page = pages["es/partners/area/example-county/index.html"]
    # The <h1> marks the English value inside the Spanish title.
    assert '<span lang="en">Example County</span>' in area_page.heading
    [area_link] = site.index.filters[1].links
    assert area_link.lang == "en"


def test_a_translated_area_names_the_filter_even_if_another_is_not() -> None:
    records, settings = spanish(
        [
            partner(1, es={"service_areas": ["Condado de Ejemplo"]},
                    service_areas=["Example County"]),
            partner(2, service_areas=["Example County"]),
        ]
    )  # fmt: skip
    site = build_site(records, settings)
    [link] = site.index.filters[1].links
    assert (link.label, link.count, link.lang) == ("Condado de Ejemplo", 2, "")


def test_a_category_without_a_label_in_a_language_is_a_settings_error() -> None:
    categories = dict(SETTINGS["PARTNERS_CATEGORIES"])
    categories["health"] = {"en": "Health care"}
    with pytest.raises(SettingsError) as failure:
        build_site([partner(1)], {**SETTINGS, "PARTNERS_CATEGORIES": categories})
    assert str(failure.value).startswith(
        "PARTNERS_CATEGORIES['health']: no text for language 'es'"
    )


def test_a_plain_label_is_the_same_in_every_language() -> None:
    categories = {**SETTINGS["PARTNERS_CATEGORIES"], "community-based": "Grassroots"}
    records, settings = spanish([partner(1)])
    site = build_site(records, {**settings, "PARTNERS_CATEGORIES": categories})
    assert site.index.groups[0].label == "Grassroots"


def test_records_keep_their_source() -> None:
    [record], _ = spanish([partner(1, es={"description": "Hola."})])
    assert record.data.description == "Hola."
    assert record.source.description == "Synthetic test data."
    assert replace(record, original=None).source.description == "Hola."
