"""Pagefind indexes the built site, inside the atomic build, main content only."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT

from cms.layout import public_pages
from sitebuild.build import BuildError, build_site
from sitebuild.search import PAGEFIND_FOLDER, index_site

BODY = "data-pagefind-body"
# What Pagefind writes before the JSON of each stored page.
FRAGMENT_SIGNATURE = b"pagefind_dcd"


def indexed_pages(root: Path) -> set[str]:
    """The pages whose HTML marks main content for the index."""
    return {
        page.relative_to(root).as_posix()
        for page in root.rglob("*.html")
        if BODY in page.read_text(encoding="utf-8")
    }


def language_of(name: str) -> str:
    return "es" if name.startswith("es/") else "en"


def fragments(root: Path) -> dict[str, list[dict[str, Any]]]:
    """Pagefind's stored pages, by the language index they are in.

    Each fragment is one page's record, gzipped JSON after a signature; its
    file name starts with the language index it belongs to (`es_...`).
    """
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((root / PAGEFIND_FOLDER / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(FRAGMENT_SIGNATURE), path
        record = json.loads(data.removeprefix(FRAGMENT_SIGNATURE))
        found.setdefault(path.name.split("_", 1)[0], []).append(record)
    return found


def test_the_build_writes_a_search_index_of_every_content_page(
    built_site: Path,
) -> None:
    folder = built_site / PAGEFIND_FOLDER
    assert (folder / "pagefind.js").is_file()
    assert (folder / "pagefind-worker.js").is_file()
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = indexed_pages(built_site)
    # One index per <html lang>: each language's pages in its own.
    assert set(entry["languages"]) == {"en", "es"}
    for code in ("en", "es"):
        mine = {name for name in pages if language_of(name) == code}
        assert entry["languages"][code]["page_count"] == len(mine) > 50


def test_each_language_index_holds_exactly_that_languages_pages(
    built_site: Path,
) -> None:
    pages = indexed_pages(built_site)
    by_index = fragments(built_site)
    assert set(by_index) == {"en", "es"}
    for code, records in by_index.items():
        urls = {record["url"].lstrip("/") for record in records}
        expected = {
            name.removesuffix("index.html")
            for name in pages
            if language_of(name) == code
        }
        assert urls == expected, code


def test_spanish_pages_are_indexed_by_their_lang_and_found_in_spanish(
    built_site: Path,
) -> None:
    # Pagefind files a page by its <html lang>; the search page loads the
    # index of its own lang, so /es/search/ searches the Spanish pages only.
    for name in indexed_pages(built_site):
        html = BeautifulSoup((built_site / name).read_bytes(), "html.parser").html
        assert html["lang"] == language_of(name), name
    search = BeautifulSoup(
        (built_site / "es" / "search" / "index.html").read_bytes(), "html.parser"
    )
    assert search.html["lang"] == "es"
    spanish = {r["url"]: r for r in fragments(built_site)["es"]}
    english = {r["url"]: r for r in fragments(built_site)["en"]}
    # A Spanish word is in the Spanish index, under the Spanish page's
    # address, and the English index does not have it.
    page = spanish["/es/learn-about-trafficking/"]
    assert "trata de personas" in page["content"]
    assert not any("trata de personas" in r["content"] for r in english.values())
    assert "human trafficking" in english["/learn-about-trafficking/"]["content"]


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
        assert f"es/{expected}" in pages
    every = {p.relative_to(built_site).as_posix() for p in public_pages(built_site)}
    left_out = every - pages
    pages_left_out = {"404.html", "search/index.html", "site-map/index.html"}
    # The same pages in every language.
    assert pages_left_out | {f"es/{p}" for p in pages_left_out} <= left_out
    bare = {p.removeprefix("es/") for p in left_out}
    assert all(p in pages_left_out or p.startswith("partners/") for p in bare), left_out
    assert any(p.startswith("partners/category/") for p in left_out)
    assert any(p.startswith("es/partners/category/") for p in left_out)


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


def _pages_of(built_site: Path, target: Path) -> Path:
    """The built pages without their index, as a build hands them to Pagefind."""
    shutil.copytree(built_site, target, ignore=shutil.ignore_patterns(PAGEFIND_FOLDER))
    return target


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_the_same_pages_reuse_the_kept_index_and_a_changed_page_is_indexed(
    built_site: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = index_site(_pages_of(built_site, tmp_path / "first"), cache)
    assert not first.reused
    again = index_site(_pages_of(built_site, tmp_path / "again"), cache)
    assert again.reused
    assert again.pages == first.pages
    assert _tree(again.folder) == _tree(first.folder)

    edited = _pages_of(built_site, tmp_path / "edited")
    about = edited / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    marker = "Zyxwvutsrq synthetic search marker."
    about.write_text(html.replace("</main>", f"<p>{marker}</p></main>", 1))
    changed = index_site(edited, cache)
    assert not changed.reused
    about_record = {r["url"]: r for r in fragments(edited)["en"]}["/about/"]
    assert marker.rstrip(".") in about_record["content"]
    # Only the latest index is kept.
    assert len(list(cache.iterdir())) == 1
