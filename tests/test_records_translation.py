"""A record's other languages (records/translation.py): schema, merge, checks, digest.

Records are loaded from tmp files the way the build loads them, so every
problem is checked with its file, line and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import RECORDS_CONTEXT

from legislation.schema import Bill
from partners.schema import Partner
from records.collection import Record, load_collection, localize_records
from records.errors import Problem
from records.loader import dotted
from records.translation import (
    localize,
    original_digest,
    record_translation_model,
    split_translations,
    translatable_paths,
    translation_codes,
    translation_model,
)

CONTEXT: Mapping[str, Any] = RECORDS_CONTEXT

BILL = """\
# Synthetic test data.
identifier: SB 9100
title: Example Bill 9100
jurisdiction: california
session: 2005-2006
status: introduced
summary: Synthetic test data.
sponsors:
  - name: Example Senator
    role: author
actions:
  - date: 2006-02-24
    description: Introduced
    chamber: Senate
  - date: 2006-03-01
    description: Referred to committee
links:
  - label: Bill text
    url: https://example.org/sb-9100
"""

PARTNER = """\
# Synthetic test data.
name: Example Partner 9100
category: health
description: Synthetic test data.
service_areas:
  - Los Angeles County
  - Orange County
services: [Legal help]
phones:
  - number: 213-555-0100
    description: Weekdays
