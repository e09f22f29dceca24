"""Markdown in record fields renders to a short list of safe tags, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from markupsafe import Markup

from markdowncache.store import DigestStore, digest
from records.markdown import (
    ALLOWED_TAGS,
    MarkdownRenderer,
    open_cache,
    renderer_fingerprint,
)

INJECTIONS = {
    "script": "Example Partner 1 <script>alert(1)</script> helps.",
    "script-block": "<script>\nalert(1)\n</script>",
    "iframe": '<iframe src="https://example.org/frame"></iframe>',
    "javascript-link": "[x](javascript:alert(1))",
    "javascript-link-mixed-case": "[x](JaVaScRiPt:alert(1))",
    "javascript-link-entity": "[x](java&#115;cript:alert(1))",
    "javascript-reference-link": "[x][evil]\n\n[evil]: javascript:alert(1)",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "markdown-image": "![x](https://example.org/tracker.png)",
    "data-link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "data-markdown-link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "vbscript-link": "[x](vbscript:msgbox(1))",
    "style": "<style>body { display: none }</style>",
    "style-attribute": '<p style="position:fixed">x</p>',
    "onclick": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "svg": "<svg onload=alert(1)><circle r=1></circle></svg>",
    "object": '<object data="https://example.org/x.swf"></object>',
    "form": '<form action="https://example.org"><input name="x"></form>',
    "meta": '<meta http-equiv="refresh" content="0;url=https://example.org">',
    "base": '<base href="https://example.org/">',
    "target-blank": '<a href="https://example.org" target="_blank">x</a>',
}

FORBIDDEN = re.compile(
    r"<\s*(script|iframe|img|style|svg|object|embed|form|input|meta|base)\b"
    r"|\bon[a-z]+\s*="
    r"|javascript:|vbscript:|data:|&#"
    r"|\b(style|src|target)\s*=",
    re.IGNORECASE,
)


def tags_in(html: str) -> set[str]:
    return {name.lower() for name in re.findall(r"</?\s*([a-zA-Z0-9]+)", html)}


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer()


@pytest.mark.parametrize("text", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_injections_render_inert(renderer: MarkdownRenderer, text: str) -> None:
    html = str(renderer.render(text))

    assert not FORBIDDEN.search(html), html
    assert tags_in(html) <= ALLOWED_TAGS, html


@pytest.mark.parametrize("text", INJECTIONS.values(), ids=INJECTIONS.keys())
def test_injections_are_dangerous_without_the_sanitiser(text: str) -> None:
    # Keeps the test above honest: plain Markdown lets each of these through.
    html = markdown.markdown(text)

    assert FORBIDDEN.search(html) or not tags_in(html) <= ALLOWED_TAGS, html


def test_script_content_is_dropped_not_shown(renderer: MarkdownRenderer) -> None:
    assert str(renderer.render(INJECTIONS["script"])) == (
        "<p>Example Partner 1  helps.</p>"
    )
    assert str(renderer.render(INJECTIONS["style"])) == ""


def test_a_dangerous_link_keeps_its_text_but_loses_its_address(
    renderer: MarkdownRenderer,
) -> None:
    assert str(renderer.render("[Example Bill 3](javascript:alert(1))")) == (
        '<p><a rel="noopener noreferrer">Example Bill 3</a></p>'
    )


def test_render_returns_markup(renderer: MarkdownRenderer) -> None:
    assert isinstance(renderer.render("*x*"), Markup)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "*emphasis* and **strong**",
            "<p><em>emphasis</em> and <strong>strong</strong></p>",
        ),
        ("`code`", "<p><code>code</code></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("### Heading", "<h3>Heading</h3>"),
        ("first\n\nsecond", "<p>first</p>\n<p>second</p>"),
        ("a  \nb", "<p>a<br>\nb</p>"),
        ("Tom &amp; Jerry < 3", "<p>Tom &amp; Jerry &lt; 3</p>"),
    ],
)
def test_allowed_markdown_survives(
    renderer: MarkdownRenderer, text: str, html: str
) -> None:
    assert str(renderer.render(text)) == html


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[CAST](https://example.org/partners/)", "https://example.org/partners/"),
        ("<https://example.org/a?b=1&c=2>", "https://example.org/a?b=1&amp;c=2"),
        ("[mail](mailto:info@example.org)", "mailto:info@example.org"),
        ("[call](tel:+1-213-555-0190)", "tel:+1-213-555-0190"),
    ],
)
def test_links_survive_with_rel_noopener_noreferrer(
    renderer: MarkdownRenderer, text: str, href: str
) -> None:
    html = str(renderer.render(text))

    assert f'href="{href}"' in html
    assert 'rel="noopener noreferrer"' in html


def test_link_title_survives_and_rel_is_replaced(renderer: MarkdownRenderer) -> None:
    html = str(
        renderer.render('<a href="https://example.org" title="T" rel="opener">x</a>')
    )

    assert html == (
        '<p><a href="https://example.org" title="T" rel="noopener noreferrer">x</a></p>'
    )


def test_headings_above_h3_are_not_kept(renderer: MarkdownRenderer) -> None:
    html = str(renderer.render("# Title\n\n## Section"))

    assert "<h1" not in html
    assert "<h2" not in html
    assert "Title" in html


def test_state_does_not_leak_between_renders(renderer: MarkdownRenderer) -> None:
    first = str(renderer.render("[x][ref]\n\n[ref]: https://example.org/ref"))
    second = str(renderer.render("[y][ref]"))

    assert 'href="https://example.org/ref"' in first
    assert "href" not in second
    assert second == "<p>[y][ref]</p>"


def test_cached_html_is_what_the_renderer_makes(tmp_path: Path) -> None:
    settings = {"CACHE_PATH": str(tmp_path), "DEFAULT_LANG": "en"}
    texts = [*INJECTIONS.values(), "*emphasis* and [CAST](https://example.org/)"]
    cold = open_cache(settings, "partners")
    first = [MarkdownRenderer(cold).render(text) for text in texts]
    cold.save()
    warm = open_cache(settings, "partners")
    second = [MarkdownRenderer(warm).render(text) for text in texts]

    assert len(warm.entries) == len(set(texts))
    assert first == second == [MarkdownRenderer().render(text) for text in texts]
    assert all(isinstance(html, Markup) for html in second)


def test_the_cache_answers_without_rendering_again(tmp_path: Path) -> None:
    settings = {"CACHE_PATH": str(tmp_path), "DEFAULT_LANG": "es"}
    cache = open_cache(settings, "legislation")
    cache.put(digest(b"*x*"), "<p>stored</p>")

    assert MarkdownRenderer(cache).render("*x*") == Markup("<p>stored</p>")


def test_the_cache_is_kept_per_type_and_language(tmp_path: Path) -> None:
    english = open_cache({"CACHE_PATH": str(tmp_path), "DEFAULT_LANG": "en"}, "a")
    english.put("key", "<p>x</p>")
    english.save()

    assert (
        open_cache({"CACHE_PATH": str(tmp_path), "DEFAULT_LANG": "es"}, "a").entries
        == {}
    )
    assert (
        open_cache({"CACHE_PATH": str(tmp_path), "DEFAULT_LANG": "en"}, "b").entries
        == {}
    )


def test_another_renderer_discards_the_cache(tmp_path: Path) -> None:
    file = tmp_path / "stored.pickle"
    stored = DigestStore[str](file, renderer_fingerprint())
    stored.put("key", "<p>x</p>")
    stored.save()

    assert DigestStore[str](file, renderer_fingerprint()).entries == {"key": "<p>x</p>"}
    assert DigestStore[str](file, "another renderer").entries == {}
