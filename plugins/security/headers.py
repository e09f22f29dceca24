"""The `_headers` file: response headers for hosts that read one.

Netlify and Cloudflare Pages read `_headers` from the root of the published
folder: a line with a URL path pattern, then one indented `Name: value` line per
header. Only exact paths and paths ending in `*` (everything under a prefix) are
used here; that is the subset both hosts treat alike.

A request gets the headers of every rule that matches it, in file order. So
that /admin/ (the CMS, plugins/cms) does not get the public policy as well as
its own (a browser enforces every policy it is sent, and the strict one would
stop the CMS), its rule comes after `/*` and first detaches the public value
with a `! Name` line, which Cloudflare Pages supports: each matching rule
removes the headers it detaches, then adds its own.

Netlify caveat: Netlify has no detach lines, and joins the values of every
matching rule that sets a header. On Netlify /admin/ would be sent both
policies and the CMS would not start; host the site where `_headers` detaches
(Cloudflare Pages) or where only the `<meta>` policies apply (GitHub Pages,
which ignores this file), or give Netlify an admin policy in its own config.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

HEADERS_FILE = "_headers"


class HeadersFileError(ValueError):
    """A `_headers` file is malformed; the message names the line."""


@dataclass(frozen=True)
class HeaderRule:
    pattern: str
    headers: tuple[tuple[str, str], ...]
    # Names whose values from earlier matching rules this rule removes.
    detach: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        if self.pattern.endswith("*"):
            return path.startswith(self.pattern[:-1])
        return path == self.pattern


Rules = Mapping[str, Mapping[str, str]] | Iterable[HeaderRule]


def _as_rules(rules: Rules) -> list[HeaderRule]:
    if isinstance(rules, Mapping):
        return [HeaderRule(p, tuple(h.items())) for p, h in rules.items()]
    return list(rules)


def render_headers_file(rules: Rules) -> str:
    """`_headers` text: for each path pattern, its headers, one a line."""
    lines = [
        "# Response headers for hosts that read this file (Netlify, Cloudflare Pages).",
        "# Written by the build (plugins/security); edit SECURITY_* settings instead.",
    ]
    return "\n".join(lines) + "\n" + render_rules(rules)


def render_rules(rules: Rules) -> str:
    """Rules in `_headers` form, to write or to add to an existing file.

    `rules` maps each path pattern to its headers, or lists HeaderRules, whose
    detached names are written first, as `! Name`.
    """
    lines: list[str] = []
    for rule in _as_rules(rules):
        lines.append(rule.pattern)
        for name in rule.detach:
            if not name or any(c.isspace() or c == ":" for c in name):
                raise HeadersFileError(f"{name!r}: not a header name to detach")
            lines.append(f"  ! {name}")
        for name, value in rule.headers:
            if "\n" in value or not value:
                raise HeadersFileError(f"{name}: a header value must be one line")
            lines.append(f"  {name}: {value}")
    return "".join(f"{line}\n" for line in lines)


def parse_headers_file(text: str) -> list[HeaderRule]:
    """The rules in a `_headers` file, in order; raises HeadersFileError."""
    rules: list[tuple[str, list[tuple[str, str]], list[str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            if not line.startswith("/"):
                raise HeadersFileError(
                    f"{HEADERS_FILE}:{number}: a path pattern starts with /; "
                    f"found {line!r}"
                )
            rules.append((line.strip(), [], []))
            continue
        stripped = line.strip()
        if stripped.startswith("!"):
            name = stripped[1:].strip()
            if not rules or not name or any(c.isspace() or c == ":" for c in name):
                raise HeadersFileError(
                    f"{HEADERS_FILE}:{number}: expected an indented '! Name' "
                    f"under a path; found {stripped!r}"
                )
            rules[-1][2].append(name)
            continue
        name, colon, value = stripped.partition(":")
        if not rules or not colon or not name or not value.strip():
            raise HeadersFileError(
                f"{HEADERS_FILE}:{number}: expected an indented 'Name: value' "
                f"under a path; found {stripped!r}"
            )
        rules[-1][1].append((name.strip(), value.strip()))
    return [
        HeaderRule(pattern, tuple(headers), tuple(detach))
        for pattern, headers, detach in rules
    ]


def headers_for(rules: list[HeaderRule], path: str) -> list[tuple[str, str]]:
    """Every header the rules give a request for `path`, as Cloudflare Pages does.

    Matching rules apply in file order: each first removes the headers it
    detaches (by name, in any case), then adds its own.
    """
    headers: list[tuple[str, str]] = []
    for rule in rules:
        if not rule.matches(path):
            continue
        detached = {name.lower() for name in rule.detach}
        headers = [h for h in headers if h[0].lower() not in detached]
        headers += rule.headers
    return headers
