"""Social cards in real builds of the project's site: one per indexed page, cached."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, build_project
from PIL import Image

from sitebuild.build import build_site, load_settings
from sitebuild.errors import BuildError
from sitebuild.html import validate_html
from sitebuild.links import find_broken_references
from sitewide.model import parse_sitewide
from socialcards.card import NAME_SIZES, TITLE_SIZES, CardPainter, load_font
from socialcards.catalog import language_card_path

BASE = "https://www.castla.org"
ROOT = Path(__file__).resolve().parent.parent


def head_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_bytes(), "html.parser").head


def prop(head: BeautifulSoup, name: str) -> str | None:
    tag = head.find("meta", attrs={"property": name})
    return tag["content"] if tag else None


def card_file(root: Path, page: Path) -> Path:
    """The output file that `page`'s og:image names."""
    url = prop(head_of(page), "og:image")
    assert url is not None, f"{page}: no og:image"
    assert url.startswith(f"{BASE}/social/"), url
    return root / urlsplit(url).path.lstrip("/")


def test_every_indexed_page_shares_its_own_card(built_site: Path) -> None:
    problems = []
    cards: dict[Path, str] = {}
    for page in sorted(built_site.rglob("*.html")):
        name = page.relative_to(built_site).as_posix()
        head = head_of(page)
        if head.find("link", rel="canonical") is None:
            # Not indexed (the 404 page): nothing to share, no image.
            if prop(head, "og:image") is not None:
                problems.append(f"{name}: an image on a page that is not indexed")
            continue
        card = card_file(built_site, page)
        if not card.is_file():
            problems.append(f"{name}: {card} is not in the output")
            continue
        with Image.open(card) as image:
            if (image.format, image.size) != ("PNG", (1200, 630)):
                problems.append(f"{name}: {image.format} {image.size}")
        # A web server reads the published files as another user.
        if card.stat().st_mode & 0o444 != 0o444:
            problems.append(f"{name}: {card} is not readable by everyone")
        found = (
            prop(head, "og:image:width"),
            prop(head, "og:image:height"),
            prop(head, "og:image:alt"),
            head.find("meta", attrs={"name": "twitter:card"})["content"],
        )
        if found != ("1200", "630", prop(head, "og:title"), "summary_large_image"):
            problems.append(f"{name}: {found}")
        if card in cards:
            problems.append(f"{name}: shares {card} with {cards[card]}")
        cards[card] = name
    assert problems == []
    assert len(cards) > 50


def test_cards_follow_page_addresses(built_site: Path) -> None:
    expected = {
        "index.html": "social/index.png",
        "about/index.html": "social/about.png",
        "partners/fbi/index.html": "social/partners/fbi.png",
        "news/ab-1761-signed/index.html": "social/news/ab-1761-signed.png",
        # Each language's cards in its own folder, as its pages are.
        "es/index.html": "social/es/index.png",
        "es/about/index.html": "social/es/about.png",
        "es/partners/fbi/index.html": "social/es/partners/fbi.png",
        "es/news/ab-1761-signed/index.html": "social/es/news/ab-1761-signed.png",
    }
    for page, card in expected.items():
        assert card_file(built_site, built_site / page) == built_site / card


def test_language_card_paths() -> None:
    assert language_card_path("social", "es/", "es/") == "social/es/index.png"
    assert language_card_path("social", "es/about/", "es/") == "social/es/about.png"
    assert language_card_path("social", "about/", "") == "social/about.png"
    # An English page whose slug starts with the letters of a language.
    assert language_card_path("social", "essays/", "") == "social/essays.png"


@pytest.fixture(scope="module")
def painter() -> CardPainter:
    font = load_font(
        ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf", TITLE_SIZES + NAME_SIZES
    )
    site = parse_sitewide(load_settings(DEV_SETTINGS))
    return CardPainter(font, site.organization.name, site.organization.short_name)


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "about/index.html",
        "news/ab-1761-signed/index.html",
        "es/index.html",
        "es/about/index.html",
        "es/news/ab-1761-signed/index.html",
    ],
)
def test_each_card_shows_its_own_pages_title(
    built_site: Path, painter: CardPainter, page: str
) -> None:
    # Drawn again here, the card of each page's own og:title is the published
    # file byte for byte: the Spanish run neither redrew nor replaced an
    # English card, and the Spanish cards carry the Spanish titles.
    head = head_of(built_site / page)
    title = prop(head, "og:title")
    assert title
    assert card_file(built_site, built_site / page).read_bytes() == painter.png(title)


