"""The first screen in Chromium (issue 12): the page, not only the site's chrome.

On a 360x640 phone, with JavaScript on and off, every page layout shows the
quick exit, a call link to CAST's hotline, the Menu control and the page's own
<h1> in the top 45% of the screen; at 1280x800 the <h1> is in the top 40% and
the full menu is shown. Positions come from getBoundingClientRect, so a header
that grows fails. One page per layout, one browser for the session.

Screenshots of each layout land in SCREENSHOTS (ignored by git) for review.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_SETTINGS, ROOT
from playwright.sync_api import Browser, CDPSession, Page
from test_browser import (  # noqa: F401 - fixtures used by name
    Site,
    report,
    site,
    site_context,
)

from sitebuild.build import load_settings
from sitewide.model import Hotline, parse_sitewide

pytestmark = pytest.mark.chromium

PHONE = {"width": 360, "height": 640}
SMALLEST = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
# Where the <h1> must start: within this share of the window's height.
PHONE_H1_SHARE = 0.45
DESKTOP_H1_SHARE = 0.40
SCREENSHOTS = ROOT / "screenshots" / "first-screen"

# One page of each layout the theme has.
LAYOUTS = {
    "home": "/",
    "page": "/about/",
    "get-help": "/get-help/",
    "guide": "/guide-start-an-advocacy-group/",
    "article": "/news/ab-1761-signed/",
    "partner": "/partners/dignity-health/",
    "bill": "/legislation/sb-1569/",
    "partners-index": "/partners/",
    "legislation-index": "/legislation/",
    "filter": "/partners/category/law-enforcement/",
    "search": "/search/",
    "404": "/404.html",
}
JS = {"js-on": True, "js-off": False}

# A stand-in for the language switcher (components/language_nav.html) in the
# header's top line, put there when the page has none, as its template does.
LANGUAGE_LINK_JS = """
() => {
  if (document.querySelector('.cast-header .cast-language-nav')) return false;
  const nav = document.createElement('nav');
  nav.className = 'cast-language-nav';
  nav.setAttribute('aria-label', 'Language');
  nav.innerHTML = '<ul class="cast-language-nav__list">'
    + '<li class="cast-language-nav__item"><a class="cast-language-nav__link"'
    + ' href="/es/" lang="es" hreflang="es">Español</a></li></ul>';
  document.querySelector('.cast-header .cast-nav').before(nav);
  return true;
}
"""

# Every word in the exit bar, the header and the breadcrumbs made longer by
# `share`, as a translation may be (Spanish runs about 25% longer than
# English); phone numbers stay as they are.
LONGER_TEXT_JS = """
(share) => {
  const roots = document.querySelectorAll(
    '.cast-exit, .cast-header, .cast-breadcrumbs');
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) {
      if (!walker.currentNode.parentElement.closest('.cast-hotline__part')) {
        texts.push(walker.currentNode);
      }
    }
    for (const text of texts) {
      const length = text.data.trim().length;
      if (length) text.data += 'e'.repeat(Math.ceil(length * share));
    }
  }
}
"""

# What the first screen holds: rectangles in window coordinates.
FIRST_SCREEN_JS = """
(castHref) => {
  const rect = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            width: r.width, height: r.height};
  };
  const shown = (el) => el !== null && el.checkVisibility({visibilityProperty: true});
  const header = document.querySelector('.cast-header');
  const tel = [...header.querySelectorAll('a[href]')]
    .find((a) => a.getAttribute('href') === castHref) || null;
  const toggle = document.querySelector('.cast-nav__toggle');
  const crumbs = document.querySelector('.cast-breadcrumbs');
  const crumbItems = crumbs ? [...crumbs.querySelectorAll('li')].filter(shown) : [];
  return {
    viewport: {width: window.innerWidth, height: window.innerHeight},
    scrollWidth: document.documentElement.scrollWidth,
    h1: rect(document.querySelector('main h1')),
    exit: rect(document.querySelector('.cast-exit__button')),
    exitBar: rect(document.querySelector('.cast-exit')),
    safety: rect(document.querySelector('.cast-exit__safety')),
    exitPosition: getComputedStyle(document.querySelector('.cast-exit')).position,
    tel: shown(tel) ? rect(tel) : null,
    toggle: shown(toggle) ? rect(toggle) : null,
    menuLinks: [...document.querySelectorAll('.cast-nav__link')]
      .map((a) => (shown(a) ? rect(a) : null)),
    crumbs: crumbs ? rect(crumbs) : null,
    crumbLines: crumbs ? parseFloat(getComputedStyle(crumbs).lineHeight) : 0,
    crumbTexts: crumbItems.map((li) => li.innerText.trim()),
  };
}
"""

TOP_LINE_JS = """
() => {
  const rect = (selector) => {
    const el = document.querySelector(selector);
    const r = el.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right};
  };
  return {
    name: rect('.cast-header__short-name'),
    language: rect('.cast-header .cast-language-nav a'),
    toggle: rect('.cast-nav__toggle'),
    scrollWidth: document.documentElement.scrollWidth,
  };
}
"""


@pytest.fixture(scope="module")
def hotlines() -> tuple[Hotline, ...]:
    return parse_sitewide(load_settings(DEV_SETTINGS)).hotlines


@pytest.fixture(scope="module")
def primary_hrefs() -> list[str]:
    """The header's links, in order, as the HOTLINES setting marks them."""
    site_wide = parse_sitewide(load_settings(DEV_SETTINGS))
    return [c.href for h in site_wide.primary_hotlines for c in h.contacts]


