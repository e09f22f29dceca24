"""Stable digests of what a page is rendered from, the same in every process.

The render cache (sitebuild.rendercache) may reuse a page only when everything
its template could read is what it was. A digest here stands for a value: two
builds that give one the same digest gave its template the same data. Where a
value has no stable description (an object printed as `<... at 0x7f...>`), the
digest says so with `UnstableError`, and the page is rendered afresh: extra work is
allowed, a stale page is not.

Pelican's content objects are described by their metadata and address only;
their bodies are left out on purpose, because a page's template reads other
pages' titles far more often than their text. Which bodies a render read is
recorded while it renders (sitebuild.writer), and checked one by one.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import functools
import hashlib
import re
import types
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import jinja2
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

_ADDRESS = re.compile(r" at 0x[0-9a-f]+|object at ")
# Attributes of a content object that are not data about it: the whole
# settings and context (described once, elsewhere), and the body (tracked).
_CONTENT_SKIP = frozenset({"settings", "_context", "_content", "_summary"})
_ATOMS = (str, int, float, bool, type(None), bytes, decimal.Decimal)


def _cell(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # a closure variable not assigned yet
        return None


class UnstableError(Exception):
    """A value with no description that is the same in the next process."""


def content_id(content: Content) -> str:
    """One content object in one language's run, the same in every process."""
    return "|".join(
        (
            type(content).__name__,
            # Relative to the content folder: a checkout elsewhere shares a cache.
            str(content.get_relative_source_path()),
            str(getattr(content, "lang", "")),
            str(getattr(content, "save_as", "")),
        )
    )


def body_digest(content: Content) -> str:
    """What a render that read this object's text depended on."""
    body = getattr(content, "_content", "") or ""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


class Fingerprinter:
    """Describes values as text; shared objects are described once, by name.

    `named` maps objects (by identity) to a fixed name: the run's settings and
    context are large, and every page's context holds them, so a page's
    description refers to them instead of repeating them.
    """

    def __init__(
        self,
        named: Mapping[int, str] | None = None,
        folders: Mapping[str, str] | None = None,
    ) -> None:
        self._named = dict(named or {})
        # Each build writes into a new staging folder (and a clean build into
        # a new cache folder); objects that copied the settings carry those
        # names, which no page shows. Longest first: one may hold the other.
        self._folders = sorted((folders or {}).items(), key=lambda i: -len(i[0]))
        self._memo: dict[int, str] = {}
        # Holds every described object, so that an id is never reused for
        # another object while the memo is alive.
        self._alive: list[Any] = []

    def digest(self, value: Any) -> str:
        return hashlib.sha256(self.describe(value).encode("utf-8")).hexdigest()

    def describe(self, value: Any) -> str:
        if isinstance(value, str) and self._folders:
            for folder, name in self._folders:
                value = value.replace(folder, name)
            return repr(value)
        if isinstance(value, _ATOMS):
            return repr(value)
        key = id(value)
        if key in self._named:
            return self._named[key]
        if key in self._memo:
            return self._memo[key]
        # Guards against cycles (a page and its translations point at each
        # other): while an object is being described, it stands for itself.
        self._memo[key] = f"<cycle {type(value).__qualname__}>"
        self._alive.append(value)
        text = self._describe(value)
        self._memo[key] = text
        return text

    def _describe(self, value: Any) -> str:
        if isinstance(value, Content):
            return self._content(value)
        if isinstance(value, URLWrapper):
            return f"{type(value).__name__}({value.name!r},{value.url!r})"
        if isinstance(value, enum.Enum):
            return f"{type(value).__qualname__}.{value.name}"
        if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
            return repr(value)
        if isinstance(value, PurePath):
            return f"path({self.describe(str(value))})"
        if isinstance(value, Mapping):
            items = sorted(
                f"{self.describe(k)}:{self.describe(v)}" for k, v in value.items()
            )
            return "{" + ",".join(items) + "}"
        if isinstance(value, list | tuple):
            return "[" + ",".join(self.describe(item) for item in value) + "]"
        if isinstance(value, set | frozenset):
            return (
                "set{" + ",".join(sorted(self.describe(item) for item in value)) + "}"
            )
        if isinstance(value, jinja2.Environment):
            # What a template can reach besides its context: globals and filters.
            return f"env({self.describe(value.globals)},{self.describe(value.filters)})"
        if isinstance(value, jinja2.Template):
            return f"template({value.name!r})"
        if isinstance(value, functools.partial):
            parts = (value.func, value.args, value.keywords)
            return f"partial{self.describe(parts)}"
        if isinstance(value, types.FunctionType):
            # The code is in the code digest; what a closure captured is data.
            cells = [_cell(cell) for cell in value.__closure__ or ()]
            return (
                f"code({value.__module__}.{value.__qualname__},{self.describe(cells)})"
            )
        if isinstance(value, types.BuiltinFunctionType | type):
            return f"code({value.__module__}.{value.__qualname__})"
        if isinstance(value, types.MethodType):
            owner = self.describe(value.__self__)
            return f"method({owner}.{value.__func__.__qualname__})"
        if isinstance(value, types.ModuleType):
            return f"module({value.__name__})"
        if dataclasses.is_dataclass(value):
            fields = ",".join(
                f"{field.name}={self.describe(getattr(value, field.name))}"
                for field in dataclasses.fields(value)
            )
            return f"{type(value).__qualname__}({fields})"
        model_dump = getattr(value, "model_dump", None)
        if callable(model_dump):  # pydantic
            return f"{type(value).__qualname__}{self.describe(model_dump())}"
        state = getattr(value, "__dict__", None)
        if isinstance(state, dict):
            return f"{type(value).__qualname__}{self.describe(state)}"
        text = repr(value)
        if _ADDRESS.search(text):
            raise UnstableError(f"{type(value).__qualname__} has no stable description")
        return f"{type(value).__qualname__}:{text}"

    def _content(self, content: Content) -> str:
        state = {
            name: value
            for name, value in vars(content).items()
            if name not in _CONTENT_SKIP
        }
        return f"{type(content).__name__}{self.describe(state)}"