def test_a_spanish_page_has_a_card_with_its_spanish_title(built_site: Path) -> None:
    english = head_of(built_site / "about" / "index.html")
    spanish = head_of(built_site / "es" / "about" / "index.html")
    assert prop(spanish, "og:title") == "Acerca de CAST"
    assert prop(english, "og:title") != prop(spanish, "og:title")
    assert prop(spanish, "og:image:alt") == "Acerca de CAST"
    english_card = card_file(built_site, built_site / "about" / "index.html")
    spanish_card = card_file(built_site, built_site / "es" / "about" / "index.html")
    assert english_card.read_bytes() != spanish_card.read_bytes()


def test_pages_with_different_titles_have_different_cards(built_site: Path) -> None:
    about = card_file(built_site, built_site / "about" / "index.html")
    help_page = card_file(built_site, built_site / "get-help" / "index.html")
    assert about.read_bytes() != help_page.read_bytes()


def test_the_cards_and_icons_leave_no_broken_link(built_site: Path) -> None:
    assert [str(problem) for problem in find_broken_references(built_site)] == []


@pytest.mark.java
def test_a_page_with_a_card_and_icons_is_valid_html(
    built_site: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(built_site / "about" / "index.html", site / "index.html")
    assert validate_html(site) == []


# --- The cache ----------------------------------------------------------------


def cached_cards(cache: Path) -> dict[Path, tuple[int, int]]:
    """Every cached card, with what changes if it is written again."""
    return {
        path: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in (cache / "social").rglob("*.png")
    }


def test_unchanged_cards_are_never_drawn_again(
    tmp_path: Path, content_copy: Path
) -> None:
    # A card drawn is a card written to the cache: a new file, or a new inode
    # and time where one was replaced. The languages may be drawn in separate
    # processes, so the cache is what every one of them leaves behind.
    output = build_project(tmp_path, content_copy)
    before = cached_cards(tmp_path / "cache")
    assert len(before) > 50

    build_project(tmp_path, content_copy)
    assert cached_cards(tmp_path / "cache") == before

    about = content_copy / "pages" / "about.md"
    old_card = (output / "social" / "about.png").read_bytes()
    text = about.read_text(encoding="utf-8")
    about.write_text(
        re.sub(r"^Title: .*$", "Title: About CAST, renamed", text, count=1, flags=re.M),
        encoding="utf-8",
    )
    # The Spanish page has its own title (pages/es/about.md): one card to draw.
    build_project(tmp_path, content_copy)
    after = cached_cards(tmp_path / "cache")
    assert {path: after[path] for path in before} == before
    assert len(after) == len(before) + 1
    assert (output / "social" / "about.png").read_bytes() != old_card


# --- Bad input ------------------------------------------------------------------


def write_not_an_image(path: Path) -> None:
    path.write_text("not an image", encoding="utf-8")


def write_oblong_icon(path: Path) -> None:
    Image.new("RGB", (1024, 512), (74, 44, 130)).save(path)


def write_truncated_icon(path: Path) -> None:
    whole = (ROOT / "theme" / "icons" / "icon.png").read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def write_tiny_icon(path: Path) -> None:
    Image.new("RGB", (64, 64), (74, 44, 130)).save(path)


@pytest.mark.parametrize(
    ("setting", "name", "make", "message"),
    [
        ("SOCIALCARDS_FONT", "Missing.ttf", None, "cannot read the social-card font"),
        ("SOCIALCARDS_FONT", "Broken.ttf", write_not_an_image, "not a TrueType"),
        ("SOCIALCARDS_ICON", "missing.png", None, "cannot read the source icon"),
        ("SOCIALCARDS_ICON", "broken.png", write_not_an_image, "not an image"),
        ("SOCIALCARDS_ICON", "truncated.png", write_truncated_icon, "not an image"),
        ("SOCIALCARDS_ICON", "oblong.png", write_oblong_icon, "it is 1024x512"),
        ("SOCIALCARDS_ICON", "tiny.png", write_tiny_icon, "at least 512x512"),
    ],
)
def test_a_bad_font_or_icon_stops_the_build_and_names_the_file(
    tmp_path: Path,
    setting: str,
    name: str,
    make: Callable[[Path], None] | None,
    message: str,
) -> None:
    source = tmp_path / name
    if make is not None:
        make(source)
    output = tmp_path / "output"
    overrides = {"CACHE_PATH": str(tmp_path / "cache"), setting: str(source)}
    with pytest.raises(BuildError) as caught:
        build_site(DEV_SETTINGS, output, overrides)
    text = str(caught.value)
    assert f"{source}: " in text
    assert message in text
    assert not output.exists()
