"""The built site in a real browser: accessibility, privacy, quick exit, keyboard.

Every page the build writes is served over HTTP on 127.0.0.1 and opened in Debian's
Chromium. The browser never reaches another host: the quick-exit destination is
answered locally, and any other off-site request is refused (the privacy check
also reports it).
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from cms.layout import public_pages
from sitebuild.build import load_settings
from sitebuild.editing import LOCAL_HOST, serve_folder

pytestmark = pytest.mark.chromium

WIDTHS = (320, 1280)
Scheme = Literal["light", "dark"]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
HEIGHT = 800
# A small phone: narrow and short, so the sticky exit bar sits over content.
SMALL = {"width": 320, "height": 640}
LARGE = {"width": 1280, "height": HEIGHT}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXIT_CONTROLS = ".cast-exit-link, .cast-exit__button"
# What the quick-exit destination answers with; the real site is never contacted.
DESTINATION_BODY = "<!doctype html><title>Weather</title><h1>Weather</h1>"
# How long a test waits to be sure that something (a navigation) did NOT happen.
QUIET_MS = 1_000


# --- Serving the built site -------------------------------------------------


@dataclass(frozen=True)
class Site:
    """The built site as served: its origin and the URL path of every page."""

    origin: str
    pages: tuple[str, ...]

    def url(self, path: str) -> str:
        return self.origin + path

    def is_local(self, url: str) -> bool:
        return origin_of(url) == self.origin


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def page_paths(root: Path) -> tuple[str, ...]:
    """The URL path of every built HTML page: index.html is served as its folder."""
    paths = []
    for file in public_pages(root):
        relative = file.relative_to(root).as_posix()
        if relative == "index.html":
            paths.append("/")
        elif relative.endswith("/index.html"):
            paths.append("/" + relative.removesuffix("index.html"))
        else:
            paths.append("/" + relative)
    return tuple(sorted(paths))


# A check that walks every page runs as SHARDS tests, each over a share of the
# pages, so that the suite's two workers (xdist, worksteal) split it between them
# instead of one worker walking every page while the other waits (issue 15).
SHARDS = 6
# The axe check runs four times on every page (two widths, two schemes), so
# it is dealt into smaller shards, which the two workers can share out evenly.
AXE_SHARDS = 12


def shard_of(pages: Sequence[str], index: int, count: int = SHARDS) -> tuple[str, ...]:
    """Every `count`-th page from `index`: the shards hold each page exactly once.

    Dealt round the sorted list, so each shard gets some pages of every section,
    long ones among them, and the shards take about as long as each other.
    """
    if not 0 <= index < count:
        raise ValueError(f"shard index {index} is not in 0..{count - 1}")
    chosen = tuple(pages[index::count])
    assert chosen, (
        f"shard {index + 1} of {count} got no page: there are only {len(pages)}"
    )
    return chosen


def sharded(count: int = SHARDS) -> pytest.MarkDecorator:
    """Parametrise a test over `count` shards, as `shard` (0 to count - 1)."""
    return pytest.mark.parametrize(
        "shard", range(count), ids=[f"shard{i + 1}of{count}" for i in range(count)]
    )


@pytest.fixture(scope="session")
def site(built_site: Path) -> Iterator[Site]:
    """The built site, served on a free port of 127.0.0.1 for the whole session."""
    pages = page_paths(built_site)
    assert "/" in pages, f"the build wrote no home page, only {pages}"
    with serve_folder(built_site, origin_host=LOCAL_HOST) as origin:
        yield Site(origin, pages)


@pytest.fixture(scope="session")
def exit_url() -> str:
    """Where the quick exit must go, as configured for the build."""
    url = load_settings(ROOT / "pelicanconf.py")["QUICK_EXIT_URL"]
    assert isinstance(url, str)
    assert url.startswith("https://")
    return url


@contextmanager
def site_context(
    browser: Browser, site: Site, exit_url: str | None = None, **options: Any
) -> Iterator[BrowserContext]:
    """A fresh browser context that refuses every off-site request.

    With `exit_url`, the quick-exit destination is answered locally with a
    stand-in page, so that leaving can be observed without any network.
    """
    context = browser.new_context(**options)
    # A missing control fails in seconds rather than after Playwright's 30 s.
    context.set_default_timeout(10_000)

    def off_site(url: str) -> bool:
        scheme = urlsplit(url).scheme
        return scheme in {"http", "https", "ws", "wss"} and not site.is_local(url)

    context.route(off_site, lambda route: route.abort("blockedbyclient"))
    if exit_url is not None:
        # Registered last, so it takes precedence over the refusal above.
        context.route(
            exit_url + "**",
            lambda route: route.fulfill(
                status=200, content_type="text/html", body=DESTINATION_BODY
            ),
        )
    try:
        yield context
    finally:
        context.close()


# --- Page scripts -------------------------------------------------------------

# A short description of an element for failure messages.
DESCRIBE_JS = """
const describe = (el) => {
  const classes = [...el.classList].map((name) => '.' + name).join('');
  const id = el.id ? '#' + el.id : '';
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 50);
  return `<${el.tagName.toLowerCase()}${id}${classes}> "${text}"`;
};
"""

# Waits until running animations on an element end and scrolling has stopped
# (the theme scrolls smoothly), so that what is measured is what a user sees.
SETTLE_JS = """
// Whether `el` or a box it scrolls in asks for smooth scrolling.
const scrollsSmoothly = (el) => {
  for (let node = el || document.documentElement; node; node = node.parentElement) {
    if (getComputedStyle(node).scrollBehavior === 'smooth') return true;
  }
  return false;
};
const settle = async (el) => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const timeout = new Promise((resolve) => setTimeout(resolve, 1000));
  const animations = el ? el.getAnimations().map((a) => a.finished) : [];
  await Promise.race([Promise.allSettled(animations), timeout]);
  // Focus scrolling is instant unless a scroller asks for smooth scrolling
  // (the theme does, except under reduced motion): then it has ended already.
  if (!scrollsSmoothly(el)) return;
  let last = null;
  let still = 0;
  for (let i = 0; i < 120 && still < 3; i += 1) {
    await frame();
    const now = `${window.scrollX},${window.scrollY}`;
    still = now === last ? still + 1 : 0;
    last = now;
  }
};
"""

# Whether the sticky exit bar is painted over part of an element: the two
# overlap, and at the middle of the overlap the topmost element is the bar's.
UNDER_BAR_JS = """
const underBar = (el) => {
  const bar = document.querySelector('.cast-exit');
  if (!el || !bar || bar.contains(el)) return false;
  const r = el.getBoundingClientRect();
  const b = bar.getBoundingClientRect();
  // A focusable region taller than the room below the bar (a scrollable table)
  // cannot avoid the bar; WCAG 2.4.11 then asks only that it is not entirely hidden.
  if (r.height > window.innerHeight - b.bottom) return r.bottom <= b.bottom;
  const left = Math.max(r.left, b.left);
  const right = Math.min(r.right, b.right);
  const top = Math.max(r.top, b.top);
  const bottom = Math.min(r.bottom, b.bottom);
  if (right - left <= 0.5 || bottom - top <= 0.5) return false;
  const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
  return hit !== null && bar.contains(hit);
};
"""

# Every element a keyboard user must be able to reach on the page as shown.
FOCUSABLES_JS = (
    "() => {"
    + DESCRIBE_JS
    + """
  const selector = 'a[href], button, input, select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const usable = (el) => !el.disabled && el.type !== 'hidden'
    && !el.closest('[inert]') && el.checkVisibility({visibilityProperty: true});
  window.__castFocusables = [...document.querySelectorAll(selector)].filter(usable);
  return window.__castFocusables.map(describe);
}"""
)

# What a user sees of the focused element, once focus scrolling has finished.
FOCUSED_JS = (
    "async () => {"
    + DESCRIBE_JS
    + SETTLE_JS
    + UNDER_BAR_JS
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return null;
  }
  await settle(el);
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom,
                       width: r.width, height: r.height});
  const style = getComputedStyle(el);
  const bar = document.querySelector('.cast-exit');
  return {
    index: (window.__castFocusables || []).indexOf(el),
    label: describe(el),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor,
    boxShadow: style.boxShadow,
    rect: box(el.getBoundingClientRect()),
    viewport: {width: window.innerWidth, height: window.innerHeight},
    scrollY: window.scrollY,
    bar: bar ? box(bar.getBoundingClientRect()) : null,
    inBar: bar ? bar.contains(el) : false,
    underBar: underBar(el),
  };
}"""
)

