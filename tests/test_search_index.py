"""Pagefind indexes the built site, inside the atomic build, main content only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT

from sitebuild.build import BuildError, build_site
from sitebuild.search import PAGEFIND_FOLDER, index_site

BODY = "data-pagefind-body"


def indexed_pages(root: Path) -> set[str]:
    """The pages whose HTML marks main content for the index."""
    return {
        page.relative_to(root).as_posix()
        for page in root.rglob("*.html")
        if BODY in page.read_text(encoding="utf-8")
    }


def test_the_build_writes_a_search_index_of_every_content_page(
    built_site: Path,
) -> None:
    folder = built_site / PAGEFIND_FOLDER
    assert (folder / "pagefind.js").is_file()
    assert (folder / "pagefind-worker.js").is_file()
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(indexed_pages(built_site))


def test_partners_bills_news_and_pages_are_indexed_and_the_rest_is_not(
    built_site: Path,
) -> None:
    pages = indexed_pages(built_site)
    for expected in (
        "index.html",
        "about/index.html",
        "partners/index.html",
        "partners/saban-free-clinic/index.html",
        "legislation/sb-1569/index.html",
        "news/ab-1761-signed/index.html",
    ):
        assert expected in pages
    every = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    left_out = every - pages
    pages_left_out = {"404.html", "search/index.html", "site-map/index.html"}
    assert pages_left_out <= left_out
    assert all(p in pages_left_out or p.startswith("partners/") for p in left_out), (
        left_out
    )
    assert any(p.startswith("partners/category/") for p in left_out)


def test_only_main_content_is_marked_for_the_index(built_site: Path) -> None:
    """The header, menus, hotlines and footer of every page stay out of results."""
    for name in sorted(indexed_pages(built_site)):
        html = (built_site / name).read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        marked = soup.select(f"[{BODY}]")
        assert [element.name for element in marked] == ["main"], name


def test_a_site_without_main_content_marked_fails(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang=en><title>T</title><main><h1>T</h1></main>",
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="no page with a data-pagefind-body"):
        index_site(tmp_path)


def test_a_site_with_no_pages_fails_with_pagefinds_reason(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="Pagefind failed") as failure:
        index_site(tmp_path)
    assert "not able to build an index" in str(failure.value)


def test_a_failed_index_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    output = tmp_path / "output"
    overrides = {"CACHE_PATH": str(tmp_path / "cache")}
    build_site(DEV_SETTINGS, output, overrides)
    before = sorted(p.relative_to(output) for p in output.rglob("*"))

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    for template in theme.glob("templates/*.html"):
        text = template.read_text(encoding="utf-8")
        template.write_text(text.replace(" data-pagefind-body", ""), "utf-8")
    with pytest.raises(BuildError, match="data-pagefind-body"):
        build_site(DEV_SETTINGS, output, {**overrides, "THEME": str(theme)})

    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output")] == []
