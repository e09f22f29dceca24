"""Reading one YAML record file: values, their lines, and problems instead of errors."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml

from records import loader
from records.errors import FILE_FIELD, Problem
from records.loader import (
    MAX_VALUES,
    LineMap,
    Location,
    dotted,
    load_record_file,
)

LABEL = "content/partners/example-partner-50.yml"

NESTED = """\
# Synthetic test data: nested values on known lines.
name: Example Partner 50
phones:
  - number: 213-555-0150
    type: voice
  -
    number: 213-555-0151
services: [Legal help, Case management]
description: |
  Line one.
  Line two.
last_verified: 2026-10-01
empty:
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "example-partner-50.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_values_are_plain_python(tmp_path: Path) -> None:
    loaded = load_record_file(write(tmp_path, NESTED), LABEL)

    assert loaded.problems == []
    assert loaded.data == {
        "name": "Example Partner 50",
        "phones": [
            {"number": "213-555-0150", "type": "voice"},
            {"number": "213-555-0151"},
        ],
        "services": ["Legal help", "Case management"],
        "description": "Line one.\nLine two.\n",
        "last_verified": datetime.date(2026, 10, 1),
        "empty": None,
    }


@pytest.mark.parametrize(
    ("location", "line"),
    [
        ((), 2),  # the top-level mapping starts at its first field
        (("name",), 2),
        (("phones",), 3),
        (("phones", 0), 4),
        (("phones", 0, "number"), 4),
        (("phones", 0, "type"), 5),
        (("phones", 1), 7),  # a `-` alone: the item starts on the next line
        (("phones", 1, "number"), 7),
        (("services",), 8),
        (("services", 0), 8),
        (("services", 1), 8),
        (("description",), 9),  # the key's line, not the block's first line
        (("last_verified",), 12),
        (("empty",), 13),
    ],
)
def test_line_of_each_value(tmp_path: Path, location: Location, line: int) -> None:
    loaded = load_record_file(write(tmp_path, NESTED), LABEL)

    assert loaded.lines.lines[location] == line
    assert loaded.lines.line_of(location) == line


def test_a_key_on_its_own_line_points_at_the_key(tmp_path: Path) -> None:
    text = "# Synthetic test data.\nname:\n  - Example\n  - Partner 51\n"
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.lines.line_of(("name",)) == 2
    assert loaded.lines.line_of(("name", 1)) == 4


@pytest.mark.parametrize(
    ("location", "text"),
    [
        ((), ""),
        (("name",), "name"),
        ((0,), "[0]"),
        (("phones", 0, "number"), "phones[0].number"),
        (("sponsors", 2, "name"), "sponsors[2].name"),
        (("a", "b", "c"), "a.b.c"),
        (("a", 0, 1), "a[0][1]"),
        (("actions", 10, "date"), "actions[10].date"),
    ],
)
def test_dotted(location: Location, text: str) -> None:
    assert dotted(location) == text


def test_line_of_falls_back_to_the_nearest_enclosing_value() -> None:
    lines = LineMap({(): 2, ("phones",): 5, ("phones", 0): 6})

    assert lines.line_of(("phones", 0)) == 6
    assert lines.line_of(("phones", 0, "number")) == 6  # missing: its item
    assert lines.line_of(("phones", 3, "number")) == 5  # no such item: the list
    assert lines.line_of(("website",)) == 2  # no such field: the file's fields
    assert LineMap().line_of(("anything", 0)) == 1  # nothing known: line 1
    assert LineMap().line_of(()) == 1


def test_the_c_loader_is_used_when_available() -> None:
    if not yaml.__with_libyaml__:  # pragma: no cover - depends on the PyYAML build
        pytest.fail("PyYAML was built without libyaml; the C loader is expected")
    assert loader.SafeLoader is yaml.CSafeLoader


