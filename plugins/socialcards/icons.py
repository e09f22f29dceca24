"""Favicons, touch icons and the web app manifest, from one source image.

The source (theme/icons/icon.png) is a square of at least 512 px, opaque
edge to edge: iOS fills a transparent touch icon with black, and every
platform rounds the corners itself. theme/static/favicon.svg stays the icon
for browsers that take SVG (base.html links it); these files serve the rest.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from .errors import SocialCardsError

# Part of every icon's cache key; change it whenever the resizing changes.
VERSION = "1"
SMALLEST_SOURCE = 512
# favicon.ico holds the sizes that browsers and Windows pick from.
ICO_SIZES = (16, 32, 48)


@dataclass(frozen=True)
class IconFile:
    save_as: str  # site-relative
    size: int  # width and height in pixels; the largest for the .ico
    mime: str


FAVICON = IconFile("favicon.ico", 48, "image/x-icon")
TOUCH_ICON = IconFile("apple-touch-icon.png", 180, "image/png")
# The sizes that Chrome and Android ask a manifest for.
MANIFEST_ICONS = (
    IconFile("icon-192.png", 192, "image/png"),
    IconFile("icon-512.png", 512, "image/png"),
)
ICON_FILES = (FAVICON, TOUCH_ICON, *MANIFEST_ICONS)


@dataclass(frozen=True)
class SourceIcon:
    path: Path
    data: bytes


def load_source_icon(path: Path) -> SourceIcon:
    """The source icon; SocialCardsError naming the file if it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SocialCardsError(
            f"{path}: cannot read the source icon ({error.strerror or error})"
        ) from error
    try:
        with Image.open(io.BytesIO(data)) as image:
            # Checks the file's structure without decoding it: every build
            # reads the source, but only a changed one is decoded and resized.
            image.verify()
            size = image.size
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise SocialCardsError(
            f"{path}: the source icon is not an image Pillow can read ({error})"
        ) from error
    width, height = size
    if width != height or width < SMALLEST_SOURCE:
        raise SocialCardsError(
            f"{path}: the source icon must be square and at least "
            f"{SMALLEST_SOURCE}x{SMALLEST_SOURCE} px; it is {width}x{height}"
        )
    return SourceIcon(path, data)


def _opaque(source: SourceIcon, background: tuple[int, int, int]) -> Image.Image:
    with Image.open(io.BytesIO(source.data)) as image:
        rgba = image.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (*background, 255))
    flat.alpha_composite(rgba)
    return flat.convert("RGB")


def render_icon(
    source: SourceIcon, icon: IconFile, background: tuple[int, int, int]
) -> bytes:
    """The bytes of `icon`, resized from `source` over `background`."""
    image = _opaque(source, background)
    buffer = io.BytesIO()
    if icon.save_as.endswith(".ico"):
        # Pillow scales each size in the .ico down from the full source.
        image.save(buffer, "ICO", sizes=[(size, size) for size in ICO_SIZES])
    else:
        small = image.resize((icon.size, icon.size), Image.Resampling.LANCZOS)
        small.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def build_manifest(
    name: str,
    short_name: str,
    theme_color: str,
    background_color: str,
) -> str:
    """site.webmanifest: its paths are relative to the manifest, at the site root.

    display "browser": the site opens as an ordinary tab. A standalone app
    would make browsers offer to install it, and an app icon on a phone's home
    screen could put a visitor at risk; it would also hide the browser's own
    ways out (back, close tab) that the quick exit relies on.
    """
    icons = [
        {"src": icon.save_as, "sizes": f"{icon.size}x{icon.size}", "type": icon.mime}
        for icon in MANIFEST_ICONS
    ]
    manifest = {
        "name": name,
        "short_name": short_name,
        "start_url": "./",
        "scope": "./",
        "display": "browser",
        "theme_color": theme_color,
        "background_color": background_color,
        "icons": icons,
    }
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
