"""Finds markup that the Content-Security-Policy would silently block.

The policy allows no inline script or style, so a `style=` attribute, a
`<style>` element, an `onclick=` handler or an inline `<script>` in a template
or in a page's Markdown would do nothing in the browser. The build reports it
instead, with its line, so the mistake is seen before the site is published.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import lxml.html
from lxml import etree

from .policy import Policy, script_hash

# <script type> values that a browser executes (HTML, "prepare the script
# element"); any other type (application/ld+json) is a data block, never run.
_SCRIPT_TYPES = frozenset(
    {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
)


# Anything that could be inline code. Most pages have none, and one regex pass
# costs far less than parsing: only a page that matches is parsed. It errs on
# the side of matching (prose such as "based on=" only costs a parse). It runs
# over the page in lower case (HTML's names are ASCII and case-blind), and each
# pattern starts with a literal, so the search jumps from one candidate to the
# next: 0.22 ms a page against 0.56 ms with `re.IGNORECASE` and the
# attributes' leading character class, on every page a build writes.
_SUSPECT = re.compile(
    r"<style[\s>/]|style\s*=|on[a-z]+\s*="
    r"|<script(?![^>]*[\s/]src\s*=)"
    r"(?![^>]*\stype\s*=\s*[\"']?application/ld\+json[\"'\s>])"
)


def _suspect(html: str) -> bool:
    """Whether `html` may hold inline code: a <style> or <script> tag, or a
    style or on* attribute (a name after a space, a slash or a quote)."""
    lowered = html.lower()
    for found in _SUSPECT.finditer(lowered):
        start = found.start()
        if lowered[start] == "<":
            return True
        before = lowered[start - 1] if start else ""
        # `aria-controls=` and `content=` end in on...=: not a handler. No
        # handler can begin inside such a match, which holds only letters,
        # then spaces, then "=".
        if before.isspace() or before in ("/", '"', "'"):
            return True
    return False


@dataclass(frozen=True)
class InlineCode:
    line: int
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.what}, which the Content-Security-Policy blocks; {self.fix}"


def find_inline_code(
    html: str, allowed_hashes: Collection[str] = (), *, inline_styles: bool = False
) -> list[InlineCode]:
    """Everything in `html` that a policy without 'unsafe-inline' blocks.

    A script whose exact text hashes to one of `allowed_hashes` is allowed;
    with `inline_styles`, so are style attributes and <style> elements.
    """
    if not _suspect(html):
        return []
    found: list[InlineCode] = []
    # lxml (libxml2) parses a page in about a millisecond.
    for element in lxml.html.document_fromstring(html).iter(etree.Element):
        tag, line = element.tag, element.sourceline or 0
        for name in element.attrib:
            if name == "style" and inline_styles:
                continue
            if name == "style":
                found.append(
                    InlineCode(
                        line,
                        f"a style attribute on <{tag}>",
                        "use a class from theme/static/css/site.css instead",
                    )
                )
            elif name.startswith("on"):
                found.append(
                    InlineCode(
                        line,
                        f"an {name} attribute on <{tag}>",
                        "handle the event in a script in theme/static/js/ instead",
                    )
                )
        if tag == "style" and not inline_styles:
            found.append(
                InlineCode(
                    line,
                    "a <style> element",
                    "move its rules to theme/static/css/site.css",
                )
            )
        elif tag == "script" and "src" not in element.attrib:
            kind = (element.get("type") or "").strip().lower()
            text = element.text or ""
            if kind in _SCRIPT_TYPES and script_hash(text) not in allowed_hashes:
                found.append(
                    InlineCode(
                        line,
                        "an inline <script>",
                        "move it to a file in theme/static/js/",
                    )
                )
    return found


def find_blocked_code(html: str, policy: Policy) -> list[InlineCode]:
    """Everything in `html` that `policy` blocks, for a page with its own policy.

    The admin page (plugins/cms) is checked against the admin policy this
    way: its inline styles are allowed there, inline script never is.
    """
    styles = policy.sources("style-src") or policy.sources("default-src")
    hashes = [s for s in policy.sources("script-src") if s.startswith("'sha256-")]
    # A hash or nonce in style-src makes browsers ignore 'unsafe-inline'.
    inline_styles = "'unsafe-inline'" in styles and not any(
        s.startswith(("'sha", "'nonce-")) for s in styles
    )
    return find_inline_code(html, hashes, inline_styles=inline_styles)
