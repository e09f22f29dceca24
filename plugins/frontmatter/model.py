"""Front-matter and writing checks on Markdown sources; no Pelican imports.

Pelican skips a page without a title and says little about why; staff need the
file, the line and the field, and every problem in a file at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from records.errors import Problem

REQUIRED = ("title", "summary")
OPTIONAL = (
    "nav_title",
    "parent",
    "template",
    "status",
    "slug",
    "save_as",
    "url",
    "date",
    "modified",
)
STATUSES = ("published", "hidden", "draft")
# The order header keys are written in, by `./dev new` and by the CMS, so
# that a file started in either looks the same and a save reorders nothing.
HEADER_ORDER = (
    "title",
    "summary",
    "nav_title",
    "parent",
    "template",
    "date",
    "modified",
    "slug",
    "save_as",
    "url",
    "status",
    "translation_of",
)


def header_name(key: str) -> str:
    """How a header key is written in our files: `Nav_title`, `Save_as`, `URL`."""
    return "URL" if key == "url" else key.capitalize()


_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_ -]*):\s*(?P<value>.*)$")
# Public: the CMS form checks dates with the same pattern (plugins/cms).
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")
# Words that must never reach visitors: unfinished text and vague link text,
# in every language the site is written in. TODO, TBD and FIXME count only in
# capitals: "todo" is an ordinary Spanish word.
_PLACEHOLDERS = re.compile(
    r"\b(?:TODO|TBD|FIXME)\b"
    r"|(?i:lorem ipsum|\bexample\.(?:com|org|net)\b"
    r"|\[(?:click here|here|learn more|read more"
    r"|haga clic aqu[ií]|aqu[ií]|m[aá]s informaci[oó]n|leer m[aá]s)[^\]]*\]\()",
)


@dataclass(frozen=True)
class Field:
    value: str
    line: int


@dataclass(frozen=True)
class Source:
    label: str  # content/pages/about.md
    slug: str
    header: Mapping[str, Field]
    body_start: int  # line number of the first body line
    body: str


def parse_source(label: str, text: str) -> tuple[Source, list[Problem]]:
    """Split Markdown into its `Key: value` header and its body."""
    lines = text.splitlines()
    # The header runs to the first blank line.
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    header: dict[str, Field] = {}
    problems: list[Problem] = []
    for number, line in enumerate(lines[:end], start=1):
        match = _HEADER_LINE.match(line)
        if match is None:
            problems.append(
                Problem(
                    label,
                    number,
                    "(front matter)",
                    f"expected `Key: value` or a blank line, found {line!r}",
                )
            )
            continue
        key = match["key"].strip().lower().replace(" ", "_")
        if key in header:
            message = f"appears twice (first on line {header[key].line})"
            problems.append(Problem(label, number, key, message))
            continue
        header[key] = Field(match["value"].strip(), number)
    slug = header["slug"].value if "slug" in header else Path(label).stem
    body = "\n".join(lines[end + 1 :])
    return Source(label, slug, header, end + 2, body), problems


def _required(source: Source, what: str) -> list[Problem]:
    """Title and Summary, present and not empty."""
    problems = []
    for key in REQUIRED:
        field = source.header.get(key)
        if field is None:
            message = f"missing; every {what} needs a `{key.title()}: ...` line"
            problems.append(Problem(source.label, 1, key, message))
        elif not field.value:
            problems.append(Problem(source.label, field.line, key, "is empty"))
    return problems


def check_header(
    source: Source, slugs: Iterable[str], templates: Iterable[str]
) -> list[Problem]:
    problems: list[Problem] = []

    def add(line: int, field: str, message: str) -> None:
        problems.append(Problem(source.label, line, field, message))

    problems += _required(source, "page")
    slugs, templates = set(slugs), set(templates)
    allowed = set(REQUIRED) | set(OPTIONAL)
    every = ", ".join((*REQUIRED, *OPTIONAL))
    for key, field in source.header.items():
        if key not in allowed:
            add(field.line, key, f"unknown field; allowed: {every}")
    rules = (
        ("status", lambda v: v in STATUSES, f"expected one of {', '.join(STATUSES)}"),
        ("template", lambda v: v in templates, "no such template in the theme"),
        ("parent", lambda v: v in slugs, "no page with that slug"),
        ("date", lambda v: bool(DATE.match(v)), "expected YYYY-MM-DD"),
    )
    for key, is_valid, expected in rules:
        field = source.header.get(key)
        if field is not None and not is_valid(field.value):
            add(field.line, key, f"{expected}; found {field.value!r}")
    return problems


# What a translation (content/pages/es/x.md) may say; the rest of its front
# matter comes from its original, so the two cannot drift apart.
TRANSLATION_OPTIONAL = ("nav_title", "translation_of", "status")


def check_translation_header(source: Source) -> list[Problem]:
    problems: list[Problem] = []

    def add(line: int, field: str, message: str) -> None:
        problems.append(Problem(source.label, line, field, message))

    problems += _required(source, "translation")
    allowed = set(REQUIRED) | set(TRANSLATION_OPTIONAL)
    every = ", ".join((*REQUIRED, *TRANSLATION_OPTIONAL))
    for key, field in source.header.items():
        if key not in allowed:
            add(
                field.line,
                key,
                f"not allowed in a translation (it comes from the original); "
                f"allowed: {every}",
            )
    status = source.header.get("status")
    if status is not None and status.value not in STATUSES:
        add(
            status.line,
            "status",
            f"expected one of {', '.join(STATUSES)}; found {status.value!r}",
        )
    return problems


def no_original(source: Source, original: Path, root: Path) -> Problem:
    shown = (Path(root.name) / original.relative_to(root)).as_posix()
    return Problem(
        source.label,
        1,
        "(file)",
        f"a translation needs its original, {shown}, with the same file name",
    )


def check_body(source: Source) -> list[Problem]:
    # One search over the whole text first: nearly every page is clean, and
    # scanning line by line only pays off once there is something to report.
    if _PLACEHOLDERS.search(source.body) is None:
        return []
    problems = []
    for offset, line in enumerate(source.body.splitlines()):
        for match in _PLACEHOLDERS.finditer(line):
            message = (
                f"{match.group(0)!r} must not be published: finish the text, "
                "and make link text say where it goes"
            )
            problems.append(
                Problem(source.label, source.body_start + offset, "text", message)
            )
    return problems
