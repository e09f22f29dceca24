"""Production output: fingerprinted theme files, minified HTML and CSS, cache rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect
from test_csp_browser import serve, watched_page

from security.headers import headers_for, parse_headers_file
from sitebuild.assets import (
    IMMUTABLE,
    REVALIDATE,
    fingerprint_name,
    minify_css,
    minify_page,
    process_site,
    reference_pattern,
    rewrite_css_urls,
    rewrite_references,
)
from sitebuild.build import build_site
from sitebuild.html import validate_html
from sitebuild.links import find_broken_references

ROOT = Path(__file__).resolve().parent.parent
HASHED = re.compile(r"\.[0-9a-f]{10}\.\w+$")


@pytest.fixture(scope="module")
def production_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """publishconf.py's output, with root-relative URLs so every link is checked.

    With the real SITEURL every link is absolute, and the link check leaves
    absolute links alone.
    """
    tmp = tmp_path_factory.mktemp("production")
    return build_site(
        ROOT / "publishconf.py",
        tmp / "output",
        {"CACHE_PATH": str(tmp / "cache"), "SITEURL": ""},
    ).output


def pages(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


# --- Units ----------------------------------------------------------------------


def test_a_fingerprint_is_ten_hex_digits_of_the_content() -> None:
    first = fingerprint_name(PurePosixPath("css/site.css"), b"body{}")
    assert re.fullmatch(r"css/site\.[0-9a-f]{10}\.css", first.as_posix())
    assert fingerprint_name(PurePosixPath("css/site.css"), b"body{}") == first
    assert fingerprint_name(PurePosixPath("css/site.css"), b"p{}") != first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '<link href="https://www.castla.org/theme/css/site.css" rel="stylesheet">',
            '<link href="https://www.castla.org/theme/css/site.0123456789.css" '
            'rel="stylesheet">',
        ),
        ("<script src=../../theme/js/exit.js defer>", None),
        ('<link href="/theme/css/site.css?v=2">', '<link href="/theme/css/site.'),
        ('<a href="/mytheme/css/site.css">', '<a href="/mytheme/css/site.css">'),
        ('<a href="/theme/css/site.css.map">', '<a href="/theme/css/site.css.map">'),
    ],
)
def test_references_are_rewritten_wherever_they_point_from(
    text: str, expected: str | None
) -> None:
    renamed = {"css/site.css": "css/site.0123456789.css", "js/exit.js": "js/exit.a.js"}
    result = rewrite_references(
        text, reference_pattern("theme", renamed), "theme", renamed
    )
    if expected is None:
        assert result == "<script src=../../theme/js/exit.a.js defer>"
    else:
        assert result.startswith(expected)


def test_css_urls_follow_the_renamed_files() -> None:
    css = "a{background:url(../icons/arrow.svg)}b{background:url('../x.png#y')}"
    renamed = {"icons/arrow.svg": "icons/arrow.1111111111.svg", "x.png": "x.2.png"}
    assert rewrite_css_urls(css, PurePosixPath("css/site.css"), renamed) == (
        "a{background:url(../icons/arrow.1111111111.svg)}"
        "b{background:url('../x.2.png#y')}"
    )


def test_css_is_minified() -> None:
    css = "/* why */\n.cast-a {\n  color: #ff0000;\n  margin: 0px;\n}\n"
    assert minify_css(css) == ".cast-a{color:red;margin:0}"


def test_minified_html_keeps_what_visitors_and_checkers_need() -> None:
    html = (
        '<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n'
        '  <meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; script-src 'self'\">\n"
        "  <title>Example</title>\n"
        '  <script type="application/ld+json">{"name": "Example Partner 17"}</script>\n'
        '</head>\n<body class="cast-body">\n'
        "  <pre>  two\n    spaces</pre>\n  <p>Example   text</p>\n</body>\n</html>\n"
    )
    result = minify_page(html)
    assert result.startswith("<!doctype html><html lang=en><head>")
    assert (
        "<meta http-equiv=Content-Security-Policy "
        "content=\"default-src 'none'; script-src 'self'\">"
    ) in result
    assert '{"name": "Example Partner 17"}' in result
    assert "<pre>  two\n    spaces</pre>" in result
    assert "<p>Example text</p>" in result
    assert result.endswith("</body></html>")


def test_nothing_is_done_when_both_settings_are_off(tmp_path: Path) -> None:
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "a.css").write_text("p { }", encoding="utf-8")
    (tmp_path / "index.html").write_text('<p>  <a href="theme/a.css">x</a>')
    process_site(tmp_path, "theme", fingerprint=False, minify=False)
    assert (tmp_path / "theme" / "a.css").read_text() == "p { }"
    assert (tmp_path / "index.html").read_text() == '<p>  <a href="theme/a.css">x</a>'


# --- The production build -------------------------------------------------------


def test_every_theme_file_is_fingerprinted_and_no_original_is_left(
    production_site: Path,
) -> None:
    files = [p for p in (production_site / "theme").rglob("*") if p.is_file()]
    names = {p.relative_to(production_site / "theme").as_posix() for p in files}
    assert any(name.startswith("css/site.") for name in names)
    assert [name for name in names if not HASHED.search(name)] == []


def test_pages_name_only_fingerprinted_theme_files_and_every_link_works(
    production_site: Path,
) -> None:
    for page in pages(production_site):
        text = page.read_text(encoding="utf-8")
        for url in re.findall(r"/theme/[\w./-]+", text):
            assert HASHED.search(url), f"{page}: {url}"
    assert find_broken_references(production_site) == []


def test_pages_and_stylesheets_are_minified(production_site: Path) -> None:
    home = (production_site / "index.html").read_text(encoding="utf-8")
    assert home.startswith("<!doctype html><html lang=en><head><meta charset=utf-8>")
    assert "\n  " not in home
    [css] = (production_site / "theme" / "css").glob("site.*.css")
    assert "\n" not in css.read_text(encoding="utf-8").strip()


def test_json_ld_still_parses(production_site: Path) -> None:
    found = 0
    for page in pages(production_site):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", type="application/ld+json"):
            json.loads(script.string or "")
            found += 1
    assert found >= 3


def test_the_preview_keeps_readable_unrenamed_files(built_site: Path) -> None:
    assert (built_site / "theme" / "css" / "site.css").is_file()
    assert "\n" in (built_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", None),
        ("/about/", None),
        ("/theme/css/site.0123456789.css", IMMUTABLE),
        ("/pagefind/pagefind.js", REVALIDATE),
        ("/pagefind/pagefind-entry.json", REVALIDATE),
        ("/pagefind/index/en_0123456.pf_index", IMMUTABLE),
        ("/pagefind/fragment/en_0123456.pf_fragment", IMMUTABLE),
    ],
)
def test_each_path_gets_at_most_one_cache_lifetime(
    production_site: Path, path: str, expected: str | None
) -> None:
    rules = parse_headers_file((production_site / "_headers").read_text())
    found = [v for name, v in headers_for(rules, path) if name == "Cache-Control"]
    # Cloudflare Pages joins the values of every matching rule: one rule at most.
    assert found == ([expected] if expected else [])
    # The security headers still apply everywhere.
    assert "Content-Security-Policy" in dict(headers_for(rules, path))


def test_pagefind_names_the_files_given_a_long_lifetime_by_content(
    production_site: Path,
) -> None:
    for folder in ("index", "fragment"):
        files = list((production_site / "pagefind" / folder).iterdir())
        assert files
        assert all(re.fullmatch(r"\w+_[0-9a-f]{7,}\.pf_\w+", p.name) for p in files)


@pytest.mark.java
def test_the_minified_site_is_valid_html(production_site: Path) -> None:
    assert validate_html(production_site) == []


# --- In a browser ---------------------------------------------------------------


@pytest.fixture(scope="module")
def origin(production_site: Path) -> Iterator[str]:
    with serve(production_site, "header") as served:
        yield served


@pytest.mark.chromium
@pytest.mark.parametrize("path", ["/", "/partners/", "/search/?q=incognito"])
def test_the_production_pages_run_without_a_policy_violation(
    browser: Browser, origin: str, path: str
) -> None:
    with watched_page(browser, origin) as watched:
        page = watched.page
        page.goto(origin + path)
        if "search" in path:
            expect(
                page.locator(".cast-search__result-title a").first
            ).to_have_attribute("href", "/safety/")
        expect(page.locator(".cast-exit__button").first).to_be_attached()
        assert watched.problems() == []
