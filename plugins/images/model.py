"""Images in a page's HTML: finding them, planning their sizes, printing markup.

Pure functions, no Pelican and no Pillow: the plugin reads the files and the
processing module resizes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
# Pelican's markers for files inside content/; `{static}` is the documented one.
_MARKER = re.compile(r"^\{(static|attach|filename)\}(.+)$")
# Attributes the plugin sets itself; anything else the author wrote is kept.
_REPLACED = frozenset(
    {"src", "srcset", "sizes", "width", "height", "alt", "loading", "decoding"}
)
SUPPORTED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
# The plain `src` for browsers that ignore srcset: sharp enough on a laptop.
FALLBACK_SRC_WIDTH = 960


@dataclass(frozen=True)
class ImageTag:
    """One `<img>` as written in the page: where it is and its attributes."""

    start: int
    end: int
    attrs: tuple[tuple[str, str | None], ...]

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class _TagParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs = attrs

    handle_startendtag = handle_starttag


def find_images(html: str) -> list[ImageTag]:
    """Every `<img>` tag in `html`, in order."""
    found = []
    for match in _IMG_TAG.finditer(html):
        parser = _TagParser()
        parser.feed(match.group(0))
        parser.close()
        found.append(ImageTag(match.start(), match.end(), tuple(parser.attrs)))
    return found


def content_path(src: str) -> str | None:
    """The content-relative path of a `{static}/images/x.jpg` address, else None.

    Paths are relative to the content folder; Pelican's page-relative form
    (`{static}../images/x.jpg`) is not used on this site.
    """
    match = _MARKER.match(src)
    if match is None:
        return None
    return match.group(2).split("#")[0].split("?")[0].lstrip("/")


def source_lines(text: str, needles: list[str]) -> list[int]:
    """The line of each needle in `text`, searched in order (1 when not found).

    Images appear in the HTML in source order, so the n-th use of a file is
    found after the previous image, and repeated files get their own lines.
    """
    lines = []
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        if found < 0:
            found = text.find(needle)
        if found < 0:
            lines.append(1)
            continue
        position = found + len(needle)
        lines.append(text.count("\n", 0, found) + 1)
    return lines


def plan_widths(original: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The widths to publish: those in `widths` below the original, then the
    largest allowed, never wider than the original (no upscaling)."""
    largest = min(original, max(widths))
    return (*sorted(w for w in set(widths) if w < largest), largest)


def scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


@dataclass(frozen=True)
class Variant:
    path: str  # site-relative, e.g. images/photo-480.1a2b3c4d5e.webp
    width: int


@dataclass(frozen=True)
class Picture:
    """The published files of one image: WebP and a JPEG or PNG fallback."""

    webp: tuple[Variant, ...]
    fallback: tuple[Variant, ...]
    fallback_type: str  # image/jpeg or image/png
    width: int  # the width and height attributes: the size at 1x, no upscaling
    height: int
    sizes: str  # how wide it shows, for the browser to pick a variant

    @property
    def src(self) -> Variant:
        """For browsers without srcset: the widest up to the 1x width or 960."""
        limit = min(self.width, FALLBACK_SRC_WIDTH)
        fitting = [v for v in self.fallback if v.width <= limit]
        return fitting[-1] if fitting else self.fallback[0]

    @property
    def files(self) -> tuple[Variant, ...]:
        return (*self.webp, *self.fallback)


def srcset(variants: tuple[Variant, ...], prefix: str) -> str:
    return ", ".join(f"{prefix}{v.path} {v.width}w" for v in variants)


def render_picture(
    picture: Picture,
    tag: ImageTag,
    *,
    prefix: str,
    eager: bool,
) -> str:
    """`<picture>` markup for `tag`; `prefix` is what goes before a site path."""
    attrs: list[tuple[str, str]] = [
        ("src", prefix + picture.src.path),
        ("srcset", srcset(picture.fallback, prefix)),
        ("sizes", picture.sizes),
        ("width", str(picture.width)),
        ("height", str(picture.height)),
        ("alt", tag.get("alt") or ""),
    ]
    # Only an image at the top of the text is likely on screen at load; the
    # browser fetches lazy ones as they near the viewport.
    attrs += [("loading", "eager")] if eager else [("loading", "lazy")]
    attrs.append(("decoding", "async"))
    attrs += [(k, v or "") for k, v in tag.attrs if k not in _REPLACED]
    img = "<img " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs) + ">"
    source = (
        f'<source type="image/webp" srcset="{escape(srcset(picture.webp, prefix))}" '
        f'sizes="{escape(picture.sizes)}">'
    )
    return f"<picture>{source}{img}</picture>"


def is_eager(index: int, tag: ImageTag, html: str) -> bool:
    """The first image loads at once if it comes before the first `<h2>`."""
    if index != 0:
        return False
    heading = html.find("<h2")
    return heading < 0 or tag.start < heading


def replace_spans(html: str, replacements: list[tuple[int, int, str]]) -> str:
    """`html` with each (start, end) span replaced, spans in order."""
    parts = []
    position = 0
    for start, end, text in replacements:
        parts += [html[position:start], text]
        position = end
    parts.append(html[position:])
    return "".join(parts)
