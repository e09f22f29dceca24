"""What a render told the rest of the build, kept so a reused page can tell it again.

Some templates do more than print: a page asks for its social card while it is
rendered (plugins/socialcards books it, and draws every booked card once all
pages are written). A page reused from the render cache is not rendered, and a
page rendered in a worker process books in that process's memory. So such an
object keeps a journal of what renders told it: the writer stores each page's
entries with the page, and replays them into the build's object when the page
is reused or comes back from a worker.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class RenderJournal:
    """Base for context objects that renders tell things to.

    A subclass calls `note(entry)` for each thing a render tells it (an entry
    is plain, picklable data) and implements `replay(entry)`, which must have
    the same effect as the call that noted it.
    """

    def __init__(self) -> None:
        self.journal: list[Hashable] = []

    def note(self, entry: Hashable) -> None:
        self.journal.append(entry)

    def replay(self, entry: Any) -> None:
        raise NotImplementedError
