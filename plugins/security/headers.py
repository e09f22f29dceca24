"""The `_headers` file: response headers for hosts that read one.

Netlify and Cloudflare Pages read `_headers` from the root of the published
folder: a line with a URL path pattern, then one indented `Name: value` line per
header. Only exact paths and paths ending in `*` (everything under a prefix) are
used here; that is the subset both hosts treat alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

HEADERS_FILE = "_headers"


class HeadersFileError(ValueError):
    """A `_headers` file is malformed; the message names the line."""


@dataclass(frozen=True)
class HeaderRule:
    pattern: str
    headers: tuple[tuple[str, str], ...]

    def matches(self, path: str) -> bool:
        if self.pattern.endswith("*"):
            return path.startswith(self.pattern[:-1])
        return path == self.pattern


def render_headers_file(rules: Mapping[str, Mapping[str, str]]) -> str:
    """`_headers` text: for each path pattern, its headers, one a line."""
    lines = [
        "# Response headers for hosts that read this file (Netlify, Cloudflare Pages).",
        "# Written by the build (plugins/security); edit SECURITY_* settings instead.",
    ]
    return "\n".join(lines) + "\n" + render_rules(rules)


def render_rules(rules: Mapping[str, Mapping[str, str]]) -> str:
    """Rules in `_headers` form, to write or to add to an existing file."""
    lines: list[str] = []
    for pattern, headers in rules.items():
        lines.append(pattern)
        for name, value in headers.items():
            if "\n" in value or not value:
                raise HeadersFileError(f"{name}: a header value must be one line")
            lines.append(f"  {name}: {value}")
    return "".join(f"{line}\n" for line in lines)


def parse_headers_file(text: str) -> list[HeaderRule]:
    """The rules in a `_headers` file, in order; raises HeadersFileError."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                raise HeadersFileError(
                    f"{HEADERS_FILE}:{number}: a path pattern starts with /; "
                    f"found {line!r}"
                )
            rules.append((line.strip(), []))
            continue
        name, colon, value = line.strip().partition(":")
        if not rules or not colon or not name or not value.strip():
            raise HeadersFileError(
                f"{HEADERS_FILE}:{number}: expected an indented 'Name: value' "
                f"under a path; found {line.strip()!r}"
            )
        rules[-1][1].append((name.strip(), value.strip()))
    return [HeaderRule(pattern, tuple(headers)) for pattern, headers in rules]


def headers_for(rules: list[HeaderRule], path: str) -> list[tuple[str, str]]:
    """Every header the rules give a request for `path`, in file order."""
    return [header for rule in rules if rule.matches(path) for header in rule.headers]
