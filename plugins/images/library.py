"""The images of one build: made once into the cache, then published by name.

A page or record asks for a picture; the library reads the source, makes any
variant the cache lacks, and remembers which cached file goes where in the
output. Writing the output is a separate step (the generator, or the preview
after a fast re-render), so reading never touches the output folder.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from PIL import Image

from imaging.cache import DerivedCache, digest

from .model import SUPPORTED_SUFFIXES, Picture, Variant, plan_widths, scaled_height
from .processing import (
    FORMATS,
    VERSION,
    ImageError,
    SourceInfo,
    inspect,
    load_clean,
    save_variant,
)


@dataclass
class _Source:
    data: bytes
    key: str  # digest of the bytes
    info: SourceInfo


@dataclass
class ImageLibrary:
    """Images under `content / folder`, cached in `cache`."""

    content: Path
    folder: str  # "images": where sources live, and where they are published
    cache: DerivedCache
    outputs: dict[str, Path] = field(default_factory=dict)  # site path -> cached
    _sources: dict[str, _Source] = field(default_factory=dict)

    def check_path(self, path: str) -> None:
        """Raise ImageError unless `path` is a supported file in the folder."""
        pure = PurePosixPath(path)
        if pure.parts[:1] != (self.folder,) or ".." in pure.parts:
            raise ImageError(f"keep images in {self.content.name}/{self.folder}/")
        if pure.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise ImageError("use a JPEG, PNG or WebP file")
        if not (self.content / path).is_file():
            raise ImageError("no such file in the content folder")

    def picture(
        self,
        path: str,
        widths: tuple[int, ...],
        sizes: str,
        display_width: int | None = None,
    ) -> Picture:
        """WebP and fallback variants of the content file `path` (content-relative).

        `display_width` is the width at 1x when it is fixed (a logo); by default
        the markup's width is that of the largest variant.
        """
        self.check_path(path)
        source = self._source(path)
        info = source.info
        planned = plan_widths(info.width, widths)
        variants: dict[str, tuple[Variant, ...]] = {}
        for fmt in ("webp", info.fallback):
            variants[fmt] = tuple(
                Variant(self._published(path, source, width, fmt), width)
                for width in planned
            )
        self._make(path, source, [(v.width, f) for f in variants for v in variants[f]])
        shown = min(display_width or planned[-1], info.width)
        return Picture(
            webp=variants["webp"],
            fallback=variants[info.fallback],
            fallback_type=FORMATS[info.fallback][1],
            width=shown,
            height=scaled_height(info.width, info.height, shown),
            sizes=sizes or f"{shown}px",
        )

    def original(self, path: str, save_as: str) -> None:
        """Publish `path` at its own address, full size, without metadata.

        For files Pelican would otherwise copy as they are (a link to a photo).
        """
        source = self._source(path)
        fmt = {".png": "png", ".webp": "webp"}.get(
            PurePosixPath(path).suffix.lower(), "jpeg"
        )
        key = digest([source.key, "original", fmt, VERSION])
        width = source.info.width
        cached = self._cache(
            key,
            fmt,
            lambda t: _save(
                load_clean(source.data, source.info, width), source.info, width, fmt, t
            ),
        )
        self.outputs[save_as] = cached

    def write(self, output: Path) -> int:
        """Put every published image into `output`; returns how many were new."""
        written = 0
        for site_path, cached in self.outputs.items():
            target = output / site_path
            if target.exists() and target.samefile(cached):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(cached, target)
            written += 1
        return written

    def _source(self, path: str) -> _Source:
        found = self._sources.get(path)
        if found is not None:
            return found
        data = (self.content / path).read_bytes()
        key = digest([data])
        info_file = self.cache.get(
            digest([key, "info", VERSION]),
            ".json",
            lambda target: target.write_text(inspect(data).to_json(), "utf-8"),
        )
        info = SourceInfo.from_json(info_file.read_text("utf-8"))
        found = self._sources[path] = _Source(data, key, info)
        return found

    def _published(self, path: str, source: _Source, width: int, fmt: str) -> str:
        pure = PurePosixPath(path)
        name = f"{pure.stem}-{width}.{source.key[:10]}{FORMATS[fmt][0]}"
        return str(pure.with_name(name))

    def _make(self, path: str, source: _Source, wanted: list[tuple[int, str]]) -> None:
        # Decoded once for all the variants a cold cache lacks; a warm cache
        # never decodes at all.
        decoded: list[Image.Image] = []
        largest = max(width for width, _ in wanted)

        def clean() -> Image.Image:
            if not decoded:
                decoded.append(load_clean(source.data, source.info, largest))
            return decoded[0]

        for width, fmt in wanted:
            key = digest([source.key, str(width), fmt, VERSION])
            cached = self._cache(
                key, fmt, lambda t, w=width, f=fmt: _save(clean(), source.info, w, f, t)
            )
            self.outputs[self._published(path, source, width, fmt)] = cached

    def _cache(self, key: str, fmt: str, make: Callable[[Path], None]) -> Path:
        return self.cache.get(key, FORMATS[fmt][0], make)


def _save(
    clean: Image.Image, info: SourceInfo, width: int, fmt: str, target: Path
) -> None:
    save_variant(clean, info, width, fmt, target)
    # The cache's temporary files are private; published files must be readable.
    target.chmod(0o644)


def _link_or_copy(cached: Path, target: Path) -> None:
    """Hard-link the cached file into the output (a copy across filesystems).

    Via a temporary name and a rename, so the file appears whole or not at all.
    """
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=target.suffix)
    os.close(handle)
    Path(partial).unlink()
    try:
        try:
            os.link(cached, partial)
        except OSError:
            Path(partial).write_bytes(cached.read_bytes())
            Path(partial).chmod(0o644)
        Path(partial).replace(target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    # Where `target` already was a link to the same file (every language's run
    # publishes the shared images, and they may run at once), rename(2) does
    # nothing and leaves `partial` behind.
    Path(partial).unlink(missing_ok=True)
