"""Atomic Pelican builds: build into a staging folder, swap it in only on success.

Staff and CI rely on one guarantee: a failed build never touches the last good
site. Pelican itself logs most content problems and carries on, so every
warning or error logged during the run is collected and turned into a failure.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from pelican import Pelican, signals
from pelican.log import LimitFilter
from pelican.settings import read_settings

from languages.model import parse_languages, run_settings

from .assets import finish_site
from .errors import BuildError, ProblemCollector
from .fingerprint import Fingerprinter, UnstableError
from .forking import Child, ChildFailedError, fork_call, join, stop
from .rendercache import RenderCache, code_digest, collect_garbage
from .search import html_files, index_site
from .writer import DeferredWriter, build_folders

# Below CACHE_PATH: rendered pages (sitebuild.rendercache), compiled templates.
RENDER_CACHE = "render"
TEMPLATE_CACHE = "jinja"
# Old output folders on their way out (see swap_into_place).
TRASH = "trash"
SEARCH_CACHE = "search"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildReport:
    output: Path
    pages: int
    seconds: float
    # Pages rendered afresh and pages reused from the render cache.
    rendered: int = 0
    reused: int = 0
    # How many processes ran the languages at once (sitebuild.build.run_languages).
    language_processes: int = 1


@contextmanager
def collecting_problems() -> Iterator[ProblemCollector]:
    # Pelican de-duplicates messages across runs in one process; without a reset,
    # a rebuild in `invoke serve` would swallow a repeated error and "succeed".
    LimitFilter._ignore.clear()
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    collector = ProblemCollector()
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


def build_workers(settings: Mapping[str, Any]) -> int:
    """How many processes render pages: BUILD_WORKERS, or one per usable core."""
    chosen = settings.get("BUILD_WORKERS")
    return int(chosen) if chosen else len(os.sched_getaffinity(0))


class BuildSession:
    """What the language runs of one build share: the code digest and caches.

    The render caches' new entries are committed only by `commit()`, which
    `build_site` calls once the whole build succeeded.
    """

    def __init__(
        self,
        settings_file: Path | None = None,
        incremental: bool = True,
        in_process: bool = False,
        remember: bool = False,
    ) -> None:
        self.settings_file = settings_file
        self.incremental = incremental
        # Every language's run in this process, one after another: the
        # preview keeps each run's generators for its fast path.
        self.in_process = in_process
        # Keep each run (its generators, and its writer's jobs and memos)
        # in `runs`, for the preview's record saves.
        self.remember = remember
        self.runs: list[Run] = []
        self._code: str | None = None
        self.caches: list[RenderCache] = []
        self.language_processes = 1

    def code(self, settings: Mapping[str, Any]) -> str:
        if self._code is None:
            roots = [
                *(Path(folder) for folder in settings.get("PLUGIN_PATHS", ())),
                Path(settings["THEME"]),
                *(
                    sorted(self.settings_file.resolve().parent.glob("*conf.py"))
                    if self.settings_file
                    else ()
                ),
            ]
            packages = sorted(
                f"{dist.metadata['Name']}=={dist.version}"
                for dist in metadata.distributions()
            )
            self._code = code_digest(roots, [sys.version, *packages])
        return self._code

    def writer_for(self, pelican: Pelican) -> DeferredWriter:
        settings = pelican.settings
        cache = None
        code = ""
        if self.incremental:
            code = self.code(settings)
            try:
                flavour = Fingerprinter(folders=build_folders(settings)).digest(
                    (code, settings)
                )
            except UnstableError as error:
                logger.debug("render cache off: %s", error)
            else:
                folder = Path(settings["CACHE_PATH"]) / RENDER_CACHE
                cache = RenderCache(folder, flavour)
                self.caches.append(cache)
                code = flavour
        return DeferredWriter(
            pelican.output_path,
            settings=settings,
            cache=cache,
            code=code,
            # The cores are shared between the languages' processes.
            workers=max(1, build_workers(settings) // self.language_processes),
            remember=self.remember,
        )

    @property
    def rendered(self) -> int:
        return sum(cache.misses for cache in self.caches)

    @property
    def reused(self) -> int:
        return sum(cache.hits for cache in self.caches)

    def commit(self) -> None:
        for cache in self.caches:
            cache.commit()
        if self.caches:
            collect_garbage(self.caches[0].folder)


@dataclass(frozen=True)
class Run:
    """One language's Pelican run, as the preview keeps it."""

    settings: dict[str, Any]
    generators: list[Any]
    writer: DeferredWriter