# The widest content and the deepest elements that stick out past `limit`.
OVERFLOW_JS = (
    "(limit) => {"
    + DESCRIBE_JS
    + """
  const root = document.documentElement;
  const wide = [...document.body.querySelectorAll('*')].filter((el) => {
    const over = (e) => e.getBoundingClientRect().right > limit + 0.5;
    return over(el) && ![...el.children].some(over);
  });
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    offenders: wide.slice(0, 5).map(describe),
  };
}"""
)

# Where the skip link led: is main focused, and where are its h1 and the bar.
SKIPPED_JS = (
    "async () => {"
    + SETTLE_JS
    + UNDER_BAR_JS
    + """
  const main = document.querySelector('main#main');
  await settle(main);
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  };
  const heading = main && main.querySelector('h1');
  return {
    mainFocused: main !== null && document.activeElement === main,
    heading: box(heading),
    headingUnderBar: underBar(heading),
    bar: box(document.querySelector('.cast-exit')),
  };
}"""
)

AXE_RUN_JS = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map(String),
      summary: n.failureSummary || '',
    })),
  }));
}
"""

# Whether the page scrolls in its window: the sticky bar can then sit over content.
TALLER_THAN_WINDOW_JS = (
    "() => document.documentElement.scrollHeight > window.innerHeight"
)

# The state a visit could leave behind in the browser.
STORAGE_JS = """
() => ({
  localStorage: window.localStorage.length,
  sessionStorage: window.sessionStorage.length,
  cookie: document.cookie,
})
"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, as shipped inside the axe-playwright-python package."""
    script = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    return script.read_text(encoding="utf-8")


