"""Removes HTML comments (`<!-- ... -->`) from the HTML that Markdown makes.

Staff leave notes for each other in a page's text, and `./dev new` starts every
page with one explaining its fields. Python-Markdown passes comments through,
and a preview build or an Atom feed (neither is minified) would carry them to
readers, so they are dropped where the page is rendered.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

# Text typed in the page is escaped (`&lt;!--`), so only real comments match.
COMMENT = re.compile(r"<!--.*?-->[ \t]*\n?", re.DOTALL)


class EditorNotesPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return COMMENT.sub("", text)


class EditorNotesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 -- Markdown's API
        # After raw_html (priority 30), which puts the comments back into the text.
        md.postprocessors.register(EditorNotesPostprocessor(md), "editornotes", 25)


def makeExtension(**kwargs: Any) -> EditorNotesExtension:  # noqa: N802 -- Markdown API
    return EditorNotesExtension(**kwargs)
