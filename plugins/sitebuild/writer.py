"""Pelican's writer, made to render pages on both cores and reuse unchanged ones.

Pelican renders each page the moment a generator asks for it. This writer lets
Pelican lay the pages out as usual (names, pagination, overrides) but only
notes each one; `flush()`, once every generator is done, then:

1. reuses a page from the render cache when its inputs are unchanged;
2. renders the rest in forked workers: after a fork the workers share the
   generators' finished context without pickling it;
3. runs the `content_written` checks for each page it rendered, in the worker,
   and passes their warnings back to the build, which fails on them.

A reused page was checked when it was made, by a build that succeeded (the
cache only keeps what such builds made), and its inputs are the same.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.contents import Content
from pelican.plugins import signals
from pelican.writers import Writer

from imaging.cache import link_into

from .errors import ProblemCollector
from .fingerprint import Fingerprinter, UnstableError, body_digest, content_id
from .forking import Child, ChildFailedError, fork_call, join
from .journal import RenderJournal
from .memo import Memo, NotingContext, checked_keys, memo_of, noting, still_true
from .rendercache import Entry, RenderCache

logger = logging.getLogger(__name__)

# Fewer pages than this are rendered in this process: a fork costs more.
FORK_THRESHOLD = 64
# Context entries that change while pages are written, and say nothing about
# what a page shows beyond what its own variables already say.
_VOLATILE = frozenset({"localsiteurl"})

# The content objects whose text the current render read (None: not tracking).
_reads: set[Any] | None = None


def _track_reads() -> None:
    """Record every read of a content object's text or derived summary.

    A page may show another page's text (a listing shows summaries, which
    Pelican makes from the text when there is no Summary header). Patching the
    two accessors records each such read, so the render cache knows exactly
    which bodies a page was made from.
    """
    if getattr(Content, "_cast_tracked", False):
        return
    for name in ("get_content", "get_summary"):
        original = Content.__dict__[name]

        def tracked(self: Any, siteurl: str, _original: Any = original) -> str:
            if _reads is not None:
                _reads.add(self)
            return _original.__get__(self, type(self))(siteurl)

        setattr(Content, name, tracked)
    Content._cast_tracked = True  # type: ignore[attr-defined]


_track_reads()


@contextmanager
def tracking_reads() -> Iterator[set[Any]]:
    global _reads
    found: set[Any] = set()
    _reads = found
    try:
        yield found
    finally:
        _reads = None


@dataclass
class Job:
    """One page Pelican asked for: rendered at flush time."""

    template: Any
    context: dict[str, Any]
    localcontext: dict[str, Any]
    path: str = ""
    name: str = ""


@dataclass
class Outcome:
    """What rendering one page produced, sent back from a worker."""

    name: str
    entry: Entry | None
    problems: list[str] = field(default_factory=list)
    effects: tuple[tuple[str, Any], ...] = ()
    memo: Memo | None = None


class _StandIn:
    """Takes a template's place while Pelican lays a page out; renders nothing."""

    def __init__(self, template: Any, context: dict[str, Any], writer: Any) -> None:
        self._template = template
        self._context = context
        self._writer = writer

    def render(self, localcontext: dict[str, Any]) -> str:
        self._writer._pending = Job(self._template, self._context, localcontext)
        return ""


@contextmanager
def _collecting() -> Iterator[list[str]]:
    collector = ProblemCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector.messages
    finally:
        root.removeHandler(collector)


