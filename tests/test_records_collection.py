"""Loading a folder of records: file names, slugs, and checks across records."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from conftest import RECORDS_CONTEXT

from legislation.checks import legislation_checks
from legislation.schema import Bill
from partners.schema import Partner
from records.collection import (
    Loaded,
    Record,
    ValidatedFiles,
    check_references,
    check_unique,
    label_for,
    load_collection,
    record_files,
)
from records.errors import FILE_FIELD, Problem
from records.loader import LineMap, open_cache
from records.model import KeptRecords

FIXTURES = Path(__file__).parent / "fixtures" / "records"
CONTEXT: Mapping[str, Any] = RECORDS_CONTEXT


def content(tmp_path: Path, kind: str, files: Mapping[str, str]) -> Path:
    """A tmp `content/<kind>/` folder holding `files`; returns the folder."""
    folder = tmp_path / "content" / kind
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text("# Synthetic test data.\n" + text, encoding="utf-8")
    return folder


def partner(number: int, extra: str = "") -> str:
    return (
        f"name: Example Partner {number}\n"
        "category: health\n"
        "description: Synthetic test data.\n"
        f"{extra}"
    )


def bill(number: int, extra: str = "", session: str = "2005-2006") -> str:
    return (
        f"identifier: SB {number}\n"
        f"title: Example Bill {number}\n"
        "jurisdiction: california\n"
        f"session: '{session}'\n"
        "status: introduced\n"
        "summary: Synthetic test data.\n"
        f"{extra}"
    )


def strs(problems: Iterable[Problem]) -> list[str]:
    return [str(p) for p in problems]


def test_good_partner_fixture_uses_every_field(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "partners"
    shutil.copytree(FIXTURES / "partners" / "good", folder)

    records, problems = load_collection(Partner, folder, tmp_path / "content", CONTEXT)

    assert problems == []
    [record] = records
    assert record.slug == "example-partner-1"
    assert record.label == "content/partners/example-partner-1.yml"
    assert set(record.data.model_fields_set) == set(Partner.model_fields)
    assert [phone.type for phone in record.data.phones] == ["voice", "text", "tty"]
    assert record.data.languages == ("en", "es")
    assert record.data.show_address is True


def test_good_bill_fixtures_load_and_relate(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "legislation"
    shutil.copytree(FIXTURES / "legislation" / "good", folder)

    records, problems = load_collection(
        Bill, folder, tmp_path / "content", CONTEXT, legislation_checks({})
    )

    assert problems == []
    first, second = records
    assert (first.slug, second.slug) == ("example-bill-1", "example-bill-2")
    assert set(first.data.model_fields_set) == set(Bill.model_fields)
    assert first.data.related == ("example-bill-2",)
    assert second.data.related == ("example-bill-1",)
    assert first.data.signed == datetime.date(2006, 9, 29)
    assert [a.date for a in first.data.actions] == sorted(
        a.date for a in first.data.actions
    )


def test_every_problem_from_every_file_at_once(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "partners",
        {
            "example-partner-80.yml": partner(80, "website: http://example.org\n"),
            "example-partner-81.yml": partner(81),
            "example-partner-82.yml": "name: [unclosed\n",
            "Example-Partner-83.yml": partner(83),
        },
    )

    records, problems = load_collection(Partner, folder, folder.parent, CONTEXT)

    assert [r.slug for r in records] == ["example-partner-81"]
    assert sorted(strs(problems)) == [
        f"content/partners/Example-Partner-83.yml:1: {FILE_FIELD}: the file name "
        "'Example-Partner-83.yml' must be lowercase letters, digits and hyphens, "
        "ending in .yml (it becomes the page address)",
        "content/partners/example-partner-80.yml:5: website: expected an https:// "
        "URL; found 'http://example.org'",
        f"content/partners/example-partner-82.yml:2: {FILE_FIELD}: malformed YAML: "
        "while parsing a flow sequence did not find expected ',' or ']'",
    ]


def test_a_file_that_cannot_be_read_is_not_validated_too(tmp_path: Path) -> None:
    # The duplicate key is a problem; the missing category and description are
    # not reported on top of it.
    folder = content(
        tmp_path,
        "partners",
        {"example-partner-84.yml": "name: Example Partner 84\nname: again\n"},
    )

    _, problems = load_collection(Partner, folder, folder.parent, CONTEXT)

    assert [p.field for p in problems] == ["name"]


def test_duplicate_slugs(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "partners",
        {"example-partner-85.yml": partner(85), "example-partner-85.yaml": partner(85)},
    )

    records, problems = load_collection(Partner, folder, folder.parent, CONTEXT)

    assert [r.label for r in records] == ["content/partners/example-partner-85.yaml"]
    assert strs(problems) == [
        f"content/partners/example-partner-85.yml:1: {FILE_FIELD}: duplicate slug "
        "'example-partner-85': content/partners/example-partner-85.yaml"
    ]


def test_record_files_and_labels(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "partners",
        {
            "b.yml": "",
            "a.yaml": "",
            "notes.txt": "",
            "c.yml.bak": "",
        },
    )
    (folder / "sub.yml").mkdir()

    assert [p.name for p in record_files(folder)] == ["a.yaml", "b.yml"]
    assert record_files(tmp_path / "missing") == []
    assert label_for(folder / "b.yml", folder.parent) == "content/partners/b.yml"


def test_no_folder_is_no_records(tmp_path: Path) -> None:
    assert load_collection(Partner, tmp_path / "none", tmp_path, CONTEXT) == ([], [])


def test_record_problem_points_at_the_field() -> None:
    record = Record(
        "example-partner-86",
        "content/partners/example-partner-86.yml",
        LineMap({(): 2, ("phones",): 6, ("phones", 1): 8}),
        Partner.model_validate(
            {"name": "Example Partner 86", "category": "health", "description": "x"},
            context=CONTEXT,
        ),
    )

    assert str(record.problem(("phones", 1, "number"), "a message")) == (
        "content/partners/example-partner-86.yml:8: phones[1].number: a message"
    )
    assert str(record.problem(("website",), "another")) == (
        "content/partners/example-partner-86.yml:2: website: another"
    )


def test_check_unique(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "partners",
        {
            "example-partner-87.yml": partner(87),
            "example-partner-88.yml": "category: health\n"
            "description: Synthetic test data.\n"
            "name: Example Partner 87\n",
            "example-partner-89.yml": partner(89),
        },
    )
    unique_name = check_unique(lambda p: p.name, "name", "partner name")

    _, problems = load_collection(
        Partner, folder, folder.parent, CONTEXT, [unique_name]
    )

    assert strs(problems) == [
        "content/partners/example-partner-88.yml:4: name: duplicate partner name "
        "'Example Partner 87': also in content/partners/example-partner-87.yml"
    ]


def test_check_references(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "legislation",
        {
            "example-bill-90.yml": bill(
                9090,
                "related:\n"
                "  - example-bill-91\n"  # exists
                "  - example-bill-92\n"  # exists, though it is not valid
                "  - example-bill-404\n"  # does not exist
                "  - example-bill-90\n",  # itself
            ),
            "example-bill-91.yml": bill(9091),
            "example-bill-92.yml": bill(9092, "position: maybe\n"),
        },
    )
    related = check_references("related", "legislation")

    _, problems = load_collection(Bill, folder, folder.parent, CONTEXT, [related])

    assert strs(problems) == [
        # Found while loading, before any check runs.
        "content/legislation/example-bill-92.yml:8: position: expected one of "
        "'support', 'oppose', 'watch' or 'none'; found 'maybe'",
        "content/legislation/example-bill-90.yml:11: related[2]: no legislation "
        "record named 'example-bill-404'",
        "content/legislation/example-bill-90.yml:12: related[3]: a record cannot "
        "list itself",
    ]


def test_checks_see_records_and_slugs() -> None:
    seen: list[Loaded[Any]] = []

    def spy(loaded: Loaded[Any]) -> Iterable[Problem]:
        seen.append(loaded)
        return ()

    load_collection(
        Bill, FIXTURES / "legislation" / "good", FIXTURES, CONTEXT, [spy, spy]
    )

    assert len(seen) == 2
    assert seen[0].slugs == frozenset({"example-bill-1", "example-bill-2"})
    assert [r.label for r in seen[0].records] == [
        "records/legislation/good/example-bill-1.yml",
        "records/legislation/good/example-bill-2.yml",
    ]


def test_duplicate_bill_identifiers_are_normalised(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "legislation",
        {
            "example-bill-93.yml": bill(9093),
            "example-bill-94.yml": bill(9093).replace("SB 9093", "sb  9093"),
            # Same identifier in another session: a different bill.
            "example-bill-95.yml": bill(9093, session="2007-2008"),
        },
    )

    _, problems = load_collection(
        Bill, folder, folder.parent, CONTEXT, legislation_checks({})
    )

    [problem] = problems
    assert (problem.path, problem.line, problem.field) == (
        "content/legislation/example-bill-94.yml",
        2,
        "identifier",
    )
    assert problem.message.endswith("also in content/legislation/example-bill-93.yml")


def test_actions_in_date_order(tmp_path: Path) -> None:
    actions = (
        "actions:\n"
        "  - date: 2006-02-24\n"
        "    description: Introduced (synthetic).\n"
        "  - date: 2006-02-24\n"  # the same day is in order
        "    description: Referred (synthetic).\n"
        "  - date: 2006-01-10\n"
        "    description: Out of order (synthetic).\n"
    )
    folder = content(
        tmp_path, "legislation", {"example-bill-96.yml": bill(96, actions)}
    )

    _, problems = load_collection(
        Bill, folder, folder.parent, CONTEXT, legislation_checks({})
    )

    assert strs(problems) == [
        "content/legislation/example-bill-96.yml:13: actions[2].date: 2006-01-10 "
        "comes before the action above it (2006-02-24); list actions in date order"
    ]


# --- Kept between loads (the preview's record saves) ----------------------------


def load_kept(
    folder: Path, store: ValidatedFiles, context: Mapping[str, Any] = CONTEXT
) -> tuple[list[Record[Any]], list[str]]:
    cache = open_cache(folder.parent.parent / "cache", "partners")
    records, problems = load_collection(
        Partner,
        folder,
        folder.parent,
        context,
        checks=[check_unique(lambda p: p.name, "name", "name")],
        languages=("es",),
        cache=cache,
        validated=store,
    )
    return records, strs(problems)


def test_a_kept_load_reads_again_only_the_changed_file(tmp_path: Path) -> None:
    folder = content(tmp_path, "partners", {"a.yml": partner(1), "b.yml": partner(2)})
    store = ValidatedFiles()
    first, _ = load_kept(folder, store)
    (folder / "b.yml").write_text(
        partner(3, "es:\n  description: Datos de prueba.\n"), "utf-8"
    )

    second, problems = load_kept(folder, store)

    assert problems == []
    assert second[0] is first[0]
    assert second[1] is not first[1]
    assert second[1].data.name == "Example Partner 3"
    assert second[1].translations["es"].description == "Datos de prueba."  # type: ignore[attr-defined]


def test_a_kept_load_reports_every_problem_every_time(tmp_path: Path) -> None:
    folder = content(
        tmp_path,
        "partners",
        {"a.yml": partner(1), "b.yml": partner(2, "website: not-a-url\n")},
    )
    store = ValidatedFiles()
    _, first = load_kept(folder, store)
    # The same name twice: a check across files, on a file kept from before.
    (folder / "c.yml").write_text(partner(1), "utf-8")

    _, second = load_kept(folder, store)

    assert len(first) == 1 and "content/partners/b.yml" in first[0]
    assert second[0] == first[0]
    assert any("duplicate name 'Example Partner 1'" in p for p in second[1:])


def test_a_kept_load_validates_again_when_the_context_changes(tmp_path: Path) -> None:
    folder = content(tmp_path, "partners", {"a.yml": partner(1)})
    store = ValidatedFiles()
    _, problems = load_kept(folder, store)
    assert problems == []

    narrower = {**CONTEXT, "categories": ("legal",)}
    _, problems = load_kept(folder, store, narrower)

    assert len(problems) == 1
    assert "category" in problems[0] and "'health'" in problems[0]


def test_views_are_made_again_for_the_records_a_kept_load_read_again(
    tmp_path: Path,
) -> None:
    folder = content(tmp_path, "partners", {"a.yml": partner(1), "b.yml": partner(2)})
    views: KeptRecords[str] = KeptRecords()
    made: list[str] = []

    def view(record: Record[Any]) -> str:
        made.append(record.slug)
        return f"{record.slug}: {record.data.name}"  # type: ignore[attr-defined]

    def shown(store: ValidatedFiles) -> list[str]:
        records, _ = load_kept(folder, store)
        found = [views.get(record, view) for record in records]
        views.settle()
        return found

    store = ValidatedFiles()
    assert shown(store) == ["a: Example Partner 1", "b: Example Partner 2"]
    (folder / "b.yml").write_text(partner(3), "utf-8")
    assert shown(store) == ["a: Example Partner 1", "b: Example Partner 3"]
    assert made == ["a", "b", "b"]

    # Records read afresh (a new build's) are equal, not the same: made again.
    assert shown(ValidatedFiles()) == ["a: Example Partner 1", "b: Example Partner 3"]
    assert made[3:] == ["a", "b"]
