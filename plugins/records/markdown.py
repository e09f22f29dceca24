"""Markdown from record fields, rendered and then sanitised.

Record text is data, not trusted HTML: whatever Markdown passes through (raw
HTML, `javascript:` links), only a short list of tags and URL schemes survives,
so no record can inject script or frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import markdown as markdown_lib
import nh3
from markupsafe import Markup

from markdowncache.store import DigestStore, code_fingerprint, digest

ALLOWED_TAGS = {
    "p", "a", "ul", "ol", "li", "strong", "em", "code", "blockquote", "br",
    "h3", "h4", "span",
}  # fmt: skip
# `<span lang="en">` marks an official English name inside a translation
# (WCAG 3.1.2, language of parts); `lang` is the only attribute it keeps.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}
ALLOWED_SCHEMES = {"https", "http", "mailto", "tel", "sms"}
CACHE_NAME = "records-markdown-v1-{kind}-{language}.pickle"


def renderer_fingerprint() -> str:
    """Everything besides a field's text that changes its HTML: this module
    (the allowed tags and schemes) and the two libraries that do the work."""
    return code_fingerprint([Path(__file__)], ["markdown", "nh3"])


def open_cache(settings: Mapping[str, Any], kind: str) -> DigestStore[str]:
    """The HTML of one record type's fields in this run's language, on disk.

    One file per type and language: each run forgets the fields it did not
    render, which must not be the other runs' fields.
    """
    name = CACHE_NAME.format(kind=kind, language=settings["DEFAULT_LANG"])
    return DigestStore(Path(settings["CACHE_PATH"]) / name, renderer_fingerprint())


class MarkdownRenderer:
    """Reuses one Markdown instance; `reset()` between calls is what makes that safe.

    With a `cache` (`open_cache`), a text rendered by an earlier build is
    taken from it: the HTML depends only on the text and on what
    `renderer_fingerprint` digests.
    """

    def __init__(self, cache: DigestStore[str] | None = None) -> None:
        self._markdown: markdown_lib.Markdown | None = None
        self._cache = cache

    def render(self, text: str) -> Markup:
        if self._cache is None:
            return Markup(self._convert(text))
        key = digest(text.encode())
        html = self._cache.get(key)
        if html is None:
            html = self._convert(text)
            self._cache.put(key, html)
        return Markup(html)

    def _convert(self, text: str) -> str:
        if self._markdown is None:  # not needed at all when every text is cached
            self._markdown = markdown_lib.Markdown(output_format="html")
        html = self._markdown.reset().convert(text)
        return nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_SCHEMES,
            link_rel="noopener noreferrer",
        )
