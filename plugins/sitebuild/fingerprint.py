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
import os
import re
import types
from collections.abc import Callable, Mapping
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
_PLAIN = frozenset(_ATOMS) - {str}
# Longer descriptions are replaced by their digest (see Fingerprinter.describe).
_TOKEN_OVER = 64


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
        # One test in C for most strings: every folder's name starts with it
        # (by character, not by path component: it is a substring test).
        folder_names = [folder for folder, _ in self._folders]
        self._prefix = os.path.commonprefix(folder_names)  # noqa: RUF071
        self._memo: dict[int, str] = {}
        # Holds every described object, so that an id is never reused for
        # another object while the memo is alive.
        self._alive: list[Any] = []

    def digest(self, value: Any) -> str:
        return hashlib.sha256(self.describe(value).encode("utf-8")).hexdigest()

    def name(self, value: Any, name: str) -> None:
        """From now on, `value` is described as `name`."""
        self._named[id(value)] = name
        self._alive.append(value)

    def describe(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return self._text(value)
        if kind in _PLAIN:
            return repr(value)
        if isinstance(value, str):  # Markup: its repr keeps its type
            return self._text(value)
        if isinstance(value, _ATOMS):
            return repr(value)
        key = id(value)
        found = self._named.get(key) or self._memo.get(key)
        if found is not None:
            return found
        # Guards against cycles (a page and its translations point at each
        # other): while an object is being described, it stands for itself.
        self._memo[key] = f"<cycle {kind.__qualname__}>"
        self._alive.append(value)
        try:
            text = self._describe(value)
        except UnstableError:
            # Not the cycle mark: the next page that reaches it must fail too.
            del self._memo[key]
            raise
        if len(text) > _TOKEN_OVER:
            # A digest in place of a long description: an object reached from
            # many places (a page in every listing) is then not copied into
            # each of them, and describing a site stays linear in its size.
            text = (
                "#" + hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
            )
        self._memo[key] = text
        return text

    def _text(self, value: str) -> str:
        if self._folders and self._prefix in value:
            for folder, name in self._folders:
                value = value.replace(folder, name)
        return repr(value)

    def _describe(self, value: Any) -> str:
        kind = type(value)
        how = _HOW.get(kind)
        if how is None:
            how = _HOW[kind] = _how(kind)
        return how(self, value)

    def _mapping(self, value: Mapping[Any, Any]) -> str:
        describe = self.describe
        items = sorted(f"{describe(k)}:{describe(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"

    def _sequence(self, value: list[Any] | tuple[Any, ...]) -> str:
        return "[" + ",".join(map(self.describe, value)) + "]"

    def _set(self, value: set[Any] | frozenset[Any]) -> str:
        return "set{" + ",".join(sorted(map(self.describe, value))) + "}"

    def _environment(self, value: jinja2.Environment) -> str:
        # What a template can reach besides its context: globals and filters.
        return f"env({self.describe(value.globals)},{self.describe(value.filters)})"

    def _function(self, value: types.FunctionType) -> str:
        # The code is in the code digest; what a closure captured is data.
        cells = [_cell(cell) for cell in value.__closure__ or ()]
        return f"code({value.__module__}.{value.__qualname__},{self.describe(cells)})"

    def _dataclass(self, value: Any) -> str:
        kind = type(value)
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
        describe = self.describe
        fields = ",".join(f"{name}={describe(getattr(value, name))}" for name in names)
        return f"{kind.__qualname__}({fields})"

    def _object(self, value: Any) -> str:
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


_Describe = Callable[[Fingerprinter, Any], str]


def _how(kind: type) -> _Describe:
    """How values of one type are described; the first rule that fits wins."""
    fp = Fingerprinter
    rules: tuple[tuple[type | tuple[type, ...], _Describe], ...] = (
        (Content, fp._content),
        (URLWrapper, lambda f, v: f"{type(v).__name__}({v.name!r},{v.url!r})"),
        (enum.Enum, lambda f, v: f"{type(v).__qualname__}.{v.name}"),
        ((datetime.date, datetime.time, datetime.timedelta), lambda f, v: repr(v)),
        (PurePath, lambda f, v: f"path({f.describe(str(v))})"),
        (Mapping, fp._mapping),
        ((list, tuple), fp._sequence),
        ((set, frozenset), fp._set),
        (jinja2.Environment, fp._environment),
        (jinja2.Template, lambda f, v: f"template({v.name!r})"),
        (
            functools.partial,
            lambda f, v: f"partial{f.describe((v.func, v.args, v.keywords))}",
        ),
        (types.FunctionType, fp._function),
        (
            (types.BuiltinFunctionType, type),
            lambda f, v: f"code({v.__module__}.{v.__qualname__})",
        ),
        (
            types.MethodType,
            lambda f, v: f"method({f.describe(v.__self__)}.{v.__func__.__qualname__})",
        ),
        (types.ModuleType, lambda f, v: f"module({v.__name__})"),
    )
    for base, describe in rules:
        if issubclass(kind, base):
            return describe
    if dataclasses.is_dataclass(kind):
        return fp._dataclass
    if callable(getattr(kind, "model_dump", None)):  # pydantic
        return lambda f, v: f"{type(v).__qualname__}{f.describe(v.model_dump())}"
    return fp._object


# Per type, found once per process: most values are of a handful of types.
_HOW: dict[type, _Describe] = {}
_FIELDS: dict[type, tuple[str, ...]] = {}
