"""The internal link checker finds what a visitor would find broken."""

from __future__ import annotations

from pathlib import Path

from sitebuild.links import find_broken_references


def write(root: Path, name: str, body: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><title>t</title>{body}", encoding="utf-8")


def test_resolving_references_pass(tmp_path: Path) -> None:
    write(tmp_path, "index.html", '<a href="about/">About</a><img src="a.png" alt="">')
    write(tmp_path, "about/index.html", '<h1 id="top">About</h1><a href="../#x">x</a>')
    write(
        tmp_path,
        "index.html",
        '<p id="x"><a href="about/#top">About</a></p>'
        '<img srcset="a.png 1x, b.png 2x" alt=""><a href="tel:911">911</a>'
        '<a href="https://www.weather.gov/">Weather</a>',
    )
    (tmp_path / "a.png").write_bytes(b"")
    (tmp_path / "b.png").write_bytes(b"")
    assert find_broken_references(tmp_path) == []


def test_missing_file_fragment_and_scheme_are_reported(tmp_path: Path) -> None:
    write(
        tmp_path,
        "index.html",
        '<a href="missing/">x</a><a href="#nope">y</a>'
        '<img srcset="gone.webp 480w" alt=""><a href="javascript:alert(1)">z</a>'
        '<a href="../../etc/passwd">w</a>',
    )
    found = {(b.attribute, b.value): b.reason for b in find_broken_references(tmp_path)}
    assert found == {
        ("href", "missing/"): "no such file in the output",
        ("href", "#nope"): "no element with id 'nope' on that page",
        ("srcset", "gone.webp"): "no such file in the output",
        ("href", "javascript:alert(1)"): "the javascript: scheme is not allowed",
        ("href", "../../etc/passwd"): "points outside the site",
    }