def tab_through(
    page: Page, presses: int, key: str = "Tab"
) -> list[dict[str, Any] | None]:
    """Press Tab (or `key`) up to `presses` times, once around the page.

    After each press, what is focused (None: nothing). Stops when focus comes
    back to a control it has already visited.
    """
    seen: list[dict[str, Any] | None] = []
    visited: set[int] = set()
    for _ in range(presses):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED_JS)
        if focused is not None and focused["index"] >= 0:
            if focused["index"] in visited:
                break
            visited.add(focused["index"])
        seen.append(focused)
    return seen


def focus_problem(focused: dict[str, Any]) -> str | None:
    """Why the focused element has no visible focus indicator, or None."""
    rect, viewport = focused["rect"], focused["viewport"]
    if rect["width"] <= 1 or rect["height"] <= 1:
        return f"is {rect['width']:.0f}x{rect['height']:.0f} px while focused"
    if (
        rect["right"] <= 0
        or rect["bottom"] <= 0
        or rect["left"] >= viewport["width"]
        or rect["top"] >= viewport["height"]
    ):
        return f"is outside the viewport while focused (at {rect})"
    transparent = focused["outlineColor"] in {"transparent", "rgba(0, 0, 0, 0)"}
    outline = (
        focused["outlineStyle"] != "none"
        and focused["outlineWidth"] >= 2
        and not transparent
    )
    if outline or focused["boxShadow"] != "none":
        return None
    return (
        "has no visible focus indicator (outline "
        f"{focused['outlineStyle']} {focused['outlineWidth']}px "
        f"{focused['outlineColor']}, box-shadow {focused['boxShadow']})"
    )


def box(rect: dict[str, float]) -> str:
    return (
        f"(x {rect['left']:.0f}-{rect['right']:.0f}, "
        f"y {rect['top']:.0f}-{rect['bottom']:.0f})"
    )


def report(title: str, problems: list[str]) -> str:
    return f"{title} ({len(problems)}):\n" + "\n".join(problems)


# --- Accessibility --------------------------------------------------------------


# What the axe check sets before each run: the page's size, then its scheme.
WIDTH_JS = "(width) => window.innerWidth === width"
SCHEME_JS = "(scheme) => matchMedia(`(prefers-color-scheme: ${scheme})`).matches"


