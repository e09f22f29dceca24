"""Atomic Pelican builds: build into a staging folder, swap it in only on success.

Staff and CI rely on one guarantee: a failed build never touches the last good
site. Pelican itself logs most content problems and carries on, so every
warning or error logged during the run is collected and turned into a failure.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.log import LimitFilter
from pelican.settings import read_settings

from languages.model import parse_languages, run_settings

from .assets import finish_site
from .errors import BuildError
from .search import index_site

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: int
    seconds: float


class _Collector(logging.Handler):
    """Keeps every warning and error logged while Pelican runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())


@contextmanager
def collecting_problems() -> Iterator[_Collector]:
    # Pelican de-duplicates messages across runs in one process; without a reset,
    # a rebuild in `invoke serve` would swallow a repeated error and "succeed".
    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


def load_settings(
    settings_file: Path, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Read a Pelican settings file, applying overrides (absolute paths)."""
    return read_settings(str(settings_file), override=dict(overrides or {}))


def run_pelican(settings: dict[str, Any]) -> None:
    """Run Pelican once; raise BuildError listing every warning, error or crash."""
    with collecting_problems() as collector:
        try:
            Pelican(settings).run()
        except Exception as exc:
            collector.messages.append(str(exc) or type(exc).__name__)
    if collector.messages:
        raise BuildError(collector.messages)


def language_runs(
    settings_file: Path, overrides: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The settings of each language's run, the default language first."""
    base = load_settings(settings_file, overrides)
    return [
        load_settings(settings_file, {**(overrides or {}), **run_settings(base, lang)})
        for lang in parse_languages(base)
    ]


def run_languages(
    settings_file: Path, overrides: Mapping[str, Any] | None = None
) -> None:
    """One Pelican run per language into the same folder (plugins/languages)."""
    problems: list[str] = []
    for settings in language_runs(settings_file, overrides):
        try:
            run_pelican(settings)
        except BuildError as error:
            problems.extend(error.problems)
            # A broken default language would only repeat its errors in the
            # others, so stop at the first language that fails.
            break
    if problems:
        raise BuildError(problems)


def build_site(
    settings_file: Path,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
) -> BuildReport:
    """Build into a staging folder next to `output`, then swap it into place.

    On any failure the staging folder is removed and `output` is left exactly as
    it was. The swap is two renames on one filesystem, so a visitor or preview
    server never sees a half-written folder.
    """
    started = time.perf_counter()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    # mkdtemp makes the folder private (0700); a published site must be readable.
    staging.chmod(0o755)
    try:
        settings = load_settings(
            settings_file, {**(overrides or {}), "OUTPUT_PATH": str(staging)}
        )
        run_languages(settings_file, {**(overrides or {}), "OUTPUT_PATH": str(staging)})
        # Production only: before indexing, so Pagefind reads the final pages.
        finish_site(staging, settings)
        # Indexed in staging, so a failed index never reaches output/ either.
        index_site(staging)
        swap_into_place(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = sum(1 for _ in output.rglob("*.html"))
    return BuildReport(output, pages, time.perf_counter() - started)


def swap_into_place(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f".{output.name}-old-{uuid.uuid4().hex[:8]}")
    output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
