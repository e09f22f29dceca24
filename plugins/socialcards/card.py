"""Drawing one social card: the page title and the organization's name.

A card is 1200x630, the size Open Graph and X (Twitter) show large. It is
drawn straight into a 15-colour palette image: the background, 13 steps of
anti-aliasing towards white, white, and the accent. With at most 16 colours
Pillow writes a 4-bit PNG, about 16 KB, and zlib's run-length strategy
encodes it in a few milliseconds, so even a cold build of thousands of pages
stays fast.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from imaging.cache import digest

from .errors import SocialCardsError
from .layout import ANCHOR, Box, TextBlock, fit_text

# Part of every card's cache key: change it whenever the drawing changes, so
# that no card drawn the old way is reused.
VERSION = "1"

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# The short bar above the title, in the focus yellow.
ACCENT = Box(MARGIN, 96, MARGIN + 120, 106)
TITLE_BOX = Box(MARGIN, 146, WIDTH - MARGIN, 480)
TITLE_SIZES = (84, 76, 68, 60, 52)
TITLE_LINES = 3
NAME_BOX = Box(MARGIN, 508, WIDTH - MARGIN, 560)
NAME_SIZES = (36, 32, 28, 24)

# theme/static/css/site.css: --cast-brand, --cast-on-brand, --cast-focus-light.
# White on the brand purple has a contrast ratio above 10:1.
BACKGROUND = (0x4A, 0x2C, 0x82)
TEXT = (0xFF, 0xFF, 0xFF)
ACCENT_COLOUR = (0xFF, 0xDD, 0x00)
# Palette indexes 0..SHADES-1 run from the background to the text colour, so
# text drawn with fill SHADES-1 on index 0 anti-aliases into those steps.
SHADES = 14
ACCENT_INDEX = SHADES
# zlib's Z_RLE strategy: nearly as small as the default for flat images like
# these, and several times faster at any level.
PNG_OPTIONS = {"compress_level": 6, "compress_type": 3}


def palette() -> bytes:
    steps = []
    for index in range(SHADES):
        share = index / (SHADES - 1)
        steps.extend(
            round(back + (front - back) * share)
            for back, front in zip(BACKGROUND, TEXT, strict=True)
        )
    return bytes([*steps, *ACCENT_COLOUR])


@dataclass(frozen=True)
class CardFont:
    """The card font, read once per build, at every size a layout may choose."""

    path: Path
    digest: str  # of the font file, part of every card's key
    sizes: dict[int, ImageFont.FreeTypeFont]


def load_font(path: Path, sizes: Iterable[int]) -> CardFont:
    """The font at `path`; SocialCardsError naming the file if it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SocialCardsError(
            f"{path}: cannot read the social-card font ({error.strerror or error})"
        ) from error
    try:
        # BASIC layout: the same result on every machine, with or without
        # libraqm, and faster for the Latin text of the titles.
        loaded = {
            size: ImageFont.truetype(
                io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC
            )
            for size in sorted(set(sizes))
        }
    except OSError as error:
        raise SocialCardsError(
            f"{path}: not a TrueType or OpenType font Pillow can read ({error})"
        ) from error
    return CardFont(path, digest([data]), loaded)


@dataclass(frozen=True)
class CardLayout:
    title: TextBlock
    name: TextBlock


class CardPainter:
    """Draws the cards of one site: one font, one organization name."""

    def __init__(self, font: CardFont, name: str, short_name: str) -> None:
        self.font = font
        self.name = " ".join(name.split())
        self.short_name = " ".join(short_name.split())
        self._palette = palette()
        # The same on nearly every card, so laid out once each.
        self._name_blocks = {
            text: fit_text(text, font.sizes, NAME_SIZES, NAME_BOX, max_lines=1)
            for text in (self.name, self.short_name)
        }

    def key(self, title: str) -> str:
        """Everything a card depends on, as a cache key."""
        return digest(
            (
                "social-card",
                VERSION,
                title,
                self.name,
                self.short_name,
                self.font.digest,
                f"{WIDTH}x{HEIGHT}",
            )
        )

    def layout(self, title: str) -> CardLayout:
        title_block = fit_text(
            title, self.font.sizes, TITLE_SIZES, TITLE_BOX, max_lines=TITLE_LINES
        )
        # The home page's title is the organization's name: its card does not
        # say it twice.
        same = title.casefold() == self.name.casefold()
        return CardLayout(
            title_block, self._name_blocks[self.short_name if same else self.name]
        )

    def draw(self, title: str) -> Image.Image:
        image = Image.new("L", (WIDTH, HEIGHT), 0)
        pen = ImageDraw.Draw(image)
        pen.rectangle(
            (ACCENT.left, ACCENT.top, ACCENT.right - 1, ACCENT.bottom - 1),
            fill=ACCENT_INDEX,
        )
        layout = self.layout(title)
        for block in (layout.title, layout.name):
            font = self.font.sizes[block.size]
            for line in block.lines:
                pen.text(
                    (line.x, line.y),
                    line.text,
                    font=font,
                    fill=SHADES - 1,
                    anchor=ANCHOR,
                )
        # Attaching the palette turns the "L" image, whose values are already
        # palette indexes, into a "P" image without touching a pixel.
        image.putpalette(self._palette)
        return image

    def png(self, title: str) -> bytes:
        buffer = io.BytesIO()
        self.draw(title).save(buffer, "PNG", **PNG_OPTIONS)
        return buffer.getvalue()