@pytest.fixture(scope="module")
def cast_call_href(hotlines: tuple[Hotline, ...]) -> str:
    """The tel: link of CAST's own hotline (DISCOVERY_CONTACT names it)."""
    key = load_settings(DEV_SETTINGS)["DISCOVERY_CONTACT"]["hotline"]
    (cast,) = [h for h in hotlines if h.key == key]
    calls = [c.href for c in cast.contacts if c.kind == "call"]
    assert calls, f"HOTLINES: {key!r} has no number to call"
    return calls[0]


@contextmanager
def layout_page(
    browser: Browser, site: Site, viewport: dict[str, int], javascript: bool = True
) -> Iterator[Page]:
    """One page in a fresh context, to be pointed at each layout in turn."""
    with site_context(
        browser,
        site,
        viewport=viewport,
        java_script_enabled=javascript,
        reduced_motion="reduce",
    ) as context:
        yield context.new_page()


def visit(page: Page, site: Site, path: str) -> None:
    assert path in site.pages, f"{path}: not built; update LAYOUTS"
    page.goto(site.url(path), wait_until="load")


def inside(rect: dict[str, float] | None, viewport: dict[str, float]) -> bool:
    """Whether an element lies wholly inside the window (half a pixel of slack)."""
    return (
        rect is not None
        and rect["width"] > 0
        and rect["height"] > 0
        and rect["left"] >= -0.5
        and rect["top"] >= -0.5
        and rect["right"] <= viewport["width"] + 0.5
        and rect["bottom"] <= viewport["height"] + 0.5
    )


def first_screen_problems(name: str, seen: dict[str, Any], share: float) -> list[str]:
    """What keeps a phone's first screen from serving a visitor, one line each."""
    viewport = seen["viewport"]
    limit = viewport["height"] * share
    problems = []
    if seen["h1"] is None:
        problems.append(f"{name}: no <h1> in main")
    elif not 0 <= seen["h1"]["top"] <= limit:
        problems.append(
            f"{name}: the <h1> starts at {seen['h1']['top']:.0f} px, "
            f"below {limit:.0f} px ({share:.0%} of {viewport['height']})"
        )
    if not inside(seen["exit"], viewport):
        problems.append(
            f"{name}: the exit button is not wholly on screen: {seen['exit']}"
        )
    if seen["exitPosition"] != "sticky":
        problems.append(f"{name}: the exit bar is {seen['exitPosition']}, not sticky")
    if not inside(seen["tel"], viewport):
        problems.append(
            f"{name}: CAST's tel: link is not wholly on screen: {seen['tel']}"
        )
    if seen["scrollWidth"] > viewport["width"]:
        problems.append(f"{name}: {seen['scrollWidth']} px wide, scrolls sideways")
    return problems


def phone_problems(name: str, seen: dict[str, Any]) -> list[str]:
    problems = first_screen_problems(name, seen, PHONE_H1_SHARE)
    viewport = seen["viewport"]
    if not inside(seen["toggle"], viewport):
        problems.append(f"{name}: the Menu control is not on screen: {seen['toggle']}")
    if any(link is not None for link in seen["menuLinks"]):
        problems.append(f"{name}: menu links are shown before the menu is opened")
    # The exit bar is one row: its link and its button side by side.
    bar, safety, exit_button = seen["exitBar"], seen["safety"], seen["exit"]
    if safety["top"] >= exit_button["bottom"] or bar["height"] > 4 * 16:
        problems.append(f"{name}: the exit bar takes more than one row: {bar}")
    if seen["crumbs"] is not None:
        lines = seen["crumbs"]["height"] / seen["crumbLines"]
        if lines > 1.5 or len(seen["crumbTexts"]) != 1:
            problems.append(
                f"{name}: breadcrumbs take {lines:.1f} lines and show "
                f"{seen['crumbTexts']}; expected one line with the parent only"
            )
    return problems


# --- The first screen ---------------------------------------------------------


