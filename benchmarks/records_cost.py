"""Build time with and without a large set of synthetic records.

Generates N partners and M bills (synthetic, and named so: "Example Partner 17")
into a copy of content/, then times full builds of the site without them and
with them. Prints the figures; it is a benchmark, not a test.

    .venv/bin/python benchmarks/records_cost.py [--partners N] [--bills N] [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from sitebuild.build import build_site  # noqa: E402

CATEGORIES = ("community-based", "faith-based", "legal-services", "health", "education")
AREAS = ("Example County A", "Example County B", "Example City C", "Example Region D")
LANGUAGES = ("es", "ko", "zh", "tl", "vi", "hy", "th")
STATUSES = (
    "introduced",
    "in-committee",
    "passed-one-chamber",
    "passed-both",
    "enacted",
)


def write_partner(folder: Path, n: int) -> None:
    (folder / f"example-partner-{n}.yml").write_text(
        f"""# Synthetic benchmark data.
name: Example Partner {n}
category: {CATEGORIES[n % len(CATEGORIES)]}
description: |
  Example Partner {n} is synthetic benchmark data. It offers **example** services
  to example communities, with [an example link](https://partner{n}.example.org/).
website: https://partner{n}.example.org/
service_areas:
  - {AREAS[n % len(AREAS)]}
  - {AREAS[(n + 1) % len(AREAS)]}
languages:
  - {LANGUAGES[n % len(LANGUAGES)]}
  - {LANGUAGES[(n + 3) % len(LANGUAGES)]}
services:
  - Example service one
  - Example service two
phones:
  - number: 213-555-{n % 100:04d}
    type: voice
status: active
last_verified: 2026-01-15
""",
        encoding="utf-8",
    )


def write_bill(folder: Path, n: int, total: int) -> None:
    start = date(2024, 1, 1) + timedelta(days=n % 300)
    actions = "\n".join(
        f"  - date: {(start + timedelta(days=30 * i)).isoformat()}\n"
        f"    description: Example action {i}\n    chamber: Senate"
        for i in range(4)
    )
    (folder / f"example-bill-{n}.yml").write_text(
        f"""# Synthetic benchmark data.
identifier: SB {9000 + n}
title: Example Bill {n} Act
jurisdiction: california
session: 2025-2026
status: {STATUSES[n % len(STATUSES)]}
summary: |
  Example Bill {n} is synthetic benchmark data. It would do *example* things.
caucus_priority: {2026 if n % 50 == 0 else 2020}
sponsors:
  - name: Example Senator {n}
    role: author
actions:
{actions}
related:
  - example-bill-{(n + 1) % total}
take_action: Write to an example official about **SB {9000 + n}**.
""",
        encoding="utf-8",
    )


def timed_build(content: Path, work: Path) -> tuple[float, int]:
    overrides = {
        "PATH": str(content),
        "CACHE_PATH": str(work / "cache"),
        "RECORDS_TODAY": date(2026, 11, 26),
    }
    started = time.perf_counter()
    report = build_site(ROOT / "pelicanconf.py", work / "output", overrides)
    return time.perf_counter() - started, report.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--bills", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = work / "plain"
        shutil.copytree(ROOT / "content", plain)
        loaded = work / "loaded"
        shutil.copytree(ROOT / "content", loaded)
        for n in range(args.partners):
            write_partner(loaded / "partners", n)
        bills = max(args.bills, 2)  # each bill relates to the next one
        for n in range(bills):
            write_bill(loaded / "legislation", n, bills)

        results: dict[str, list[float]] = {"without": [], "with": []}
        pages = {}
        for _ in range(args.runs):  # interleaved, so drift hits both alike
            for name, content in (("without", plain), ("with", loaded)):
                seconds, pages[name] = timed_build(content, work / name)
                results[name].append(seconds)

    print(f"records: {args.partners} partners, {bills} bills; {args.runs} runs each")
    print(f"{'build':<10} {'pages':>6} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, times in results.items():
        print(
            f"{name:<10} {pages[name]:>6} {statistics.median(times):>9.2f} "
            f"{min(times):>7.2f} {max(times):>7.2f}"
        )
    extra = statistics.median(results["with"]) - statistics.median(results["without"])
    print(f"cost of the records: {extra:.2f} s")


if __name__ == "__main__":
    main()
