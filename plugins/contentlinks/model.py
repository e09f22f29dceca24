"""Finds intra-site links in Markdown source whose target file does not exist.

Pelican only warns about these, without naming the page; staff need the file
and line to fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Pelican's link syntax for files inside content/: {filename}, {static}, {attach}.
FILE_LINK = re.compile(r"\{(filename|static|attach)\}([^\s)\"'>#?]+)")


@dataclass(frozen=True)
class MissingTarget:
    line: int
    kind: str
    target: str

    def message(self, source_label: str) -> str:
        return (
            f"{source_label}:{self.line}: link: {{{self.kind}}}{self.target}: "
            "no such file in the content folder"
        )


def find_missing_targets(
    text: str,
    source: Path,
    content_root: Path,
    translations: frozenset[str] = frozenset(),
) -> list[MissingTarget]:
    """Links in `text` (read from `source`) whose target is not a file.

    A link to a translation not written yet (`pages/es/x.md`, with `es` in
    `translations`) is fine while its original exists: that page has its
    address in every language, showing the original until it is translated.
    """
    missing: list[MissingTarget] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in FILE_LINK.finditer(line):
            kind, target = match.groups()
            base = content_root if target.startswith("/") else source.parent
            path = base / target.lstrip("/")
            if path.is_file():
                continue
            translated = kind == "filename" and path.parent.name in translations
            if translated and (path.parent.parent / path.name).is_file():
                continue
            missing.append(MissingTarget(number, kind, target))
    return missing
