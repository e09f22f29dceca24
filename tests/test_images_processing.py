"""Resizing with Pillow: sizes, formats, orientation, stripped metadata, the cache.

Every image here is synthetic, drawn by the test; no real photo is used.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from images.library import ImageLibrary
from images.processing import ImageError, inspect
from imaging.cache import DerivedCache

WIDTHS = (480, 960, 1440)
# What a published file must not carry: place, device, profile, comments.
PRIVATE_INFO_KEYS = {
    "exif",
    "icc_profile",
    "xmp",
    "XML:com.adobe.xmp",
    "comment",
    "photoshop",
    "Description",
    "Author",
}
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def synthetic_photo(
    size: tuple[int, int] = (2000, 1200), orientation: int = 1
) -> bytes:
    """A JPEG with many colours, GPS and camera EXIF, an ICC profile and a comment."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line([(x, 0), (size[0] - x, size[1])], fill=(x % 256, 90, 200), width=3)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Example Camera Maker"  # Make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (34.0, 3.0, 0.0), 3: "W"})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, icc_profile=icc, comment=b"synthetic test photo")
    return out.getvalue()


def synthetic_logo(size: tuple[int, int] = (600, 200)) -> bytes:
    """A PNG with a transparent background, two flat colours and a text chunk."""
    from PIL import PngImagePlugin

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).rectangle([20, 20, size[0] - 20, size[1] - 20], fill="navy")
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Example Partner 17")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=text)
    return out.getvalue()


def private_metadata(path: Path) -> list[str]:
    """What in a published file could identify a place, device or person."""
    with Image.open(path) as image:
        found = sorted(PRIVATE_INFO_KEYS & set(image.info))
        if image.getexif():
            found.append("EXIF tags")
        if image.format == "PNG":
            found += [f"text {key}" for key in getattr(image, "text", {})]
    return found


def library(content: Path, cache: Path) -> ImageLibrary:
    return ImageLibrary(content=content, folder="images", cache=DerivedCache(cache))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "images"
    folder.mkdir(parents=True)
    (folder / "photo.jpg").write_bytes(synthetic_photo())
    (folder / "upright.jpg").write_bytes(synthetic_photo((1200, 800), orientation=6))
    (folder / "logo.png").write_bytes(synthetic_logo())
    return tmp_path / "content"


def test_inspect_tells_photos_from_graphics() -> None:
    photo = inspect(synthetic_photo())
    assert (photo.width, photo.height, photo.fallback) == (2000, 1200, "jpeg")
    logo = inspect(synthetic_logo())
    assert logo.alpha
    assert logo.fallback == "png"
    opaque = io.BytesIO()
    Image.new("RGBA", (50, 50), (10, 20, 30, 255)).save(opaque, "PNG")
    flat = inspect(opaque.getvalue())
    assert not flat.alpha
    assert flat.few_colours
    assert flat.fallback == "png"


def test_inspect_rejects_files_that_are_not_images() -> None:
    with pytest.raises(ImageError, match="not an image"):
        inspect(b"GIF89a but not really")


def test_picture_widths_formats_and_size(content: Path, tmp_path: Path) -> None:
    images = library(content, tmp_path / "cache")
    picture = images.picture("images/photo.jpg", WIDTHS, "100vw")
    assert [v.width for v in picture.webp] == [480, 960, 1440]
    assert [v.width for v in picture.fallback] == [480, 960, 1440]
    assert all(v.path.endswith(".webp") for v in picture.webp)
    assert all(v.path.endswith(".jpg") for v in picture.fallback)
    assert (picture.width, picture.height) == (1440, 864)
    for variant in picture.files:
        with Image.open(images.outputs[variant.path]) as image:
            assert image.width == variant.width
            assert image.height == round(1200 * variant.width / 2000)
            assert image.format == ("WEBP" if variant.path.endswith("webp") else "JPEG")


def test_exif_orientation_is_applied_before_stripping(
    content: Path, tmp_path: Path
) -> None:
    images = library(content, tmp_path / "cache")
    picture = images.picture("images/upright.jpg", WIDTHS, "100vw")
    # Stored 1200x800 and turned a quarter by EXIF: shown 800 wide, 1200 high.
    assert (picture.width, picture.height) == (800, 1200)
    assert [v.width for v in picture.fallback] == [480, 800]
    with Image.open(images.outputs[picture.fallback[-1].path]) as image:
        assert image.size == (800, 1200)


def test_transparent_logo_gets_png_fallback_and_fixed_display_width(
    content: Path, tmp_path: Path
) -> None:
    images = library(content, tmp_path / "cache")
    picture = images.picture("images/logo.png", (240, 480), "", display_width=240)
    assert picture.fallback_type == "image/png"
    assert [v.width for v in picture.fallback] == [240, 480]
    assert (picture.width, picture.height, picture.sizes) == (240, 80, "240px")
    with Image.open(images.outputs[picture.fallback[0].path]) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((0, 0))[3] == 0


def test_no_published_file_keeps_metadata(content: Path, tmp_path: Path) -> None:
    images = library(content, tmp_path / "cache")
    for name in ("photo.jpg", "upright.jpg", "logo.png"):
        images.picture(f"images/{name}", WIDTHS, "100vw")
    images.original("images/photo.jpg", "images/photo.jpg")
    assert len(images.outputs) == 6 + 4 + 4 + 1
    # The sources do carry it, so the check can fail.
    assert private_metadata(content / "images" / "photo.jpg")
    assert private_metadata(content / "images" / "logo.png")
    leaks = {
        site_path: found
        for site_path, cached in images.outputs.items()
        if (found := private_metadata(cached))
    }
    assert leaks == {}


def test_unchanged_images_are_never_processed_again(
    content: Path, tmp_path: Path
) -> None:
    cold = library(content, tmp_path / "cache")
    first = cold.picture("images/photo.jpg", WIDTHS, "100vw")
    assert cold.cache.made == 6 + 1  # six variants and the source's facts
    warm = library(content, tmp_path / "cache")
    assert warm.picture("images/photo.jpg", WIDTHS, "100vw") == first
    assert warm.cache.made == 0
    (content / "images" / "photo.jpg").write_bytes(synthetic_photo((1999, 1200)))
    changed = library(content, tmp_path / "cache")
    assert changed.picture("images/photo.jpg", WIDTHS, "100vw") != first
    assert changed.cache.made == 6 + 1


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("images/gone.jpg", "no such file in the content folder"),
        ("pages/photo.jpg", "keep images in content/images/"),
        ("images/../secret.jpg", "keep images in content/images/"),
        ("images/notes.txt", "use a JPEG, PNG or WebP file"),
    ],
)
def test_paths_that_cannot_be_published(
    content: Path, tmp_path: Path, path: str, message: str
) -> None:
    (content / "images" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ImageError, match=message):
        library(content, tmp_path / "cache").check_path(path)


def test_write_links_files_into_the_output(content: Path, tmp_path: Path) -> None:
    images = library(content, tmp_path / "cache")
    picture = images.picture("images/logo.png", (240, 480), "")
    output = tmp_path / "output"
    assert images.write(output) == 4
    assert images.write(output) == 0
    published = output / picture.src.path
    assert published.read_bytes() == images.outputs[picture.src.path].read_bytes()
    assert published.stat().st_mode & 0o444 == 0o444  # readable by a web server
