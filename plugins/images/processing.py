"""Pillow work: what a source image is, and writing its resized, stripped copies.

Every file written here carries pixels only. Photos from phones hold the place
they were taken (GPS), the device and the time; published, they could lead
someone to a survivor or a shelter. So nothing of the source's metadata (EXIF,
XMP, ICC profile, comments, PNG text) is ever passed on: orientation is
applied to the pixels first, colours are converted to sRGB, and `info` is
emptied before saving.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

# Part of every cache key: change it when the output of this module changes,
# so that cached files made by older code are never published again.
VERSION = "1"

# Pillow format name -> (file suffix, MIME type)
FORMATS = {
    "webp": (".webp", "image/webp"),
    "jpeg": (".jpg", "image/jpeg"),
    "png": (".png", "image/png"),
}
_SOURCE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
_ROTATED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
_ORIENTATION = 0x0112
_FEW_COLOURS = 256
_OPAQUE = 255
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageError(ValueError):
    """A source file that cannot be published as an image."""


@dataclass(frozen=True)
class SourceInfo:
    """What the variants of a source depend on, besides its bytes."""

    width: int  # as displayed, after EXIF orientation
    height: int
    alpha: bool
    few_colours: bool  # a logo or diagram: lossless formats suit it

    @property
    def fallback(self) -> str:
        """JPEG for photos; PNG keeps transparency and sharp, flat colours."""
        return "png" if self.alpha or self.few_colours else "jpeg"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> SourceInfo:
        return cls(**json.loads(text))


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError("not an image file Pillow can read") from exc
    if image.format not in _SOURCE_FORMATS:
        raise ImageError(f"{image.format} images are not supported; use JPEG or PNG")
    return image


def _has_alpha(image: Image.Image) -> bool:
    if "transparency" in image.info:
        return True
    if image.mode not in ("RGBA", "LA", "PA", "RGBa", "La"):
        return False
    # Many screenshots carry an alpha channel that is opaque everywhere.
    low, _ = image.getchannel("A").getextrema()
    return bool(low < _OPAQUE)


def inspect(data: bytes) -> SourceInfo:
    """Size, transparency and colour count of an image file's contents."""
    image = _open(data)
    try:
        width, height = image.size
        if image.getexif().get(_ORIENTATION) in _ROTATED:
            width, height = height, width
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageError("the file is damaged or truncated") from exc
    alpha = _has_alpha(image)
    # A JPEG is a photo; counting colours would mean decoding it for nothing.
    few = image.format != "JPEG" and (
        image.convert("RGBA").getcolors(_FEW_COLOURS) is not None
    )
    return SourceInfo(width, height, alpha, few)


def load_clean(data: bytes, info: SourceInfo, largest: int) -> Image.Image:
    """The source's pixels, upright, in sRGB, with no metadata at all.

    `largest` is the widest variant wanted; a JPEG is decoded at a reduced
    scale when that is still at least as large (much faster for big photos).
    """
    image = _open(data)
    orientation = image.getexif().get(_ORIENTATION)
    if image.format == "JPEG" and largest < info.width:
        wanted = (largest, max(1, info.height * largest // info.width))
        if orientation in _ROTATED:
            wanted = (wanted[1], wanted[0])
        image.draft(image.mode, wanted)
    upright = ImageOps.exif_transpose(image)
    mode = "RGBA" if info.alpha else "RGB"
    icc = image.info.get("icc_profile")
    converted: Image.Image | None = None
    if icc and upright.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                upright, source_profile, _SRGB, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            converted = None  # a broken profile: plain conversion below
    # convert() always returns a new image, so the source's info stays behind.
    clean = converted or upright.convert(mode)
    clean.info = {}
    return clean


def save_variant(
    clean: Image.Image, info: SourceInfo, width: int, fmt: str, target: Path
) -> None:
    """Write `clean` scaled to `width` as `fmt` to `target`, pixels only."""
    image = clean
    if width != clean.width:
        height = max(1, round(clean.height * width / clean.width))
        image = clean.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
    image.info = {}
    if fmt == "webp":
        if info.few_colours:
            image.save(target, "WEBP", lossless=True, quality=80, method=4)
        else:
            image.save(target, "WEBP", quality=80, method=4)
    elif fmt == "jpeg":
        image.convert("RGB").save(
            target, "JPEG", quality=82, optimize=True, progressive=True
        )
    elif fmt == "png":
        image.save(target, "PNG", optimize=True)
    else:
        raise ValueError(f"unknown image format {fmt!r}")
