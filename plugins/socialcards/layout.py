"""Where a card's text goes: wrapped to the width, shrunk to fit, cut short last.

Pure functions of the text, a font at each size, and a box; no drawing. A title
is tried at each size from the largest down, and the first size at which it
fits the box in at most `max_lines` lines wins. At the smallest size a title
that still does not fit is cut after the last whole word that leaves room for
an ellipsis, so a card never spills past its margins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PIL.ImageFont import FreeTypeFont

ELLIPSIS = "\u2026"
# Pillow anchor: x is the left edge of the text, y the top of the font's ascender,
# so each line's box starts exactly where the layout puts it.
ANCHOR = "la"


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    def holds(self, other: Box) -> bool:
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True)
class Line:
    text: str
    x: int
    y: int  # the top of the line (the font's ascender), as ANCHOR says
    ink: Box  # where the glyphs fall


@dataclass(frozen=True)
class TextBlock:
    size: int
    lines: tuple[Line, ...]
    shortened: bool  # True: the text did not fit and ends with an ellipsis


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Greedy word wrap; a word wider than a whole line is broken between letters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and not fits(word):
            cut = _longest_prefix(word, fits)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def _longest_prefix(word: str, fits: Callable[[str], bool]) -> int:
    """Length of the longest start of `word` that fits; at least one letter."""
    low, high = 1, len(word) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def shorten(text: str, fits: Callable[[str], bool]) -> str:
    """`text` cut to fit with an ellipsis: whole words first, letters if need be."""
    words = text.split()
    while len(words) > 1 and not fits(" ".join(words) + ELLIPSIS):
        words.pop()
    kept = " ".join(words)
    while kept and not fits(kept + ELLIPSIS):
        kept = kept[:-1]
    # No dangling comma or colon before the ellipsis.
    return kept.rstrip(" ,;:.-\u2013\u2014") + ELLIPSIS


def fit_text(
    text: str,
    fonts: Mapping[int, FreeTypeFont],
    sizes: Sequence[int],
    box: Box,
    max_lines: int,
    leading: float = 1.2,
) -> TextBlock:
    """`text` in `box` at the largest of `sizes` (largest first) that fits."""
    words = " ".join(text.split())
    width = box.right - box.left
    for index, size in enumerate(sizes):
        font = fonts[size]

        def fits(candidate: str, font: FreeTypeFont = font) -> bool:
            # The ink, not the advance: a final letter may overhang its advance.
            return font.getbbox(candidate, anchor=ANCHOR)[2] <= width

        step = round(size * leading)
        room = max(1, min(max_lines, (box.bottom - box.top) // step))
        last_size = index == len(sizes) - 1
        # Text longer than all its lines end to end cannot fit at this size:
        # one measurement instead of a whole wrap.
        if not last_size and font.getlength(words) > room * width:
            continue
        lines = wrap(words, fits)
        if len(lines) > room and not last_size:
            continue
        shortened = len(lines) > room
        if shortened:
            lines = [*lines[: room - 1], shorten(" ".join(lines[room - 1 :]), fits)]
        placed = tuple(
            _place(font, line, box, i * step) for i, line in enumerate(lines)
        )
        return TextBlock(size, placed, shortened)
    raise ValueError("fit_text: no sizes given")


def _place(font: FreeTypeFont, text: str, box: Box, offset: int) -> Line:
    x, y = box.left, box.top + offset
    left, top, right, bottom = font.getbbox(text, anchor=ANCHOR)
    ink = Box(x + int(left), y + int(top), x + round(right), y + round(bottom))
    return Line(text, x, y, ink)
