"""When a page last changed, from what the project records; never from the clock.

A sitemap's lastmod is only useful if it is true: search engines that find it
wrong ignore it for the whole site. The build date would claim that every page
changed on every build, and a file's modification time is the time of the
checkout in a fresh clone. So a page's date comes from two honest sources: the
dates its source declares (Modified and Date in front matter, last_verified in a
record) and the last git commit that changed its source file. A page with
neither has no lastmod, which the sitemap protocol allows.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, tzinfo
from pathlib import Path

logger = logging.getLogger(__name__)

# Separates commits in `git log` output; it cannot occur in a date or a path.
_COMMIT = "\x1e"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "core.quotePath=false", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout


def git_commit_dates(folder: Path) -> dict[Path, datetime]:
    """The date of the last commit that changed each file under `folder`.

    Empty when git is not installed, `folder` is not in a repository, or the
    clone is shallow: a shallow clone's oldest commit seems to have added every
    file, which would date every page to that commit.
    """
    try:
        top, shallow = _git(
            folder, "rev-parse", "--show-toplevel", "--is-shallow-repository"
        ).split()
        log = _git(folder, "log", f"--format={_COMMIT}%cI", "--name-only", "--", ".")
    except (OSError, subprocess.CalledProcessError, ValueError) as error:
        logger.info("lastmod: no git history for %s (%s)", folder, error)
        return {}
    if shallow == "true":
        logger.info("lastmod: %s is a shallow clone; git dates not used", folder)
        return {}
    return parse_git_log(log, Path(top))


def parse_git_log(log: str, top: Path) -> dict[Path, datetime]:
    """`git log --format=<RS>%cI --name-only` output as {file: latest commit date}."""
    dates: dict[Path, datetime] = {}
    for commit in log.split(_COMMIT):
        lines = [line for line in commit.splitlines() if line.strip()]
        if not lines:
            continue
        when = datetime.fromisoformat(lines[0].strip())
        for name in lines[1:]:
            path = top / name
            if path not in dates or when > dates[path]:
                dates[path] = when
    return dates


def as_day(value: date | datetime, zone: tzinfo) -> date:
    """The calendar day of `value` where the site is (its TIMEZONE)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.date()
    return value


def latest_day(values: Iterable[date | datetime | None], zone: tzinfo) -> date | None:
    """The latest of the known dates, as a day; None if none is known."""
    days = [as_day(value, zone) for value in values if value is not None]
    return max(days, default=None)


def source_dates(
    sources: Iterable[Path],
    commits: Mapping[Path, datetime],
    real: Callable[[Path], Path] = Path.resolve,
) -> list[datetime]:
    """The last commit date of each source file git knows.

    `real` gives a file's real path, as git names it; `RealPaths` resolves
    each file once, where the same record is a source of many pages.
    """
    if not commits:
        return []  # nothing to look up: no file's path needs resolving
    found = (commits.get(real(path)) for path in sources)
    return [when for when in found if when is not None]


class RealPaths:
    """`Path.resolve`, once per path: resolving asks the filesystem about every
    folder on the way, and a record file is a source of each filter page that
    lists it, in every language."""

    def __init__(self) -> None:
        self._known: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        real = self._known.get(path)
        if real is None:
            real = self._known[path] = path.resolve()
        return real
