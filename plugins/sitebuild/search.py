"""Site search: Pagefind indexes the built pages into `<site>/pagefind/`.

The index, the WebAssembly search engine and its JavaScript are plain files in
the site, so search works offline and asks no other site for anything. Only
what sits inside `data-pagefind-body` (each page's main content) is indexed.

Pagefind reads every page, so it is kept: when no HTML file of a build
differs from a build it indexed before, that index is linked into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .errors import BuildError

PAGEFIND_FOLDER = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
# In a kept index: how many pages it holds.
COUNT_FILE = "pages"
_INDEXED_PAGES = re.compile(r"Indexed (\d+) pages?")
# What Pagefind says before falling back to indexing every whole <body>.
_NO_BODY = "Did not find a data-pagefind-body element"


@dataclass(frozen=True)
class SearchIndex:
    folder: Path
    pages: int
    reused: bool = False


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


def index_site(root: Path, cache: Path | None = None) -> SearchIndex:
    """Index the site built in `root`; raise BuildError if Pagefind fails.

    A site without data-pagefind-body is a failure too: Pagefind would index
    every page whole, and every search would match the header and footer.

    With a `cache` folder, an index made from exactly the same HTML files is
    reused, and a new one is kept there for the next build. Pagefind starts
    at once, while the HTML is digested (a few tenths of a second on a site
    of thousands of pages): most builds that index changed something, and one
    that finds its index kept stops Pagefind and takes the kept one.
    """
    pagefind = _start_pagefind(root)
    try:
        inputs = _inputs(root) if cache is not None else ""
        if cache is not None:
            kept = cache / inputs
            if (kept / COUNT_FILE).is_file():
                _stop(pagefind)
                shutil.rmtree(root / PAGEFIND_FOLDER, ignore_errors=True)
                _link_tree(kept / PAGEFIND_FOLDER, root / PAGEFIND_FOLDER)
                pages = int((kept / COUNT_FILE).read_text(encoding="utf-8"))
                return SearchIndex(root / PAGEFIND_FOLDER, pages, reused=True)
        index = _finish_pagefind(pagefind, root)
    except BaseException:
        _stop(pagefind)
        raise
    if cache is not None:
        _keep(index, cache, inputs)
    return index


def _start_pagefind(root: Path) -> subprocess.Popen[str]:
    try:
        return subprocess.Popen(
            pagefind_command(root),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
    except OSError as error:
        raise BuildError([f"Pagefind could not be started: {error}"]) from None


def _stop(pagefind: subprocess.Popen[str]) -> None:
    """Stop Pagefind if it still runs (its output is then not wanted)."""
    if pagefind.poll() is None:
        pagefind.kill()
        pagefind.communicate()


def _finish_pagefind(pagefind: subprocess.Popen[str], root: Path) -> SearchIndex:
    output, _ = pagefind.communicate()
    if pagefind.returncode != 0:
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        summary = f"Pagefind failed (exit {pagefind.returncode}) indexing the site:"
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


def _inputs(root: Path) -> str:
    """What Pagefind's output depends on: its version, options and the HTML.

    Pagefind also reads a configuration file in the working folder and
    PAGEFIND_* variables; both are part of the digest too.
    """
    digest = hashlib.sha256()
    config = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith("PAGEFIND")
    )
    digest.update(
        repr((version("pagefind_bin"), pagefind_command(Path()), config)).encode()
    )
    for name in sorted(Path.cwd().glob("pagefind.*")):
        digest.update(name.name.encode() + b"\0" + name.read_bytes())
    for name in html_files(root):
        digest.update(name.encode() + b"\0")
        with (root / name).open("rb") as file:
            digest.update(hashlib.file_digest(file, "sha256").digest())
    return digest.hexdigest()


def html_files(root: Path) -> list[str]:
    """Every HTML file's path under `root`, sorted, but Pagefind's own folder
    (Pagefind may be writing it meanwhile; it holds no page)."""
    found = []
    for folder, subfolders, files in os.walk(root):
        if folder == str(root):
            subfolders[:] = [name for name in subfolders if name != PAGEFIND_FOLDER]
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        found.extend(prefix + name for name in files if name.endswith(".html"))
    return sorted(found)


def _keep(index: SearchIndex, cache: Path, inputs: str) -> None:
    """Keep this index (and only this one) for the next build."""
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".new-", dir=cache))
    try:
        _link_tree(index.folder, staging / PAGEFIND_FOLDER)
        # Written last: an entry without it is never read.
        (staging / COUNT_FILE).write_text(str(index.pages), encoding="utf-8")
        for old in cache.iterdir():
            if old != staging:
                shutil.rmtree(old, ignore_errors=True)
        staging.rename(cache / inputs)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # a cache: never worth failing


def _link_tree(source: Path, target: Path) -> None:
    # Hard links: nothing rewrites these files in place, and thousands of
    # fragments are linked far faster than copied.
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:  # another filesystem
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def _settle_language_order(entry: Path) -> None:
    """List the entry file's languages in a fixed order.

    Pagefind writes them in the order its threads finish, so two builds of the
    same site could differ in this one file; the search reads them by name.
    """
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    entry.write_text(text, encoding="utf-8")
