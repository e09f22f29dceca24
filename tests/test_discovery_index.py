"""discovery.index: which pages are indexed, and the day each last changed."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import build_project
from lxml import etree

from discovery.index import PageSource, build_index, folders_of

ZONE = ZoneInfo("America/Los_Angeles")


def test_folders_of() -> None:
    assert folders_of("partners/category/health/") == [
        "partners/category/",
        "partners/",
    ]
    assert folders_of("about/") == []
    assert folders_of("") == []


def test_the_latest_of_declared_and_committed_dates_wins(tmp_path: Path) -> None:
    source = tmp_path / "about.md"
    commits = {source.resolve(): datetime(2025, 2, 1, 20, tzinfo=UTC)}
    pages = build_index(
        [
            PageSource("about/", "page", (source,), (date(2024, 1, 1),)),
            PageSource("news/a/", "article", (), (datetime(2025, 3, 3, 9),)),
        ],
        commits,
        ZONE,
    )
    assert pages["about/"].lastmod == date(2025, 2, 1)
    assert pages["news/a/"].lastmod == date(2025, 3, 3)
    assert pages["news/a/"].kind == "article"


def test_a_page_with_no_known_date_has_no_lastmod() -> None:
    pages = build_index([PageSource("search/", "page")], {}, ZONE)
    assert pages["search/"].lastmod is None


def test_a_section_is_as_new_as_the_newest_page_in_its_folder() -> None:
    pages = build_index(
        [
            PageSource("", "page", (), (date(2020, 1, 1),)),
            PageSource("news/", "page", (), (date(2021, 1, 1),)),
            PageSource("news/old/", "article", (), (date(2020, 6, 1),)),
            PageSource("news/new/", "article", (), (date(2024, 6, 1),)),
            PageSource("partners/", "page"),
            PageSource("partners/category/health/", "record", (), (date(2023, 1, 1),)),
        ],
        {},
        ZONE,
    )
    assert pages["news/"].lastmod == date(2024, 6, 1)
    assert pages["partners/"].lastmod == date(2023, 1, 1)
    # The home page links to sections; it does not list their pages.
    assert pages[""].lastmod == date(2020, 1, 1)
    assert pages["news/old/"].lastmod == date(2020, 6, 1)


def test_the_home_page_comes_first() -> None:
    pages = build_index(
        [PageSource("about/", "page"), PageSource("", "page")], {}, ZONE
    )
    assert list(pages) == ["", "about/"]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        build_index([PageSource("x/", "gallery")], {}, ZONE)


# --- Through a real build ----------------------------------------------------


GIT = ("git", "-c", "user.name=Test", "-c", "user.email=test@test.invalid")


def commit_all(root: Path, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    steps = [("add", "."), ("commit", "-q", "-m", "Example commit")]
    if not (root / ".git").exists():
        steps.insert(0, ("init", "-q", "-b", "main"))
    for args in steps:
        subprocess.run(
            [*GIT, *args],
            cwd=root,
            env=env,
            check=True,
            capture_output=True,
        )


def test_a_build_dates_every_kind_of_page(content_copy: Path, tmp_path: Path) -> None:
    fbi = content_copy / "partners" / "fbi.yml"
    fbi.write_text(
        fbi.read_text(encoding="utf-8") + "last_verified: 2025-06-01\n",
        encoding="utf-8",
    )
    about = content_copy / "pages" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(
        text.replace("Nav_title:", "Modified: 2025-07-01\nNav_title:", 1),
        encoding="utf-8",
    )
    commit_all(tmp_path, "2025-05-05T12:00:00+00:00")
    output = build_project(tmp_path, content=content_copy)

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = etree.parse(str(output / "sitemap.xml"))
    found = {
        url.findtext("s:loc", namespaces=ns).removeprefix("https://www.castla.org/"): (
            url.findtext("s:lastmod", namespaces=ns)
        )
        for url in tree.xpath("//s:url", namespaces=ns)
    }
    assert found["contact/"] == "2025-05-05"  # the commit
    assert found["about/"] == "2025-07-01"  # Modified, later than the commit
    assert found["news/ab-1761-signed/"] == "2025-05-05"  # later than its Date
    assert found["legislation/sb-1569/"] == "2025-05-05"
    assert found["partners/fbi/"] == "2025-06-01"  # last_verified
    assert found["partners/category/law-enforcement/"] == "2025-06-01"  # lists FBI
    assert found["partners/category/health/"] == "2025-05-05"
    assert found["partners/"] == "2025-06-01"  # the newest page in its folder
    assert None not in found.values()
    assert "404.html" not in found
    # The Spanish pages, from the same sources (a translation takes its
    # original's Date and Modified; a record is one file in every language).
    assert found["es/contact/"] == "2025-05-05"
    assert found["es/about/"] == "2025-07-01"
    assert found["es/partners/fbi/"] == "2025-06-01"
    assert found["es/partners/"] == "2025-06-01"
    assert "es/404.html" not in found


def sitemap_dates(output: Path) -> dict[str, str | None]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = etree.parse(str(output / "sitemap.xml"))
    return {
        url.findtext("s:loc", namespaces=ns).removeprefix("https://www.castla.org/"): (
            url.findtext("s:lastmod", namespaces=ns)
        )
        for url in tree.xpath("//s:url", namespaces=ns)
    }


def test_a_translation_is_dated_by_its_own_file(
    content_copy: Path, tmp_path: Path
) -> None:
    commit_all(tmp_path, "2025-05-05T12:00:00+00:00")
    # The Spanish contact page changes; the English about page changes.
    for name in ("pages/es/contact.md", "pages/about.md"):
        path = content_copy / name
        path.write_text(
            path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
        )
    commit_all(tmp_path, "2025-08-08T12:00:00+00:00")
    found = sitemap_dates(build_project(tmp_path, content=content_copy))
    assert (found["contact/"], found["es/contact/"]) == ("2025-05-05", "2025-08-08")
    assert (found["about/"], found["es/about/"]) == ("2025-08-08", "2025-05-05")
    # A record's Spanish text is in its one YAML file: the same date.
    assert found["es/legislation/sb-1569/"] == found["legislation/sb-1569/"]
    # The Spanish home page is not a section of the whole Spanish site.
    assert found["es/"] == found[""] == "2025-05-05"
