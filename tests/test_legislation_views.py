"""Legislation view models: status steps, grouping and order."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import DEV_SETTINGS, RECORDS_CONTEXT

from legislation.plugin import DEFAULTS
from legislation.schema import Bill
from legislation.views import build_bills, build_index, build_steps
from records.collection import Record
from records.loader import LineMap
from sitebuild.build import load_settings

SETTINGS = {
    **DEFAULTS,
    "LEGISLATION_JURISDICTIONS": load_settings(DEV_SETTINGS)[
        "LEGISLATION_JURISDICTIONS"
    ],
    "DEFAULT_LANG": "en",
    "SITEURL": "",
    "PUBLISHED_SITEURL": "https://site.example.org",
    "ORGANIZATION": {"short_name": "CAST"},
    "LEGISLATION_CAUCUS_YEAR": 2026,
}


def bill(slug: str, **fields: object) -> Record[Bill]:
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
    )


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