class DeferredWriter(Writer):
    """A Pelican writer that renders at `flush()`, cached and in parallel."""

    def __init__(
        self,
        output_path: str,
        settings: dict[str, Any] | None = None,
        cache: RenderCache | None = None,
        code: str = "",
        workers: int = 1,
        remember: bool = False,
    ) -> None:
        super().__init__(output_path, settings=settings)
        self._cache = cache
        self._code = code
        self._workers = max(1, workers)
        self._pending: Job | None = None
        self._jobs: dict[str, Job] = {}
        self._journals: dict[str, RenderJournal] = {}
        # With `remember` (the preview): every page's job and what its render
        # asked (sitebuild.memo), by output name, for checking a later save.
        self._remember = remember
        self.jobs: dict[str, Job] = {}
        self.memos: dict[str, Memo | None] = {}

    def write_file(
        self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any
    ) -> None:
        # The checks on written pages run when the page really is written.
        with signals.content_written.muted():
            super().write_file(
                name, _StandIn(template, context, self), context, *args, **kwargs
            )

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        handle = super()._open_w(filename, encoding, override)
        job, self._pending = self._pending, None
        if job is not None and handle.name != os.devnull:
            job.path = filename
            job.name = os.path.relpath(filename, self.output_path)
            # A page written again with override=True replaces the first.
            self._jobs[filename] = job
        return handle

    def add(self, job: Job) -> None:
        """Note a page laid out before (the preview renders it again)."""
        self._jobs[job.path] = job

    def flush(self) -> None:
        """Render or reuse every noted page; problems are logged as errors."""
        jobs = list(self._jobs.values())
        self._jobs.clear()
        if not jobs:
            return
        if self._remember:
            self.jobs.update((job.name, job) for job in jobs)
        keys = self._keys(jobs)
        bodies = _BodyIndex(jobs[0].context)
        self._journals = {
            key: value
            for key, value in jobs[0].context.items()
            if isinstance(value, RenderJournal)
        }
        todo: list[tuple[Job, str | None]] = []
        for job in jobs:
            key = keys.get(job.path)
            found = (
                self._cache.lookup(job.name, key, bodies.digest)
                if self._cache is not None and key is not None
                else None
            )
            # The site-wide entries the key leaves out (sitebuild.memo): the
            # page's calls must answer as they did.
            if found is not None and not still_true(
                self._cache.entry(job.name).memo,  # type: ignore[union-attr]
                job.template.globals,
            ):
                found = None
            if found is None:
                todo.append((job, key))
                continue
            # A link: the cache's copy and the page are never changed in place.
            link_into(found, Path(job.path))
            self._cache.keep(job.name)  # type: ignore[union-attr]
            entry = self._cache.entry(job.name)  # type: ignore[union-attr]
            self._replay(entry.effects)
            if self._remember:
                self.memos[job.name] = entry.memo
        for outcome, in_child in self._render_all(todo):
            # The warnings of pages rendered here reached the build's log
            # already; a worker's come back as data and are logged now.
            if in_child:
                for problem in outcome.problems:
                    logger.error("%s", problem)
                self._replay(outcome.effects)
            if self._remember:
                self.memos[outcome.name] = outcome.memo
            if outcome.entry is not None and self._cache is not None:
                self._cache.remember(outcome.name, outcome.entry)

    def _replay(self, effects: tuple[tuple[str, Any], ...]) -> None:
        for key, entry in effects:
            self._journals[key].replay(entry)

    def _keys(self, jobs: list[Job]) -> dict[str, str | None]:
        """Each page's key, or None where some input has no stable description."""
        if self._cache is None:
            return {}
        context = jobs[0].context
        # Checked by each page's memo instead: a record edit leaves the keys
        # of the pages that do not show it as they were.
        left_out = _VOLATILE | checked_keys()
        shared = {
            key: value
            for key, value in context.items()
            if key not in left_out
            and not (key in self.settings and self.settings[key] is value)
        }
        # One describer for the site and all pages: what they share (a page
        # is in every listing) is described once.
        describer = Fingerprinter(
            {id(self.settings): "settings"}, build_folders(self.settings)
        )
        try:
            site = describer.digest(shared)
        except UnstableError as error:
            logger.debug("render cache off for this run: %s", error)
            return {}
        describer.name(context, "context")
        keys: dict[str, str | None] = {}
        for job in jobs:
            local = {
                key: value
                for key, value in job.localcontext.items()
                if context.get(key, _MISSING) is not value
            }
            try:
                own = describer.describe((job.name, job.template.name, local))
            except UnstableError:
                keys[job.path] = None
                continue
            keys[job.path] = describer.digest((self._code, site, own))
        return keys

    def _render_all(
        self, todo: list[tuple[Job, str | None]]
    ) -> list[tuple[Outcome, bool]]:
        """Each outcome, and whether a worker process rendered it."""
        workers = self._workers if len(todo) >= FORK_THRESHOLD else 1
        # Every n-th page, so that each worker gets some of each kind.
        shares = [todo[n::workers] for n in range(workers)]
        children = [fork_call(self._render_share, share) for share in shares[1:]]
        outcomes = [(self._render(job, key), False) for job, key in shares[0]]
        for child in children:
            outcomes.extend((outcome, True) for outcome in _join(child))
        return outcomes

    def _render_share(self, share: list[tuple[Job, str | None]]) -> list[Outcome]:
        return [self._render(job, key) for job, key in share]

    def _render(self, job: Job, key: str | None) -> Outcome:
        # As Pelican's own writer does: content adjusts its links to the page.
        if job.localcontext.get("localsiteurl"):
            job.context["localsiteurl"] = job.localcontext["localsiteurl"]
        marks = {key: len(journal.journal) for key, journal in self._journals.items()}
        # Every context Jinja makes for this environment notes what it resolves.
        job.template.environment.context_class = NotingContext
        with _collecting() as problems:
            try:
                with tracking_reads() as reads, noting() as notes:
                    output = job.template.render(job.localcontext)
            except Exception as error:  # reported by the build, which then fails
                logger.error("%s", str(error) or type(error).__name__)
                return Outcome(job.name, None, problems)
            data = output.encode("utf-8")
            Path(job.path).write_bytes(data)
            signals.content_written.send(job.path, context=job.localcontext)
        effects = tuple(
            (key, entry)
            for key, journal in self._journals.items()
            for entry in journal.journal[marks[key] :]
        )
        memo = memo_of(notes)
        entry = None
        if self._cache is not None and key is not None and not problems:
            read = [(content_id(c), body_digest(c)) for c in reads]
            entry = self._cache.store(
                key, read, data, effects, memo, written=Path(job.path)
            )
        return Outcome(job.name, entry, problems, effects, memo)


