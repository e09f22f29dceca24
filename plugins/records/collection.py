"""Loads every record file of one type, validates each, and checks across them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from markdowncache.store import DigestStore

from .errors import FILE_FIELD, Problem
from .loader import (
    DEFAULT_MAX_BYTES,
    LineMap,
    LoadedFile,
    Location,
    Parsed,
    dotted,
    load_record_file,
)
from .schema import SLUG, validate_record
from .translation import localize, split_translations, validate_translations

M = TypeVar("M", bound=BaseModel)
SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Record(Generic[M]):
    """One valid record: its slug (the file name), where it came from, its data."""

    slug: str
    label: str
    lines: LineMap
    data: M
    # Each other language's block (records/translation.py), checked.
    translations: Mapping[str, BaseModel] = field(default_factory=dict)
    # The record in the site's default language, when `data` is a translation.
    original: M | None = None
    # Translatable values with no translation, shown in the original language.
    untranslated: tuple[str, ...] = ()

    @property
    def source(self) -> M:
        """The record as written, in the default language (keys, filter values)."""
        return self.original if self.original is not None else self.data

    def problem(self, location: Location, message: str) -> Problem:
        return Problem(
            self.label, self.lines.line_of(location), dotted(location), message
        )


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """What a check sees: the valid records, and the slug of every file found
    (a record that failed validation still exists for references)."""

    records: list[Record[M]]
    slugs: frozenset[str]


Check = Callable[[Loaded[Any]], Iterable[Problem]]


class ValidatedFiles:
    """Each valid file's record, kept by its label and the digest of its bytes.

    A file's record is a function of its bytes, the model, the validation
    context and the languages. A store serves one model (its owner's record
    type) and empties itself when the context or the languages change. The
    preview keeps one per record type between saves, so that a save validates
    again only the files it changed; the checks across files still run on
    every record, every time.
    """

    def __init__(self) -> None:
        self._scope: tuple[dict[str, Any], tuple[str, ...]] | None = None
        self._records: dict[tuple[str, str], Record[Any]] = {}

    def scoped(
        self, context: Mapping[str, Any] | None, languages: tuple[str, ...]
    ) -> dict[tuple[str, str], Record[Any]]:
        """The records kept for `context` and `languages` (a fresh dict if
        they changed); what the caller puts back is what is kept."""
        scope = (dict(context or {}), languages)
        if scope != self._scope:
            self._scope = scope
            self._records = {}
        kept, self._records = self._records, {}
        return kept

    def keep(self, records: dict[tuple[str, str], Record[Any]]) -> None:
        self._records = records


def record_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    # Case-insensitive, so `Example.YML` is read and then refused by name, not
    # silently skipped.
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
    )


def label_for(path: Path, content_root: Path) -> str:
    """How staff see a file: `content/partners/example.yml`."""
    return (Path(content_root.name) / path.relative_to(content_root)).as_posix()


def load_collection(
    model: type[M],
    folder: Path,
    content_root: Path,
    context: Mapping[str, Any] | None = None,
    checks: Iterable[Check] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    languages: Iterable[str] = (),
    cache: DigestStore[Parsed] | None = None,
    validated: ValidatedFiles | None = None,
) -> tuple[list[Record[M]], list[Problem]]:
    """Every record in `folder`, and every problem, from every file at once.

    `cache` keeps what each file reads as (records/loader.py). With it,
    `validated` keeps each valid file's record for the next call. A file with a
    problem is never kept, and the checks run on every call, so every problem
    is reported every time.
    """
    records: list[Record[M]] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    languages = tuple(languages)
    before = validated.scoped(context, languages) if validated is not None else {}
    after: dict[tuple[str, str], Record[Any]] = {}
    for path in record_files(folder):
        label = label_for(path, content_root)
        slug = path.stem
        if not SLUG.match(slug):
            problems.append(
                Problem(
                    label,
                    1,
                    FILE_FIELD,
                    f"the file name {path.name!r} must be lowercase letters, digits "
                    "and hyphens, ending in .yml (it becomes the page address)",
                )
            )
            continue
        if slug in seen:
            problems.append(
                Problem(label, 1, FILE_FIELD, f"duplicate slug {slug!r}: {seen[slug]}")
            )
            continue
        seen[slug] = label
        loaded = load_record_file(path, label, max_bytes, cache)
        problems.extend(loaded.problems)
        if loaded.data is None or loaded.problems:
            continue
        key = (label, loaded.digest)
        record = before.get(key) if loaded.digest else None
        found: list[Problem] = []
        if record is None:
            record, found = _validate(model, slug, label, loaded, context, languages)
            problems.extend(found)
        if record is None:
            continue
        if loaded.digest and not found:
            after[key] = record
        # A record whose translations have problems still counts for the checks.
        records.append(record)
    if validated is not None:
        validated.keep(after)
    loaded_all = Loaded(records, frozenset(seen))
    for check in checks:
        problems.extend(check(loaded_all))
    return records, problems


def _validate(
    model: type[M],
    slug: str,
    label: str,
    loaded: LoadedFile,
    context: Mapping[str, Any] | None,
    languages: tuple[str, ...],
) -> tuple[Record[M] | None, list[Problem]]:
    """One read file's record (None if it is not valid), and its problems."""
    assert loaded.data is not None
    own, blocks = split_translations(loaded.data, languages)
    data, problems = validate_record(model, own, loaded.lines, label, context)
    if data is None:
        return None, problems
    translations, found = validate_translations(
        model, data, blocks, loaded.lines, label, context
    )
    return Record(slug, label, loaded.lines, data, translations), problems + found


def localize_records(
    model: type[M], records: Iterable[Record[M]], code: str
) -> list[Record[M]]:
    """Each record in language `code`, falling back to the original's text."""
    localized = []
    for record in records:
        result = localize(model, record.data, record.translations.get(code))
        localized.append(
            replace(
                record,
                data=result.data,
                original=record.data,
                untranslated=result.missing,
            )
        )
    return localized


def check_unique(key: Callable[[Any], Any], field: str, what: str) -> Check:
    """A check that no two records share `key(record.data)`."""

    def check(loaded: Loaded[Any]) -> Iterable[Problem]:
        first: dict[Any, Record[Any]] = {}
        for record in loaded.records:
            value = key(record.data)
            if value in first:
                other = first[value]
                yield record.problem(
                    (field,),
                    f"duplicate {what} {value!r}: also in {other.label}",
                )
            else:
                first[value] = record

    return check


def check_references(field: str, what: str) -> Check:
    """A check that every slug listed in `field` names a record of this type."""

    def check(loaded: Loaded[Any]) -> Iterable[Problem]:
        for record in loaded.records:
            for index, slug in enumerate(getattr(record.data, field) or ()):
                if slug == record.slug:
                    yield record.problem((field, index), "a record cannot list itself")
                elif slug not in loaded.slugs:
                    yield record.problem(
                        (field, index), f"no {what} record named {slug!r}"
                    )

    return check
