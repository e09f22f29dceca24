"""What a record type is, and what its build produces; no Pelican imports."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from languages.model import prefix_settings

from .collection import Check, Record
from .markdown import MarkdownRenderer

M = TypeVar("M", bound=BaseModel)
V = TypeVar("V")
Settings = Mapping[str, Any]


class KeptRecords(Generic[V]):
    """What was made from each record, kept while the same record comes back.

    A generator's records are kept from one read to the next while their
    file's bytes stay the same (records.collection.ValidatedFiles), as the very
    same objects: the preview reads a type again after each save to one of its
    files. What is made from a record and the generator's fixed settings alone
    (its localized copy, its view model) is then made again only for the
    records that changed. Identity, not equality, decides: an equal record
    read from other bytes is made again.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Any, V]] = {}
        self._used: dict[int, tuple[Any, V]] = {}

    def get(self, record: Any, make: Callable[[Any], V]) -> V:
        hit = self._kept.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, make(record))
        self._used[id(record)] = hit
        return hit[1]

    def settle(self) -> None:
        """Keep only what this read used (the others' records are gone)."""
        self._kept, self._used = self._used, {}


@dataclass(frozen=True)
class PageSpec:
    """One HTML page to write: where, with which template, with what view model."""

    save_as: str
    template: str
    variables: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSpec:
    """One non-HTML file to write, such as an Atom feed."""

    save_as: str
    body: str


@dataclass(frozen=True)
class RecordSource:
    """The file a record page was made from, and the record it holds."""

    path: Path
    data: BaseModel


@dataclass(frozen=True)
class RecordSite:
    """Everything a record type adds to the site.

    `index` is the view model a Markdown page shows with `records('<name>')`;
    `pages` and `files` are written by the type's generator. `sources` maps the
    URL of each record's own page to its file, so that other features (the
    sitemap's lastmod) can tell when the page last changed.
    """

    index: Any
    pages: Sequence[PageSpec] = ()
    files: Sequence[FileSpec] = ()
    sources: Mapping[str, RecordSource] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordType(Generic[M]):
    """A kind of YAML record: one schema plus how to turn records into pages.

    Adding a type (events, resources) means one of these, its schema, and its
    templates.
    """

    name: str  # settings prefix (PARTNERS_) and the folder name by default
    link_kind: str  # Markdown pages link with `{link_kind}slug`
    model: type[M]
    defaults: Settings
    # The renderer for Markdown fields: the generator's caches their HTML.
    # The views: what the last build made of each record it was given again
    # (KeptRecords), for a type whose view of a record reads no other record.
    build: Callable[
        [list[Record[M]], Settings, MarkdownRenderer, KeptRecords[Any]], RecordSite
    ]
    checks: Callable[[Settings], Sequence[Check]] = lambda settings: ()
    validation_context: Callable[[Settings], Mapping[str, Any]] = lambda settings: {}

    def configure(self, settings: Settings) -> dict[str, Any]:
        """The site's settings with this type's defaults filled in.

        Addresses (`*_URL`, `*_SAVE_AS`, `*_URLS`) are put in the run's
        language folder, so `/es/partners/x/` mirrors `/partners/x/`.
        """
        merged = {**self.defaults, **settings}
        keys = [
            key for key in self.defaults if key.endswith(("_URL", "_SAVE_AS", "_URLS"))
        ]
        return prefix_settings(merged, keys)

    def setting(self, settings: Settings, suffix: str) -> Any:
        key = f"{self.name.upper()}_{suffix}"
        return settings.get(key, self.defaults[key])

    def url(self, settings: Settings, slug: str) -> str:
        """A record's address in the run's language."""
        return str(self.setting(self.configure(settings), "URL")).format(slug=slug)


def build_date(settings: Settings) -> date:
    """ "Today" for checks and "this year": RECORDS_TODAY makes builds reproducible."""
    value = settings.get("RECORDS_TODAY")
    return value if isinstance(value, date) else date.today()


def require(settings: Settings, key: str) -> Any:
    """A setting the site must define itself, such as the allowed categories."""
    if key not in settings:
        raise KeyError(f"{key} must be set in pelicanconf.py")
    return settings[key]
