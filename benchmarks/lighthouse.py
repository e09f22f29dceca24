"""Lighthouse scores for the home page, a partner page and a bill page.

Builds the production site (publishconf.py, pointed at a local address), serves
it the way a static host with a CDN would (the `_headers` file applied, text
gzip-compressed), and runs Lighthouse 12.2.3 in Debian's Chromium with its
default mobile profile (a mid-range phone on a slow 4G connection). Prints the
four category scores per page. A benchmark, not a test.

    ./dev lighthouse
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from fnmatch import fnmatch
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from sitebuild.build import build_site  # noqa: E402

NODE_TOOLS = ROOT / "benchmarks" / "node"
LIGHTHOUSE = NODE_TOOLS / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".svg", ".txt")


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Netlify/Cloudflare `_headers`: a path pattern, then indented `Name: value`."""
    rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class HostHandler(SimpleHTTPRequestHandler):
    """Serves files as a static host would: `_headers` applied, text gzipped."""

    rules: ClassVar[list[tuple[str, list[tuple[str, str]]]]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        path = self.path.split("?")[0]
        for pattern, headers in self.rules:
            if fnmatch(path, pattern.replace(":splat", "*")):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def first_record(site: Path, folder: str) -> str:
    pages = sorted(p for p in (site / folder).glob("*/index.html"))
    records = [
        p for p in pages if p.parent.name not in {"category", "area", "language"}
    ]
    return f"/{folder}/{records[0].parent.name}/"


METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}


def lighthouse(url: str, report: Path) -> tuple[dict[str, int], dict[str, str]]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={CHROMIUM_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ],
        check=True,
        env=env,
    )
    result = json.loads(report.read_text(encoding="utf-8"))
    categories = result["categories"]
    scores = {name: round(categories[name]["score"] * 100) for name in CATEGORIES}
    metrics = {
        label: result["audits"][audit]["displayValue"]
        for audit, label in METRICS.items()
    }
    return scores, metrics


def main() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "ci", "--prefix", str(NODE_TOOLS), "--no-audit", "--no-fund"],
            check=True,
        )
    with tempfile.TemporaryDirectory(prefix="cast-lighthouse-") as tmp:
        work = Path(tmp)
        server = ThreadingHTTPServer(("127.0.0.1", 0), HostHandler)
        base = f"http://localhost:{server.server_address[1]}"
        site = build_site(
            ROOT / "publishconf.py",
            work / "site",
            {"SITEURL": base, "FEED_DOMAIN": base, "CACHE_PATH": str(work / "cache")},
        ).output
        headers = site / "_headers"
        if headers.exists():
            HostHandler.rules = parse_headers_file(headers.read_text(encoding="utf-8"))
        server.RequestHandlerClass = functools.partial(HostHandler, directory=str(site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        pages = {
            "home": "/",
            "partner": first_record(site, "partners"),
            "bill": first_record(site, "legislation"),
        }
        columns = (*CATEGORIES, *METRICS.values())
        print("| page | " + " | ".join(columns) + " |")
        print("|---|" + "---|" * len(columns))
        for name, path in pages.items():
            scores, metrics = lighthouse(base + path, work / f"{name}.json")
            print(
                f"| {name} `{path}` | "
                + " | ".join(str(scores[c]) for c in CATEGORIES)
                + " | "
                + " | ".join(metrics.values())
                + " |"
            )
        server.shutdown()


if __name__ == "__main__":
    main()