@sharded(AXE_SHARDS)
def test_every_page_passes_axe_wcag_22_aa(
    browser: Browser, site: Site, axe_source: str, shard: int
) -> None:
    problems = []
    with site_context(
        browser, site, viewport={"width": WIDTHS[0], "height": HEIGHT}
    ) as context:
        page = context.new_page()
        for path in shard_of(site.pages, shard, AXE_SHARDS):
            page.goto(site.url(path))
            # evaluate, not a <script> tag: the site's CSP forbids inline scripts.
            page.evaluate(axe_source)
            # Every width and scheme on one load: the theme's layout and colours
            # are media queries, which follow the window as it changes (no
            # script of the theme reads its size or scheme), so the page is
            # what it would be had it loaded that way.
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                assert page.evaluate(WIDTH_JS, width), f"{path}: not {width} px wide"
                for scheme in SCHEMES:
                    page.emulate_media(color_scheme=scheme)
                    assert page.evaluate(SCHEME_JS, scheme), (
                        f"{path}: the {scheme} colour scheme was not applied"
                    )
                    problems += axe_problems(
                        f"{path} ({scheme} scheme, {width} px wide)",
                        page.evaluate(AXE_RUN_JS, AXE_TAGS),
                    )
    assert not problems, report("axe found WCAG 2.2 AA violations", problems)


def axe_problems(where: str, violations: list[dict[str, Any]]) -> list[str]:
    """Each violation axe found, and where, as lines of a failure message."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}): "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = node["summary"].replace("\n", "\n        ")
            lines.append(f"    at {', '.join(node['target'])}\n        {summary}")
    return lines


# --- Privacy --------------------------------------------------------------------


# How long the network must stay quiet after `load` before a page counts as
# settled: a script's request made after the page loaded is still seen.
QUIET_NETWORK_MS = 60


class NetworkWatch:
    """Every URL one page requested, and how many requests are still in flight.

    After `load` every script of the page has run; what they ask for later
    is caught by waiting until nothing is in flight and nothing new has
    started for QUIET_NETWORK_MS, instead of a fixed pause on every page.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.urls: list[str] = []
        self.in_flight = 0
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request: Request) -> None:
        self.urls.append(request.url)
        self.in_flight += 1

    def _end(self, _request: Request) -> None:
        self.in_flight -= 1

    def wait_until_quiet(self, limit_ms: int = 3000) -> None:
        waited = 0
        while waited < limit_ms:
            seen = len(self.urls)
            self.page.wait_for_timeout(QUIET_NETWORK_MS)
            waited += QUIET_NETWORK_MS
            if self.in_flight <= 0 and len(self.urls) == seen:
                return


# What a visit that stores nothing leaves behind.
NOTHING_STORED = {"localStorage": 0, "sessionStorage": 0, "cookie": ""}


@sharded()
def test_pages_contact_no_other_host_and_store_nothing(
    browser: Browser, site: Site, shard: int
) -> None:
    problems = []
    pages = iter(shard_of(site.pages, shard))
    # Each visit starts with nothing stored, as in a fresh context: the visits
    # share one until one leaves something behind, which is reported, and the
    # next visit gets a new context. (A new context per page cost 0.3 s.) A
    # request to another host is refused, so no cache can hide it next time.
    while True:
        with site_context(browser, site) as context:
            page = context.new_page()
            network = NetworkWatch(page)
            for path in pages:
                seen = len(network.urls)
                page.goto(site.url(path), wait_until="load")
                network.wait_until_quiet()
                requests = network.urls[seen:]
                stored = page.evaluate(STORAGE_JS)
                cookies = context.cookies()
                assert requests, (
                    f"{path}: no request was recorded, the check saw nothing"
                )
                problems += [
                    f"{path}: requested {url}"
                    for url in requests
                    if not url.startswith("data:") and not site.is_local(url)
                ]
                if cookies:
                    problems.append(f"{path}: set cookies {cookies}")
                if stored != NOTHING_STORED:
                    problems.append(f"{path}: left state in the browser {stored}")
                if cookies or stored != NOTHING_STORED:
                    break
            else:
                break
    assert not problems, report(
        "Pages contacted another host or stored something", problems
    )


