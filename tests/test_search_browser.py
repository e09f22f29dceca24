"""Site search in Chromium: finds pages, partners and bills; works by keyboard.

The site is served with its `_headers`, so search runs under the same policy a
visitor gets; every request is checked to stay on the site.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, Page, expect
from test_csp_browser import serve, watched_page

pytestmark = pytest.mark.chromium

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_RUN_JS = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((v) => `${v.id}: ${v.help} `
    + v.nodes.map((n) => n.target.join(' ')).join(', '));
}
"""


@pytest.fixture(scope="module")
def origin(built_site: Path) -> Iterator[str]:
    with serve(built_site, "header") as served:
        yield served


@pytest.fixture
def page(browser: Browser, origin: str) -> Iterator[Page]:
    requests: list[str] = []
    with watched_page(browser, origin) as watched:
        watched.page.on("request", lambda request: requests.append(request.url))
        yield watched.page
        assert watched.problems() == []
    assert [url for url in requests if not url.startswith(origin + "/")] == []


def status(page: Page) -> str:
    return page.locator("[data-search-status]").inner_text()


def result_links(page: Page) -> list[str]:
    links = page.locator(".cast-search__result-title a")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def search_for(page: Page, query: str) -> None:
    page.get_by_label("Search this site").fill(query)
    page.get_by_label("Search this site").press("Enter")
    # The count is announced once the results are on the page.
    expect(page.locator("[data-search-status]")).to_have_text(
        re.compile(rf"(results? for|No results for) “{re.escape(query)}”")
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("incognito", "/safety/"),
        ("Saban Free Clinic", "/partners/saban-free-clinic/"),
        ("SB 1569", "/legislation/sb-1569/"),
        ("8471", "/news/prevention-month-first-proclaimed/"),
    ],
)
def test_search_finds_a_known_page_for_a_known_word(
    page: Page, origin: str, query: str, expected: str
) -> None:
    page.goto(origin + "/search/")
    search_for(page, query)
    assert expected in result_links(page)[:3], result_links(page)
    assert re.fullmatch(r"(1 result|\d+ results) for “.+”", status(page))
    # The address holds the query, so the results can be bookmarked and shared.
    assert re.search(r"\?q=", page.url)


def test_an_address_with_a_query_shows_its_results(page: Page, origin: str) -> None:
    page.goto(origin + "/search/?q=Saban")
    expect(page.locator(".cast-search__result").first).to_be_visible()
    assert page.get_by_label("Search this site").input_value() == "Saban"
    assert "/partners/saban-free-clinic/" in result_links(page)


def test_partners_and_bills_appear_in_results(page: Page, origin: str) -> None:
    page.goto(origin + "/search/?q=trafficking")
    results = page.locator(".cast-search__result")
    expect(results.first).to_be_visible()
    total = int(status(page).split()[0])
    assert total > 10
    # Ten at a time: each "Show more results" adds the next ten.
    while (shown := results.count()) < total:
        page.locator(".cast-search__more").click()
        expect(results).to_have_count(min(shown + 10, total))
    expect(page.locator(".cast-search__more")).to_be_hidden()
    links = result_links(page)
    assert any(link.startswith("/legislation/") for link in links), links
    assert len(set(links)) == total
    page.goto(origin + "/search/?q=clinic")
    expect(page.locator(".cast-search__result").first).to_be_visible()
    assert any(link.startswith("/partners/") for link in result_links(page))


def test_search_site_map_and_filter_pages_are_not_results(
    page: Page, origin: str
) -> None:
    page.goto(origin + "/search/?q=partners")
    expect(page.locator(".cast-search__result").first).to_be_visible()
    links = result_links(page)
    assert "/search/" not in links
    assert "/site-map/" not in links
    assert not [link for link in links if "/category/" in link or "/area/" in link]


def test_matched_words_are_marked_and_excerpts_are_text(
    page: Page, origin: str
) -> None:
    page.goto(origin + "/search/?q=incognito")
    excerpt = page.locator(".cast-search__excerpt").first
    expect(excerpt.locator("mark")).to_have_count(1)
    assert "incognito" in excerpt.locator("mark").inner_text().lower()
    # Only text and <mark> are copied from Pagefind's excerpt, never markup.
    assert excerpt.locator(":scope *:not(mark)").count() == 0


def test_no_results_says_so(page: Page, origin: str) -> None:
    page.goto(origin + "/search/")
    search_for(page, "zqxjvwkp")
    assert status(page).startswith("No results for “zqxjvwkp”")
    assert result_links(page) == []


def test_back_returns_to_the_previous_search(page: Page, origin: str) -> None:
    page.goto(origin + "/search/")
    search_for(page, "incognito")
    search_for(page, "Saban")
    page.go_back()
    expect(page.get_by_label("Search this site")).to_have_value("incognito")
    expect(page.locator(".cast-search__result-title a").first).to_have_attribute(
        "href", "/safety/"
    )


def test_search_works_by_keyboard_alone(page: Page, origin: str) -> None:
    page.goto(origin + "/search/")
    field = page.get_by_label("Search this site")
    field.focus()
    page.keyboard.type("trafficking")
    page.keyboard.press("Enter")
    expect(page.locator(".cast-search__result").first).to_be_visible()
    # The status is announced; focus stays in the field to search again.
    expect(page.locator("[data-search-status]")).to_have_attribute("role", "status")
    expect(page.locator("[data-search-status]")).to_have_text(
        re.compile(r"^\d+ results")
    )
    assert page.evaluate("document.activeElement.id") == "cast-search-input"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('h2')?.className")
    assert focused == "cast-search__result-title"
    # "Show more results" moves focus to the first new result.
    more = page.locator(".cast-search__more")
    more.focus()
    page.keyboard.press("Enter")
    eleventh = page.locator(".cast-search__result-title a").nth(10)
    expect(eleventh).to_be_focused()


def test_without_javascript_the_page_points_to_the_site_map(
    browser: Browser, origin: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(origin + "/search/?q=trafficking")
        message = page.locator("[data-search-no-script]")
        expect(message).to_be_visible()
        expect(message).to_contain_text("needs JavaScript")
        expect(message.get_by_role("link")).to_have_attribute("href", "../site-map/")
        expect(page.locator("form[role=search]")).to_be_hidden()
    finally:
        context.close()


def test_with_javascript_the_form_replaces_the_message(page: Page, origin: str) -> None:
    page.goto(origin + "/search/")
    expect(page.get_by_role("search")).to_be_visible()
    expect(page.locator("[data-search-no-script]")).to_be_hidden()


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_with_results_passes_axe(
    page: Page, origin: str, scheme: Literal["light", "dark"], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)
    page.goto(origin + "/search/?q=trafficking")
    expect(page.locator(".cast-search__more")).to_be_visible()
    axe = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    page.evaluate(axe.read_text(encoding="utf-8"))
    assert page.evaluate(AXE_RUN_JS, AXE_TAGS) == []
