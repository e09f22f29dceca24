"""Page front matter is checked: one fixture per defect, each named with its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_project

from frontmatter.model import (
    check_body,
    check_header,
    check_translation_header,
    parse_source,
)
from sitebuild.build import BuildError

FIXTURES = ROOT / "tests" / "fixtures" / "frontmatter"
# fixture, line, field, part of the message
CASES = [
    ("missing-title.md", 1, "title", "missing; every page needs a `Title: ...` line"),
    ("missing-summary.md", 1, "summary", "missing"),
    ("empty-summary.md", 2, "summary", "is empty"),
    ("unknown-status.md", 3, "status", "expected one of published, hidden, draft"),
    ("unknown-field.md", 3, "templat", "unknown field"),
    ("unknown-template.md", 3, "template", "no such template"),
    ("unknown-parent.md", 3, "parent", "no page with that slug"),
    ("bad-date.md", 3, "date", "expected YYYY-MM-DD; found '26/11/2026'"),
    ("placeholder.md", 6, "text", "'TODO' must not be published"),
    ("vague-link.md", 4, "text", "'[click here]('"),
]


@pytest.mark.parametrize(("name", "line", "field", "message"), CASES)
def test_each_defect_is_named_with_file_line_and_field(
    name: str, line: int, field: str, message: str
) -> None:
    label = f"content/pages/{name}"
    source, problems = parse_source(label, (FIXTURES / name).read_text("utf-8"))
    problems += check_header(source, {"home", "about"}, {"page", "guide"})
    problems += check_body(source)
    assert [(p.path, p.line, p.field) for p in problems] == [(label, line, field)]
    assert message in problems[0].message


def test_every_fixture_is_covered() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.md")) == sorted(c[0] for c in CASES)


def test_a_good_header_passes() -> None:
    text = "Title: Fine\nSummary: All good.\nParent: home\nTemplate: guide\n\nBody.\n"
    source, problems = parse_source("content/pages/fine.md", text)
    assert problems == []
    assert check_header(source, {"home"}, {"guide"}) == []
    assert source.body_start == 6


@pytest.mark.parametrize("name", ["missing-title.md", "unknown-status.md"])
def test_the_build_fails_with_file_and_line(
    tmp_path: Path, content_copy: Path, name: str
) -> None:
    shutil.copy2(FIXTURES / name, content_copy / "pages" / name)
    with pytest.raises(BuildError) as failure:
        build_project(tmp_path, content_copy)
    [case] = [c for c in CASES if c[0] == name]
    assert f"content/pages/{name}:{case[1]}: {case[2]}: " in str(failure.value)


TRANSLATION_FIXTURES = FIXTURES / "es"
# A translation (content/pages/es/x.md) holds only its own text; the checks
# name the Spanish file, the line and the field.
TRANSLATION_CASES = [
    ("structure-in-translation.md", 3, "template", "comes from the original"),
    ("missing-title.md", 1, "title", "every translation needs a `Title: ...` line"),
    ("unknown-status.md", 3, "status", "expected one of published, hidden, draft"),
    # "todo" is ordinary Spanish; only the vague link text is a defect.
    ("vague-link.md", 4, "text", "'[aquí]('"),
]


@pytest.mark.parametrize(("name", "line", "field", "message"), TRANSLATION_CASES)
def test_each_translation_defect_is_named(
    name: str, line: int, field: str, message: str
) -> None:
    label = f"content/pages/es/{name}"
    text = (TRANSLATION_FIXTURES / name).read_text("utf-8")
    source, problems = parse_source(label, text)
    problems += check_translation_header(source) + check_body(source)
    assert [(p.path, p.line, p.field) for p in problems] == [(label, line, field)]
    assert message in problems[0].message


def test_every_translation_fixture_is_covered() -> None:
    names = sorted(p.name for p in TRANSLATION_FIXTURES.glob("*.md"))
    assert names == sorted(c[0] for c in TRANSLATION_CASES)


def test_a_translation_fails_the_build_like_an_original(
    tmp_path: Path, content_copy: Path
) -> None:
    name = "missing-title.md"
    shutil.copy2(
        TRANSLATION_FIXTURES / name, content_copy / "pages" / "es" / "about.md"
    )
    with pytest.raises(BuildError) as failure:
        build_project(tmp_path, content_copy)
    assert "content/pages/es/about.md:1: title: missing" in str(failure.value)


def test_a_translation_without_an_original_fails_the_build(
    tmp_path: Path, content_copy: Path
) -> None:
    orphan = content_copy / "pages" / "es" / "solo-en-espanol.md"
    orphan.write_text("Title: Solo\nSummary: Sin original.\n\nTexto.\n", "utf-8")
    with pytest.raises(BuildError) as failure:
        build_project(tmp_path, content_copy)
    assert (
        "content/pages/es/solo-en-espanol.md:1: (file): a translation needs its "
        "original, content/pages/solo-en-espanol.md" in str(failure.value)
    )
