"""Markdown from record fields, rendered and then sanitised.

Record text is data, not trusted HTML: whatever Markdown passes through (raw
HTML, `javascript:` links), only a short list of tags and URL schemes survives,
so no record can inject script or frames.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "a", "ul", "ol", "li", "strong", "em", "code", "blockquote", "br",
    "h3", "h4", "span",
}  # fmt: skip
# `<span lang="en">` marks an official English name inside a translation
# (WCAG 3.1.2, language of parts); `lang` is the only attribute it keeps.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}}
ALLOWED_SCHEMES = {"https", "http", "mailto", "tel", "sms"}


class MarkdownRenderer:
    """Reuses one Markdown instance; `reset()` between calls is what makes that safe."""

    def __init__(self) -> None:
        self._markdown = markdown_lib.Markdown(output_format="html")

    def render(self, text: str) -> Markup:
        html = self._markdown.reset().convert(text)
        return Markup(
            nh3.clean(
                html,
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes=ALLOWED_SCHEMES,
                link_rel="noopener noreferrer",
            )
        )
