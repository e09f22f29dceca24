"""End-to-end: the project's own site builds, validates and links up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild.html import validate_html
from sitebuild.links import find_broken_references


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_home_page_is_built_with_the_hotlines(built_site: Path) -> None:
    home = soup(built_site / "index.html")
    assert home.h1 is not None
    hrefs = {a["href"] for a in home.find_all("a", href=True)}
    assert {"tel:+18885392373", "tel:+18883737888", "sms:233733", "tel:911"} <= hrefs


def test_stylesheet_is_published(built_site: Path) -> None:
    assert (built_site / "theme" / "css" / "site.css").is_file()


def test_every_internal_reference_resolves(built_site: Path) -> None:
    assert find_broken_references(built_site) == []


@pytest.mark.java
def test_every_page_is_valid_html(built_site: Path) -> None:
    assert validate_html(built_site) == []


def test_production_settings_use_absolute_urls(published_site: Path) -> None:
    output = published_site
    html = BeautifulSoup((output / "index.html").read_bytes(), "html.parser")
    stylesheet = html.find("link", rel="stylesheet")["href"]
    # Absolute, and fingerprinted (site.<hash>.css) for long caching.
    assert re.fullmatch(
        r"https://www\.castla\.org/theme/css/site\.[0-9a-f]{10}\.css", stylesheet
    )
    assert (output / stylesheet.removeprefix("https://www.castla.org/")).is_file()
