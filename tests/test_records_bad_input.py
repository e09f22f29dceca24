"""Bad record files: each fixture has one defect, reported at its file, line, field.

Every fixture under `tests/fixtures/records/bad/<type>/` (one file) and
`tests/fixtures/records/bad-sets/<case>/` (a set of files that is only wrong as a
set) is listed in `CASES` with the problem it must produce. Each is copied into a
tmp `content/<type>/` folder and loaded the way the site's build loads it.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import _PROJECT_SETTINGS, RECORDS_CONTEXT
from pydantic import BaseModel

from legislation.checks import legislation_checks
from legislation.schema import Bill
from partners.schema import Partner
from records.collection import Check, load_collection
from records.errors import FILE_FIELD, Problem
from records.loader import DEFAULT_MAX_BYTES
from records.translation import translation_codes

FIXTURES = Path(__file__).parent / "fixtures" / "records"
MARKER = b"# Synthetic test data: "

CONTEXT: Mapping[str, Any] = RECORDS_CONTEXT
MODELS: Mapping[str, type[BaseModel]] = {"partners": Partner, "legislation": Bill}
# The record type of each folder under bad-sets/.
SET_KINDS = {"duplicate-identifier": "legislation", "duplicate-slug": "partners"}


class Case(NamedTuple):
    fixture: str  # relative to tests/fixtures/records/
    line: int
    field: str
    message: str  # a substring of the problem's message


CASES = [
    # --- partners ---
    # The parser points at the indented `description:` line.
    Case("bad/partners/malformed-indentation.yml", 4, FILE_FIELD, "malformed YAML"),
    # A double-quoted scalar may span lines: the parser only gives up at the end
    # of the file (the line after the last one), which is where it points.
    Case("bad/partners/unclosed-quote.yml", 2, FILE_FIELD, "unexpected end of stream"),
    # A missing field has no line of its own: it points at the first field.
    Case(
        "bad/partners/missing-required-field.yml",
        2,
        "name",
        "this required field is missing",
    ),
    Case(
        "bad/partners/unknown-field.yml",
        5,
        "websit",
        "unknown field; the fields allowed here are: name, category, description, "
        "website,",
    ),
    Case("bad/partners/text-is-a-list.yml", 2, "name", "expected text; found a list"),
    Case(
        "bad/partners/text-is-a-number.yml",
        2,
        "name",
        "expected text (put it in quotes if it should be text); found 17",
    ),
    Case(
        "bad/partners/text-is-a-boolean.yml",
        5,
        "address",
        "expected text (put it in quotes if it should be text); found True",
    ),
    Case(
        "bad/partners/category-not-allowed.yml",
        3,
        "category",
        "expected one of community-based, faith-based, government, law-enforcement, "
        "legal-services, health, education, business, international; found 'shelter'",
    ),
    Case(
        "bad/partners/status-not-allowed.yml",
        5,
        "status",
        "expected one of 'active' or 'inactive'; found 'closed'",
    ),
    Case(
        "bad/partners/phone-type-not-allowed.yml",
        8,
        "phones[1].type",
        "expected one of 'voice', 'text' or 'tty'; found 'fax'",
    ),
    Case(
        "bad/partners/phone-missing-number.yml",
        7,
        "phones[1].number",
        "this required field is missing",
    ),
    Case(
        "bad/partners/phone-unknown-field.yml",
        7,
        "phones[0].descripton",
        "the fields allowed here are: number, type, description",
    ),
    Case(
        "bad/partners/website-http.yml",
        5,
        "website",
        "expected an https:// URL; found 'http://example.org/partner-11'",
    ),
    Case(
        "bad/partners/website-javascript.yml",
        5,
        "website",
        "expected an https:// URL; found 'javascript:alert(1)'",
    ),
    Case("bad/partners/website-data.yml", 5, "website", "expected an https:// URL"),
    Case("bad/partners/not-utf8.yml", 3, FILE_FIELD, "not UTF-8 text (byte 0xe9)"),
    # Only the marker comment: YAML sees no fields at all.
    Case("bad/partners/empty.yml", 1, FILE_FIELD, "the file has no fields"),
    Case(
        "bad/partners/duplicate-keys.yml",
        5,
        "name",
        "this field appears twice (first on line 2)",
    ),
    Case(
        "bad/partners/top-level-list.yml",
        2,
        FILE_FIELD,
        "expected `field: value` lines at the top level, found a list",
    ),
    Case(
        "bad/partners/alias-bomb.yml",
        1,
        FILE_FIELD,
        "the file expands to more than 20,000 values",
    ),
    Case(
        "bad/partners/Example_Partner_19.yml",
        1,
        FILE_FIELD,
        "the file name 'Example_Partner_19.yml' must be lowercase letters",
    ),
    # --- partners, the Spanish block (records/translation.py) ---
    Case(
        "bad/partners/es-description-not-text.yml",
        6,
        "es.description",
        "expected text (put it in quotes if it should be text); found 60",
    ),
    Case(
        "bad/partners/es-unknown-field.yml",
        7,
        "es.name",
        "unknown field; the fields allowed here are: description, service_areas, "
        "services, phones, translation_of",
    ),
    Case(
        "bad/partners/es-more-phones.yml",
        11,
        "es.phones[1]",
        "2 items, but the original phones has 1; translate each item, in the "
        "same order",
    ),
    Case(
        "bad/partners/es-fewer-service-areas.yml",
        9,
        "es.service_areas",
        "1 item, but the original service_areas has 2",
    ),
    # --- legislation ---
    Case(
        "bad/legislation/jurisdiction-not-allowed.yml",
        4,
        "jurisdiction",
        "expected one of federal, california, los-angeles-county, "
        "city-of-los-angeles; found 'texas'",
    ),
    Case(
        "bad/legislation/status-not-allowed.yml",
        6,
        "status",
        "expected one of 'introduced', 'in-committee', 'passed-one-chamber', "
        "'passed-both', 'signed', 'enacted', 'vetoed' or 'failed'; found 'pending'",
    ),
    Case(
        "bad/legislation/missing-summary.yml",
        2,
        "summary",
        "this required field is missing",
    ),
    Case(
        "bad/legislation/date-february-30.yml",
        8,
        "signed",
        "cannot read '2006-02-30': day is out of range for month",
    ),
    Case(
        "bad/legislation/date-single-digit-month.yml",
        9,
        "actions[0].date",
        "expected a date written as YYYY-MM-DD; found '2006-9-29'",
    ),
    Case(
        "bad/legislation/actions-out-of-order.yml",
        13,
        "actions[2].date",
        "2006-03-15 comes before the action above it (2006-05-31)",
    ),
    Case(
        "bad/legislation/action-in-future.yml",
        11,
        "actions[1].date",
        "this date is in the future (today is 2026-11-26); found '2027-01-04'",
    ),
    Case(
        "bad/legislation/action-missing-description.yml",
        9,
        "actions[0].description",
        "this required field is missing",
    ),
    Case(
        "bad/legislation/sponsor-unknown-field.yml",
        10,
        "sponsors[0].rol",
        "unknown field; the fields allowed here are: name, role",
    ),
    Case(
        "bad/legislation/link-url-javascript.yml",
        10,
        "links[0].url",
        "expected an https:// URL; found 'javascript:alert(1)'",
    ),
    Case(
        "bad/legislation/related-missing.yml",
        9,
        "related[0]",
        "no legislation record named 'example-bill-404'",
    ),
    Case(
        "bad/legislation/related-not-a-slug.yml",
        9,
        "related[0]",
        "expected a slug: lowercase letters, digits and hyphens; "
        "found 'Example Bill 1'",
    ),
    Case(
        "bad/legislation/es-more-actions.yml",
        14,
        "es.actions[1]",
        "2 items, but the original actions has 1; translate each item, in the "
        "same order",
    ),
    Case(
        "bad/legislation/es-action-not-text.yml",
        13,
        "es.actions[0].description",
        "expected text; found a list",
    ),
    Case(
        "bad/legislation/es-not-in-original.yml",
        10,
        "es.take_action",
        "the original has no take_action; add it there first, then translate it",
    ),
    # --- sets: the fixture is the file the problem is reported in ---
    Case(
        "bad-sets/duplicate-identifier/example-bill-6.yml",
        2,
        "identifier",
        "also in content/legislation/example-bill-5.yml",
    ),
    # x.yaml sorts before x.yml, so the .yml one is the duplicate.
    Case(
        "bad-sets/duplicate-slug/example-partner-30.yml",
        1,
        FILE_FIELD,
        "duplicate slug 'example-partner-30': content/partners/example-partner-30.yaml",
    ),
]


def kind_of(fixture: str) -> str:
    """`bad/<type>/<case>.yml` -> type; `bad-sets/<set>/<file>` -> SET_KINDS[set]."""
    top, folder, _ = fixture.split("/")
    return folder if top == "bad" else SET_KINDS[folder]


def checks_for(kind: str) -> Sequence[Check]:
    return legislation_checks({}) if kind == "legislation" else ()


def load_as_content(
    files: Sequence[Path], kind: str, tmp_path: Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[Problem]:
    """Copy `files` into a tmp `content/<kind>/` and load them like the build."""
    root = tmp_path / "content"
    folder = root / kind
    folder.mkdir(parents=True)
    for file in files:
        shutil.copyfile(file, folder / file.name)
    _, problems = load_collection(
        MODELS[kind],
        folder,
        root,
        CONTEXT,
        checks_for(kind),
        max_bytes,
        # The site's other languages, as the build passes them: `es:` blocks.
        languages=translation_codes(_PROJECT_SETTINGS),
    )
    return problems


@pytest.mark.parametrize("case", CASES, ids=[case.fixture for case in CASES])
def test_bad_fixture_reports_its_one_problem(case: Case, tmp_path: Path) -> None:
    source = FIXTURES / case.fixture
    kind = kind_of(case.fixture)
    files = (
        sorted(source.parent.iterdir())
        if case.fixture.startswith("bad-sets/")
        else [source]
    )
    problems = load_as_content(files, kind, tmp_path)

    label = f"content/{kind}/{source.name}"
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    [problem] = problems
    assert (problem.path, problem.line, problem.field) == (
        label,
        case.line,
        case.field,
    ), str(problem)
    assert case.message in problem.message
    assert str(problem) == f"{label}:{case.line}: {case.field}: {problem.message}"


def fixture_files(top: str) -> list[str]:
    return sorted(
        path.relative_to(FIXTURES).as_posix()
        for path in (FIXTURES / top).rglob("*")
        if path.is_file()
    )


def test_every_bad_fixture_is_in_the_table() -> None:
    listed = {case.fixture for case in CASES}
    single = set(fixture_files("bad"))
    sets = {Path(name).parent.as_posix() for name in fixture_files("bad-sets")}
    assert single == {name for name in listed if name.startswith("bad/")}
    assert sets == {
        Path(name).parent.as_posix() for name in listed if name.startswith("bad-sets/")
    }
    assert {Path(name).name for name in sets} == set(SET_KINDS)


@pytest.mark.parametrize("fixture", fixture_files("bad") + fixture_files("bad-sets"))
def test_every_bad_fixture_says_it_is_synthetic(fixture: str) -> None:
    assert (FIXTURES / fixture).read_bytes().startswith(MARKER)


def test_good_fixtures_say_they_are_synthetic() -> None:
    good = sorted(FIXTURES.glob("*/good/*.yml"))
    assert len(good) == 3
    for path in good:
        assert path.read_bytes().startswith(MARKER), path


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    source = tmp_path / "example-partner-40.yml"
    filler = "Synthetic test data. " * (DEFAULT_MAX_BYTES // 20)
    source.write_text(
        "# Synthetic test data: a file over the size limit.\n"
        "name: Example Partner 40\n"
        "category: health\n"
        f"description: {filler}\n",
        encoding="utf-8",
    )
    size = source.stat().st_size
    assert size > DEFAULT_MAX_BYTES

    problems = load_as_content([source], "partners", tmp_path / "build")

    assert [str(p) for p in problems] == [
        f"content/partners/example-partner-40.yml:1: {FILE_FIELD}: "
        f"the file is {size:,} bytes; the limit is {DEFAULT_MAX_BYTES:,} bytes"
    ]


def test_size_limit_is_the_one_passed_in(tmp_path: Path) -> None:
    good = FIXTURES / "partners" / "good" / "example-partner-1.yml"
    size = good.stat().st_size

    assert load_as_content([good], "partners", tmp_path / "at", max_bytes=size) == []
    [problem] = load_as_content(
        [good], "partners", tmp_path / "under", max_bytes=size - 1
    )
    assert (problem.line, problem.field) == (1, FILE_FIELD)
    assert f"the limit is {size - 1:,} bytes" in problem.message


@pytest.mark.parametrize(
    "text", ["", "\n", "  \n\t\n"], ids=["zero", "newline", "blank"]
)
def test_truly_empty_file(text: str, tmp_path: Path) -> None:
    source = tmp_path / "example-partner-41.yml"
    source.write_text(text, encoding="utf-8")

    problems = load_as_content([source], "partners", tmp_path / "build")

    assert [str(p) for p in problems] == [
        f"content/partners/example-partner-41.yml:1: {FILE_FIELD}: "
        "the file is empty; expected fields such as `name: ...`"
    ]
