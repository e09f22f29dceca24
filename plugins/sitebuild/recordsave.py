"""The preview's fast path for a save to a record: remake what shows the record.

A partner or a bill is shown on its own page, on the listings and filter pages
of its type, on the site map, in the sitemap's dates and in the page meta. The
preview keeps, for every page of the last full build, its job and what its
render asked of the site's data (sitebuild.memo). After a save that changed
only record files, and only existing ones, it:

1. reads the changed types' records again, in every language's run, with the
   same checks as the full build (a broken file fails the save, as it would
   fail the build);
2. makes discovery's index again from them;
3. renders again the record type's pages whose view model changed, and every
   page that resolved a name whose value changed or whose calls to the
   remembered globals (`records()`, `page_meta()`, `site_map()`) now answer
   differently; then the cards those pages now ask for, the record type's
   files, and the sitemap.

Everything is written into a scratch folder first; the caller moves it into
place. A save that would add or take away a page of the type (a filter page
nobody is on any more) needs the full build: it lays new pages out, and it
deletes what no longer has a source.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from discovery.generator import DiscoveryGenerator
from discovery.plugin import renew as renew_discovery
from records.collection import SUFFIXES
from records.generator import CONTEXT_KEY as RECORDS_KEY
from records.generator import RecordGenerator
from socialcards.generator import SocialCardsGenerator

from .build import Run, build_workers
from .memo import checked_keys, still_true
from .writer import DeferredWriter, Job


def record_folders(runs: Iterable[Run]) -> dict[Path, str]:
    """Each record type's folder, and the type's name."""
    found: dict[Path, str] = {}
    for run in runs:
        for generator in run.generators:
            if isinstance(generator, RecordGenerator):
                kind = generator.record_type
                settings = kind.configure(generator.settings)
                folder = Path(generator.path) / kind.setting(settings, "PATH")
                found[folder.resolve()] = kind.name
    return found


def saved_kinds(modified: Iterable[Path], folders: dict[Path, str]) -> set[str] | None:
    """The record types whose files a save modified, if it modified nothing else."""
    kinds: set[str] = set()
    for path in modified:
        resolved = path.resolve()
        kind = folders.get(resolved.parent)
        if kind is None or resolved.suffix.lower() not in SUFFIXES:
            return None
        kinds.add(kind)
    return kinds or None


def reread(run: Run, kinds: set[str]) -> None:
    """Read the records of `kinds` again in `run`; problems are logged."""
    for generator in _record_generators(run, kinds):
        generator.generate_context()


def remake(run: Run, kinds: set[str], scratch: Path, before: dict[str, Any]) -> bool:
    """Write into `scratch` what the new records change in `run`'s pages.

    `before` is each type's RecordSite as it was. False when the full build
    is needed. Problems are logged (the caller collects them).
    """
    context = run.generators[0].context
    sites = context[RECORDS_KEY]
    kept, memos = run.writer.jobs, run.writer.memos
    # A record page's job is the one Pelican laid out before, with the new
    # view model in place of the old: the address and the template are the
    # same, and so is what Pelican adds to the variables.
    variables: dict[str, tuple[Any, Any]] = {}
    for kind in kinds:
        old = {spec.save_as: spec for spec in before[kind].pages}
        new = {spec.save_as: spec for spec in sites[kind].pages}
        if old.keys() != new.keys():
            return False
        for name, spec in new.items():
            if (
                name not in kept
                or spec.template != old[name].template
                or spec.variables.keys() != old[name].variables.keys()
            ):
                return False
            variables[name] = (old[name].variables, spec.variables)
    previous = renew_discovery(run.generators)
    titles = _titles(run)
    redo: list[Job] = []
    for name, job in kept.items():
        was, now = variables.get(name, ({}, {}))
        if was != now or not still_true(memos.get(name), job.template.globals):
            redo.append(_again(job, context, scratch, now))
    settings = run.settings
    writer = DeferredWriter(
        str(scratch), settings=settings, workers=build_workers(settings), remember=True
    )
    for job in redo:
        Path(job.path).parent.mkdir(parents=True, exist_ok=True)
        writer.add(job)
    writer.flush()
    kept.update(writer.jobs)
    memos.update(writer.memos)
    # The cards of pages that now book another title.
    cards = _cards(run)
    if cards is not None:
        changed = {
            path: title
            for path, title in _titles(run).items()
            if titles.get(path) != title
        }
        if changed:
            cards.publish(scratch, changed)
    for generator in _record_generators(run, kinds):
        generator.write_files(scratch)
    for generator in run.generators:
        if isinstance(generator, DiscoveryGenerator):
            generator.write_files(scratch, since=previous)
    return True


def _record_generators(run: Run, kinds: set[str]) -> list[RecordGenerator]:
    return [
        generator
        for generator in run.generators
        if isinstance(generator, RecordGenerator)
        and generator.record_type.name in kinds
    ]


def _again(job: Job, context: dict[str, Any], scratch: Path, variables: Any) -> Job:
    """`job` to render into `scratch`, with the context's new values and the
    page's new `variables`."""
    local = {
        **job.localcontext,
        **{key: context[key] for key in checked_keys() if key in job.localcontext},
        **variables,
    }
    return dataclasses.replace(
        job, localcontext=local, path=str(scratch / job.name), name=job.name
    )


def _cards(run: Run) -> SocialCardsGenerator | None:
    for generator in run.generators:
        if isinstance(generator, SocialCardsGenerator):
            return generator
    return None


def _titles(run: Run) -> dict[str, str]:
    cards = _cards(run)
    return dict(cards.catalog.titles) if cards is not None else {}
