"""socialcards.card and .batch: drawing, encoding, cache keys, bad fonts."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from PIL import Image

from imaging.cache import DerivedCache
from socialcards.batch import make_cards
from socialcards.card import (
    ACCENT_COLOUR,
    BACKGROUND,
    HEIGHT,
    NAME_SIZES,
    TEXT,
    TITLE_SIZES,
    WIDTH,
    CardPainter,
    load_font,
)
from socialcards.errors import SocialCardsError

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf"
NAME = "Coalition to Abolish Slavery and Trafficking"
# Open Graph cards are fetched by every service a page is shared on.
MAX_CARD_BYTES = 40 * 1024


@pytest.fixture(scope="module")
def painter() -> CardPainter:
    return CardPainter(load_font(FONT, TITLE_SIZES + NAME_SIZES), NAME, "CAST")


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_card_is_a_small_palette_png_of_the_open_graph_size(
    painter: CardPainter,
) -> None:
    data = painter.png("Example Partner 17, Los Angeles County program office")
    image = open_png(data)
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT)
    assert image.mode == "P"
    assert len(data) < MAX_CARD_BYTES
    colours = {colour for _, colour in image.convert("RGB").getcolors(256) or []}
    # Background, text and accent from the site's palette, plus the steps of
    # anti-aliasing between background and text.
    assert {BACKGROUND, TEXT, ACCENT_COLOUR} <= colours
    assert len(colours) <= 16


def test_different_titles_make_different_cards(painter: CardPainter) -> None:
    first = painter.png("About CAST")
    second = painter.png("Get help")
    assert first != second
    assert painter.key("About CAST") != painter.key("Get help")
    # The same title always gives the same card and key.
    assert painter.png("About CAST") == first
    assert painter.key("About CAST") == painter.key("About CAST")


def test_the_key_covers_the_organization_name(painter: CardPainter) -> None:
    other = CardPainter(painter.font, "Example Organization Name", "EON")
    assert other.key("About") != painter.key("About")


def test_the_home_card_names_the_organization_once(painter: CardPainter) -> None:
    home = painter.layout(NAME)
    assert [line.text for line in home.name.lines] == ["CAST"]
    other = painter.layout("About CAST")
    assert [line.text for line in other.name.lines] == [NAME]


def test_a_missing_font_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "NoSuchFont.ttf"
    with pytest.raises(SocialCardsError, match=r"NoSuchFont\.ttf: cannot read"):
        load_font(missing, (20,))


def test_a_file_that_is_not_a_font_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "NotAFont.ttf"
    broken.write_text("not a font", encoding="utf-8")
    with pytest.raises(SocialCardsError, match=r"NotAFont\.ttf: not a TrueType"):
        load_font(broken, (20,))


TITLES = [f"Example Page {number}" for number in range(6)]


def test_cards_are_drawn_once(painter: CardPainter, tmp_path: Path) -> None:
    cache = DerivedCache(tmp_path / "social")
    first = make_cards(painter, cache, TITLES, parallel_min=1000)
    assert (cache.made, first.drawn, first.processes) == (len(TITLES), len(TITLES), 1)
    again = DerivedCache(tmp_path / "social")
    second = make_cards(painter, again, [*TITLES, TITLES[0]], parallel_min=1000)
    assert (again.made, second.drawn) == (0, 0)
    assert second.files == first.files
    assert first.files[TITLES[0]].read_bytes() == painter.png(TITLES[0])


def test_parallel_drawing_gives_the_same_cards(
    painter: CardPainter, tmp_path: Path
) -> None:
    serial = DerivedCache(tmp_path / "serial")
    parallel = DerivedCache(tmp_path / "parallel")
    one = make_cards(painter, serial, TITLES, parallel_min=1000)
    many = make_cards(painter, parallel, TITLES, parallel_min=1, processes=2)
    assert parallel.made == len(TITLES)
    # Forking is only safe with no other threads; then two processes draw.
    assert many.processes == (2 if threading.active_count() == 1 else 1)
    assert {t: p.read_bytes() for t, p in one.files.items()} == {
        t: p.read_bytes() for t, p in many.files.items()
    }
