"""`{legislation}slug` links in pages: replaced if the record exists, else reported."""

from __future__ import annotations

import pytest

from records.links import line_of, link_pattern, replace_record_links

KNOWN = {"example-bill-1", "example-bill-2"}


def url_of(slug: str) -> str:
    return f"/legislation/{slug}/"


def replace(html: str, kind: str = "legislation") -> tuple[str, list[str]]:
    return replace_record_links(html, kind, KNOWN.__contains__, url_of)


def test_existing_records_are_replaced() -> None:
    html = '<p><a href="{legislation}example-bill-1">Example Bill 1</a></p>'

    assert replace(html) == (
        '<p><a href="/legislation/example-bill-1/">Example Bill 1</a></p>',
        [],
    )


def test_single_quotes() -> None:
    assert replace("<a href='{legislation}example-bill-2'>x</a>") == (
        "<a href='/legislation/example-bill-2/'>x</a>",
        [],
    )


def test_missing_records_are_reported_and_left_alone() -> None:
    html = (
        '<a href="{legislation}example-bill-404">a</a> '
        '<a href="{legislation}example-bill-1">b</a> '
        '<a href="{legislation}example-bill-405">c</a> '
        '<a href="{legislation}example-bill-404">d</a>'
    )

    new_html, missing = replace(html)

    assert missing == ["example-bill-404", "example-bill-405", "example-bill-404"]
    assert new_html == html.replace(
        "{legislation}example-bill-1", "/legislation/example-bill-1/"
    )


def test_other_kinds_are_left_alone() -> None:
    html = (
        '<a href="{partners}example-bill-1">a</a> '
        '<a href="{filename}/pages/home.md">b</a> '
        '<a href="{legislations}example-bill-1">c</a>'
    )

    assert replace(html) == (html, [])


def test_the_kind_is_taken_literally() -> None:
    # A kind is escaped in the pattern, not read as a regular expression.
    html = '<a href="{a.b}example-bill-1">x</a> <a href="{axb}example-bill-1">y</a>'

    assert replace(html, kind="a.b") == (
        '<a href="/legislation/example-bill-1/">x</a> '
        '<a href="{axb}example-bill-1">y</a>',
        [],
    )


@pytest.mark.parametrize("suffix", ["#history", "?print=1", "?print=1#history"])
def test_fragments_and_queries_are_kept(suffix: str) -> None:
    html = f'<a href="{{legislation}}example-bill-2{suffix}">x</a>'

    assert replace(html) == (
        f'<a href="/legislation/example-bill-2/{suffix}">x</a>',
        [],
    )


def test_a_missing_record_with_a_fragment_is_reported_by_slug() -> None:
    html = '<a href="{legislation}example-bill-404#history">x</a>'

    assert replace(html) == (html, ["example-bill-404"])


def test_only_links_are_replaced_not_text() -> None:
    html = "<p>Write {legislation}example-bill-1 to link to a bill.</p>"

    assert replace(html) == (html, [])


def test_link_pattern_groups() -> None:
    match = link_pattern("legislation").search('<a href="{legislation}sb-9001#x">')

    assert match is not None
    assert match.group("attr") == 'href="'
    assert match.group("slug") == "sb-9001"


def test_line_of() -> None:
    source = (
        "Title: Example page\n"
        "\n"
        "See [Example Bill 1]({legislation}example-bill-1).\n"
        "And [Example Bill 404]({legislation}example-bill-404).\n"
    )

    assert line_of(source, "{legislation}example-bill-1") == 3
    assert line_of(source, "{legislation}example-bill-404") == 4
    assert line_of(source, "not there") == 1
    assert line_of("", "anything") == 1


def test_line_of_a_slug_is_not_confused_with_a_longer_slug() -> None:
    # The generator reports a missing `{legislation}example-bill-1` at
    # line_of(text, "{legislation}example-bill-1"); a link to example-bill-10
    # on an earlier line must not be taken for it.
    source = (
        "Title: Example page\n"
        "\n"
        "See [Example Bill 10]({legislation}example-bill-10).\n"
        "\n"
        "And [Example Bill 1]({legislation}example-bill-1).\n"
    )

    assert line_of(source, "{legislation}example-bill-1") == 5
