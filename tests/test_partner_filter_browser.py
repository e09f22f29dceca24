"""The partner directory's search box in Chromium, on the Spanish directory.

partner-filter.js shows only text the page gives it (rendered through the
theme's catalog), and matches with or without accents.
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from playwright.sync_api import Browser
from test_browser import Site, site, site_context  # noqa: F401 - fixtures by name

from languages.catalog import catalog_path, load_translations

pytestmark = pytest.mark.chromium


def spanish(message: str) -> str:
    text = load_translations(catalog_path(ROOT / "theme", "es")).gettext(message)
    assert text != message, f"not in the Spanish catalog: {message!r}"
    return text


def test_spanish_search_box_speaks_spanish_and_ignores_accents(
    browser: Browser, site: Site
) -> None:
    with site_context(browser, site) as context:
        page = context.new_page()
        page.goto(site.url("/es/partners/"))
        cards = page.locator("[data-partner-card]")
        total = cards.count()
        assert total > 1, "the directory should list several partners"
        box = page.get_by_label(spanish("Search partners by name, area or language"))
        health = page.locator(
            '[aria-labelledby="group-health"] [data-partner-card]'
        ).count()
        assert health > 0
        # "Atención médica" (PARTNERS_CATEGORIES), typed without its accents
        # as many people do, and with them.
        for typed in ("atencion medica", "Atención MÉDICA"):
            box.fill(typed)
            visible = page.locator("[data-partner-card]:visible")
            assert visible.count() == health, typed
        status = page.locator(".cast-partner-filter__status")
        template = spanish("Showing %(shown)s of %(total)s partners")
        assert status.inner_text() == template % {"shown": health, "total": total}
        box.fill("lapd")
        assert page.locator("[data-partner-card]:visible").count() == 1
