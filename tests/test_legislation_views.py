"""Legislation view models: status steps, grouping and order, languages."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import DEV_SETTINGS, RECORDS_CONTEXT, ROOT

from languages.catalog import translator
from legislation.plugin import DEFAULTS, LEGISLATION
from legislation.schema import Bill
from legislation.views import build_bills, build_feed, build_index, build_steps
from records.collection import Record, localize_records
from records.loader import LineMap
from records.translation import record_translation_model
from records.views import SettingsError
from sitebuild.build import load_settings

SETTINGS = {
    **DEFAULTS,
    "LEGISLATION_JURISDICTIONS": load_settings(DEV_SETTINGS)[
        "LEGISLATION_JURISDICTIONS"
    ],
    "THEME": str(ROOT / "theme"),
    "LANGUAGES": ("en", "es"),
    "DEFAULT_LANG": "en",
    "SITEURL": "",
    "PUBLISHED_SITEURL": "https://site.example.org",
    "ORGANIZATION": {
        "short_name": "CAST",
        "name": "Coalition to Abolish Slavery and Trafficking",
    },
    "LEGISLATION_CAUCUS_YEAR": 2026,
}


def bill(slug: str, es: dict[str, Any] | None = None, **fields: object) -> Record[Bill]:
    translations = {}
    if es is not None:
        block = record_translation_model(Bill)
        assert block is not None
        translations["es"] = block.model_validate(es, context=RECORDS_CONTEXT)
    data = {
        "identifier": slug.upper(),
        "title": f"Example {slug}",
        "jurisdiction": "california",
        "session": "2025-2026",
        "status": "introduced",
        "summary": "Synthetic test data.",
        **fields,
    }
    return Record(
        slug,
        f"content/legislation/{slug}.yml",
        LineMap(),
        Bill.model_validate(data, context=RECORDS_CONTEXT),
        translations,
    )


def spanish(records: list[Record[Bill]]) -> tuple[list[Record[Bill]], Any]:
    """The records and settings of the Spanish run, as the generator makes them."""
    settings = LEGISLATION.configure(
        {**SETTINGS, "DEFAULT_LANG": "es", "LANGUAGE_PREFIX": "es/"}
    )
    return localize_records(Bill, records, "es"), settings


def test_steps_say_where_a_bill_stands_in_words() -> None:
    steps = build_steps("passed-one-chamber")
    assert [(s.label, s.state_label) for s in steps] == [
        ("Introduced", "completed"),
        ("In committee", "completed"),
        ("Passed one chamber", "current stage"),
        ("Passed both chambers", "not reached"),
        ("Signed", "not reached"),
        ("Law", "not reached"),
    ]
    vetoed = build_steps("vetoed")
    assert vetoed[-1].label == "Vetoed" and vetoed[-1].state == "current"
    assert [s.state for s in vetoed[:-1]] == ["done"] * 4


def test_index_puts_this_years_priorities_first_and_groups_the_rest() -> None:
    records = [
        bill("sb-1", caucus_priority=2026, status="in-committee"),
        bill("sb-2", caucus_priority=2025, status="enacted"),
        bill("hr-3", jurisdiction="federal", status="enacted"),
    ]
    index = build_index(build_bills(records, SETTINGS), SETTINGS)
    assert [b.slug for b in index.priorities] == ["sb-1"]
    assert [(g.label, [b.slug for b in g.bills]) for g in index.by_status] == [
        ("Law", ["hr-3", "sb-2"])
    ]
    assert [g.label for g in index.by_jurisdiction] == ["Federal", "California"]


def test_newest_activity_comes_first_within_a_group() -> None:
    old = bill("sb-1", status="enacted", signed=date(2005, 9, 21))
    new = bill("sb-2", status="enacted", signed=date(2016, 9, 26))
    index = build_index(build_bills([old, new], SETTINGS), SETTINGS)
    assert [b.slug for b in index.by_status[0].bills] == ["sb-2", "sb-1"]


def test_json_ld_uses_the_published_address(tmp_path: Path) -> None:
    [view] = build_bills([bill("sb-1", status="enacted")], SETTINGS)
    assert '"url":"https://site.example.org/legislation/sb-1/"' in view.json_ld
    assert '"legislationLegalForce":"InForce"' in view.json_ld


def test_spanish_statuses_steps_and_positions() -> None:
    """The Spanish catalog's words, from /work/notes/es-labels.md."""
    records, settings = spanish([bill("sb-1", status="passed-one-chamber")])
    [view] = build_bills(records, settings)
    assert view.status_label == "Aprobado en una cámara"
    assert [(s.label, s.state_label) for s in view.steps] == [
        ("Presentado", "etapa completada"),
        ("En comisión", "etapa completada"),
        ("Aprobado en una cámara", "etapa actual"),
        ("Aprobado en ambas cámaras", "etapa no alcanzada"),
        ("Firmado", "etapa no alcanzada"),
        ("Ley", "etapa no alcanzada"),
    ]
    [view] = build_bills(*spanish([bill("sb-2", position="oppose")]))
    assert view.position_label == "CAST se opone a este proyecto de ley"
    [view] = build_bills(*spanish([bill("sb-3")]))
    assert view.position_label == ""


