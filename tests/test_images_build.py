"""Images in real builds: `<picture>` markup, published files, privacy, errors.

The content is a copy of the site's own, plus synthetic images drawn by the
tests (no real photo), a page that shows them and a synthetic partner.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT, build_project
from PIL import Image
from test_images_processing import private_metadata, synthetic_logo, synthetic_photo

import images.plugin
from sitebuild.build import BuildError, build_site
from sitebuild.html import validate_html
from sitebuild.links import find_broken_references, resolve_target
from sitebuild.preview import Preview

PAGE = """Title: Example images
Summary: A synthetic page that shows test images.

![A synthetic test pattern at the top]({static}/images/photo.jpg)

Some text.

## Further down

![The same synthetic pattern again]({static}/images/photo.jpg)

![A synthetic transparent shape]({static}/images/shape.png)
"""
PARTNER = """name: Example Partner 17
category: community-based
description: |
  A synthetic partner for the image tests.
logo: example-partner-17.png
"""
RASTER = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".avif"}


def add_images(content: Path) -> None:
    folder = content / "images"
    (folder / "partners").mkdir(parents=True, exist_ok=True)
    (folder / "photo.jpg").write_bytes(synthetic_photo())
    (folder / "shape.png").write_bytes(synthetic_logo((700, 300)))
    (folder / "partners" / "example-partner-17.png").write_bytes(synthetic_logo())
    (content / "pages" / "example-images.md").write_text(PAGE, encoding="utf-8")
    (content / "partners" / "example-partner-17.yml").write_text(
        PARTNER, encoding="utf-8"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("images")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    add_images(content)
    return build_project(tmp, content)


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def srcset_urls(value: str) -> list[tuple[str, int]]:
    return [
        (url, int(width.rstrip("w")))
        for url, width in (c.strip().split(" ") for c in value.split(","))
    ]


def test_page_images_become_pictures_with_variants(site: Path) -> None:
    page = site / "example-images" / "index.html"
    pictures = soup(site, "example-images/index.html").select(".cast-prose picture")
    assert len(pictures) == 3
    photo = pictures[0]
    source, img = photo.find("source"), photo.find("img")
    assert source["type"] == "image/webp"
    assert source["sizes"] == img["sizes"]
    assert (img["width"], img["height"]) == ("1440", "864")
    assert img["alt"] == "A synthetic test pattern at the top"
    for value, suffix, fmt in ((source["srcset"], ".webp", "WEBP"),
                               (img["srcset"], ".jpg", "JPEG")):  # fmt: skip
        candidates = srcset_urls(value)
        assert [w for _, w in candidates] == [480, 960, 1440]
        for url, width in candidates:
            assert url.endswith(suffix)
            with Image.open(resolve_target(site, page, url)) as image:
                assert (image.format, image.width) == (fmt, width)
    shape = pictures[2].find("img")
    assert shape["src"].endswith(".png")
    # 700 wide: never upscaled to 960 or 1440.
    assert [w for _, w in srcset_urls(shape["srcset"])] == [480, 700]
    assert (shape["width"], shape["height"]) == ("700", "300")


def test_only_the_first_image_above_the_first_heading_is_eager(site: Path) -> None:
    imgs = soup(site, "example-images/index.html").select(".cast-prose picture img")
    assert [(i["loading"], i["decoding"]) for i in imgs] == [
        ("eager", "async"),
        ("lazy", "async"),
        ("lazy", "async"),
    ]


def test_partner_logo_is_small_stripped_and_sized(site: Path) -> None:
    page = site / "partners" / "example-partner-17" / "index.html"
    picture = soup(site, "partners/example-partner-17/index.html").find("picture")
    img = picture.find("img")
    assert img["class"] == ["cast-partner__logo"]
    assert img["alt"] == "Logo of Example Partner 17"
    assert (img["width"], img["height"], img["sizes"]) == ("240", "80", "240px")
    assert [w for _, w in srcset_urls(img["srcset"])] == [240, 480]
    webp = srcset_urls(picture.find("source")["srcset"])
    assert all(url.endswith(".webp") for url, _ in webp)
    with Image.open(resolve_target(site, page, img["src"])) as image:
        assert (image.format, image.width) == ("PNG", 240)


def test_no_published_image_carries_metadata_or_is_an_original(site: Path) -> None:
    published = [p for p in site.rglob("*") if p.suffix.lower() in RASTER]
    assert len(published) >= 6 + 4 + 4
    leaks = {p.name: found for p in published if (found := private_metadata(p))}
    assert leaks == {}
    names = {p.relative_to(site).as_posix() for p in published}
    assert not names & {
        "images/photo.jpg",
        "images/shape.png",
        "images/partners/example-partner-17.png",
    }


def test_a_photo_linked_to_is_published_stripped(
    tmp_path: Path, content_copy: Path
) -> None:
    add_images(content_copy)
    with (content_copy / "pages" / "example-images.md").open("a") as page:
        page.write(
            "\n[The synthetic pattern at full size]({static}/images/photo.jpg)\n"
        )
    site = build_project(tmp_path, content_copy)
    linked = site / "images" / "photo.jpg"
    with Image.open(linked) as image:
        assert image.size == (2000, 1200)
    assert private_metadata(linked) == []
    assert find_broken_references(site) == []


def test_every_image_reference_resolves(site: Path) -> None:
    assert find_broken_references(site) == []


@pytest.mark.java
def test_image_markup_is_valid_html(site: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    for page in ("example-images", "partners/example-partner-17"):
        (pages / page).mkdir(parents=True)
        shutil.copy(site / page / "index.html", pages / page / "index.html")
    assert validate_html(pages) == []


def test_a_second_build_processes_nothing(site: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    add_images(content)
    overrides = {"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")}
    build_site(DEV_SETTINGS, tmp_path / "cold", overrides)
    # One run per language: the first made the copies, the others found them.
    cached = {
        path: path.stat().st_mtime_ns
        for path in (tmp_path / "cache").rglob("*")
        if path.is_file() and path.suffix in {".webp", ".jpg", ".png"}
    }
    assert cached
    build_site(DEV_SETTINGS, tmp_path / "warm", overrides)
    assert images.plugin.current().cache.made == 0
    assert {
        path: path.stat().st_mtime_ns
        for path in (tmp_path / "cache").rglob("*")
        if path.is_file() and path.suffix in {".webp", ".jpg", ".png"}
    } == cached
    assert sorted(p.name for p in (tmp_path / "warm" / "images").rglob("*")) == sorted(
        p.name for p in (tmp_path / "cold" / "images").rglob("*")
    )


def test_missing_images_and_alt_text_fail_with_file_and_line(
    tmp_path: Path, content_copy: Path
) -> None:
    (content_copy / "images").mkdir()
    (content_copy / "images" / "photo.jpg").write_bytes(synthetic_photo((600, 400)))
    (content_copy / "pages" / "example-images.md").write_text(
        "Title: Example images\n"
        "Summary: A synthetic page with broken images.\n"
        "\n"
        "![A synthetic photo]({static}/images/photo.jpg)\n"
        "\n"
        "![]({static}/images/photo.jpg)\n"
        "\n"
        "![A synthetic photo that is not there]({static}/images/gone.jpg)\n"
        "\n"
        "![A synthetic photo from elsewhere](https://elsewhere.invalid/a.jpg)\n"
        "\n"
        "![A synthetic photo without a marker](images/photo.jpg)\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as caught:
        build_project(tmp_path, content_copy)
    messages = [m for m in caught.value.problems if ": image: " in m]
    label = "content/pages/example-images.md"
    assert messages == [
        f"{label}:6: image: {{static}}/images/photo.jpg: no alt text; say what the "
        "image shows between the brackets, as in ![What the photo shows]"
        "({static}/images/photo.jpg)",
        f"{label}:8: image: {{static}}/images/gone.jpg: no such file in the "
        "content folder",
        f"{label}:10: image: https://elsewhere.invalid/a.jpg: images from other "
        "sites are not allowed; put the file in content/images/ and write "
        "{static}/images/",
        f"{label}:12: image: images/photo.jpg: put the file in content/images/ "
        "and write {static}/images/<file name>",
    ]
    assert not (tmp_path / "output").exists()


def test_preview_publishes_images_a_page_starts_showing(
    tmp_path: Path, content_copy: Path
) -> None:
    (content_copy / "images").mkdir()
    (content_copy / "images" / "photo.jpg").write_bytes(synthetic_photo((900, 600)))
    overrides = {"PATH": str(content_copy), "CACHE_PATH": str(tmp_path / "cache")}
    preview = Preview(
        DEV_SETTINGS, tmp_path / "output", [content_copy, ROOT / "theme"], overrides
    )
    preview.build()
    assert not (tmp_path / "output" / "images").exists()
    about = content_copy / "pages" / "about.md"
    time.sleep(0.01)  # a save within the same clock tick must still be seen
    about.write_text(
        about.read_text(encoding="utf-8")
        + "\n![A synthetic photo]({static}/images/photo.jpg)\n",
        encoding="utf-8",
    )
    report = preview.rebuild()
    assert report is not None
    assert report.pages == 1  # the fast path, not a full build
    html = (tmp_path / "output" / "about" / "index.html").read_text(encoding="utf-8")
    urls = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    assert any("photo-900." in url for url in urls)
    assert find_broken_references(tmp_path / "output") == []
