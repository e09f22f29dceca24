"""Starting files for `./dev new`: a page, news article, partner or bill.

Not a Pelican plugin: the task in tasks.py asks `make_scaffold` for the text and
the path, and writes the file itself, never over an existing one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .model import KINDS, PAGE_KINDS, Scaffold, ScaffoldError, parse_request
from .pages import page_scaffold
from .records import record_scaffold


def make_scaffold(
    kind: str,
    slug: str,
    lang: str,
    settings: Mapping[str, Any],
    today: date,
    options: str = "",
) -> Scaffold:
    """The file `./dev new KIND SLUG [--lang CODE]` writes; raise ScaffoldError.

    `settings` are the site's (PATH is the content folder to write into);
    `options` are repeated in the commands the messages suggest.
    """
    request = parse_request(kind, slug, lang, settings, options)
    if request.kind in PAGE_KINDS:
        return page_scaffold(request, today)
    return record_scaffold(request)


__all__ = ["KINDS", "Scaffold", "ScaffoldError", "make_scaffold"]
