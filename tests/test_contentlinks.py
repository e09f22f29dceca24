"""Links to missing content files are reported with file, line and target."""

from __future__ import annotations

from pathlib import Path

from contentlinks.model import find_missing_targets


def test_missing_and_present_targets(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "images").mkdir()
    (tmp_path / "pages" / "about.md").write_text("Title: About\n", encoding="utf-8")
    (tmp_path / "images" / "logo.png").write_bytes(b"")
    source = tmp_path / "pages" / "home.md"
    text = (
        "Title: Home\n\n"
        "[About]({filename}about.md) and [Also]({filename}/pages/about.md)\n"
        "![Logo]({static}/images/logo.png)\n"
        "[Gone]({filename}/pages/gone.md)\n"
    )
    missing = find_missing_targets(text, source, tmp_path)
    assert [m.message("content/pages/home.md") for m in missing] == [
        "content/pages/home.md:5: link: {filename}/pages/gone.md: "
        "no such file in the content folder"
    ]
