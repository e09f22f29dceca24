"""`{legislation}sb-1569`-style links from Markdown pages to records.

Pelican only knows its own link kinds, so record links are resolved as each
page is read. A link to a record that does not exist fails the build with the
page's file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def link_pattern(kind: str) -> re.Pattern[str]:
    return re.compile(
        rf"""(?P<attr>href=["'])\{{{re.escape(kind)}\}}(?P<slug>[^"'#?\s]*)"""
    )


def replace_record_links(
    html: str,
    kind: str,
    exists: Callable[[str], bool],
    url_of: Callable[[str], str],
) -> tuple[str, list[str]]:
    """Replace `href="{kind}slug"` with the record's URL; return missing slugs."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        slug = match.group("slug")
        if not exists(slug):
            missing.append(slug)
            return match.group(0)
        return match.group("attr") + url_of(slug)

    return link_pattern(kind).sub(replace, html), missing


def line_of(source_text: str, needle: str) -> int:
    """The first line with `needle` as a whole link (not the start of a longer slug)."""
    pattern = re.compile(re.escape(needle) + r"(?![A-Za-z0-9_-])")
    for number, line in enumerate(source_text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 1