@sharded()
def test_pages_load_without_script_errors_or_missing_files(
    browser: Browser, site: Site, shard: int
) -> None:
    problems: list[str] = []
    with site_context(browser, site) as context:
        page = context.new_page()
        current = {"path": ""}

        def failed(request: Request) -> None:
            # Going on to the next page cancels what is still loading (the
            # favicon, on a busy machine); a missing file answers 404 instead.
            if request.failure != "net::ERR_ABORTED":
                problems.append(
                    f"{current['path']}: {request.url} failed ({request.failure})"
                )

        def response_seen(status: int, url: str) -> None:
            if status >= 400:
                problems.append(f"{current['path']}: {url} answered {status}")

        page.on("pageerror", lambda e: problems.append(f"{current['path']}: {e}"))
        page.on("requestfailed", failed)
        page.on("response", lambda r: response_seen(r.status, r.url))
        page.on(
            "console",
            lambda m: (
                m.type == "error"
                and problems.append(f"{current['path']}: console error: {m.text}")
            ),
        )
        network = NetworkWatch(page)
        for path in shard_of(site.pages, shard):
            current["path"] = path
            page.goto(site.url(path), wait_until="load")
            network.wait_until_quiet()
    assert not problems, report("Pages had script or loading errors", problems)


# --- Quick exit ------------------------------------------------------------------


@pytest.fixture
def exit_context(
    browser: Browser, site: Site, exit_url: str
) -> Iterator[BrowserContext]:
    with site_context(browser, site, exit_url) as context:
        yield context


@pytest.fixture
def home(site: Site, exit_context: BrowserContext) -> Page:
    """The home page, in a context where the exit destination answers locally."""
    page = exit_context.new_page()
    page.goto(site.url("/"))
    return page


def press_shift(page: Page, times: int) -> None:
    for _ in range(times):
        page.keyboard.press("Shift")
        page.wait_for_timeout(100)


def click_exit_button(page: Page) -> None:
    page.locator(".cast-exit__button").click()


def press_shift_three_times(page: Page) -> None:
    press_shift(page, 3)


EXIT_TRIGGERS: dict[str, Callable[[Page], None]] = {
    "button": click_exit_button,
    "shift-x3": press_shift_three_times,
}


def test_exit_button_leaves_for_the_destination(home: Page, exit_url: str) -> None:
    click_exit_button(home)
    home.wait_for_url(exit_url + "**", timeout=5_000)
    assert home.url.startswith(exit_url)


def test_pressing_shift_three_times_leaves_for_the_destination(
    home: Page, exit_url: str
) -> None:
    press_shift_three_times(home)
    home.wait_for_url(exit_url + "**", timeout=5_000)
    assert home.url.startswith(exit_url)


@pytest.mark.parametrize("trigger", EXIT_TRIGGERS)
def test_back_after_exit_does_not_return_to_the_exited_page(
    exit_context: BrowserContext, site: Site, exit_url: str, trigger: str
) -> None:
    others = [path for path in site.pages if path != "/"]
    first = site.url("/")
    # A second history entry that is not the first page; any other page will do.
    second = site.url(others[0] if others else "/?second-visit")
    page = exit_context.new_page()
    page.goto(first)
    page.goto(second)
    assert page.url == second
    EXIT_TRIGGERS[trigger](page)
    page.wait_for_url(exit_url + "**", timeout=5_000)
    # With location.replace the history is [first, destination]; had the exit
    # pushed a new entry, it would be [first, second, destination].
    page.go_back(wait_until="load")
    assert page.url != second, (
        f"Back returned to the page that was exited ({second}): the exit added "
        "a history entry instead of replacing the page"
    )
    assert page.url == first or page.url.startswith(exit_url), page.url


def type_with_shift_held(page: Page) -> None:
    page.keyboard.down("Shift")
    for key in ("KeyH", "KeyE", "KeyL", "KeyL", "KeyO"):
        page.keyboard.press(key)
    page.keyboard.up("Shift")
    page.wait_for_timeout(100)


def shift_tab(page: Page) -> None:
    page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(100)


