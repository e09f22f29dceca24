"""The preview's fast rebuild: what shows a changed body is remade, nothing else."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import DEV_SETTINGS, ROOT, build_project

from sitebuild.build import BuildError
from sitebuild.preview import Preview, compare, replace_everywhere, snapshot


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
    ("name", "body", "expected"),
    [
        ("pages/about.md", "Finish this TODO before it goes out.", "about.md:"),
        (
            "pages/about.md",
            "See [the plan]({filename}/pages/nowhere.md).",
            "nowhere.md",
        ),
        (
            "news/ab-1761-signed.md",
            "See [the bill]({legislation}no-such-bill).",
            "ab-1761-signed.md:.*no-such-bill",
        ),
    ],
)
def test_bad_body_edit_fails_and_keeps_the_page(
    tmp_path: Path,
    warm: Preview,
    content_copy: Path,
    name: str,
    body: str,
    expected: str,
) -> None:
    source = content_copy / name
    before = files(tmp_path / "output")
    edit(source, first_body_line(source), body)

    with pytest.raises(BuildError, match=expected):
        warm.rebuild()

    assert files(tmp_path / "output") == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_replace_everywhere_reaches_nested_lists_and_refuses_tuples() -> None:
    old, new, other = object(), object(), object()
    listing = [other, old]
    context = {"articles": listing, "by_year": {2016: [old]}, "pairs": [("a", [old])]}
    assert replace_everywhere([context, listing], old, new)
    assert listing == [other, new]
    assert context["by_year"] == {2016: [new]}
    assert context["pairs"] == [("a", [new])]
    assert not replace_everywhere([{"frozen": (old,)}], old, new)


def outside_search(folder: Path) -> dict[str, bytes]:
    # Pagefind's index is remade by the full build only, on both paths alike.
    return {
        name: data
        for name, data in files(folder).items()
        if not name.startswith("pagefind/")
    }


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # No Spanish translation: the Spanish site shows the original too.
        (
            "news/national-hotline-new-operator.md",
            {
                "news/national-hotline-new-operator/index.html",
                "feeds/news.atom.xml",
                "es/news/national-hotline-new-operator/index.html",
                "es/feeds/news.atom.xml",
            },
        ),
        # A translation is shown in its own language only.
        (
            "news/es/ab-1761-signed.md",
            {"es/news/ab-1761-signed/index.html", "es/feeds/news.atom.xml"},
        ),
    ],
)
def test_article_body_edit_remakes_its_pages_and_feeds_as_a_full_build_would(
    tmp_path: Path, content_copy: Path, source: str, expected: set[str]
) -> None:
    (content_copy / "news" / "es" / "national-hotline-new-operator.md").unlink()
    site = preview(tmp_path, content_copy)
    site.build()
    before = files(tmp_path / "output")
    path = content_copy / source
    edit(path, first_body_line(path), "A sentence the preview must show.")

    report = site.rebuild()

    assert report is not None
    assert report.pages == sum(name.endswith(".html") for name in expected)
    after = files(tmp_path / "output")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == expected
    for name in expected:
        assert b"A sentence the preview must show." in after[name]
    # Every file but the search index, not only those the fast path wrote: an
    # output that shows the text and was left stale would differ here.
    full = build_project(tmp_path / "full", content_copy)
    assert outside_search(tmp_path / "output") == outside_search(full)


def test_article_front_matter_edit_runs_the_full_build(
    tmp_path: Path, warm: Preview, content_copy: Path
) -> None:
    # The news page lists each article's Summary, so it must be remade.
    source = content_copy / "news" / "ab-1761-signed.md"
    text = source.read_text(encoding="utf-8")
    summary = next(line for line in text.splitlines() if line.startswith("Summary:"))
    edit(source, summary, "Summary: A summary only the full build can place.")

    report = warm.rebuild()

    assert report is not None and report.pages > 10
    news = (tmp_path / "output" / "news" / "index.html").read_text(encoding="utf-8")
    assert "A summary only the full build can place." in news


def test_body_edit_that_links_a_new_static_file_runs_the_full_build(
    tmp_path: Path, content_copy: Path
) -> None:
    # Only the full build copies a file that a body starts linking to.
    (content_copy / "files").mkdir()
    (content_copy / "files" / "form.pdf").write_bytes(b"%PDF-1.4\n")
    site = preview(tmp_path, content_copy)
    site.build()
    assert not (tmp_path / "output" / "files" / "form.pdf").exists()
    source = content_copy / "news" / "ab-1761-signed.md"
    edit(
        source, first_body_line(source), "Fill in [the form]({static}/files/form.pdf)."
    )

    report = site.rebuild()

    assert report is not None and report.pages > 10
    assert (tmp_path / "output" / "files" / "form.pdf").exists()


# (file, text, its replacement, a page that shows the new text)
RECORD_SAVES = [
    (
        "partners/dignity-health.yml",
        "CAST reports a survivor-advocate program",
        "CAST reports an example survivor-advocate program",
        "partners/dignity-health/index.html",
    ),
    (
        "partners/dignity-health.yml",
        "CAST informa que tiene un programa",
        "CAST informa que tiene un buen programa",
        "es/partners/dignity-health/index.html",
    ),
    # The name is on the listings, the site map and the partner's card.
    (
        "partners/dignity-health.yml",
        "name: Dignity Health\n",
        "name: Dignity Health Example Clinic\n",
        "partners/index.html",
    ),
    # Another partner: the one saved before is now read as it was saved,
    # and it must show as saved, not as it was before it.
    (
        "partners/saban-free-clinic.yml",
        "CAST reports a partnership",
        "CAST reports an example partnership",
        "partners/saban-free-clinic/index.html",
    ),
    (
        "partners/dignity-health.yml",
        "category: health",
        "category: legal-services",
        "partners/category/legal-services/index.html",
    ),
    (
        "legislation/sb-1193.yml",
        "title: Human trafficking public posting",
        "title: Human trafficking notices in public places",
        "legislation/sb-1193/index.html",
    ),
]


def test_record_saves_remake_what_shows_them_as_a_full_build_would(
    tmp_path: Path, warm: Preview, content_copy: Path
) -> None:
    output = tmp_path / "output"
    pages = sum(1 for _ in output.rglob("*.html"))
    for name, old, new, page in RECORD_SAVES:
        before = files(output)
        edit(content_copy / name, old, new)

        report = warm.rebuild()

        assert report is not None
        # Not the full build, which writes every page.
        assert report.pages < pages / 4, f"{name}: {report.pages} pages"
        after = files(output)
        changed = {path for path, data in after.items() if data != before.get(path)}
        assert page in changed, f"{name}: {old!r} -> {new!r} left {page} as it was"
        # Every file but the search index: a page that shows the record and
        # was left stale would differ here.
        full = build_project(tmp_path / "full", content_copy)
        assert outside_search(output) == outside_search(full), (
            f"after {name}: {old!r} -> {new!r}"
        )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "category: health",
            "category: not-a-category",
            r"partners/dignity-health\.yml:2.*category",
        ),
        (
            "status: active",
            "status: [active",
            r"partners/dignity-health\.yml:\d+: .*malformed YAML",
        ),
    ],
    ids=["field", "yaml"],
)
def test_bad_record_save_fails_keeps_the_site_and_the_next_save_recovers(
    tmp_path: Path,
    warm: Preview,
    content_copy: Path,
    old: str,
    new: str,
    expected: str,
) -> None:
    output = tmp_path / "output"
    partner = content_copy / "partners" / "dignity-health.yml"
    before = files(output)
    edit(partner, old, new)

    with pytest.raises(BuildError, match=expected) as failure:
        warm.rebuild()

    # Once, as the full build reports it, not once per language.
    assert len(failure.value.problems) == 1, failure.value.problems
    assert files(output) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")]
    assert leftovers == []
    edit(partner, new, old.replace("health", "legal-services"))
    assert warm.rebuild() is not None
    full = build_project(tmp_path / "full", content_copy)
    assert outside_search(output) == outside_search(full)


def test_record_save_after_a_body_save_keeps_the_new_text(
    tmp_path: Path, warm: Preview, content_copy: Path
) -> None:
    # The directory's page shows its own text and every partner's name: the
    # name save remakes it, and it must do so from the text as now saved.
    source = content_copy / "pages" / "partners.md"
    edit(source, first_body_line(source), "A sentence the preview must show.")
    assert warm.rebuild() is not None
    edit(
        content_copy / "partners" / "dignity-health.yml",
        "name: Dignity Health\n",
        "name: Dignity Health Example Clinic\n",
    )

    report = warm.rebuild()

    assert report is not None and report.pages < 40
    output = tmp_path / "output"
    directory = (output / "partners" / "index.html").read_text(encoding="utf-8")
    assert "Dignity Health Example Clinic" in directory
    assert "A sentence the preview must show." in directory
    full = build_project(tmp_path / "full", content_copy)
    assert outside_search(output) == outside_search(full)