@pytest.mark.parametrize("javascript", JS.values(), ids=JS.keys())
def test_a_phone_first_screen_shows_exit_hotline_menu_and_heading(
    browser: Browser, site: Site, cast_call_href: str, javascript: bool
) -> None:
    problems, tops = [], []
    with layout_page(browser, site, PHONE, javascript) as page:
        for name, path in LAYOUTS.items():
            visit(page, site, path)
            seen = page.evaluate(FIRST_SCREEN_JS, cast_call_href)
            problems += phone_problems(name, seen)
            if seen["h1"] is not None:
                tops.append(f"{name} {seen['h1']['top']:.0f}")
    print(
        f"h1 top at 360x640 ({'JS on' if javascript else 'JS off'}):", ", ".join(tops)
    )
    assert not problems, report("The first screen at 360x640", problems)


def test_a_wide_screen_shows_the_full_menu_and_the_heading_high_up(
    browser: Browser, site: Site, cast_call_href: str
) -> None:
    problems, tops = [], []
    with layout_page(browser, site, DESKTOP) as page:
        for name, path in LAYOUTS.items():
            visit(page, site, path)
            seen = page.evaluate(FIRST_SCREEN_JS, cast_call_href)
            problems += first_screen_problems(name, seen, DESKTOP_H1_SHARE)
            if seen["toggle"] is not None:
                problems.append(f"{name}: a Menu control instead of the full menu")
            hidden = [
                i
                for i, link in enumerate(seen["menuLinks"])
                if not inside(link, seen["viewport"])
            ]
            if not seen["menuLinks"] or hidden:
                problems.append(
                    f"{name}: menu links {hidden} are not on the first screen"
                )
            if seen["h1"] is not None:
                tops.append(f"{name} {seen['h1']['top']:.0f}")
    print("h1 top at 1280x800:", ", ".join(tops))
    assert not problems, report("The first screen at 1280x800", problems)


@pytest.mark.parametrize("viewport", [SMALLEST, PHONE], ids=["320px", "360px"])
def test_the_top_line_holds_a_language_link_and_longer_words(
    browser: Browser, site: Site, cast_call_href: str, viewport: dict[str, int]
) -> None:
    """Room for the language switcher (block language_nav) and for Spanish.

    With a language link on the top line, the name, the link and the Menu
    control share one line at 320 px. With every word 25% longer, nothing
    scrolls sideways, the exit, the hotline and the menu stay on the first
    screen, and at 360 px the <h1> still starts in its top 45%.
    """
    problems = []
    # Below 360 px only what must never break is asked of longer words.
    share = PHONE_H1_SHARE if viewport == PHONE else 1.0
    with layout_page(browser, site, viewport) as page:
        for name in ("guide", "partner"):
            visit(page, site, LAYOUTS[name])
            page.evaluate(LANGUAGE_LINK_JS)
            line = page.evaluate(TOP_LINE_JS)
            toggle = line["toggle"]
            for part in ("name", "language"):
                middle = (line[part]["top"] + line[part]["bottom"]) / 2
                if not toggle["top"] <= middle <= toggle["bottom"]:
                    problems.append(
                        f"{name}: the {part} at {line[part]} is not on the Menu "
                        f"control's line {toggle}"
                    )
            if line["scrollWidth"] > viewport["width"]:
                problems.append(f"{name}: {line['scrollWidth']} px wide")
            page.evaluate(LONGER_TEXT_JS, 0.25)
            seen = page.evaluate(FIRST_SCREEN_JS, cast_call_href)
            longer = first_screen_problems(name, seen, share)
            if not inside(seen["toggle"], seen["viewport"]):
                longer.append(f"{name}: the Menu control is off screen")
            problems += [f"{problem} (words 25% longer)" for problem in longer]
    assert not problems, report(f"The top line at {viewport['width']} px", problems)


# --- The menu -----------------------------------------------------------------


def summary_state(cdp: CDPSession) -> tuple[str, str, bool | None]:
    """The Menu control as Chromium's accessibility tree gives it to screen readers."""
    document = cdp.send("DOM.getDocument", {"depth": 0})
    node = cdp.send(
        "DOM.querySelector",
        {"nodeId": document["root"]["nodeId"], "selector": ".cast-nav__toggle"},
    )
    tree = cdp.send(
        "Accessibility.getPartialAXTree",
        {"nodeId": node["nodeId"], "fetchRelatives": False},
    )
    ax = tree["nodes"][0]
    properties = {p["name"]: p["value"].get("value") for p in ax.get("properties", [])}
    return ax["role"]["value"], ax["name"]["value"], properties.get("expanded")


