"""The Spanish site, built from the project's own content: every page has its
counterpart, links to it, and shows no English theme text."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import ROOT

from cms.layout import public_pages
from navigation.model import url_of_output

CATALOG = ROOT / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|\{[a-z_]+\}")


def html_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in public_pages(root))


def english_pages(root: Path) -> list[str]:
    return [page for page in html_pages(root) if not page.startswith("es/")]


@cache
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_english_page_has_a_spanish_counterpart(built_site: Path) -> None:
    pages = english_pages(built_site)
    assert len(pages) > 50
    missing = [page for page in pages if not (built_site / "es" / page).is_file()]
    assert missing == []


def test_every_spanish_page_has_an_english_counterpart(built_site: Path) -> None:
    spanish = [p for p in html_pages(built_site) if p.startswith("es/")]
    assert len(spanish) == len(english_pages(built_site))
    orphans = [p for p in spanish if not (built_site / p.removeprefix("es/")).is_file()]
    assert orphans == []


@pytest.mark.parametrize(
    ("source", "target", "lang"), [("", "es/", "es"), ("es/", "", "en")]
)
def test_the_switcher_on_every_page_links_to_its_counterpart(
    built_site: Path, source: str, target: str, lang: str
) -> None:
    wrong = []
    for page in english_pages(built_site):
        soup = soup_of(built_site / (source + page))
        nav = soup.select_one("nav.cast-language-nav")
        link = nav.select_one(f"a[hreflang='{lang}']") if nav else None
        expected = url_of_output(target + page)
        current = nav.select_one("[aria-current]") if nav else None
        if link is None or current is None or not nav.get("aria-label"):
            wrong.append(f"{source}{page}: no labelled switcher")
            continue
        href = link["href"]
        # Relative in previews, absolute in production: compare the path.
        resolved = re.sub(r"^(\.\./)+|^\./|^https?://[^/]+/|^/", "", href)
        resolved = resolved.removeprefix("./")
        if resolved.rstrip("/") != expected.rstrip("/") or link.get("lang") != lang:
            wrong.append(f"{source}{page}: {href!r} (lang={link.get('lang')})")
    assert wrong == []


def _english_msgids() -> list[str]:
    """Theme strings whose Spanish differs: the text an English page would show."""
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    texts = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        spanish = (
            message.string if isinstance(message.string, str) else message.string[0]
        )
        if english == spanish:
            continue
        # The longest run of text between placeholders, if it says something.
        chunk = max(_PLACEHOLDER.split(english), key=len).strip(" .,:;“”\"'")
        if len(chunk) >= 4 and chunk not in spanish:
            texts.append(chunk)
    return texts


def _spanish_text(soup: BeautifulSoup) -> str:
    """What a Spanish page says, leaving out passages marked as another language."""
    body = soup.body
    assert body is not None
    for element in body.select("[lang]"):
        if not element.get("lang", "").startswith("es"):
            element.decompose()
    parts = [body.get_text(" ")]
    for element in body.select("[aria-label], [title], [alt], [placeholder]"):
        parts += [
            element.get(a, "") for a in ("aria-label", "title", "alt", "placeholder")
        ]
    for element in body.select("[data-exit-remaining], [data-searching]"):
        parts += [v for k, v in element.attrs.items() if k.startswith("data-")]
    return re.sub(r"\s+", " ", " ".join(parts))


def test_no_english_theme_string_on_a_spanish_page(built_site: Path) -> None:
    msgids = _english_msgids()
    assert len(msgids) > 50, "the Spanish catalog is missing or nearly empty"
    patterns = [(m, re.compile(rf"(?<![\w-]){re.escape(m)}(?![\w-])")) for m in msgids]
    found = []
    for page in english_pages(built_site):
        text = _spanish_text(
            BeautifulSoup((built_site / "es" / page).read_text("utf-8"), "html.parser")
        )
        found += [
            f"es/{page}: {m!r}" for m, pattern in patterns if pattern.search(text)
        ]
    assert found == []


def test_every_spanish_page_says_it_is_spanish(built_site: Path) -> None:
    wrong = [
        page
        for page in english_pages(built_site)
        if soup_of(built_site / "es" / page).html.get("lang") != "es"
    ]
    assert wrong == []


def test_spanish_pages_use_spanish_dates(built_site: Path) -> None:
    article = (built_site / "es" / "news" / "ab-1761-signed" / "index.html").read_text(
        "utf-8"
    )
    assert "26 de septiembre de 2016" in article
    assert "September" not in article
    bill = (built_site / "es" / "legislation" / "ab-1761" / "index.html").read_text(
        "utf-8"
    )
    assert "de 2016" in bill
    months = "January|February|March|April|June|July|August|September|October"
    assert not re.search(rf"\b({months}|November|December) \d", bill)
