"""Page weight: each page's HTML plus its stylesheets, gzipped.

14 KB is about what a server can send in the first round trip of a new
connection (TCP's initial congestion window), so a page under it can render
after one round trip even on a slow mobile network.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .links import resolve_target

FIRST_ROUND_TRIP_BYTES = 14 * 1024


@dataclass(frozen=True)
class PageWeight:
    page: str
    html_bytes: int
    css_bytes: int

    @property
    def total(self) -> int:
        return self.html_bytes + self.css_bytes


class _StylesheetParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stylesheets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel and values.get("href"):
            self.stylesheets.append(values["href"] or "")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def measure_page(root: Path, page: Path) -> PageWeight:
    html = page.read_bytes()
    parser = _StylesheetParser()
    parser.feed(html.decode("utf-8"))
    css = 0
    for href in parser.stylesheets:
        target = resolve_target(root, page, href)
        if target is not None and target.is_file():
            css += gzip_size(target.read_bytes())
    return PageWeight(page.relative_to(root).as_posix(), gzip_size(html), css)


def measure_site(root: Path) -> list[PageWeight]:
    root = root.resolve()
    return [measure_page(root, page) for page in sorted(root.rglob("*.html"))]


def format_report(
    weights: list[PageWeight], limit: int = FIRST_ROUND_TRIP_BYTES
) -> str:
    lines = [f"{'page':<48} {'html':>7} {'css':>7} {'total':>7}  (gzip bytes)"]
    for w in weights:
        flag = "  OVER BUDGET" if w.total > limit else ""
        lines.append(
            f"{w.page:<48} {w.html_bytes:>7} {w.css_bytes:>7} {w.total:>7}{flag}"
        )
    heaviest = max((w.total for w in weights), default=0)
    lines.append(f"heaviest page: {heaviest} bytes; budget {limit} bytes")
    return "\n".join(lines)
