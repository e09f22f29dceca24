"""The preview's fast rebuild: one changed page re-rendered, the rest untouched."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import DEV_SETTINGS, ROOT, build_project

from sitebuild.build import BuildError
from sitebuild.preview import Preview, compare, snapshot


def preview(tmp_path: Path, content: Path) -> Preview:
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    return Preview(
        DEV_SETTINGS, tmp_path / "output", [content, ROOT / "theme"], overrides
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    # A save within the same clock tick must still be seen as a change.
    time.sleep(0.01)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def first_body_line(page: Path) -> str:
    _, _, body = page.read_text(encoding="utf-8").partition("\n\n")
    return next(line for line in body.splitlines() if line.strip())


@pytest.fixture
def warm(tmp_path: Path, content_copy: Path) -> Preview:
    site = preview(tmp_path, content_copy)
    site.build()
    return site


def test_snapshot_comparison_sees_added_removed_and_modified(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "b.md").write_text("b", encoding="utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "a.md").write_text("changed", encoding="utf-8")
    (tmp_path / "b.md").unlink()
    (tmp_path / "c.md").write_text("c", encoding="utf-8")
    change = compare(before, snapshot([tmp_path]))
    assert change.modified == {tmp_path / "a.md"}
    assert change.removed == {tmp_path / "b.md"}
    assert change.added == {tmp_path / "c.md"}


def test_body_edit_rerenders_only_that_page_as_a_full_build_would(
    tmp_path: Path, warm: Preview, content_copy: Path
) -> None:
    source = content_copy / "pages" / "about.md"
    before = files(tmp_path / "output")
    edit(source, first_body_line(source), "A sentence the preview must show.")

    report = warm.rebuild()

    assert report is not None and report.pages == 1
    after = files(tmp_path / "output")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"about/index.html"}
    assert b"A sentence the preview must show." in after["about/index.html"]
    full = build_project(tmp_path / "full", content_copy)
    assert after["about/index.html"] == (full / "about" / "index.html").read_bytes()


def test_nothing_changed_rebuilds_nothing(warm: Preview) -> None:
    assert warm.rebuild() is None


def test_front_matter_edit_runs_the_full_build(
    tmp_path: Path, warm: Preview, content_copy: Path
) -> None:
    # Accomplishments has no Nav_title, so its title is the footer link's label.
    source = content_copy / "pages" / "accomplishments.md"
    edit(source, "Title: Accomplishments", "Title: What the coalition achieved")

    report = warm.rebuild()

    assert report is not None and report.pages > 10
    # The new title reaches other pages too (the footer links), as it must.
    home = (tmp_path / "output" / "index.html").read_text(encoding="utf-8")
    assert "What the coalition achieved" in home


def test_new_page_runs_the_full_build(
    tmp_path: Path, warm: Preview, content_copy: Path
) -> None:
    (content_copy / "pages" / "brand-new.md").write_text(
        "Title: A brand-new page\nSummary: Synthetic page for a test.\n\nText.\n",
        encoding="utf-8",
    )
    report = warm.rebuild()
    assert report is not None and report.pages > 10
    assert (tmp_path / "output" / "brand-new" / "index.html").exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Finish this TODO before it goes out.", "about.md:"),
        ("See [the plan]({filename}/pages/nowhere.md).", "nowhere.md"),
    ],
)
def test_bad_body_edit_fails_and_keeps_the_page(
    tmp_path: Path, warm: Preview, content_copy: Path, body: str, expected: str
) -> None:
    source = content_copy / "pages" / "about.md"
    before = files(tmp_path / "output")
    edit(source, first_body_line(source), body)

    with pytest.raises(BuildError, match=expected):
        warm.rebuild()

    assert files(tmp_path / "output") == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")]
    assert leftovers == []