def test_spanish_text_dates_and_groups() -> None:
    records, settings = spanish(
        [
            bill(
                "sb-1",
                es={
                    "title": "Ley de ejemplo",
                    "summary": "Datos de prueba.",
                    "actions": [{"description": "Presentado", "chamber": "Senado"}],
                },
                jurisdiction="los-angeles-county",
                status="enacted",
                actions=[
                    {"date": "2008-12-23", "description": "Introduced",
                     "chamber": "Senate"},
                    {"date": "2008-12-24", "description": "Signed"},
                ],
                signed="2008-12-24",
                chapter="Chapter 1, Statutes of 2008",
                session="119th Congress",
            )
        ]
    )  # fmt: skip
    [view] = build_bills(records, settings)
    assert view.url == "es/legislation/sb-1/"
    assert view.title == "Ley de ejemplo"
    assert view.jurisdiction_label == "Condado de Los Ángeles"
    assert [a.date_text for a in view.actions] == [
        "23 de diciembre de 2008",
        "24 de diciembre de 2008",
    ]
    assert [(a.description, a.description_lang) for a in view.actions] == [
        ("Presentado", ""),
        ("Signed", "en"),
    ]
    assert view.signed == "24 de diciembre de 2008"
    # Official English names, written once, are marked as English.
    assert view.lang["identifier"] == "en"
    assert view.lang["chapter"] == "en"
    assert view.lang["session"] == "en"
    assert view.lang["title"] == ""
    assert view.untranslated is not None
    assert view.untranslated.fields == ("actions[1].description",)
    assert view.untranslated.language_name == "inglés"
    index = build_index([view], settings)
    assert [g.label for g in index.by_status] == ["Ley"]
    assert [g.label for g in index.by_jurisdiction] == ["Condado de Los Ángeles"]
    assert index.feed_url == "es/feeds/legislation.atom.xml"


def test_a_session_of_digits_is_not_marked() -> None:
    [view] = build_bills(*spanish([bill("sb-1", session="2025-2026")]))
    assert view.lang["session"] == ""
    [view] = build_bills([bill("sb-1", session="119th Congress")], SETTINGS)
    assert set(view.lang.values()) == {""}
    assert view.untranslated is None


def test_the_spanish_feed(tmp_path: Path) -> None:
    records, settings = spanish(
        [bill("sb-1", es={"title": "Ley de ejemplo"}, signed="2008-12-24")]
    )
    feed = ElementTree.fromstring(build_feed(build_bills(records, settings), settings))
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    es = translator(settings).gettext
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    title = feed.findtext("atom:title", namespaces=ns)
    assert title == es("%(organization)s: legislation updates") % {
        "organization": "CAST"
    }
    assert title != "CAST: legislation updates"
    assert feed.findtext("atom:entry/atom:title", namespaces=ns) == (
        "SB-1: Ley de ejemplo (Presentado)"
    )
    assert feed.find("atom:link[@rel='self']", ns).get("href") == (  # type: ignore[union-attr]
        "https://site.example.org/es/feeds/legislation.atom.xml"
    )


def test_a_jurisdiction_without_a_label_in_a_language_is_a_settings_error() -> None:
    places = {**SETTINGS["LEGISLATION_JURISDICTIONS"], "federal": {"es": "Federal"}}
    with pytest.raises(SettingsError) as failure:
        build_bills([bill("sb-1")], {**SETTINGS, "LEGISLATION_JURISDICTIONS": places})
    assert str(failure.value).startswith(
        "LEGISLATION_JURISDICTIONS['federal']: no text for language 'en'"
    )
