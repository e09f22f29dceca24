"""The Content-Security-Policy in Chromium: nothing on the site breaks it, and it bites.

The built site is served twice on 127.0.0.1: once with the headers from its
`_headers` file, as Netlify or Cloudflare Pages would send them, so the header
policy is what is tested; and once with no headers at all, as GitHub Pages
serves it, so the `<meta>` policy alone is tested. Every page is opened both
ways and must report no violation. A copy of a page with inline code injected
shows that the policy is really enforced, so these tests can fail.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page
from test_browser import file_of, shard_of, sharded

from cms.layout import public_pages
from security.headers import HEADERS_FILE, HeaderRule, headers_for, parse_headers_file
from sitebuild.editing import LOCAL_HOST, serve_folder

pytestmark = pytest.mark.chromium

Delivery = Literal["header", "meta"]
DELIVERIES: tuple[Delivery, ...] = ("header", "meta")

# Installed before any page script: records every violation the page reports.
WATCH_JS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || 'inline code'}`
    + ` (${event.sourceFile || 'page'}:${event.lineNumber})`);
});
"""

# The violations so far, once queued events have run; with `atLeast`, waits
# (a bounded number of frames) for that many.
VIOLATIONS_JS = """
async (atLeast) => {
  for (let i = 0; i < 100 && window.__cspViolations.length < atLeast; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 0));
  return window.__cspViolations;
}
"""


class HeadersHandler(SimpleHTTPRequestHandler):
    """Serves the built files with the headers `_headers` gives each path."""

    timeout = 10

    def __init__(self, *args: Any, rules: list[HeaderRule], **kwargs: Any) -> None:
        self.rules = rules
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, urlsplit(self.path).path):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path, delivery: Delivery) -> Iterator[str]:
    """Serve `root` on a free port; with "header", apply its `_headers` file."""
    rules = []
    if delivery == "header":
        rules = parse_headers_file((root / HEADERS_FILE).read_text(encoding="utf-8"))
        assert rules, f"{HEADERS_FILE} has no rules"
    with serve_folder(
        root, HeadersHandler, origin_host=LOCAL_HOST, rules=rules
    ) as origin:
        yield origin


def page_paths(root: Path) -> list[str]:
    """The URL path of every built page (index.html is served as its folder)."""
    paths = []
    for file in public_pages(root):
        relative = file.relative_to(root).as_posix()
        paths.append("/" + relative.removesuffix("index.html"))
    return paths


@dataclass
class Watched:
    """A page whose console messages and script errors are being collected."""

    page: Page
    messages: list[str] = field(default_factory=list)

    def violations(self, at_least: int = 0) -> list[str]:
        found: list[str] = self.page.evaluate(VIOLATIONS_JS, at_least)
        return found

    def problems(self) -> list[str]:
        return self.violations() + self.messages


