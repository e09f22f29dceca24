"""A failed build names the problem and leaves the previous output untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEV_SETTINGS

from sitebuild.build import BuildError, build_site

BROKEN_PAGES = {
    "bad-date.md": "Title: Bad date\nDate: the day after tomorrow\n\nText.\n",
    "no-title.md": "Summary: A page without a title.\n\nText.\n",
    "broken-link.md": "Title: Broken\n\nSee [this]({filename}/pages/nowhere.md).\n",
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(tmp_path: Path, content: Path) -> Path:
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    return build_site(DEV_SETTINGS, tmp_path / "output", overrides).output


@pytest.mark.parametrize("name", sorted(BROKEN_PAGES))
def test_broken_page_fails_and_keeps_previous_output(
    tmp_path: Path, content_copy: Path, name: str
) -> None:
    output = build(tmp_path, content_copy)
    before = snapshot(output)

    (content_copy / "pages" / name).write_text(BROKEN_PAGES[name], encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build(tmp_path, content_copy)

    assert name in str(failure.value)
    assert snapshot(output) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_repeated_failure_still_fails(tmp_path: Path, content_copy: Path) -> None:
    """The preview rebuilds in one process; the same error must fail every time."""
    (content_copy / "pages" / "no-title.md").write_text(
        BROKEN_PAGES["no-title.md"], encoding="utf-8"
    )
    for _ in range(2):
        with pytest.raises(BuildError, match=r"no-title\.md"):
            build(tmp_path, content_copy)
    assert not (tmp_path / "output").exists()


def test_successful_rebuild_replaces_output(tmp_path: Path, content_copy: Path) -> None:
    output = build(tmp_path, content_copy)
    stale = output / "stale.html"
    stale.write_text("left from an older build", encoding="utf-8")
    (content_copy / "pages" / "new.md").write_text(
        "Title: New page\nSummary: A new page.\n\nHello.\n", encoding="utf-8"
    )

    build(tmp_path, content_copy)

    assert (output / "new" / "index.html").is_file()
    assert not stale.exists()
    assert output.stat().st_mode & 0o755 == 0o755
