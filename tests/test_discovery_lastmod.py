"""discovery.lastmod: page dates from declared dates and git history only."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from discovery.lastmod import (
    RealPaths,
    as_day,
    git_commit_dates,
    latest_day,
    parse_git_log,
    source_dates,
)

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def git(folder: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ}
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@test.invalid", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )


def make_repo(root: Path) -> Path:
    """A repository with two commits on fixed days; content/ holds two pages."""
    content = root / "content"
    content.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (content / "old.md").write_text("Title: Old\n", encoding="utf-8")
    (content / "new.md").write_text("Title: New\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first", when="2024-03-01T10:00:00+00:00")
    (content / "new.md").write_text("Title: Newer\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", when="2025-06-02T23:30:00-07:00")
    return content


def test_each_file_gets_the_date_of_its_last_commit(tmp_path: Path) -> None:
    content = make_repo(tmp_path / "repo")
    dates = git_commit_dates(content)
    assert dates[(content / "old.md").resolve()].date() == date(2024, 3, 1)
    newest = dates[(content / "new.md").resolve()]
    assert newest == datetime(2025, 6, 2, 23, 30, tzinfo=timezone(timedelta(hours=-7)))


def test_untracked_files_have_no_date(tmp_path: Path) -> None:
    content = make_repo(tmp_path / "repo")
    (content / "draft.md").write_text("Title: Draft\n", encoding="utf-8")
    assert (content / "draft.md").resolve() not in git_commit_dates(content)


def test_a_folder_outside_git_has_no_dates(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert git_commit_dates(tmp_path / "content") == {}


def test_a_shallow_clone_is_not_trusted(tmp_path: Path) -> None:
    make_repo(tmp_path / "repo")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path / 'repo'}", "clone")
    # Only the last commit was fetched: it would seem to have added old.md too.
    assert git_commit_dates(clone / "content") == {}


def test_parse_git_log_keeps_the_latest_date_per_file() -> None:
    log = (
        "\x1e2025-01-02T00:00:00+00:00\n\ncontent/a.md\ncontent/b.md\n"
        "\x1e2025-03-04T00:00:00+00:00\n\ncontent/a.md\n"
        "\x1e2024-01-01T00:00:00+00:00\n\n"
    )
    dates = parse_git_log(log, Path("/repo"))
    assert dates == {
        Path("/repo/content/a.md"): datetime(2025, 3, 4, tzinfo=UTC),
        Path("/repo/content/b.md"): datetime(2025, 1, 2, tzinfo=UTC),
    }


def test_days_are_counted_where_the_site_is() -> None:
    # 03:00 UTC on the 2nd is still the evening of the 1st in Los Angeles.
    late = datetime(2025, 6, 2, 3, 0, tzinfo=UTC)
    assert as_day(late, LOS_ANGELES) == date(2025, 6, 1)
    assert as_day(datetime(2025, 6, 2, 3, 0), LOS_ANGELES) == date(2025, 6, 2)
    assert as_day(date(2025, 6, 2), LOS_ANGELES) == date(2025, 6, 2)


def test_latest_day_ignores_unknown_dates() -> None:
    values = [None, date(2020, 1, 1), datetime(2021, 5, 5, 12, tzinfo=UTC), None]
    assert latest_day(values, LOS_ANGELES) == date(2021, 5, 5)
    assert latest_day([None, None], LOS_ANGELES) is None


def test_source_dates_looks_files_up_by_their_real_path(tmp_path: Path) -> None:
    real = tmp_path / "page.md"
    real.write_text("x", encoding="utf-8")
    when = datetime(2025, 1, 1, tzinfo=UTC)
    relative = Path(os.path.relpath(real))
    assert source_dates([relative, tmp_path / "gone.md"], {real.resolve(): when}) == [
        when
    ]


def test_real_paths_resolve_each_path_once(tmp_path: Path) -> None:
    real = tmp_path / "page.md"
    real.write_text("x", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    resolve = RealPaths()
    assert resolve(link) == real.resolve()
    # Asked again, it answers from memory: a build does not move its sources.
    link.unlink()
    link.symlink_to(tmp_path / "elsewhere.md")
    assert resolve(link) == real.resolve()


def test_source_dates_with_real_paths_finds_the_same_dates(tmp_path: Path) -> None:
    content = make_repo(tmp_path)
    commits = git_commit_dates(content)
    sources = [Path(os.path.relpath(content / "new.md")), content / "old.md"] * 3
    assert source_dates(sources, commits, RealPaths()) == source_dates(sources, commits)
    assert len(source_dates(sources, commits)) == 6
