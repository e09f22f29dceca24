"""socialcards.layout: titles wrapped, shrunk and cut short inside their box."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from socialcards.card import (
    HEIGHT,
    MARGIN,
    NAME_SIZES,
    TITLE_BOX,
    TITLE_LINES,
    TITLE_SIZES,
    WIDTH,
    CardFont,
    load_font,
)
from socialcards.layout import ELLIPSIS, Box, fit_text, shorten, wrap

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "theme" / "fonts" / "LiberationSans-Bold.ttf"
# Inside the card's margins on every side.
SAFE = Box(MARGIN, MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN)

LONG_TITLE = (
    "Example Partner 17: a synthetic organization name that runs on and on, "
    "far longer than any real title on the site, to show that a card never "
    "spills past its margins however much text it is given"
)


@pytest.fixture(scope="module")
def font() -> CardFont:
    return load_font(FONT, TITLE_SIZES + NAME_SIZES)


def by_letters(limit: int) -> Callable[[str], bool]:
    return lambda text: len(text) <= limit


def test_wrap_breaks_between_words() -> None:
    assert wrap("one two three four", by_letters(9)) == ["one two", "three", "four"]


def test_wrap_breaks_a_word_wider_than_a_line() -> None:
    assert wrap("abcdefghij xy", by_letters(4)) == ["abcd", "efgh", "ij", "xy"]


def test_shorten_keeps_whole_words_and_adds_an_ellipsis() -> None:
    assert shorten("one two, three four", by_letters(9)) == f"one two{ELLIPSIS}"


def test_a_short_title_gets_the_largest_size(font: CardFont) -> None:
    block = fit_text("Get help", font.sizes, TITLE_SIZES, TITLE_BOX, TITLE_LINES)
    assert block.size == TITLE_SIZES[0]
    assert [line.text for line in block.lines] == ["Get help"]
    assert not block.shortened


def test_a_longer_title_shrinks_before_it_is_cut(font: CardFont) -> None:
    title = (
        "Example Bill 4: a synthetic act to reauthorize and extend the "
        "programs for victims"
    )
    block = fit_text(title, font.sizes, TITLE_SIZES, TITLE_BOX, TITLE_LINES)
    assert block.size < TITLE_SIZES[0]
    assert not block.shortened
    assert " ".join(line.text for line in block.lines) == title


def test_a_very_long_title_stays_inside_the_margins(font: CardFont) -> None:
    block = fit_text(LONG_TITLE, font.sizes, TITLE_SIZES, TITLE_BOX, TITLE_LINES)
    assert block.size == TITLE_SIZES[-1]
    assert block.shortened
    assert len(block.lines) == TITLE_LINES
    assert block.lines[-1].text.endswith(ELLIPSIS)
    outside = [line for line in block.lines if not SAFE.holds(line.ink)]
    assert outside == []
    assert all(TITLE_BOX.holds(line.ink) for line in block.lines)


def test_a_word_longer_than_the_card_is_broken(font: CardFont) -> None:
    word = "Examplepartnerwithanimpossiblylongsyntheticnamewithoutanyspaces" * 2
    block = fit_text(word, font.sizes, TITLE_SIZES, TITLE_BOX, TITLE_LINES)
    assert all(TITLE_BOX.holds(line.ink) for line in block.lines)
    assert len(block.lines) <= TITLE_LINES


def test_lines_do_not_overlap(font: CardFont) -> None:
    block = fit_text(LONG_TITLE, font.sizes, TITLE_SIZES, TITLE_BOX, TITLE_LINES)
    for above, below in zip(block.lines, block.lines[1:], strict=False):
        assert above.ink.bottom <= below.ink.top


def test_a_box_too_small_for_the_text_is_an_error_free_single_line(
    font: CardFont,
) -> None:
    box = Box(0, 0, 300, 40)
    block = fit_text(LONG_TITLE, font.sizes, (24,), box, max_lines=1)
    assert len(block.lines) == 1
    assert box.holds(block.lines[0].ink)
