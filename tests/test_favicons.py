"""Favicons, touch icons and the manifest, made from theme/icons/icon.png."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser
from test_csp_browser import serve, watched_page

from cms.layout import public_pages
from socialcards.icons import (
    ICO_SIZES,
    MANIFEST_ICONS,
    build_manifest,
    load_source_icon,
    render_icon,
)
from socialcards.icons import TOUCH_ICON as TOUCH

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "theme" / "icons" / "icon.png"
PURPLE = (0x4A, 0x2C, 0x82)


def test_the_source_icon_is_a_large_opaque_square() -> None:
    with Image.open(SOURCE) as image:
        assert image.size == (1024, 1024)
        assert "A" not in image.getbands()


def test_favicon_ico_holds_the_three_sizes(built_site: Path) -> None:
    with Image.open(built_site / "favicon.ico") as icon:
        assert icon.format == "ICO"
        assert sorted(icon.info["sizes"]) == [(size, size) for size in ICO_SIZES]


@pytest.mark.parametrize(
    ("name", "size"),
    [("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)],
)
def test_png_icons_have_their_sizes_and_no_transparency(
    built_site: Path, name: str, size: int
) -> None:
    assert (built_site / name).stat().st_mode & 0o444 == 0o444
    with Image.open(built_site / name) as icon:
        assert (icon.format, icon.size) == ("PNG", (size, size))
        # iOS shows a transparent touch icon on black.
        assert icon.mode == "RGB"


def test_a_transparent_source_is_flattened_onto_the_background(tmp_path: Path) -> None:
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (512, 512), (0, 0, 0, 0)).save(clear)
    data = render_icon(load_source_icon(clear), TOUCH, PURPLE)
    with Image.open(io.BytesIO(data)) as icon:
        assert (icon.mode, icon.size) == ("RGB", (180, 180))
        assert icon.getpixel((0, 0)) == PURPLE


def test_the_manifest_parses_and_its_icons_exist(built_site: Path) -> None:
    manifest = json.loads((built_site / "site.webmanifest").read_text("utf-8"))
    assert manifest["name"] == "Coalition to Abolish Slavery and Trafficking"
    assert manifest["short_name"] == "CAST"
    assert manifest["display"] == "browser"
    assert manifest["start_url"] == "./"
    assert {"theme_color", "background_color"} <= manifest.keys()
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]
    for icon in manifest["icons"]:
        with Image.open(built_site / icon["src"]) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.get_format_mimetype() == icon["type"]


def test_build_manifest_lists_the_manifest_icons() -> None:
    manifest = json.loads(build_manifest("Example Name", "EN", "#000000", "#ffffff"))
    assert [icon["src"] for icon in manifest["icons"]] == [
        icon.save_as for icon in MANIFEST_ICONS
    ]


def test_every_page_links_its_icons_and_manifest(built_site: Path) -> None:
    problems = []
    for page in public_pages(built_site):
        head = BeautifulSoup(page.read_bytes(), "html.parser").head
        found = {
            (tuple(link["rel"]), link["href"].rsplit("/", 1)[-1])
            for link in head.find_all("link", rel=True)
        }
        wanted = {
            (("icon",), "favicon.ico"),
            (("icon",), "favicon.svg"),
            (("apple-touch-icon",), "apple-touch-icon.png"),
            (("manifest",), "site.webmanifest"),
        }
        if not wanted <= found:
            problems.append((page.relative_to(built_site).as_posix(), wanted - found))
    assert problems == []


@pytest.mark.chromium
@pytest.mark.parametrize("delivery", ["header", "meta"])
def test_chromium_loads_the_manifest_within_the_policy(
    built_site: Path, browser: Browser, delivery: str
) -> None:
    with (
        serve(built_site, delivery) as origin,
        watched_page(browser, origin) as watched,
    ):
        watched.page.goto(f"{origin}/about/")
        session = watched.page.context.new_cdp_session(watched.page)
        # Makes Chromium fetch and parse the manifest as it would to show it,
        # under the page's manifest-src policy.
        manifest = session.send("Page.getAppManifest")
        assert manifest["url"] == f"{origin}/site.webmanifest"
        assert manifest["errors"] == []
        assert json.loads(manifest["data"])["short_name"] == "CAST"
        icon = watched.page.request.get(f"{origin}/favicon.ico")
        assert icon.ok
        assert watched.problems() == []
