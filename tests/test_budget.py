"""Each page's HTML plus CSS fits in the first round trip: 14 KB gzipped."""

from __future__ import annotations

import random
from pathlib import Path

from sitebuild.budget import FIRST_ROUND_TRIP_BYTES, format_report, measure_site


def test_every_page_fits_the_first_round_trip(built_site: Path) -> None:
    weights = measure_site(built_site)
    report = format_report(weights)
    print(report)
    assert weights, "no pages were measured"
    assert all(w.css_bytes > 0 for w in weights), report
    assert [w.page for w in weights if w.total > FIRST_ROUND_TRIP_BYTES] == [], report


def test_an_oversized_page_is_reported(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text("body{}", encoding="utf-8")
    # Random-looking text barely compresses, so this page is well over 14 KB.
    noise = "".join(random.Random(1).choices("abcdefghij", k=60_000))
    (tmp_path / "index.html").write_text(
        f'<link rel="stylesheet" href="site.css"><p>{noise}</p>', encoding="utf-8"
    )
    [weight] = measure_site(tmp_path)
    assert weight.total > FIRST_ROUND_TRIP_BYTES
    assert "OVER BUDGET" in format_report([weight])
