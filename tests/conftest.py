"""Shared fixtures: real Pelican builds of the project's own site in tmp folders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from sitebuild.build import build_site, load_settings
from sitebuild.system import missing_message

ROOT = Path(__file__).resolve().parent.parent
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# What record validation sees, from the project's own settings, on a fixed day.
_PROJECT_SETTINGS = load_settings(DEV_SETTINGS)
RECORDS_CONTEXT = {
    "categories": tuple(_PROJECT_SETTINGS["PARTNERS_CATEGORIES"]),
    "jurisdictions": tuple(_PROJECT_SETTINGS["LEGISLATION_JURISDICTIONS"]),
    "today": date(2026, 11, 26),
}
CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fail loudly, never skip, when a system package a test needs is missing."""
    markers = {marker.name for item in items for marker in item.iter_markers()}
    message = missing_message(markers)
    if message:
        raise pytest.UsageError(message)


def build_project(
    tmp: Path, content: Path | None = None, settings: Path = DEV_SETTINGS
) -> Path:
    """Build the project's site (optionally from other content) into `tmp/output`."""
    overrides = {"CACHE_PATH": str(tmp / "cache")}
    if content is not None:
        overrides["PATH"] = str(content)
    return build_site(settings, tmp / "output", overrides).output


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site, built once per test session with its own settings."""
    return build_project(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as published (publishconf.py), built once per test session.

    Tests only read it; one that needs to change it copies it first.
    """
    tmp = tmp_path_factory.mktemp("published")
    return build_project(tmp, settings=PUBLISH_SETTINGS)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of content/ that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


# Chromium's own background traffic is refused on a closed network and would be
# mistaken for the site's; these flags keep the browser quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
