"""The `_headers` file: written for Netlify and Cloudflare Pages, read back."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import DEV_SETTINGS

from security.headers import (
    HEADERS_FILE,
    HeaderRule,
    HeadersFileError,
    headers_for,
    parse_headers_file,
    render_headers_file,
)
from security.plugin import write_headers_file
from sitebuild.build import load_settings

# The format both hosts document: a path, then indented "Name: value" lines.
POLICY = "default-src 'none'; frame-ancestors 'none'"
EXPECTED = """\
# Response headers for hosts that read this file (Netlify, Cloudflare Pages).
# Written by the build (plugins/security); edit SECURITY_* settings instead.
/*
  Content-Security-Policy: default-src 'none'; frame-ancestors 'none'
  Referrer-Policy: no-referrer
"""


def test_headers_file_lists_each_header_under_its_path() -> None:
    text = render_headers_file(
        {
            "/*": {
                "Content-Security-Policy": POLICY,
                "Referrer-Policy": "no-referrer",
            }
        }
    )
    assert text == EXPECTED


def test_headers_file_reads_back_what_was_written() -> None:
    assert parse_headers_file(EXPECTED) == [
        HeaderRule(
            "/*",
            (
                ("Content-Security-Policy", POLICY),
                ("Referrer-Policy", "no-referrer"),
            ),
        )
    ]


def test_a_header_value_must_be_one_line() -> None:
    with pytest.raises(HeadersFileError, match="X-Test: a header value must be one"):
        render_headers_file({"/*": {"X-Test": "a\n  Injected: header"}})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("*\n  X-Test: 1\n", r"_headers:1: a path pattern starts with /"),
        ("  X-Test: 1\n", r"_headers:1: expected an indented 'Name: value'"),
        ("/*\n  X-Test\n", r"_headers:2: expected an indented 'Name: value'"),
        ("/*\n  X-Test:\n", r"_headers:2: expected an indented 'Name: value'"),
    ],
)
def test_a_malformed_headers_file_names_the_line(text: str, problem: str) -> None:
    with pytest.raises(HeadersFileError, match=problem):
        parse_headers_file(text)


def test_splat_and_exact_patterns_match_as_the_hosts_do() -> None:
    rules = parse_headers_file(
        "/*\n  X-All: yes\n/search/\n  X-Search: yes\n/news/*\n  X-News: yes\n"
    )
    assert headers_for(rules, "/") == [("X-All", "yes")]
    assert headers_for(rules, "/search/") == [("X-All", "yes"), ("X-Search", "yes")]
    assert headers_for(rules, "/search/x") == [("X-All", "yes")]
    assert headers_for(rules, "/news/a/") == [("X-All", "yes"), ("X-News", "yes")]


# --- Written once, by the default language's run ------------------------------


@pytest.mark.parametrize(("language", "written"), [("en", True), ("es", False)])
def test_only_the_default_languages_run_writes_the_headers_file(
    tmp_path: Path, language: str, written: bool
) -> None:
    # Every language's run writes into the same folder, and the site has one
    # _headers file for all of them (plugins/languages).
    settings = {**load_settings(DEV_SETTINGS), "DEFAULT_LANG": language}
    write_headers_file(SimpleNamespace(settings=settings, output_path=str(tmp_path)))
    headers = tmp_path / HEADERS_FILE
    assert headers.is_file() == written
    if written:
        # The public rule, then the CMS's (plugins/cms), which detaches it.
        rule, admin = parse_headers_file(headers.read_text(encoding="utf-8"))
        assert rule.pattern == "/*"
        assert "Content-Security-Policy" in dict(rule.headers)
        assert admin.pattern == "/admin/*"
        assert "Content-Security-Policy" in admin.detach


def test_without_a_cms_setting_there_is_no_admin_rule(tmp_path: Path) -> None:
    settings = {**load_settings(DEV_SETTINGS), "CMS": None}
    write_headers_file(SimpleNamespace(settings=settings, output_path=str(tmp_path)))
    rules = parse_headers_file((tmp_path / HEADERS_FILE).read_text(encoding="utf-8"))
    assert [rule.pattern for rule in rules] == ["/*"]


# --- Detaching a header (Cloudflare Pages) ---------------------------------------

DETACHING = """\
/*
  Content-Security-Policy: strict
  X-All: yes
/admin/*
  ! Content-Security-Policy
  Content-Security-Policy: loose
"""


def test_a_detach_line_is_written_read_back_and_applied_in_order() -> None:
    rule = HeaderRule(
        "/admin/*",
        (("Content-Security-Policy", "loose"),),
        ("Content-Security-Policy",),
    )
    text = render_headers_file(
        [
            HeaderRule("/*", (("Content-Security-Policy", "strict"), ("X-All", "yes"))),
            rule,
        ]
    )
    assert text.endswith(DETACHING)
    rules = parse_headers_file(DETACHING)
    assert rules[1] == rule
    assert headers_for(rules, "/admin/") == [
        ("X-All", "yes"),
        ("Content-Security-Policy", "loose"),
    ]
    assert headers_for(rules, "/") == [
        ("Content-Security-Policy", "strict"),
        ("X-All", "yes"),
    ]


def test_a_detach_removes_only_what_earlier_rules_set_in_any_case() -> None:
    # Cloudflare removes the header, then adds the rule's own: a later rule
    # that sets it again adds to it, and a rule before /* detaches nothing.
    rules = parse_headers_file(
        "/a/*\n  ! x-test\n/*\n  X-Test: all\n/a/b/*\n  ! X-TEST\n  X-Other: 1\n"
    )
    assert headers_for(rules, "/a/") == [("X-Test", "all")]
    assert headers_for(rules, "/a/b/") == [("X-Other", "1")]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("  ! X-Test\n", r"_headers:1: expected an indented '! Name' under a path"),
        ("/*\n  !\n", r"_headers:2: expected an indented '! Name'"),
        ("/*\n  ! X-Test: 1\n", r"_headers:2: expected an indented '! Name'"),
    ],
)
def test_a_malformed_detach_line_names_the_line(text: str, problem: str) -> None:
    with pytest.raises(HeadersFileError, match=problem):
        parse_headers_file(text)
