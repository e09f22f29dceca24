"""Page weight: 14 KB HTML+CSS, 50 KB home page, 150 KB any page with images."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitebuild.budget import (
    FIRST_ROUND_TRIP_BYTES,
    HOME_PAGE_BYTES,
    PAGE_BYTES,
    budget_problems,
    chosen_candidate,
    format_report,
    measure_site,
    slot_width,
)
from sitebuild.publish import check_site


def test_the_published_site_is_within_every_budget(published_site: Path) -> None:
    # published_site (conftest.py): publishconf.py, absolute URLs, minified.
    weights = measure_site(published_site)
    report = format_report(weights)
    print(report)
    assert "index.html" in [w.page for w in weights], report
    # Pages name their files with the full SITEURL; they are measured all the same.
    assert all(w.css_bytes > 0 for w in weights), report
    assert all(any(r.kind == "script" for r in w.resources) for w in weights), report
    assert budget_problems(weights) == [], report


def test_the_preview_site_is_within_every_budget(built_site: Path) -> None:
    weights = measure_site(built_site)
    assert weights
    assert all(w.css_bytes > 0 for w in weights)
    assert budget_problems(weights) == [], format_report(weights)


def noise(size: int, seed: int = 1) -> str:
    # Random-looking text barely compresses, so its gzip size is near its length.
    return "".join(random.Random(seed).choices("abcdefghij", k=size))


def write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def image(root: Path, name: str, size: int) -> None:
    # Images count at their file size: already compressed, sent as they are.
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(size).randbytes(size))


def test_html_and_css_over_14_kb_fail(tmp_path: Path) -> None:
    write(tmp_path, "site.css", "body{}")
    write(
        tmp_path,
        "index.html",
        f'<link rel="stylesheet" href="site.css"><p>{noise(60_000)}</p>',
    )
    [weight] = measure_site(tmp_path)
    assert weight.total > FIRST_ROUND_TRIP_BYTES
    [problem] = budget_problems([weight])
    assert problem.startswith("index.html:")
    assert f"{FIRST_ROUND_TRIP_BYTES}-byte first-round-trip" in problem
    assert "OVER BUDGET" in format_report([weight])


def test_a_home_page_over_50_kb_fails_and_lazy_images_do_not_count(
    tmp_path: Path,
) -> None:
    image(tmp_path, "images/hero.jpg", 40_000)
    image(tmp_path, "images/below.jpg", 30_000)
    image(tmp_path, "images/icon.png", 15_000)
    write(
        tmp_path,
        "index.html",
        '<link rel="icon" href="/images/icon.png">'
        '<img src="/images/hero.jpg" alt="Example hero">'
        '<img src="/images/below.jpg" alt="Example" loading="lazy">',
    )
    [home] = measure_site(tmp_path)
    assert home.eager_transfer > HOME_PAGE_BYTES
    assert home.transfer == home.eager_transfer + 30_000
    [problem] = budget_problems([home])
    assert f"without lazy images, over the {HOME_PAGE_BYTES}-byte budget" in problem

    # Made lazy, the big image no longer counts for the home page.
    write(
        tmp_path,
        "index.html",
        '<link rel="icon" href="/images/icon.png">'
        '<img src="/images/hero.jpg" alt="Example hero" loading="lazy">'
        '<img src="/images/below.jpg" alt="Example" loading="lazy">',
    )
    [home] = measure_site(tmp_path)
    assert home.eager_transfer < HOME_PAGE_BYTES
    assert budget_problems([home]) == []


def test_the_50_kb_limit_is_for_the_home_page_only(tmp_path: Path) -> None:
    image(tmp_path, "hero.jpg", 60_000)
    write(tmp_path, "news/index.html", '<img src="../hero.jpg" alt="Example">')
    [page] = measure_site(tmp_path)
    assert page.eager_transfer > HOME_PAGE_BYTES
    assert budget_problems([page]) == []


def test_any_page_over_150_kb_with_its_lazy_images_fails(tmp_path: Path) -> None:
    for number in range(4):
        image(tmp_path, f"photos/example-{number}.webp", 40_000 + number)
    images = "".join(
        f'<img src="/photos/example-{n}.webp" alt="Example {n}" loading="lazy">'
        for n in range(4)
    )
    write(tmp_path, "gallery/index.html", f"<p>Example gallery</p>{images}")
    [page] = measure_site(tmp_path)
    assert page.eager_transfer < HOME_PAGE_BYTES
    assert page.transfer > PAGE_BYTES
    [problem] = budget_problems([page])
    assert problem.startswith("gallery/index.html: transfers")
    assert f"{PAGE_BYTES}-byte page budget" in problem


def test_check_site_lists_every_page_over_a_limit(tmp_path: Path) -> None:
    image(tmp_path, "big.jpg", 160_000)
    write(tmp_path, "index.html", '<img src="big.jpg" alt="Example">')
    write(tmp_path, "heavy/index.html", f"<p>{noise(60_000)}</p>")
    budget = [p for p in check_site(tmp_path) if p.startswith("budget: ")]
    assert len(budget) == 3, budget
    assert [p.split(":")[1].strip() for p in budget] == [
        "heavy/index.html",
        "index.html",
        "index.html",
    ]


def test_scripts_stylesheets_and_what_they_load_are_counted(tmp_path: Path) -> None:
    write(
        tmp_path, "js/main.js", 'import { a } from "./dep.js";\nimport("./later.js");'
    )
    write(tmp_path, "js/dep.js", f"export const a = '{noise(3000, 2)}';")
    write(tmp_path, "js/later.js", f"export const b = '{noise(3000, 3)}';")
    write(tmp_path, "js/plain.js", "void 0;")
    write(tmp_path, "css/site.css", "@font-face{src:url(../fonts/example.woff2)}")
    image(tmp_path, "fonts/example.woff2", 9_000)
    write(tmp_path, "site.webmanifest", "{}")
    write(
        tmp_path,
        "index.html",
        '<script type="module" src="js/main.js"></script>'
        '<script src="https://www.example.org/js/plain.js" defer></script>'
        '<link rel="stylesheet" href="css/site.css">'
        '<link rel="manifest" href="site.webmanifest">'
        '<meta property="og:image" content="big.png">',
    )
    [page] = measure_site(tmp_path)
    kinds = {r.path: r.kind for r in page.resources}
    # A static import loads with the page; a dynamic import() only when called.
    assert kinds == {
        "js/main.js": "script",
        "js/dep.js": "script",
        "js/plain.js": "script",
        "css/site.css": "stylesheet",
        "fonts/example.woff2": "font",
        "site.webmanifest": "manifest",
    }
    font = next(r for r in page.resources if r.kind == "font")
    assert font.bytes == 9_000


def test_a_picture_counts_its_first_webp_source(tmp_path: Path) -> None:
    for name, size in [
        ("a-480.webp", 10_000),
        ("a-960.webp", 20_000),
        ("a-480.jpg", 30_000),
        ("a-960.jpg", 40_000),
    ]:
        image(tmp_path, name, size)
    write(
        tmp_path,
        "index.html",
        "<picture>"
        '<source type="image/webp" srcset="a-480.webp 480w, a-960.webp 960w"'
        ' sizes="100vw">'
        '<img src="a-960.jpg" srcset="a-480.jpg 480w, a-960.jpg 960w"'
        ' alt="Example" width="960" height="540">'
        "</picture>",
    )
    [page] = measure_site(tmp_path)
    assert [(r.path, r.bytes) for r in page.resources] == [("a-480.webp", 10_000)]


@pytest.mark.parametrize(
    ("srcset", "sizes", "expected"),
    [
        ("s.jpg 480w, m.jpg 960w, l.jpg 1440w", "", "s.jpg"),
        ("m.jpg 960w, s.jpg 480w", "100vw", "s.jpg"),
        ("s.jpg 300w, m.jpg 960w", "", "m.jpg"),
        ("s.jpg 100w, m.jpg 200w", "", "m.jpg"),
        ("s.jpg 120w, m.jpg 480w", "(min-width: 40em) 50vw, 96px", "s.jpg"),
        ("s.jpg 120w, m.jpg 480w", "(max-width: 30em) 100vw, 96px", "m.jpg"),
        ("a.jpg 1x, b.jpg 2x", "", "a.jpg"),
        ("b.jpg 2x, a.jpg", "", "a.jpg"),
    ],
)
def test_the_candidate_a_phone_picks_at_1x(
    srcset: str, sizes: str, expected: str
) -> None:
    assert chosen_candidate(srcset, sizes) == expected


def test_sizes_it_cannot_read_count_as_the_whole_width() -> None:
    assert slot_width("calc(100vw - 2rem)") == 360
    assert slot_width("(orientation: landscape) 50vw, 20em") == 320
