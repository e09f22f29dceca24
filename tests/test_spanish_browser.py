"""The Spanish site in Chromium: the quick exit, the switcher and search, in Spanish.

Accessibility (axe at 320 and 1280 px, light and dark), privacy, the CSP and
reflow are checked on every built page, Spanish ones included, by
test_browser.py and test_csp_browser.py; this module checks what a visitor who
reads only Spanish does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from test_browser import (  # noqa: F401 - fixtures used by name
    Site,
    exit_url,
    press_shift,
    site,
    site_context,
)

pytestmark = pytest.mark.chromium

SPANISH_HOME = "/es/"
SPANISH_PAGE = "/es/get-help/"


@pytest.fixture
def spanish(browser: Browser, site: Site, exit_url: str) -> Iterator[Page]:
    """Get help in Spanish, where the exit destination answers locally."""
    with site_context(browser, site, exit_url) as context:
        page = context.new_page()
        page.goto(site.url(SPANISH_PAGE))
        yield page


def test_the_spanish_page_is_in_spanish(spanish: Page) -> None:
    assert spanish.locator("html").get_attribute("lang") == "es"
    expect(spanish.locator(".cast-exit__button")).to_have_text("Salir de esta página")
    expect(spanish.locator(".cast-skip-link")).to_have_text(
        "Saltar al contenido principal"
    )


def test_the_exit_button_leaves_from_a_spanish_page(
    spanish: Page, exit_url: str
) -> None:
    spanish.locator(".cast-exit__button").click()
    spanish.wait_for_url(exit_url + "**", timeout=5_000)


def test_shift_three_times_leaves_and_the_count_is_announced_in_spanish(
    spanish: Page, exit_url: str
) -> None:
    status = spanish.locator(".cast-exit__status")
    press_shift(spanish, 1)
    expect(status).to_have_text("Presione Shift 2 veces más para salir.")
    press_shift(spanish, 1)
    expect(status).to_have_text("Presione Shift 1 vez más para salir.")
    press_shift(spanish, 1)
    spanish.wait_for_url(exit_url + "**", timeout=5_000)


def test_the_switcher_goes_to_the_same_page_by_keyboard(
    browser: Browser, site: Site
) -> None:
    with site_context(browser, site) as context:
        page = context.new_page()
        page.goto(site.url(SPANISH_PAGE))
        english = page.locator(".cast-language-nav a[hreflang='en']")
        assert english.get_attribute("lang") == "en"
        expect(english).to_have_text("English")
        current = page.locator(".cast-language-nav [aria-current]")
        expect(current).to_have_text("Español")
        # Tab from the top until the switcher link has focus, then Enter.
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate('document.activeElement.matches(".cast-language-nav a")'):
                break
        else:
            pytest.fail("Tab never reached the language switcher")
        page.keyboard.press("Enter")
        page.wait_for_url(site.url("/get-help/"))
        assert page.locator("html").get_attribute("lang") == "en"
        back = page.locator(".cast-language-nav a[hreflang='es']")
        expect(back).to_have_text("Español")
        back.click()
        page.wait_for_url(site.url(SPANISH_PAGE))


def test_nothing_is_stored_after_switching_languages(
    browser: Browser, site: Site
) -> None:
    with site_context(browser, site) as context:
        page = context.new_page()
        page.goto(site.url(SPANISH_HOME))
        page.locator(".cast-language-nav a[hreflang='en']").click()
        page.wait_for_url(site.url("/"))
        assert context.cookies() == []
        stored = page.evaluate("localStorage.length + sessionStorage.length")
        assert stored == 0


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("sobrevivientes", "/es/"),
        ("concientización", "/es/guide-host-an-awareness-event/"),
    ],
)
def test_spanish_search_finds_spanish_pages(
    browser: Browser, site: Site, word: str, expected: str
) -> None:
    with site_context(browser, site) as context:
        page = context.new_page()
        page.goto(site.url(f"/es/search/?q={word}"))
        results = page.locator(".cast-search__result a")
        expect(results.first).to_be_visible(timeout=10_000)
        links = results.evaluate_all(
            "(els) => els.map((a) => new URL(a.href).pathname)"
        )
        # Pagefind picked the Spanish index by <html lang>: only Spanish pages.
        assert all(link.startswith("/es/") for link in links), links
        status = page.locator(".cast-search__status")
        expect(status).to_contain_text("resultado")
        assert any(link.startswith(expected) for link in links), links