MALFORMED = {
    "indentation": "name: Example Partner 52\ncategory: health\n  description: x\n",
    "unclosed-quote": 'name: "Example Partner 52\ncategory: health\n',
    "unclosed-bracket": "name: Example Partner 52\nservices: [a, b\ncategory: health\n",
    "tab": "name: Example Partner 52\n\tcategory: health\n",
    "bad-sequence": "name: Example Partner 52\nservices:\n  - a\n  b: c\n",
    "stray-colon": "name: Example: Partner: 52\n",
    "two-documents": "name: Example Partner 52\n---\nname: Example Partner 53\n",
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_c_and_python_loaders_give_the_same_marks(
    tmp_path: Path, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, text)
    with_c = load_record_file(path, LABEL)
    monkeypatch.setattr(loader, "SafeLoader", yaml.SafeLoader)
    with_python = load_record_file(path, LABEL)

    assert with_c.data is None
    assert [(p.line, p.field) for p in with_c.problems] == [
        (p.line, p.field) for p in with_python.problems
    ]
    [problem] = with_c.problems
    assert problem.message.startswith("malformed YAML: ")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            "name: Example Partner 53\ncategory: health\n  description: x\n",
            3,
            "mapping values are not allowed in this context",
        ),
        (
            "name: Example Partner 53\nservices: [a, b\ncategory: health\n",
            3,
            "while parsing a flow sequence",
        ),
        (
            "name: Example Partner 53\n---\nname: Example Partner 54\n",
            2,
            "expected a single document in the stream but found another document",
        ),
    ],
)
def test_malformed_yaml_points_at_the_parsers_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    loaded = load_record_file(write(tmp_path, text), LABEL)

    [problem] = loaded.problems
    assert (problem.path, problem.line, problem.field) == (LABEL, line, FILE_FIELD)
    assert problem.message.startswith(f"malformed YAML: {reason}")


def test_duplicate_keys_are_reported_and_the_first_value_kept(tmp_path: Path) -> None:
    text = (
        "name: Example Partner 55\n"
        "phones:\n"
        "  - number: 213-555-0155\n"
        "    type: voice\n"
        "    number: 213-555-0156\n"
        "name: Example Partner 55a\n"
    )
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.data == {
        "name": "Example Partner 55",
        "phones": [{"number": "213-555-0155", "type": "voice"}],
    }
    assert [str(p) for p in loaded.problems] == [
        f"{LABEL}:5: phones[0].number: this field appears twice (first on line 3)",
        f"{LABEL}:6: name: this field appears twice (first on line 1)",
    ]


def test_an_impossible_date_is_a_problem_on_its_line(tmp_path: Path) -> None:
    text = "name: Example Partner 56\nactions:\n  - date: 2006-02-30\n"
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.data == {"name": "Example Partner 56", "actions": [{"date": None}]}
    assert [str(p) for p in loaded.problems] == [
        f"{LABEL}:3: actions[0].date: cannot read '2006-02-30': "
        "day is out of range for month"
    ]