_MISSING = object()


def build_folders(settings: Mapping[str, Any]) -> dict[str, str]:
    """The folders that change from build to build, and what stands for them.

    Pages never show where the sources, theme or output are on disk, so a copy
    of the project elsewhere (a CI runner's checkout) can share a cache.
    """
    return {
        str(settings[name]): f"<{name}>"
        for name in ("OUTPUT_PATH", "CACHE_PATH", "PATH", "THEME")
    }


class _BodyIndex:
    """Today's text digest of each content object, by its id across builds."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self._context = context
        # Made at the first lookup: a flush with no cache (the preview's) has none.
        self._objects: dict[str, Any] | None = None
        self._digests: dict[str, str] = {}

    def _index(self) -> dict[str, Any]:
        if self._objects is None:
            self._objects = {}
            context = self._context
            for content in context.get("generated_content", {}).values():
                self._add(content)
            for key in (
                "articles",
                "pages",
                "hidden_pages",
                "drafts",
                "draft_pages",
                "hidden_articles",
            ):
                for content in context.get(key, ()) or ():
                    self._add(content)
        return self._objects

    def _add(self, content: Any) -> None:
        assert self._objects is not None
        if isinstance(content, Content):
            self._objects.setdefault(content_id(content), content)
            for other in getattr(content, "translations", ()) or ():
                if isinstance(other, Content):
                    self._objects.setdefault(content_id(other), other)

    def digest(self, identity: str) -> str | None:
        if identity not in self._digests:
            content = self._index().get(identity)
            if content is None:
                return None
            self._digests[identity] = body_digest(content)
        return self._digests[identity]


def _join(child: Child) -> list[Outcome]:
    try:
        return list(join(child))
    except ChildFailedError as failure:
        return [Outcome("", None, [f"a render worker {failure}"])]