@pytest.mark.parametrize(
    "combined", [type_with_shift_held, shift_tab], ids=["typing-HELLO", "shift-tab"]
)
def test_shift_with_other_keys_does_not_exit(
    home: Page, site: Site, exit_url: str, combined: Callable[[Page], None]
) -> None:
    for _ in range(3):
        combined(home)
    home.wait_for_timeout(QUIET_MS)
    assert home.url == site.url("/"), "Shift pressed with other keys left the site"
    # Nor does a combined press count as the first of three lone presses.
    combined(home)
    press_shift(home, 2)
    home.wait_for_timeout(QUIET_MS)
    assert home.url == site.url("/"), (
        "Shift pressed with another key counted towards the three presses"
    )
    # The shortcut is still armed: three lone presses in a row do leave.
    press_shift_three_times(home)
    home.wait_for_url(exit_url + "**", timeout=5_000)


def test_lone_shift_presses_announce_how_many_remain(home: Page, site: Site) -> None:
    status = home.locator(".cast-exit__status")
    assert status.count() == 1
    live = status.get_attribute("aria-live")
    assert status.get_attribute("role") == "status" or live in {"polite", "assertive"}
    press_shift(home, 1)
    expect(status).to_contain_text("2", timeout=2_000)
    press_shift(home, 1)
    expect(status).to_contain_text("1", timeout=2_000)
    expect(status).not_to_contain_text("2")
    assert home.url == site.url("/"), "two presses were enough to leave"


