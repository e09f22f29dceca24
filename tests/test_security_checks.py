"""Markup the Content-Security-Policy would block is found, with its line."""

from __future__ import annotations

import pytest

from security.checks import find_inline_code
from security.policy import script_hash


@pytest.mark.parametrize(
    ("html", "what"),
    [
        ('<p style="color: red">Red</p>', "a style attribute on <p>"),
        ('<a href="/" onclick="go()">Go</a>', "an onclick attribute on <a>"),
        ("<style>p { color: red }</style>", "a <style> element"),
        ("<script>alert(1)</script>", "an inline <script>"),
        ('<script type="module">alert(1)</script>', "an inline <script>"),
        ('<script type="text/javascript">alert(1)</script>', "an inline <script>"),
        # HTML's names are case-blind.
        ('<P STYLE="color: red">Red</P>', "a style attribute on <p>"),
        ('<a href="/" OnClick="go()">Go</a>', "an onclick attribute on <a>"),
        ("<STYLE>p { color: red }</STYLE>", "a <style> element"),
        ("<SCRIPT>alert(1)</SCRIPT>", "an inline <script>"),
        # After attributes whose names end in on...= (not handlers).
        (
            '<button aria-controls="m" data-con="x"\tonmouseover="go()">Go</button>',
            "an onmouseover attribute on <button>",
        ),
        ('<img alt="" src="x.png"/onerror="go()">', "an onerror attribute on <img>"),
    ],
)
def test_inline_code_is_found(html: str, what: str) -> None:
    [found] = find_inline_code(f"<!doctype html>\n<main>\n{html}\n</main>")
    assert found.line == 3
    assert found.what.startswith(what)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/theme/js/exit.js" defer></script>',
        '<script type="application/ld+json">{"@type": "NGO"}</script>',
        '<link rel="stylesheet" href="/theme/css/site.css">',
        '<p class="cast-prose" data-onward="yes">Text about style= and onclick=</p>',
        '<button aria-controls="menu" type="button">Menu</button>',
        '<meta name="description" content="Help, in English and Spanish">',
    ],
)
def test_external_files_and_data_blocks_pass(html: str) -> None:
    assert find_inline_code(html) == []


def test_an_inline_script_is_allowed_only_with_its_exact_hash() -> None:
    html = "<script>window.preview = true;</script>"
    assert find_inline_code(html, {script_hash("window.preview = true;")}) == []
    [found] = find_inline_code(html, {script_hash("window.preview = false;")})
    assert "inline <script>" in found.what


def test_every_problem_on_a_page_is_reported() -> None:
    html = '<p style="a">1</p>\n<p style="b" onclick="c()">2</p>'
    found = find_inline_code(html)
    assert [(f.line, f.what) for f in found] == [
        (1, "a style attribute on <p>"),
        (2, "a style attribute on <p>"),
        (2, "an onclick attribute on <p>"),
    ]


def test_each_problem_says_why_and_what_to_do_instead() -> None:
    [found] = find_inline_code('<p style="color: red">Red</p>')
    assert str(found) == (
        "a style attribute on <p>, which the Content-Security-Policy blocks; "
        "use a class from theme/static/css/site.css instead"
    )


def test_a_data_block_lookalike_is_still_checked() -> None:
    """The quick screen skips JSON-LD only when it is the script's real type."""
    html = '<p>x</p><script data-note="application/ld+json">alert(1)</script>'
    assert [item.what for item in find_inline_code(html)] == ["an inline <script>"]