def test_not_utf8_points_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    text = "name: Example Partner 57\n\ndescription: Caf\xe9\n".encode("latin-1")
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.data is None
    assert loaded.problems == [
        Problem(
            LABEL,
            3,
            FILE_FIELD,
            "not UTF-8 text (byte 0xe9); save the file with UTF-8 encoding",
        )
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "the file is empty; expected fields such as `name: ...`"),
        (" \n\n", 1, "the file is empty; expected fields such as `name: ...`"),
        ("# Synthetic test data.\n# Nothing else.\n", 1, "only comments"),
        ("# Synthetic test data.\n- a\n- b\n", 2, "found a list"),
        ("# Synthetic test data.\nExample Partner 58\n", 2, "found a single value"),
    ],
    ids=["empty", "blank", "comments", "list", "scalar"],
)
def test_files_without_fields(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.data is None
    [problem] = loaded.problems
    assert (problem.line, problem.field) == (line, FILE_FIELD)
    assert message in problem.message


def test_size_limit(tmp_path: Path) -> None:
    text = "name: Example Partner 59\ndescription: Café\n"  # é is two bytes
    path = write(tmp_path, text)

    size = len(text.encode("utf-8"))

    assert load_record_file(path, LABEL, max_bytes=size).problems == []
    assert load_record_file(path, LABEL, max_bytes=size - 1).problems == [
        Problem(
            LABEL,
            1,
            FILE_FIELD,
            f"the file is {size} bytes; the limit is {size - 1} bytes",
        )
    ]


def alias_bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        items = ", ".join([f"*a{level - 1}"] * 8)
        lines.append(f"a{level}: &a{level} [{items}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    loaded = load_record_file(write(tmp_path, alias_bomb(12)), LABEL)

    assert loaded.data is None
    assert loaded.problems == [
        Problem(
            LABEL,
            1,
            FILE_FIELD,
            f"the file expands to more than {MAX_VALUES:,} values",
        )
    ]


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    text = "base: &base [Legal help, Case management]\nservices: *base\n"
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.problems == []
    assert loaded.data == {
        "base": ["Legal help", "Case management"],
        "services": ["Legal help", "Case management"],
    }


# The module promises: "Anything that stops a file from being read ... is
# reported with its line, never raised." These two small files raise
# RecursionError from _Builder.build instead.


def test_a_recursive_alias_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    text = "# Synthetic test data.\nname: &loop [*loop]\n"
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.data is None
    [problem] = loaded.problems
    assert problem.path == LABEL
    assert problem.field == FILE_FIELD


def test_deep_nesting_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    # About 1.2 kB: far under the size limit, and the C parser accepts it.
    text = "name: " + "[" * 600 + "]" * 600 + "\n"
    loaded = load_record_file(write(tmp_path, text), LABEL)

    assert loaded.data is None
    [problem] = loaded.problems
    assert problem.path == LABEL
    assert problem.field == FILE_FIELD


def test_problem_messages_are_one_line(tmp_path: Path) -> None:
    # `<<: *base` (a YAML merge key) is common in copied YAML. It is reported on
    # the right line, but the message embeds PyYAML's multi-line mark
    # ('\n  in "<unicode string>", line 2, column 1'), which breaks the
    # one-line `path:line: field: message` form.
    text = "base: &base {name: Example Partner 60}\n<<: *base\n"
    loaded = load_record_file(write(tmp_path, text), LABEL)

    [problem] = loaded.problems
    assert problem.line == 2
    assert "\n" not in str(problem)


def test_a_cached_file_reads_as_it_did(tmp_path: Path) -> None:
    path = write(tmp_path, NESTED)
    cache = loader.open_cache(tmp_path / "cache", "partners")
    fresh = load_record_file(path, LABEL, cache=cache)
    cache.save()

    again = loader.open_cache(tmp_path / "cache", "partners")
    cached = load_record_file(path, LABEL, cache=again)

    assert len(again.entries) == 1
    assert cached == fresh == load_record_file(path, LABEL)


def test_a_cached_file_is_read_again_once_it_changes(tmp_path: Path) -> None:
    path = write(tmp_path, NESTED)
    cache = loader.open_cache(tmp_path / "cache", "partners")
    load_record_file(path, LABEL, cache=cache)
    path.write_text(NESTED.replace("Example Partner 50", "Example Partner 51"))

    assert load_record_file(path, LABEL, cache=cache).data["name"] == (  # type: ignore[index]
        "Example Partner 51"
    )


def test_a_file_with_problems_is_never_cached(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Example Partner 50\nname: Again\n")
    cache = loader.open_cache(tmp_path / "cache", "partners")
    first = load_record_file(path, LABEL, cache=cache)
    cache.save()
    second = load_record_file(
        path, LABEL, cache=loader.open_cache(tmp_path / "cache", "partners")
    )

    assert cache.entries == {}
    assert first.problems and second.problems == first.problems


def test_the_size_limit_holds_for_a_cached_file(tmp_path: Path) -> None:
    path = write(tmp_path, NESTED)
    cache = loader.open_cache(tmp_path / "cache", "partners")
    load_record_file(path, LABEL, cache=cache)

    loaded = load_record_file(path, LABEL, max_bytes=10, cache=cache)

    assert loaded.data is None
    assert "the limit is 10 bytes" in loaded.problems[0].message
