"""What a render asked of the site-wide data, kept so that a change can be checked
page by page instead of rendering every page again.

A page's template reads the site's data two ways: by name from the context
(`pages`, `record_sites`), and through template globals that look data up for
it (`records("partners")`, `page_meta(...)`). While a page renders, this module
notes both: every name its templates resolve (Jinja resolves each free name of
a template when it starts), and every call to a global that reads data a save
can change, with its arguments and a digest of its result.

After a save to a record, the preview (sitebuild.recordsave) makes that data
anew and asks of each page: did it resolve a name whose value changed, or
would one of its calls now answer differently? Only a page where one of these
is true can come out different. A template is deterministic given its
variables and what its calls return, so a page whose answers are all the same
is the same. The render cache (sitebuild.writer) asks the same of a page it
would reuse, so that a record edit does not make every page's key new.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jinja2.runtime import Context


@dataclass(frozen=True)
class Call:
    """One call a render made to a remembered global, and what it answered."""

    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]
    # None: the answer has no digest (it cannot be pickled); it never matches.
    answer: str | None


@dataclass(frozen=True)
class Memo:
    """What one render asked: the names it resolved and the calls it made."""

    names: frozenset[str]
    calls: tuple[Call, ...]


# Context entries that pages read only through remembered globals and their
# own variables, by the plugins that own them (`check_by_memo`). The render
# cache leaves them out of the site-wide part of every page's key and checks
# each page's memo instead; a record save in the preview gives them new values.
_checked: set[str] = set()


def check_by_memo(key: str) -> None:
    """Context entry `key` is read through remembered globals only."""
    _checked.add(key)


def checked_keys() -> frozenset[str]:
    return frozenset(_checked)


def still_true(memo: Memo | None, globals_: Mapping[str, Any]) -> bool:
    """Whether a render that asked `memo` would be told the same today.

    Not when the page resolved a checked entry by name (nothing says what it
    read there), nor when there is no memo.
    """
    if memo is None or memo.names & _checked:
        return False
    return all(_answers_the_same(call, globals_) for call in memo.calls)


class _Notes:
    def __init__(self) -> None:
        self.names: set[str] = set()
        self.calls: list[Call] = []


_notes: _Notes | None = None


@contextmanager
def noting() -> Iterator[_Notes]:
    """Note what the renders inside ask; `memo_of` turns the notes into a Memo."""
    global _notes
    notes = _Notes()
    outer, _notes = _notes, notes
    try:
        yield notes
    finally:
        _notes = outer


def memo_of(notes: _Notes) -> Memo:
    return Memo(frozenset(notes.names), tuple(notes.calls))


def answer_digest(value: Any) -> str | None:
    """A digest of a global's answer: equal digests, equal answers.

    Pickle, because it is fast and covers the view models as they are. Two
    equal answers may still pickle differently (a set in another order): that
    only re-renders a page that did not need it.
    """
    try:
        data = pickle.dumps(value, protocol=5)
    except Exception:  # any object pickle refuses: no digest, never equal
        return None
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class NotingContext(Context):
    """Jinja's context, noting each name a template resolves while noting."""

    def resolve_or_missing(self, key: str) -> Any:
        if _notes is not None:
            _notes.names.add(key)
        return super().resolve_or_missing(key)


def remembered(
    name: str,
    function: Callable[..., Any],
    inputs: Callable[..., Any] | None = None,
) -> Callable[..., Any]:
    """`function` as template global `name`, its calls noted while noting.

    For the globals that read data a save to a record can change (the record
    types' view models, discovery's index); `name` is where `still_true`
    finds the global again. `inputs`, when given, takes the same arguments and
    returns what the answer depends on besides them and the run's settings:
    cheaper to make than the answer, and then checked in its place.
    """
    check = inputs or function

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        answer = function(*args, **kwargs)
        if _notes is not None:
            digest = answer_digest(
                answer if inputs is None else inputs(*args, **kwargs)
            )
            _notes.calls.append(Call(name, args, tuple(sorted(kwargs.items())), digest))
        return answer

    call.memo_check = check  # type: ignore[attr-defined]
    return call


def _answers_the_same(call: Call, globals_: Mapping[str, Any]) -> bool:
    """Whether `globals_` would answer `call` as it was answered."""
    check = getattr(globals_.get(call.name), "memo_check", None)
    if check is None or call.answer is None:
        return False
    try:
        answer = check(*call.args, **dict(call.kwargs))
    except Exception:  # the render would fail now: it must run to say so
        return False
    return answer_digest(answer) == call.answer
