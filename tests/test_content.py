"""The site's content: every page is there, linked, described, truthful and ours."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from cms.layout import public_pages
from sitebuild.links import resolve_target

# CAST's own page (../shared/seed/what-we-do.txt) is not in the repository; the
# tests keep only hashes of its 10-word runs, so they run anywhere.
SEED_SHINGLES = ROOT / "tests" / "fixtures" / "seed-shingles.txt"

# Every page the site must have (issue: "The content").
REQUIRED_PAGES = {
    "index.html": "Home",
    "what-we-do/index.html": "What we do",
    "policy-and-advocacy/index.html": "Policy and advocacy",
    "community-outreach/index.html": "Community outreach and public education",
    "coalition-building/index.html": "Coalition building",
    "accomplishments/index.html": "Accomplishments",
    "get-involved/index.html": "Get involved",
    "guide-start-an-advocacy-group/index.html": "advocacy group",
    "guide-faith-and-community-groups/index.html": "faith",
    "guide-contact-an-elected-official/index.html": "elected official",
    "guide-host-an-awareness-event/index.html": "awareness event",
    "get-help/index.html": "Get help",
    "learn-about-trafficking/index.html": "trafficking",
    "about/index.html": "About",
    "contact/index.html": "Contact",
    "privacy/index.html": "Privacy",
    "accessibility/index.html": "Accessibility",
    "news/index.html": "News",
    "partners/index.html": "partners",
    "legislation/index.html": "Legislation",
    "safety/index.html": "safe",
}

# Key facts, as ../shared/content-facts.md gives them, and where they must appear.
KEY_FACTS = [
    ("get-help/index.html", "888-KEY-2-FREE"),
    ("get-help/index.html", "888-539-2373"),
    ("get-help/index.html", "1-888-373-7888"),
    ("get-help/index.html", "233733"),
    ("get-help/index.html", "911"),
    ("accomplishments/index.html", "1998"),
    ("accomplishments/index.html", "January 11, 2008"),
    ("accomplishments/index.html", "September 29, 2006"),
    ("coalition-building/index.html", "January 24, 2005"),
    ("legislation/sb-1569/index.html", "Chapter 672, Statutes of 2006"),
    ("legislation/sb-1569/index.html", "September 29, 2006"),
    ("legislation/ab-22/index.html", "Chapter 240, Statutes of 2005"),
    ("legislation/ab-22/index.html", "September 21, 2005"),
    ("legislation/sb-657/index.html", "Chapter 556, Statutes of 2010"),
    ("legislation/sb-1193/index.html", "Chapter 515, Statutes of 2012"),
    ("legislation/ab-1761/index.html", "Chapter 636, Statutes of 2016"),
    ("legislation/sb-823/index.html", "Chapter 650, Statutes of 2016"),
    ("legislation/prop-35/index.html", "November 6, 2012"),
    ("legislation/tvpa-2000/index.html", "106-386"),
    ("legislation/tvpa-2000/index.html", "October 28, 2000"),
    ("legislation/tvpra-2008/index.html", "110-457"),
    ("legislation/tvpra-2008/index.html", "December 23, 2008"),
    ("legislation/tvpra-2003/index.html", "108-193"),
    ("legislation/tvpra-2005/index.html", "109-164"),
    ("legislation/tvpra-2013/index.html", "113-4"),
]
# Never published: numbers and claims the facts mark as unverified or historical.
FORBIDDEN = [
    "(800) 655-4095",  # a 2007 tip line, historical only
    "213-365-1906",  # an unverified 2009 media line
    "integral role",  # CAST's role in the 2008 TVPRA is unverified
    "expert in anti-trafficking",  # the 2008 proclamation's wording is unverified
]
PLACEHOLDERS = re.compile(r"\b(?:TODO|TBD)\b|(?i:lorem ipsum|example\.(com|org))")


def text_of(path: Path) -> str:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    return " ".join(soup.get_text(" ").split())


def main_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    return " ".join(soup.find("main").get_text(" ").split())


@pytest.mark.parametrize("page", sorted(REQUIRED_PAGES))
def test_required_page_exists(built_site: Path, page: str) -> None:
    path = built_site / page
    assert path.is_file(), f"{page} was not built"
    heading = BeautifulSoup(path.read_bytes(), "html.parser").h1.get_text()
    if page != "index.html":
        assert REQUIRED_PAGES[page].lower() in heading.lower()


def test_every_page_has_a_meta_description(built_site: Path) -> None:
    missing = []
    for page in public_pages(built_site):
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        meta = soup.find("meta", attrs={"name": "description"})
        if meta is None or len(meta.get("content", "").strip()) < 20:
            missing.append(page.relative_to(built_site).as_posix())
    assert missing == []


@pytest.mark.parametrize(("page", "fact"), KEY_FACTS)
def test_key_fact_appears_as_sourced(built_site: Path, page: str, fact: str) -> None:
    assert fact in text_of(built_site / page)


def test_nothing_unverified_or_unfinished_is_published(built_site: Path) -> None:
    found = []
    for page in public_pages(built_site):
        text = text_of(page)
        found += [(page.name, f) for f in FORBIDDEN if f.lower() in text.lower()]
        found += [(str(page), m.group(0)) for m in PLACEHOLDERS.finditer(text)]
    assert found == []


def test_seeds_of_renewal_is_quoted_as_casts_phrase(built_site: Path) -> None:
    text = main_text(built_site / "what-we-do" / "index.html")
    assert re.search(r"[“\"]seeds of renewal[”\"]", text)


def shingles(text: str) -> list[tuple[str, str]]:
    """Every run of ten words, with its hash: (hash, words)."""
    found = re.findall(r"[a-z0-9]+", text.lower())
    runs = [" ".join(found[i : i + 10]) for i in range(len(found) - 9)]
    return [(hashlib.sha1(run.encode()).hexdigest(), run) for run in runs]


def seed_hashes() -> set[str]:
    lines = SEED_SHINGLES.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def test_no_run_of_ten_words_is_copied_from_the_seed(built_site: Path) -> None:
    seed = seed_hashes()
    copied = [
        (page.relative_to(built_site).as_posix(), run)
        for page in public_pages(built_site)
        for digest, run in shingles(main_text(page))
        if digest in seed
    ]
    assert copied == []


def internal_links(root: Path, page: Path) -> set[Path]:
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    targets = set()
    for a in soup.find_all("a", href=True):
        if urlsplit(a["href"]).scheme:
            continue
        target = resolve_target(root, page, a["href"])
        if target is not None and target.suffix == ".html" and target.is_file():
            targets.add(target.resolve())
    return targets


def test_every_page_is_within_two_clicks_of_home(built_site: Path) -> None:
    # Each language's pages from that language's home page (/ and /es/).
    root = built_site.resolve()
    homes = [root / "index.html", root / "es" / "index.html"]
    depth = dict.fromkeys(homes, 0)
    queue = deque(homes)
    while queue:
        page = queue.popleft()
        if depth[page] == 2:
            continue
        for target in internal_links(root, page):
            if target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    pages = {p.resolve() for p in public_pages(root)} - {
        root / "404.html",
        root / "es" / "404.html",
    }
    far = sorted(p.relative_to(root).as_posix() for p in pages - set(depth))
    assert far == [], "not reachable from home in two clicks"
