"""Responsive, metadata-free images for pages and partner logos."""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path, PurePosixPath
from typing import Any

from pelican import signals
from pelican.generators import Generator

from imaging.cache import DerivedCache
from records.collection import label_for
from records.errors import Problem

from .library import ImageLibrary
from .model import (
    SUPPORTED_SUFFIXES,
    ImageTag,
    content_path,
    find_images,
    is_eager,
    render_picture,
    replace_spans,
    source_lines,
)
from .processing import ImageError

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Sources live in content/<IMAGES_PATH>/ and are published under the same
    # folder, only as the processed files.
    "IMAGES_PATH": "images",
    "IMAGES_WIDTHS": (480, 960, 1440),
    # The text column (.cast-main) is at most 44rem wide.
    "IMAGES_SIZES": "(min-width: 46rem) 44rem, 100vw",
    # Logos show at most 6rem high; 240 px wide at 1x, 480 px for 2x screens.
    "IMAGES_LOGO_WIDTHS": (240, 480),
}
# Raster files that can carry EXIF, XMP or comments; none is copied as it is.
_RASTER_SUFFIXES = SUPPORTED_SUFFIXES | {
    ".gif", ".tif", ".tiff", ".bmp", ".heic", ".heif", ".avif", ".jxl",
}  # fmt: skip

# The library of the build running in this process. Partner views and the
# preview's fast path reach it here, as the Markdown cache's reader does.
_current: ImageLibrary | None = None
_settings: dict[str, Any] = dict(DEFAULTS)


def current() -> ImageLibrary:
    if _current is None:
        raise RuntimeError(
            "images need the images plugin: add it to PLUGINS in pelicanconf.py"
        )
    return _current


def prepare(pelican: Any) -> None:
    global _current, _settings
    _settings = {**DEFAULTS, **pelican.settings}
    _current = ImageLibrary(
        content=Path(_settings["PATH"]),
        folder=_settings["IMAGES_PATH"],
        cache=DerivedCache(Path(_settings["CACHE_PATH"]) / "images"),
    )


def logo_picture(path: str) -> Any:
    """A partner logo (content-relative path): small, with a 2x variant."""
    widths = tuple(_settings["IMAGES_LOGO_WIDTHS"])
    return current().picture(path, widths, sizes="", display_width=min(widths))


def publish(output: Path) -> int:
    """Write the images the pages use into `output` (the preview's fast path)."""
    return 0 if _current is None else _current.write(output)


def transform(content: Any) -> None:
    """Replace each `<img>` in a page with a `<picture>` of published variants."""
    html = getattr(content, "_content", None)
    # Most pages have no image; this test is all they pay.
    if not isinstance(html, str) or "<img" not in html or _current is None:
        return
    tags = find_images(html)
    if not tags:
        return
    problems: list[tuple[int, str]] = []  # (index of the tag, message)
    replacements = []
    prefix = _prefix(content)
    for index, tag in enumerate(tags):
        src = tag.get("src") or ""
        messages = _problems(tag, src)
        if not messages:
            try:
                picture = _current.picture(
                    content_path(src) or "",
                    tuple(_settings["IMAGES_WIDTHS"]),
                    _settings["IMAGES_SIZES"],
                )
            except ImageError as exc:
                messages.append(f"{src}: {exc}")
        if messages:
            problems += [(index, message) for message in messages]
            replacements.append((tag.start, tag.end, ""))
            continue
        markup = render_picture(
            picture, tag, prefix=prefix, eager=is_eager(index, tag, html)
        )
        replacements.append((tag.start, tag.end, markup))
    content._content = replace_spans(html, replacements)
    if problems:
        _report(content, tags, problems)


def _problems(tag: ImageTag, src: str) -> list[str]:
    path = content_path(src)
    folder = _settings["IMAGES_PATH"]
    found = []
    if path is None:
        where = f"put the file in content/{folder}/ and write {{static}}/{folder}/"
        if src.startswith(("http:", "https:", "//", "data:")):
            found.append(
                f"{src[:60]}: images from other sites are not allowed; {where}"
            )
        else:
            found.append(f"{src or '(no address)'}: {where}<file name>")
    else:
        try:
            current().check_path(path)
        except ImageError as exc:
            found.append(f"{src}: {exc}")
    # An empty alt would mark the image as decorative; content images carry
    # meaning, so each needs words (WCAG 1.1.1).
    if not (tag.get("alt") or "").strip():
        found.append(
            f"{src}: no alt text; say what the image shows between the brackets, "
            f"as in ![What the photo shows]({src})"
        )
    return found


def _report(
    content: Any, tags: list[ImageTag], problems: list[tuple[int, str]]
) -> None:
    source = Path(content.source_path)
    root = Path(content.settings["PATH"])
    text = source.read_text(encoding="utf-8")
    # Lines of every image, in order, so a file used twice gets the right one.
    lines = source_lines(text, [tag.get("src") or "<img" for tag in tags])
    label = label_for(source, root)
    found = [
        Problem(label, lines[index], "image", message) for index, message in problems
    ]
    for problem in sorted(found):
        logger.error("%s", problem)


def _prefix(content: Any) -> str:
    """What goes before a site path in this page: relative, or the site's URL."""
    settings = content.settings
    if settings["RELATIVE_URLS"]:
        folder = posixpath.dirname(content.save_as or "") or "."
        return posixpath.relpath(".", folder) + "/"
    return settings["SITEURL"] + "/"


def strip_static(generator: Any) -> None:
    """Publish images Pelican would copy as they are (a link to a photo) stripped."""
    if _current is None:
        return
    kept = []
    for static in generator.staticfiles:
        path = static.get_relative_source_path()
        suffix = PurePosixPath(path).suffix.lower()
        if suffix not in _RASTER_SUFFIXES:
            kept.append(static)
            continue
        try:
            if suffix not in SUPPORTED_SUFFIXES:
                raise ImageError("use a JPEG, PNG or WebP file")
            _current.original(path, static.save_as)
        except ImageError as exc:
            label = f"{Path(generator.path).name}/{path}"
            logger.error("%s", Problem(label, 1, "image", str(exc)))
    # Pelican copies context["staticfiles"], which is this same list.
    generator.staticfiles[:] = kept


class ImagesGenerator(Generator):
    """Writes the images the pages and records use into the output."""

    def generate_output(self, writer: Any) -> None:
        publish(Path(self.output_path))


def get_generators(pelican: Any) -> type[Generator]:
    return ImagesGenerator


def register() -> None:
    signals.initialized.connect(prepare)
    signals.content_object_init.connect(transform)
    signals.static_generator_finalized.connect(strip_static)
    signals.get_generators.connect(get_generators)
