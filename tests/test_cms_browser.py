"""The CMS at /admin/, in Chromium, against its real local backend (decap-server).

A copy of content/ stands in for a staff member's working copy: the site is
built from it, served on localhost, and decap-server reads and writes it, as
`./dev edit` does. Each test then does what staff do in the form and looks at
the files the CMS wrote, and at the site built from them.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import DEV_SETTINGS, ROOT
from playwright.sync_api import Browser, Page, expect
from test_csp_browser import VIOLATIONS_JS, WATCH_JS

from sitebuild.build import build_site, load_settings
from sitebuild.editing import Workspace, editing_workspace, workspace_overrides

pytestmark = pytest.mark.chromium

SYNTHETIC_PARTNER = "Example Partner 97"
PARTNER_FILE = "content/partners/example-partner-97.yml"
CMS = load_settings(DEV_SETTINGS)["CMS"]


def build_into(scratch: Path) -> Callable[[dict[str, Any]], Path]:
    def build(overrides: dict[str, Any]) -> Path:
        return build_site(DEV_SETTINGS, scratch / "output", overrides).output

    return build


def rebuild(workspace: Workspace, scratch: Path) -> Path:
    """The site as the next `./dev build` of the working copy would make it."""
    overrides = workspace_overrides(
        workspace.repo, scratch / "cache", CMS, workspace.backend_port
    )
    return build_site(DEV_SETTINGS, scratch / "output", overrides).output


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    repo = tmp_path_factory.mktemp("working-copy")
    shutil.copytree(ROOT / "content", repo / "content")
    scratch = tmp_path_factory.mktemp("admin-site")
    with editing_workspace(repo, build_into(scratch), CMS, scratch) as served:
        yield served


@dataclass
class Admin:
    page: Page
    problems: list[str]
    requests: list[str]


@pytest.fixture
def admin(browser: Browser, workspace: Workspace) -> Iterator[Admin]:
    """The admin page, signed in to the local backend, watched for problems."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    local = (workspace.origin, workspace.backend)
    requests: list[str] = []

    def off_site(url: str) -> bool:
        requests.append(url)
        return not url.startswith(local) and urlsplit(url).scheme not in {
            "data",
            "blob",
        }

    # Another host is refused, so a leak shows up as a request, never a visit.
    context.route(off_site, lambda route: route.abort("blockedbyclient"))
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"error: {error}"))
    page.goto(workspace.admin())
    page.get_by_role("button", name="Login").click()
    expect(page.get_by_text("Pages").first).to_be_visible()
    try:
        yield Admin(page, problems, requests)
    finally:
        context.close()


def open_entry(admin: Admin, workspace: Workspace, fragment: str) -> Page:
    admin.page.goto(workspace.admin(f"collections/{fragment}"))
    return admin.page


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def saved(page: Page, path: Path, before: str | None = None) -> str:
    """The file's text once the CMS has written it (changed from `before`)."""
    for _ in range(100):
        if path.exists():
            text = path.read_text(encoding="utf-8")
            if text != before:
                return text
        page.wait_for_timeout(100)
    raise AssertionError(f"the CMS did not write {path}")


def fill_markdown(page: Page, index: int, text: str) -> None:
    editor = page.locator("[contenteditable=true]").nth(index)
    editor.click()
    page.keyboard.type(text)


def test_admin_loads_under_its_own_policy_with_no_violation_or_off_site_request(
    admin: Admin, workspace: Workspace
) -> None:
    page = admin.page
    # Each list reads every file of its kind through our formats.
    for collection in ("pages", "pages_es", "news", "partners", "legislation"):
        open_entry(admin, workspace, collection)
        expect(page.locator("a[href*='/entries/']").first).to_be_visible()
    violations = page.evaluate(VIOLATIONS_JS, 0)
    assert violations == [] and admin.problems == [], violations + admin.problems
    off_site = [
        url
        for url in admin.requests
        if not url.startswith((workspace.origin, workspace.backend))
        and urlsplit(url).scheme not in {"data", "blob"}
    ]
    assert off_site == []
    policy = page.locator("meta[http-equiv=Content-Security-Policy]")
    assert "'unsafe-eval'" in (policy.get_attribute("content") or "")


def test_a_new_partner_is_written_and_built_in_both_languages(
    admin: Admin, workspace: Workspace, tmp_path: Path
) -> None:
    page = open_entry(admin, workspace, "partners/new")
    page.locator("[id^=name-field]").first.fill(SYNTHETIC_PARTNER)
    page.locator("[id^=category-field]").first.click()
    page.keyboard.type("Health care")
    page.keyboard.press("Enter")
    fill_markdown(page, 0, "A synthetic partner that a test adds through the CMS.")
    fill_markdown(page, 1, "Una organización ficticia que agrega una prueba.")
    publish(page)

    record = yaml.safe_load(saved(page, workspace.repo / PARTNER_FILE))
    assert record["name"] == SYNTHETIC_PARTNER
    assert record["category"] == "health"
    assert record["description"].startswith("A synthetic partner")
    assert record["es"]["description"].startswith("Una organización ficticia")
    assert "en" not in record

    output = rebuild(workspace, tmp_path)
    english = list(output.glob("**/example-partner-97/index.html"))
    assert len(english) == 2, english  # /partners/... and /es/...
    spanish = [p for p in english if p.relative_to(output).parts[0] == "es"]
    assert spanish and "Una organización ficticia" in spanish[0].read_text("utf-8")


def test_editing_a_page_body_changes_only_the_edited_line(
    admin: Admin, workspace: Workspace
) -> None:
    source = workspace.repo / "content" / "pages" / "about.md"
    before = source.read_text(encoding="utf-8").splitlines()
    page = open_entry(admin, workspace, "pages/entries/about")
    line = next(text for text in before if text.startswith("Ending human trafficking"))
    page.locator("[contenteditable=true]").get_by_text(line).click()
    # Where the click puts the caret within the line does not matter.
    page.keyboard.type("EDITED")
    publish(page)

    after = saved(page, source, "\n".join(before) + "\n").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert len(changed) == 1 and changed[0][0] == line
    assert changed[0][1].replace("EDITED", "", 1) == line


def test_a_required_field_left_empty_is_refused_with_a_message(
    admin: Admin, workspace: Workspace
) -> None:
    before = sorted((workspace.repo / "content" / "partners").iterdir())
    page = open_entry(admin, workspace, "partners/new")
    fill_markdown(page, 0, "A description without a name.")
    publish(page)
    expect(page.get_by_text("missed a required field")).to_be_visible()
    expect(page.get_by_text("Name is required", exact=False)).to_be_visible()
    assert sorted((workspace.repo / "content" / "partners").iterdir()) == before


def test_a_new_page_saved_in_the_cms_passes_the_build_checks(
    admin: Admin, workspace: Workspace, tmp_path: Path
) -> None:
    page = open_entry(admin, workspace, "pages/new")
    page.locator("[id^=Title-field]").first.fill("Example volunteer day")
    page.locator("[id^=Summary-field]").first.fill(
        "A synthetic page that a test adds through the CMS."
    )
    fill_markdown(page, 0, "Synthetic text for a test page.")
    publish(page)

    written = workspace.repo / "content" / "pages" / "example-volunteer-day.md"
    assert saved(page, written) == (
        "Title: Example volunteer day\n"
        "Summary: A synthetic page that a test adds through the CMS.\n"
        "\n"
        "Synthetic text for a test page.\n"
    )
    output = rebuild(workspace, tmp_path)
    assert (output / "example-volunteer-day" / "index.html").is_file()
