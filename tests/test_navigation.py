"""Menu and breadcrumb view models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from navigation.model import (
    Crumb,
    NavEntry,
    NavigationError,
    build_breadcrumbs,
    build_navigation,
    index_pages,
    resolve_entries,
    url_of_output,
)


@dataclass
class FakePage:
    slug: str
    url: str
    title: str
    metadata: dict[str, Any] = field(default_factory=dict)


PAGES = [
    FakePage("home", "", "Home page"),
    FakePage("get-help", "get-help/", "Get help now", {"nav_title": "Get help"}),
    FakePage("partners", "partners/", "Partners"),
]


def entries() -> tuple[NavEntry, ...]:
    return resolve_entries(("get-help", "partners"), index_pages(PAGES))


def test_url_of_output() -> None:
    assert url_of_output("index.html") == ""
    assert url_of_output("partners/x/index.html") == "partners/x/"
    assert url_of_output("404.html") == "404.html"


def test_nav_marks_the_page_and_its_section() -> None:
    on_page = build_navigation(entries(), "get-help/")
    assert [(i.label, i.current) for i in on_page] == [
        ("Get help", "page"),
        ("Partners", None),
    ]
    in_section = build_navigation(entries(), "partners/example-partner-1/")
    assert [i.current for i in in_section] == [None, "true"]


def test_unknown_slug_fails() -> None:
    with pytest.raises(NavigationError, match="'missing'"):
        resolve_entries(("get-help", "missing"), index_pages(PAGES))


def test_breadcrumbs() -> None:
    assert build_breadcrumbs("Home", entries(), "", "Home page") == ()
    assert build_breadcrumbs("Home", entries(), "partners/x/", "X") == (
        Crumb("Home", ""),
        Crumb("Partners", "partners/"),
        Crumb("X", None),
    )
    parent = NavEntry("Get help", "get-help/")
    assert build_breadcrumbs("Home", entries(), "safety/", "Safety", parent) == (
        Crumb("Home", ""),
        Crumb("Get help", "get-help/"),
        Crumb("Safety", None),
    )


def test_a_misspelt_menu_slug_suggests_the_page_meant() -> None:
    with pytest.raises(NavigationError, match="did you mean 'get-help'"):
        resolve_entries(("get-hlep",), index_pages(PAGES))