"""


def load(
    tmp_path: Path, model: type, text: str, name: str = "example-9100.yml"
) -> tuple[list[Record[Any]], list[Problem]]:
    kind = "legislation" if model is Bill else "partners"
    folder = tmp_path / "content" / kind
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return load_collection(
        model, folder, tmp_path / "content", CONTEXT, languages=("es",)
    )


def problems_of(tmp_path: Path, model: type, text: str) -> list[str]:
    _, problems = load(tmp_path, model, text)
    return sorted(str(p) for p in problems)


# --- the schema of a language's block ---------------------------------------


def test_a_block_holds_only_the_translatable_fields() -> None:
    block = translation_model(Bill)
    assert block is not None
    assert set(block.model_fields) == {
        "title",
        "summary",
        "sponsors",
        "actions",
        "links",
        "take_action",
    }
    record_block = record_translation_model(Bill)
    assert record_block is not None
    assert "translation_of" in record_block.model_fields
    assert set(translation_model(Partner).model_fields) == {  # type: ignore[union-attr]
        "description",
        "service_areas",
        "services",
        "phones",
    }


def test_split_translations_takes_only_language_codes() -> None:
    own, blocks = split_translations(
        {"name": "x", "es": {"description": "y"}, "fr": 1}, ["es"]
    )
    assert own == {"name": "x", "fr": 1}
    assert blocks == {"es": {"description": "y"}}


def test_translation_codes_are_the_languages_after_the_default() -> None:
    assert translation_codes({"LANGUAGES": ("en", "es")}) == ("es",)
    assert translation_codes({"LANGUAGES": ("en",)}) == ()
    assert translation_codes({}) == ()


# --- loading and localizing --------------------------------------------------


def test_a_full_translation_replaces_every_text(tmp_path: Path) -> None:
    text = BILL + (
        "es:\n"
        "  title: Proyecto de ejemplo 9100\n"
        "  summary: Datos de prueba sintéticos.\n"
        "  sponsors:\n"
        "    - role: autor\n"
        "  actions:\n"
        "    - description: Presentado\n"
        "      chamber: Senado\n"
        "    - description: Enviado a comisión\n"
        "  links:\n"
        "    - label: Texto del proyecto\n"
    )
    [record], problems = load(tmp_path, Bill, text)
    assert problems == []
    [spanish] = localize_records(Bill, [record], "es")
    assert spanish.data.title == "Proyecto de ejemplo 9100"
    assert [a.description for a in spanish.data.actions] == [
        "Presentado",
        "Enviado a comisión",
    ]
    assert spanish.data.actions[0].chamber == "Senado"
    assert spanish.data.sponsors[0].role == "autor"
    assert spanish.data.links[0].label == "Texto del proyecto"
    assert spanish.untranslated == ()
    # What is written once stays the original's.
    assert spanish.data.identifier == "SB 9100"
    assert spanish.data.actions[1].date.isoformat() == "2006-03-01"
    assert spanish.data.links[0].url == "https://example.org/sb-9100"
    assert spanish.source is record.data
    assert spanish.source.title == "Example Bill 9100"


def test_missing_values_fall_back_and_are_listed(tmp_path: Path) -> None:
    text = BILL + "es:\n  title: Proyecto de ejemplo 9100\n  actions:\n    - {}\n"
    [record], problems = load(tmp_path, Bill, text)
    assert problems == []
    result = localize(Bill, record.data, record.translations["es"])
    assert result.data.title == "Proyecto de ejemplo 9100"
    assert result.data.summary == "Synthetic test data."
    assert [a.description for a in result.data.actions] == [
        "Introduced",
        "Referred to committee",
    ]
    assert result.missing == (
        "summary",
        "sponsors[0].role",
        "actions[0].description",
        "actions[0].chamber",
        "actions[1].description",
        "links[0].label",
    )


def test_no_block_leaves_everything_untranslated(tmp_path: Path) -> None:
    [record], _ = load(tmp_path, Partner, PARTNER)
    result = localize(Partner, record.data, None)
    assert result.data == record.data
    assert result.missing == tuple(
        dotted(path) for path in translatable_paths(Partner, record.data)
    )
    assert result.missing == (
        "description",
        "service_areas",
        "services",
        "phones[0].description",
    )


def test_a_list_of_texts_is_translated_whole(tmp_path: Path) -> None:
    text = PARTNER + (
        "es:\n  service_areas:\n    - Condado de Los Ángeles\n    - Condado de Orange\n"
    )
    [record], problems = load(tmp_path, Partner, text)
    assert problems == []
    [spanish] = localize_records(Partner, [record], "es")
    assert spanish.data.service_areas == ("Condado de Los Ángeles", "Condado de Orange")
    assert spanish.source.service_areas == ("Los Angeles County", "Orange County")
    assert "service_areas" not in spanish.untranslated
    assert "services" in spanish.untranslated


# --- what the schema alone cannot see: a block that does not fit -------------


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "  actions:\n    - description: a\n    - description: b\n"
            "    - description: c\n",
            ":24: es.actions[2]: 3 items, but the original actions has 2; "
            "translate each item, in the same order",
        ),
        (
            "  links:\n    - label: a\n    - label: b\n",
            ":23: es.links[1]: 2 items, but the original links has 1; ",
        ),
        (
            "  take_action: Escriba a su senador.\n",
            ":21: es.take_action: the original has no take_action; add it there "
            "first, then translate it here",
        ),
        (
            "  actions:\n    - {}\n    - chamber: Senado\n",
            ":23: es.actions[1].chamber: the original has no chamber",
        ),
    ],
    ids=["more-actions", "more-links", "no-original-value", "no-original-in-item"],
)
def test_a_block_that_does_not_fit_its_original(
    tmp_path: Path, block: str, expected: str
) -> None:
    [problem] = problems_of(tmp_path, Bill, BILL + "es:\n" + block)
    assert problem.startswith("content/legislation/example-9100.yml" + expected)


@pytest.mark.parametrize(
    ("areas", "line", "message"),
    [
        ("[a, b, c]", 13, "es.service_areas[2]: 3 items, but the original"),
        ("[a]", 13, "es.service_areas: 1 item, but the original service_areas"),
    ],
    ids=["more", "fewer"],
)
def test_a_list_of_texts_needs_as_many_items(
    tmp_path: Path, areas: str, line: int, message: str
) -> None:
    [problem] = problems_of(
        tmp_path, Partner, PARTNER + f"es:\n  service_areas: {areas}\n"
    )
    assert problem.startswith(f"content/partners/example-9100.yml:{line}: {message}")


def test_schema_problems_in_a_block_name_the_language(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        Partner,
        PARTNER + "es:\n  description: 17\n  name: Otro nombre\n",
    )
    assert problems == [
        "content/partners/example-9100.yml:13: es.description: expected text "
        "(put it in quotes if it should be text); found 17",
        "content/partners/example-9100.yml:14: es.name: unknown field; the fields "
        "allowed here are: description, service_areas, services, phones, "
        "translation_of",
    ]


def test_a_block_must_be_fields(tmp_path: Path) -> None:
    [problem] = problems_of(tmp_path, Partner, PARTNER + "es: Hola\n")
    assert problem == (
        "content/partners/example-9100.yml:12: es: expected `field: value` lines "
        "with the translated text"
    )


def test_a_bad_block_does_not_stop_the_record(tmp_path: Path) -> None:
    records, problems = load(tmp_path, Partner, PARTNER + "es:\n  description: 17\n")
    assert len(problems) == 1
    # The original is valid: it still loads (the build fails on the problem).
    assert [r.slug for r in records] == ["example-9100"]
    assert records[0].translations == {}


# --- the digest that tells when a translation is out of date -----------------


def test_digest_changes_with_translatable_text_only(tmp_path: Path) -> None:
    [record], _ = load(tmp_path, Bill, BILL)
    digest = original_digest(Bill, record.data)
    assert len(digest) == 12 and int(digest, 16) >= 0
    assert original_digest(Bill, record.data) == digest

    def changed(**update: Any) -> str:
        return original_digest(Bill, record.data.model_copy(update=update))

    assert changed(title="Example Bill 9100, renamed") != digest
    assert changed(summary="Other text.") != digest
    action = record.data.actions[0].model_copy(update={"description": "Filed"})
    assert changed(actions=(action, *record.data.actions[1:])) != digest
    # Identifiers, dates and statuses are not translated: no change.
    assert changed(identifier="SB 9101") == digest
    assert changed(status="in-committee") == digest
    moved = record.data.actions[1].model_copy(
        update={"date": record.data.actions[0].date}
    )
    assert changed(actions=(record.data.actions[0], moved)) == digest


def test_translation_of_is_accepted_in_a_block(tmp_path: Path) -> None:
    [record], _ = load(tmp_path, Bill, BILL)
    digest = original_digest(Bill, record.data)
    [again], problems = load(
        tmp_path / "again",
        Bill,
        BILL + f"es:\n  translation_of: '{digest}'\n  title: Proyecto\n",
    )
    assert problems == []
    assert again.translations["es"].translation_of == digest  # type: ignore[attr-defined]