def test_without_javascript_the_exit_button_is_a_plain_link(
    browser: Browser, site: Site, exit_url: str
) -> None:
    with site_context(browser, site, exit_url, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(site.url("/"))
        for selector in (".cast-exit__button", ".cast-exit-link"):
            link = page.locator(selector)
            assert link.count() == 1, selector
            assert link.evaluate("e => e.tagName") == "A", selector
            assert link.get_attribute("href") == exit_url, selector
        button = page.locator(".cast-exit__button")
        expect(button).to_be_visible()
        button.click()
        page.wait_for_url(exit_url + "**", timeout=5_000)
        expect(page.locator("h1")).to_have_text("Weather")


def test_exit_link_is_reached_within_three_tab_presses(home: Page) -> None:
    focused = []
    for _ in range(3):
        home.keyboard.press("Tab")
        focused.append(home.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
        if home.evaluate(f"document.activeElement.matches({EXIT_CONTROLS!r})"):
            return
    pytest.fail(
        f"three Tab presses never reached the exit link; they focused {focused}"
    )


# --- Keyboard -------------------------------------------------------------------


def file_of(root: Path, path: str) -> Path:
    return root / (path.lstrip("/") + "index.html" if path.endswith("/") else path[1:])


@pytest.fixture(scope="session")
def walk_pages(site: Site, built_site: Path) -> tuple[str, ...]:
    """Every Markdown page, and the largest page of each record layout.

    Record pages of one kind (every bill, every partner) share a template, so
    walking each of them with Tab repeats the same check dozens of times; the
    largest one has the most controls and the longest tables.
    """
    layouts: dict[str, str] = {}
    for path in site.pages:
        parts = path.strip("/").split("/")
        key = "/".join(parts[:-1]) + "/*" if len(parts) > 1 else path
        best = layouts.get(key)
        size = file_of(built_site, path).stat().st_size
        if best is None or size > file_of(built_site, best).stat().st_size:
            layouts[key] = path
    return tuple(sorted(layouts.values()))


@sharded()
def test_tab_reaches_every_control_with_a_visible_focus_indicator(
    browser: Browser, site: Site, walk_pages: tuple[str, ...], shard: int
) -> None:
    problems = []
    # Instant focus scrolling keeps the walk fast; see the sticky bar test.
    with site_context(browser, site, viewport=LARGE, reduced_motion="reduce") as ctx:
        page = ctx.new_page()
        for path in shard_of(walk_pages, shard):
            page.goto(site.url(path))
            controls = page.evaluate(FOCUSABLES_JS)
            assert controls, f"{path}: no focusable element, the check saw nothing"
            reached: set[int] = set()
            for focused in tab_through(page, len(controls) + 5):
                if focused is None:
                    continue
                reached.add(focused["index"])
                problem = focus_problem(focused)
                if problem:
                    problems.append(f"{path}: {focused['label']} {problem}")
            problems += [
                f"{path}: {label} is never reached with Tab"
                for index, label in enumerate(controls)
                if index not in reached
            ]
    assert not problems, report("Keyboard focus problems", problems)


@sharded()
def test_sticky_exit_bar_never_hides_the_focused_element(
    browser: Browser, site: Site, walk_pages: tuple[str, ...], shard: int
) -> None:
    problems = []
    # Pages taller than the window, and of those the ones tabbing never scrolled.
    tall: list[str] = []
    unscrolled: list[str] = []
    # Reduced motion makes focus scrolling instant (the theme scrolls smoothly
    # otherwise); where an element ends up is the same either way.
    with site_context(browser, site, viewport=SMALL, reduced_motion="reduce") as ctx:
        page = ctx.new_page()
        for path in shard_of(walk_pages, shard):
            page.goto(site.url(path))
            controls = page.evaluate(FOCUSABLES_JS)
            assert page.locator(".cast-exit").count() == 1, f"{path}: no exit bar"
            deepest = 0.0
            forward = tab_through(page, len(controls) + 5)
            # The first three stops are the skip link and the exit controls.
            first_three = {f["index"] for f in forward[:3] if f is not None}
            # Backwards, elements scroll in at the top, where the bar is.
            backward = tab_through(page, len(controls) + 5, key="Shift+Tab")
            for direction, stops in (("Tab", forward[3:]), ("Shift+Tab", backward)):
                for focused in stops:
                    if (
                        focused is None
                        or focused["inBar"]
                        or focused["index"] in first_three
                    ):
                        continue
                    deepest = max(deepest, focused["scrollY"])
                    if focused["underBar"]:
                        problems.append(
                            f"{path} ({direction}): {focused['label']} at "
                            f"{box(focused['rect'])} is under the exit bar at "
                            f"{box(focused['bar'])}"
                        )
            if page.evaluate(TALLER_THAN_WINDOW_JS):
                tall.append(path)
                # Some of its controls (the footer's, at least) lie below the
                # first screen, so a walk that reached them scrolled; one that
                # did not never had the bar over content, and proved nothing.
                if deepest == 0:
                    unscrolled.append(path)
    assert not problems, report(
        "The sticky exit bar covers the focused element (WCAG 2.4.11)", problems
    )
    # Otherwise no page of this shard was long enough for the bar to sit over
    # any content, and the check above was empty.
    assert tall, "No page of this shard is taller than 320x640"
    assert not unscrolled, report(
        "Tabbing never scrolled these pages, taller than 320x640", unscrolled
    )


@sharded()
def test_skip_link_shows_the_page_heading_below_the_exit_bar(
    browser: Browser, site: Site, shard: int
) -> None:
    problems = []
    with site_context(browser, site, viewport=SMALL, reduced_motion="reduce") as ctx:
        page = ctx.new_page()
        for path in shard_of(site.pages, shard):
            page.goto(site.url(path))
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.matches('.cast-skip-link')"), (
                f"{path}: the first Tab does not reach the skip link"
            )
            page.keyboard.press("Enter")
            after = page.evaluate(SKIPPED_JS)
            if not after["mainFocused"]:
                problems.append(f"{path}: focus did not move to main#main")
            if after["heading"] is None:
                problems.append(f"{path}: main#main has no h1")
            elif after["headingUnderBar"]:
                problems.append(
                    f"{path}: the h1 at {box(after['heading'])} is under the "
                    f"exit bar at {box(after['bar'])}"
                )
    assert not problems, report("The skip link leads under the exit bar", problems)


# --- Reflow and text resize ---------------------------------------------------------


@sharded()
def test_every_page_reflows_at_320_px(browser: Browser, site: Site, shard: int) -> None:
    problems = []
    with site_context(browser, site, viewport={"width": 320, "height": HEIGHT}) as ctx:
        page = ctx.new_page()
        for path in shard_of(site.pages, shard):
            page.goto(site.url(path))
            measured = page.evaluate(OVERFLOW_JS, 320)
            if measured["scrollWidth"] > 320:
                problems.append(
                    f"{path}: {measured['scrollWidth']} px wide; sticking out: "
                    f"{measured['offenders']}"
                )
    assert not problems, report("Pages scroll sideways at 320 px", problems)


@sharded()
def test_text_at_200_percent_needs_no_horizontal_scrolling(
    browser: Browser, site: Site, shard: int
) -> None:
    problems = []
    with site_context(browser, site, viewport={"width": 1280, "height": HEIGHT}) as ctx:
        page = ctx.new_page()
        for path in shard_of(site.pages, shard):
            page.goto(site.url(path))
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            limit = page.evaluate("document.documentElement.clientWidth")
            measured = page.evaluate(OVERFLOW_JS, limit)
            if measured["scrollWidth"] > measured["clientWidth"]:
                problems.append(
                    f"{path}: {measured['scrollWidth']} px of content in "
                    f"{measured['clientWidth']} px; sticking out: "
                    f"{measured['offenders']}"
                )
    assert not problems, report("Pages scroll sideways with 200% text", problems)


# --- Print and motion -------------------------------------------------------------

PRINT_JS = """
() => {
  const shown = (selector) => [...document.querySelectorAll(selector)]
    .some((el) => getComputedStyle(el).display !== 'none');
  const external = document.querySelector('main a[href^="http"]');
  return {
    nav: shown('.cast-nav'),
    exit: shown('.cast-exit, .cast-exit-link'),
    main: shown('main'),
    linkUrl: external ? getComputedStyle(external, '::after').content : null,
    href: external ? external.getAttribute('href') : null,
  };
}
"""


def test_print_hides_navigation_and_exit_and_prints_link_urls(
    browser: Browser, site: Site
) -> None:
    with site_context(browser, site) as context:
        page = context.new_page()
        page.goto(site.url("/safety/"))
        page.evaluate(
            """() => {
                const a = document.createElement('a');
                a.href = 'https://www.weather.gov/';
                a.textContent = 'Weather';
                document.querySelector('main').append(a);
            }"""
        )
        page.emulate_media(media="print")
        printed = page.evaluate(PRINT_JS)
    assert printed["main"], "the page content must print"
    assert not printed["nav"], "the navigation must not print"
    assert not printed["exit"], "the exit button must not print"
    assert printed["href"] in printed["linkUrl"], "link URLs must print"


@pytest.mark.parametrize(
    ("motion", "expected"), [("reduce", "auto"), ("no-preference", "smooth")]
)
def test_reduced_motion_turns_off_smooth_scrolling(
    browser: Browser, site: Site, motion: str, expected: str
) -> None:
    with site_context(browser, site, reduced_motion=motion) as context:
        page = context.new_page()
        page.goto(site.url("/"))
        behaviour = page.evaluate(
            "() => getComputedStyle(document.documentElement).scrollBehavior"
        )
    assert behaviour == expected


def test_partner_search_box_narrows_the_directory(browser: Browser, site: Site) -> None:
    with site_context(browser, site) as context:
        page = context.new_page()
        page.goto(site.url("/partners/"))
        cards = page.locator("[data-partner-card]")
        total = cards.count()
        assert total > 1, "the directory should list several partners"
        page.get_by_label("Search partners by name, area or language").fill("lapd")
        visible = page.locator("[data-partner-card]:visible")
        assert visible.count() == 1
        assert "LAPD" in visible.first.inner_text()
        status = page.locator(".cast-partner-filter__status")
        assert status.inner_text() == f"Showing 1 of {total} partners"


def test_partner_filters_work_without_javascript(browser: Browser, site: Site) -> None:
    with site_context(browser, site, java_script_enabled=False) as context:
        page = context.new_page()
        page.goto(site.url("/partners/"))
        assert page.locator("input[type=search]").count() == 0
        page.get_by_role("link", name="Law enforcement").click()
        assert page.url.endswith("/partners/category/law-enforcement/")
        current = page.locator('.cast-filter-nav a[aria-current="page"]')
        assert current.inner_text().startswith("Law enforcement")


# --- Sharding ---------------------------------------------------------------------


def test_the_shards_hold_every_page_exactly_once() -> None:
    pages = tuple(f"/page-{number}/" for number in range(20))
    shards = [shard_of(pages, index, 6) for index in range(6)]
    assert sorted(path for shard in shards for path in shard) == sorted(pages)
    with pytest.raises(AssertionError, match="got no page"):
        shard_of(pages[:5], 5, 6)
    with pytest.raises(ValueError, match=r"not in 0\.\.5"):
        shard_of(pages, 6, 6)
