"""HTML comments in a page are notes for editors: the rendered page has none."""

from __future__ import annotations

import markdown

from editornotes import EditorNotesExtension


def render(text: str) -> str:
    return markdown.markdown(text, extensions=[EditorNotesExtension()])


def test_a_note_on_its_own_lines_is_left_out() -> None:
    html = render("<!--\nA note for editors.\n\nIt has a blank line.\n-->\n\nText.\n")
    assert html.strip() == "<p>Text.</p>"


def test_a_note_inside_a_paragraph_is_left_out() -> None:
    assert render("Some <!-- unseen --> text.") == "<p>Some text.</p>"


def test_a_comment_shown_as_code_is_kept() -> None:
    html = render("Write `<!-- note -->` to leave a note.\n\n    <!-- block -->\n")
    assert "&lt;!-- note --&gt;" in html
    assert "&lt;!-- block --&gt;" in html
