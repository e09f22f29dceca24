"""The Markdown cache: the same HTML as Pelican's reader, rendered once per change."""

from __future__ import annotations

from pathlib import Path

from conftest import DEV_SETTINGS

from markdowncache.store import (
    PARALLEL_FROM,
    DigestStore,
    MarkdownCache,
    Renderer,
    fingerprint,
    render_missing,
)
from sitebuild.build import build_site

SETTINGS = {
    "extensions": ["markdown.extensions.extra", "markdown.extensions.meta"],
    "output_format": "html5",
}
FORMATTED = ["summary"]


def page(n: int) -> str:
    return (
        f"Title: Example Page {n}\nSummary: Synthetic *summary* {n}.\n\n"
        f"## Heading {n}\n\nSome **synthetic** text, number {n}.\n"
    )


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(tmp_path: Path, name: str, enabled: bool) -> Path:
    overrides = {
        "CACHE_PATH": str(tmp_path / name / "cache"),
        "MARKDOWNCACHE_ENABLED": enabled,
    }
    return build_site(DEV_SETTINGS, tmp_path / name / "output", overrides).output


def test_site_is_identical_with_and_without_the_cache(tmp_path: Path) -> None:
    plain = files(build(tmp_path, "plain", enabled=False))
    cold = files(build(tmp_path, "cached", enabled=True))
    assert (tmp_path / "cached" / "cache" / "markdown-v1.pickle").exists()
    warm = files(build(tmp_path, "cached", enabled=True))
    assert cold == plain
    assert warm == plain


def test_renderer_splits_metadata_and_formats_the_summary() -> None:
    rendered = Renderer(SETTINGS, FORMATTED).render(page(1))
    assert rendered.meta["title"] == ["Example Page 1"]
    assert rendered.formatted["summary"] == "<p>Synthetic <em>summary</em> 1.</p>"
    assert "<h2>Heading 1</h2>" in rendered.content
    assert "Title:" not in rendered.content


def test_parallel_rendering_matches_serial() -> None:
    texts = {str(n): page(n) for n in range(PARALLEL_FROM + 5)}
    parallel = render_missing(texts, SETTINGS, FORMATTED, workers=2)
    serial = render_missing(texts, SETTINGS, FORMATTED, workers=1)
    assert parallel == serial


def test_only_changed_sources_are_rendered_again(tmp_path: Path) -> None:
    sources = []
    for n in range(3):
        sources.append(tmp_path / f"page-{n}.md")
        sources[-1].write_text(page(n), encoding="utf-8")
    key = fingerprint(SETTINGS, FORMATTED)
    first = MarkdownCache(tmp_path / "cache", key)
    first.fill(sources, SETTINGS, FORMATTED)
    first.save()

    sources[1].write_text(page(1).replace("number 1", "number one"), encoding="utf-8")
    second = MarkdownCache(tmp_path / "cache", key)
    kept = dict(second.entries)
    second.fill(sources, SETTINGS, FORMATTED)

    assert len(kept) == 3
    assert len(second.entries) == 3
    new = set(second.entries) - set(kept)
    assert len(new) == 1
    assert "number one" in second.entries[new.pop()].content
    # The unchanged pages are the very objects loaded from disk, not re-rendered.
    for key_, rendered in second.entries.items():
        if key_ in kept:
            assert rendered is kept[key_]


def test_changed_markdown_settings_discard_the_cache(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text(page(1), encoding="utf-8")
    cache = MarkdownCache(tmp_path / "cache", fingerprint(SETTINGS, FORMATTED))
    cache.fill([source], SETTINGS, FORMATTED)
    cache.save()
    other = {**SETTINGS, "output_format": "xhtml"}
    assert (
        MarkdownCache(tmp_path / "cache", fingerprint(other, FORMATTED)).entries == {}
    )


def test_unreadable_cache_file_is_ignored(tmp_path: Path) -> None:
    cache_file = tmp_path / "cache" / "markdown-v1.pickle"
    cache_file.parent.mkdir()
    cache_file.write_bytes(b"not a pickle")
    source = tmp_path / "page.md"
    source.write_text(page(2), encoding="utf-8")
    key = fingerprint(SETTINGS, FORMATTED)
    cache = MarkdownCache(tmp_path / "cache", key)
    cache.fill([source], SETTINGS, FORMATTED)
    cache.save()
    assert len(MarkdownCache(tmp_path / "cache", key).entries) == 1


def test_a_store_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    file = tmp_path / "cache" / "store.pickle"
    first = DigestStore[str](file, "key")
    first.put("a", "A")
    first.put("b", "B")
    first.save()

    second = DigestStore[str](file, "key")
    assert second.get("a") == "A"
    second.put("c", "C")
    second.forget_unused()
    second.save()

    assert DigestStore[str](file, "key").entries == {"a": "A", "c": "C"}
    assert not list(file.parent.glob("*.tmp"))