class _Pelican(Pelican):
    """Pelican with this project's writer (sitebuild.writer)."""

    def __init__(self, settings: dict[str, Any], session: BuildSession) -> None:
        self._session = session
        self.writer: DeferredWriter | None = None
        super().__init__(settings)

    def _get_writer(self) -> DeferredWriter:
        self.writer = self._session.writer_for(self)
        return self.writer


def with_template_cache(settings: dict[str, Any]) -> dict[str, Any]:
    """Compiled templates kept on disk, and no check for changes while running.

    Jinja keys its bytecode by each template's source, so an edited template
    is compiled again; `auto_reload` only matters to a long-lived process,
    and the preview makes new generators (and environments) for each build.
    """
    folder = Path(settings["CACHE_PATH"]) / TEMPLATE_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    environment = {
        **settings.get("JINJA_ENVIRONMENT", {}),
        "bytecode_cache": FileSystemBytecodeCache(str(folder)),
        "auto_reload": False,
    }
    return {**settings, "JINJA_ENVIRONMENT": environment}


def run_pelican(
    settings: dict[str, Any],
    session: BuildSession | None = None,
    ready: Callable[[], None] | None = None,
    finishing: Callable[[], None] | None = None,
) -> None:
    """Run Pelican once; raise BuildError listing every warning, error or crash.

    `ready` is called once Pelican is set up (the plugins' `initialized`
    handlers, such as the Markdown cache's, have run) and before it reads;
    `finishing` once every page is written, before the `finish_output` steps.
    """
    session = session or BuildSession(incremental=False)
    generators: list[Any] = []
    keep = generators.extend  # one object, so that disconnect finds it
    signals.all_generators_finalized.connect(keep, weak=False)
    with collecting_problems() as collector:
        try:
            pelican = _Pelican(with_template_cache(settings), session)
            if ready is not None:
                ready()
            pelican.run()
            if pelican.writer is not None:
                pelican.writer.flush()
                if finishing is not None:
                    finishing()
                # What needs every page rendered first (plugins/socialcards).
                for generator in generators:
                    if hasattr(generator, "finish_output"):
                        generator.finish_output(pelican.writer)
                if session.remember:
                    session.runs.append(
                        Run(pelican.settings, list(generators), pelican.writer)
                    )
        except Exception as exc:
            collector.messages.append(str(exc) or type(exc).__name__)
        finally:
            signals.all_generators_finalized.disconnect(keep)
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
    settings_file: Path,
    overrides: Mapping[str, Any] | None = None,
    session: BuildSession | None = None,
) -> None:
    """One Pelican run per language into the same folder (plugins/languages).

    The runs write disjoint files and read only the sources and the caches, so
    the other languages run in forked children while the default language
    runs here: on two cores that is most of a second build for free. Each
    child starts once the default run is set up, so that it finds the Markdown
    that run rendered in the cache instead of rendering it again.
    """
    session = session or BuildSession(settings_file, incremental=False)
    default, *others = language_runs(settings_file, overrides)
    children: list[Child] = []
    if others and not session.in_process and _may_fork(default):
        if session.incremental:
            session.code(default)  # once, before the children inherit it
        go = _Signal()

        def start_others() -> None:
            session.language_processes = 1 + len(others)
            children.extend(
                fork_call(_run_in_child, run, session, go) for run in others
            )
            go.parent_side()

        try:
            run_pelican(default, session, ready=start_others)
        except BaseException:
            # A broken default language would only repeat its errors in the
            # others, so only the default's are reported.
            for child in children:
                stop(child)
            raise
        finally:
            go.release(len(children))
        problems = [p for child in children for p in _adopt(child, session)]
    else:
        problems = _run_in_turn([default, *others], session)
    if problems:
        raise BuildError(problems)


def _may_fork(settings: Mapping[str, Any]) -> bool:
    # A process running threads (the preview's server) must not fork: the
    # child could inherit a lock another thread holds.
    return (
        build_workers(settings) > 1
        and threading.active_count() == 1
        and hasattr(os, "fork")
    )


def _run_in_turn(runs: list[dict[str, Any]], session: BuildSession) -> list[str]:
    for settings in runs:
        try:
            run_pelican(settings, session)
        except BuildError as error:
            # The first language that fails: the rest would repeat its errors.
            return list(error.problems)
    return []


