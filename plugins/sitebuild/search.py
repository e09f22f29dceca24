"""Site search: Pagefind indexes the built pages into `<site>/pagefind/`.

The index, the WebAssembly search engine and its JavaScript are plain files in
the site, so search works offline and asks no other site for anything. Only
what sits inside `data-pagefind-body` (each page's main content) is indexed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

PAGEFIND_FOLDER = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
_INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")
# What Pagefind says before falling back to indexing every whole <body>.
_NO_BODY = "Did not find a data-pagefind-body element"


@dataclass(frozen=True)
class SearchIndex:
    folder: Path
    pages: int


def pagefind_command(root: Path) -> list[str]:
    # The pagefind package runs the binary that pagefind_bin ships for this
    # platform, so nothing is downloaded at build time.
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(root),
        "--output-subdir",
        PAGEFIND_FOLDER,
    ]


def index_site(root: Path) -> SearchIndex:
    """Index the site built in `root`; raise BuildError if Pagefind fails.

    A site without data-pagefind-body is a failure too: Pagefind would index
    every page whole, and every search would match the header and footer.
    """
    try:
        result = subprocess.run(
            pagefind_command(root),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise BuildError([f"Pagefind could not be started: {error}"]) from None
    output = result.stdout + result.stderr
    if result.returncode != 0:
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        summary = f"Pagefind failed (exit {result.returncode}) indexing the site:"
        raise BuildError([summary, *lines[-10:]])
    found = _INDEXED_PAGES.search(output)
    pages = int(found.group(1)) if found else 0
    if pages == 0 or _NO_BODY in output:
        raise BuildError(
            [
                "Pagefind found no page with a data-pagefind-body element, so "
                "search would show headers and footers instead of page text "
                "(theme/templates/base.html puts it on <main>)"
            ]
        )
    _settle_language_order(root / PAGEFIND_FOLDER / ENTRY_FILE)
    return SearchIndex(root / PAGEFIND_FOLDER, pages)


def _settle_language_order(entry: Path) -> None:
    """List the entry file's languages in a fixed order.

    Pagefind writes them in the order its threads finish, so two builds of the
    same site could differ in this one file; the search reads them by name.
    """
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    entry.write_text(text, encoding="utf-8")
