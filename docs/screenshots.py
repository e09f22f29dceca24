"""The pictures in the editor's guide (docs/editing.md), taken in a real browser.

Run it again whenever what staff see changes: the admin page, a collection's
fields, the Decap version, or the partner page's layout. It rewrites every PNG
in docs/images/:

    .venv/bin/python docs/screenshots.py

It never touches content/: it copies it into a temporary folder, builds the
site from the copy, serves it on localhost and runs decap-server on it
(`sitebuild.editing.editing_workspace`, the same starter `./dev edit` and the
CMS tests use), then drives the admin page in Debian's Chromium.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import Browser, FloatRect, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
# Imported as the tests import them: the plugins, and the browser set-up that
# the tests share (Debian's Chromium and the flags that keep it quiet).
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT / "tests")]

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from sitebuild.build import build_site, load_settings  # noqa: E402
from sitebuild.editing import (  # noqa: E402
    Workspace,
    editing_workspace,
    workspace_overrides,
)

DEV_SETTINGS = ROOT / "pelicanconf.py"
IMAGES = ROOT / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 800}
# The guide is read on slow connections too; a picture above this is cut down.
MAX_BYTES = 250_000
# Synthetic, and says so: the pictures must never show a real partner's details.
PARTNER = "Example Partner 12"
PARTNER_SLUG = "example-partner-12"
PARTNER_TEXT = "An example partner, made up for the screenshots in this guide."
PARTNER_TEXT_ES = (
    "Una organización de ejemplo, inventada para las imágenes de esta guía."
)
BILL = "ab-1761"
# Decap's i18n editor shows the second language in the right half.
SPANISH_PANE: FloatRect = {
    "x": VIEWPORT["width"] / 2,
    "y": 0,
    "width": VIEWPORT["width"] / 2,
    "height": VIEWPORT["height"],
}


def build_into(output: Path) -> Callable[[dict[str, Any]], Path]:
    """The real build, always into the one folder that is served."""

    def build(overrides: dict[str, Any]) -> Path:
        built = build_site(DEV_SETTINGS, output, overrides).output
        if not (built / "admin" / "index.html").exists():
            raise SystemExit(
                "The build wrote no admin/index.html, so there is no CMS to "
                "photograph: is plugins/cms in PLUGINS in pelicanconf.py?"
            )
        return built

    return build


def save(page: Page, name: str, clip: FloatRect | None = None) -> Path:
    """Write docs/images/<name>.png, cut down to 256 colours if it is too big."""
    path = IMAGES / f"{name}.png"
    page.screenshot(path=path, clip=clip)
    if path.stat().st_size > MAX_BYTES:
        # Flat interface colours survive a palette; it usually halves the file.
        with Image.open(path) as shot:
            small = shot.convert("RGB").quantize(colors=256)
        small.save(path, optimize=True)
    size = path.stat().st_size
    warning = " (over the limit: clip it)" if size > MAX_BYTES else ""
    print(f"{path.relative_to(ROOT)}: {size // 1000} KB{warning}")
    return path


def open_admin(browser: Browser, workspace: Workspace) -> Page:
    """A fresh admin page, with every request to another host refused."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(20_000)
    local = (workspace.origin, workspace.backend, "data:", "blob:")
    context.route(
        lambda url: not url.startswith(local),
        lambda route: route.abort("blockedbyclient"),
    )
    return context.new_page()


def sign_in(page: Page) -> None:
    # The local backend needs no account: "Login" opens the working copy.
    page.get_by_role("button", name="Login").click()
    expect(page.locator("a[href*='/entries/']").first).to_be_visible()


def go(page: Page, workspace: Workspace, fragment: str) -> None:
    page.goto(workspace.admin(fragment))
    # Decap shows a spinner until it has read the entry through our formats.
    expect(page.locator("[id*='-field-']").first).to_be_visible()


def type_markdown(page: Page, index: int, text: str) -> None:
    editor = page.locator("[contenteditable=true]").nth(index)
    editor.click()
    page.keyboard.type(text)


def choose(page: Page, field: str, option: str) -> None:
    # A react-select opens on click and picks the typed option on Enter.
    page.locator(f"[id^={field}-field]").first.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def publish(page: Page) -> None:
    # Local editing is Decap's simple mode: "Publish", then "Publish now".
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def take_screenshots(
    browser: Browser, workspace: Workspace, rebuild: Callable[[], Path]
) -> None:
    page = open_admin(browser, workspace)
    page.goto(workspace.admin())
    expect(page.get_by_role("button", name="Login")).to_be_visible()
    save(page, "admin-login")
    sign_in(page)
    save(page, "collections")

    go(page, workspace, "collections/pages/entries/about")
    line = page.locator("[contenteditable=true]").get_by_text(
        "Ending human trafficking", exact=False
    )
    line.click()
    page.keyboard.press("End")
    save(page, "edit-page")

    go(page, workspace, f"collections/legislation/entries/{BILL}")
    actions = page.get_by_text(re.compile(r"^Actions\b")).first
    actions.scroll_into_view_if_needed()
    save(page, "bill-actions")
    save(page, "spanish-side", SPANISH_PANE)

    go(page, workspace, "collections/partners/new")
    type_markdown(page, 0, "A description without a name.")
    publish(page)
    expect(page.get_by_text("missed a required field")).to_be_visible()
    expect(page.get_by_text("Name is required", exact=False).first).to_be_visible()
    save(page, "required-field")

    # A new page, so the form starts empty rather than with the draft above.
    page.context.close()
    page = open_admin(browser, workspace)
    page.goto(workspace.admin())
    sign_in(page)
    go(page, workspace, "collections/partners/new")
    page.locator("[id^=name-field]").first.fill(PARTNER)
    choose(page, "category", "Health care")
    type_markdown(page, 0, PARTNER_TEXT)
    type_markdown(page, 1, PARTNER_TEXT_ES)
    page.mouse.click(VIEWPORT["width"] / 2, 10)  # no caret blinking in the picture
    save(page, "new-partner")
    publish(page)
    # Decap opens the saved entry at its own address once the file is written.
    page.wait_for_url(re.compile(f"/entries/{PARTNER_SLUG}$"))

    # The next build of the working copy, served from the same folder.
    rebuild()
    page.goto(f"{workspace.origin}/partners/{PARTNER_SLUG}/")
    expect(page.get_by_role("heading", name=PARTNER)).to_be_visible()
    save(page, "partner-page")
    page.context.close()


def main() -> None:
    cms = load_settings(DEV_SETTINGS).get("CMS")
    if not cms:
        raise SystemExit("pelicanconf.py has no CMS setting; see README.md.")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cast-screenshots-") as folder:
        scratch = Path(folder)
        repo = scratch / "working-copy"
        shutil.copytree(ROOT / "content", repo / "content")
        build = build_into(scratch / "output")
        with editing_workspace(repo, build, cms, scratch) as workspace:
            overrides = workspace_overrides(
                repo, scratch / "cache", cms, workspace.backend_port
            )
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                try:
                    take_screenshots(browser, workspace, lambda: build(overrides))
                finally:
                    browser.close()


if __name__ == "__main__":
    main()