def expected_current(page_path: str, hrefs: list[str]) -> dict[str, str]:
    """aria-current as the menu should mark it: the page, else its section."""
    if page_path in hrefs:
        return {page_path: "page"}
    sections = [h for h in hrefs if h != "/" and page_path.startswith(h)]
    return {max(sections, key=len): "true"} if sections else {}


def tab_to_toggle(page: Page) -> None:
    """Tab from the top of the page to the Menu control."""
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.cast-nav__toggle')"):
            return
    pytest.fail("15 Tab presses never reached the Menu control")


MENU_LINKS_JS = """
() => [...document.querySelectorAll('.cast-nav__link')].map((a) => ({
  href: a.getAttribute('href'),
  current: a.getAttribute('aria-current'),
  shown: a.checkVisibility({visibilityProperty: true}),
}))
"""


@pytest.mark.parametrize("javascript", JS.values(), ids=JS.keys())
@pytest.mark.parametrize("layout", ["get-help", "partner"])
def test_the_menu_opens_and_closes_from_the_keyboard(
    browser: Browser, site: Site, javascript: bool, layout: str
) -> None:
    with layout_page(browser, site, PHONE, javascript) as page:
        visit(page, site, LAYOUTS[layout])
        cdp = page.context.new_cdp_session(page)
        role, name, expanded = summary_state(cdp)
        assert (role, name, expanded) == ("DisclosureTriangle", "Menu", False), (
            "the Menu control must be exposed as a collapsed disclosure button"
        )
        tab_to_toggle(page)
        links = page.evaluate(MENU_LINKS_JS)
        assert links and not any(link["shown"] for link in links)

        for key in ("Enter", "Space"):
            page.keyboard.press(key)
            assert summary_state(cdp)[2] is True, f"{key} did not open the menu"
            # Every menu link, in order, by Tab; then back to the control.
            reached = []
            for _ in links:
                page.keyboard.press("Tab")
                reached.append(
                    page.evaluate("document.activeElement.getAttribute('href')")
                )
            assert reached == [link["href"] for link in links], (
                f"Tab reached {reached} with the menu open"
            )
            for _ in links:
                page.keyboard.press("Shift+Tab")
            assert page.evaluate("document.activeElement.matches('.cast-nav__toggle')")
            page.keyboard.press(key)
            assert summary_state(cdp)[2] is False, f"{key} did not close the menu"
            assert not any(link["shown"] for link in page.evaluate(MENU_LINKS_JS))

        path = page.evaluate("location.pathname")
        hrefs = [link["href"] for link in links]
        marked = {link["href"]: link["current"] for link in links if link["current"]}
        assert marked == expected_current(path, hrefs), (
            f"{path}: aria-current marks {marked}"
        )
        assert marked, f"{path}: no menu link marks the current page or section"


# --- The hotline line ---------------------------------------------------------


def test_the_hotline_line_dials_and_texts_the_primary_numbers(
    browser: Browser,
    site: Site,
    hotlines: tuple[Hotline, ...],
    primary_hrefs: list[str],
    cast_call_href: str,
) -> None:
    assert cast_call_href in primary_hrefs, "CAST's number to call is not primary"
    assert any(h.startswith("sms:") for h in primary_hrefs), "no number to text"
    every_href = [c.href for h in hotlines for c in h.contacts]
    with layout_page(browser, site, PHONE) as page:
        for name in ("home", "guide", "404"):
            visit(page, site, LAYOUTS[name])
            header = page.locator(".cast-header .cast-hotline a[href]")
            shown = [
                header.nth(i).get_attribute("href")
                for i in range(header.count())
                if header.nth(i).is_visible()
            ]
            assert shown == primary_hrefs, f"{name}: the header's hotline line"
            footer = page.locator(".cast-footer .cast-hotline a[href]")
            hrefs = [footer.nth(i).get_attribute("href") for i in range(footer.count())]
            assert hrefs == every_href, f"{name}: the footer must keep every number"


# --- Screenshots for review -------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshots_of_every_layout_for_review(browser: Browser, site: Site) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for viewport in (PHONE, DESKTOP):
        size = f"{viewport['width']}x{viewport['height']}"
        with layout_page(browser, site, viewport) as page:
            for name, path in LAYOUTS.items():
                visit(page, site, path)
                shot = SCREENSHOTS / f"{name}-{size}.png"
                shot.unlink(missing_ok=True)
                page.screenshot(path=str(shot))
                written.append((shot, viewport))
    # And one phone with the menu open.
    with layout_page(browser, site, PHONE) as page:
        visit(page, site, LAYOUTS["partner"])
        page.locator(".cast-nav__toggle").click()
        shot = SCREENSHOTS / "menu-open-360x640.png"
        page.screenshot(path=str(shot))
        written.append((shot, PHONE))
    for shot, viewport in written:
        assert png_size(shot) == (viewport["width"], viewport["height"]), shot