@contextmanager
def watched_page(browser: Browser, origin: str) -> Iterator[Watched]:
    """A page that reports CSP violations, console errors and warnings.

    Other hosts are refused, so a broken policy can never reach the network.
    """
    context: BrowserContext = browser.new_context()
    context.set_default_timeout(10_000)
    context.route(
        lambda url: not url.startswith(origin) and urlsplit(url).scheme != "data",
        lambda route: route.abort("blockedbyclient"),
    )
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    watched = Watched(page)

    def on_console(message: ConsoleMessage) -> None:
        # Chromium words refusals "Refused to ..." or "... violates the
        # following Content Security Policy directive ..."; both are errors.
        if message.type in {"error", "warning"}:
            watched.messages.append(f"console {message.type}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.messages.append(f"error: {error}"))
    try:
        yield watched
    finally:
        context.close()


@pytest.fixture(scope="module", params=DELIVERIES)
def delivery(request: pytest.FixtureRequest) -> Delivery:
    value: Delivery = request.param
    return value


@pytest.fixture(scope="module")
def origin(built_site: Path, delivery: Delivery) -> Iterator[str]:
    with serve(built_site, delivery) as served:
        yield served


JSON_LD = '<script type="application/ld+json">'


def json_ld_blocks(root: Path, path: str) -> int:
    """How many JSON-LD blocks the built file behind a URL path holds."""
    return file_of(root, path).read_text(encoding="utf-8").count(JSON_LD)


@sharded()
def test_every_page_loads_under_the_policy_without_a_violation(
    browser: Browser, built_site: Path, origin: str, delivery: Delivery, shard: int
) -> None:
    header = dict(
        headers_for(
            parse_headers_file((built_site / HEADERS_FILE).read_text("utf-8")),
            "/",
        )
    )["Content-Security-Policy"]
    problems = []
    paths = page_paths(built_site)
    # JSON-LD is inline script the policy must let through as data. Each shard
    # sees every block its pages hold, and the shards hold every page, so the
    # blocks are all checked as long as the site has some.
    assert any(json_ld_blocks(built_site, path) for path in paths), (
        "no built page has JSON-LD, so none could be checked"
    )
    with watched_page(browser, origin) as watched:
        for path in shard_of(paths, shard):
            response = watched.page.goto(origin + path)
            assert response is not None and response.ok, path
            sent = response.headers.get("content-security-policy")
            # The policy under test is the one this run is about, and only it.
            assert sent == (header if delivery == "header" else None), path
            meta = watched.page.locator('meta[http-equiv="Content-Security-Policy"]')
            assert meta.count() == 1, path
            shown = watched.page.locator('script[type="application/ld+json"]').count()
            blocks = json_ld_blocks(built_site, path)
            assert shown == blocks, f"{path}: {shown} JSON-LD blocks loaded of {blocks}"
            problems += [f"{path}: {p}" for p in watched.problems()]
            watched.messages.clear()
    assert problems == [], "\n".join(problems)


def test_search_runs_under_the_policy_without_a_violation(
    browser: Browser, origin: str
) -> None:
    """Pagefind's worker, WebAssembly and index fetches are all allowed."""
    with watched_page(browser, origin) as watched:
        watched.page.goto(origin + "/search/?q=trafficking")
        results = watched.page.locator(".cast-search__result")
        results.first.wait_for()
        assert results.count() > 1
        watched.page.locator(".cast-search__more").click()
        results.nth(10).wait_for()
        assert watched.problems() == []


def test_the_partner_search_box_runs_under_the_policy(
    browser: Browser, origin: str
) -> None:
    with watched_page(browser, origin) as watched:
        watched.page.goto(origin + "/partners/")
        watched.page.get_by_label("Search partners").fill("clinic")
        watched.page.locator("[data-partner-card]:not([hidden])").first.wait_for()
        assert watched.problems() == []


# --- The policy bites ----------------------------------------------------------

INJECTED = (
    '<p id="cast-injected" style="color: rgb(255, 0, 0)">Injected</p>'
    "<script>window.castInjectedRan = true;</script>"
    '<button id="cast-injected-button" onclick="window.castClicked = true">'
    "Injected</button>"
)


@pytest.fixture(scope="module")
def injected_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the site whose About page has inline code an attacker might add."""
    copy = tmp_path_factory.mktemp("injected") / "site"
    shutil.copytree(built_site, copy)
    about = copy / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    assert html.count("</main>") == 1
    about.write_text(html.replace("</main>", INJECTED + "</main>"), encoding="utf-8")
    return copy


@pytest.mark.parametrize("how", DELIVERIES)
def test_inline_script_style_and_handlers_are_refused(
    browser: Browser, injected_site: Path, how: Delivery
) -> None:
    with serve(injected_site, how) as served, watched_page(browser, served) as w:
        w.page.goto(served + "/about/")
        w.page.locator("#cast-injected-button").click()
        violations = w.violations(at_least=3)
        assert w.page.evaluate("typeof window.castInjectedRan") == "undefined"
        assert w.page.evaluate("typeof window.castClicked") == "undefined"
        color = w.page.locator("#cast-injected").evaluate(
            "(el) => getComputedStyle(el).color"
        )
        assert color != "rgb(255, 0, 0)"
    directives = {v.split(" ")[0] for v in violations}
    assert {"script-src-elem", "script-src-attr", "style-src-attr"} <= directives


def test_only_the_header_policy_forbids_framing(
    browser: Browser, built_site: Path
) -> None:
    """frame-ancestors works only as a header: proof the header is what is tested."""
    framed = {}
    messages = {}
    for how in DELIVERIES:
        with serve(built_site, how) as served, watched_page(browser, served) as w:
            # A parent page with no policy of its own, as another site would be.
            # set_content returns after the load event, which waits for the frame.
            w.page.set_content(f'<iframe src="{served}/privacy/"></iframe>')
            [frame] = [f for f in w.page.frames if f != w.page.main_frame]
            framed[how] = frame.url
            messages[how] = list(w.messages)
    assert framed["meta"].endswith("/privacy/"), messages
    # Refused: Chromium shows its own error page in the frame instead.
    assert framed["header"].startswith("chrome-error:"), messages
    assert any("frame-ancestors 'none'" in m for m in messages["header"]), messages