class _Signal:
    """The default language's run telling the others that it is done.

    They wait for it before their `finish_output` steps: the social cards
    they share with it (every untranslated page has its title) are then in
    the cache, where drawing them at the same time would draw them twice.
    """

    def __init__(self) -> None:
        self._read, self._write = os.pipe()

    def parent_side(self) -> None:
        os.close(self._read)
        self._read = -1

    def child_side(self) -> None:
        os.close(self._write)

    def wait(self) -> None:
        os.read(self._read, 1)  # a byte, or the end when the parent is gone

    def release(self, children: int) -> None:
        # BrokenPipe: the children were stopped already.
        with contextlib.suppress(BrokenPipeError):
            os.write(self._write, b"." * children)
        os.close(self._write)
        if self._read != -1:
            os.close(self._read)


def _run_in_child(
    settings: dict[str, Any], session: BuildSession, go: _Signal
) -> tuple[list[str], list[RenderCache]]:
    """One language's run; its problems and the render caches to commit."""
    go.child_side()
    before = len(session.caches)
    try:
        run_pelican(settings, session, finishing=go.wait)
    except BuildError as error:
        return list(error.problems), []
    return [], [cache.for_commit() for cache in session.caches[before:]]


def _adopt(child: Child, session: BuildSession) -> list[str]:
    """A child's problems; its caches join the session, committed with it."""
    try:
        problems, caches = join(child)
    except ChildFailedError as failure:
        return [f"a language's build {failure}"]
    session.caches.extend(caches)
    return problems


def build_site(
    settings_file: Path,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
    incremental: bool = True,
    clean: bool = False,
    in_process: bool = False,
    session: BuildSession | None = None,
) -> BuildReport:
    """Build into a staging folder next to `output`, then swap it into place.

    On any failure the staging folder is removed and `output` is left exactly as
    it was. The swap is two renames on one filesystem, so a visitor or preview
    server never sees a half-written folder. With `incremental`, pages whose
    inputs are unchanged since an earlier build are reused from the render
    cache (sitebuild.rendercache) instead of rendered.

    `clean` builds from scratch: every cache starts empty, in a new folder that
    replaces CACHE_PATH only if the build succeeds. `in_process` runs every
    language here, in turn, instead of the others in forked processes.
    `session`, when given, stands for `incremental` and `in_process`.
    """
    if clean:
        return _build_from_scratch(settings_file, output, overrides)
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
        session = session or BuildSession(settings_file, incremental, in_process)
        run_languages(
            settings_file, {**(overrides or {}), "OUTPUT_PATH": str(staging)}, session
        )
        # Production only: before indexing, so Pagefind reads the final pages.
        finish_site(staging, settings)
        # Indexed in staging, so a failed index never reaches output/ either.
        index_site(staging, Path(settings["CACHE_PATH"]) / SEARCH_CACHE)
        swap_into_place(staging, output, Path(settings["CACHE_PATH"]) / TRASH)
        session.commit()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = len(html_files(output))
    return BuildReport(
        output,
        pages,
        time.perf_counter() - started,
        rendered=session.rendered,
        reused=session.reused,
        language_processes=session.language_processes,
    )


def _build_from_scratch(
    settings_file: Path, output: Path, overrides: Mapping[str, Any] | None
) -> BuildReport:
    cache = Path(load_settings(settings_file, overrides)["CACHE_PATH"]).resolve()
    cache.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{cache.name}-clean-", dir=cache.parent))
    try:
        report = build_site(
            settings_file, output, {**(overrides or {}), "CACHE_PATH": str(fresh)}
        )
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    swap_into_place(fresh, cache)
    # The old output went into the new cache's trash under its former name.
    empty_trash(cache / TRASH)
    return report


def swap_into_place(staging: Path, output: Path, trash: Path | None = None) -> None:
    """Put `staging` where `output` is, with two renames.

    The old folder goes into `trash` when given (a folder on the same
    filesystem, such as the cache's), to be deleted by a process of its own:
    removing thousands of files is a second or more that nobody waits for.
    """
    if not output.exists():
        staging.rename(output)
        return
    retired = output.with_name(f".{output.name}-old-{uuid.uuid4().hex[:8]}")
    output.rename(retired)
    staging.rename(output)
    discard(retired, trash)


def discard(folder: Path, trash: Path | None) -> None:
    if trash is not None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            folder.rename(trash / folder.name)
        except OSError:  # another filesystem: delete it here
            pass
        else:
            empty_trash(trash)
            return
    shutil.rmtree(folder, ignore_errors=True)


def empty_trash(trash: Path) -> None:
    """Delete, without waiting, everything in `trash`.

    Every entry, so that what an interrupted delete left goes too.
    """
    entries = [str(entry) for entry in trash.iterdir()] if trash.is_dir() else []
    if entries:
        # The shell starts rm in the background and exits at once, so no
        # child is left for this process to wait for.
        subprocess.run(
            ["sh", "-c", 'rm -rf -- "$@" &', "sh", *entries],
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
