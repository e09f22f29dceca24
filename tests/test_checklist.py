"""`{: .cast-checklist }` under a list puts the class on the list, not its last item."""

from __future__ import annotations

import markdown

from checklist import ChecklistExtension


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["attr_list", ChecklistExtension()])


def test_class_moves_to_the_list() -> None:
    html = render("- one\n- two\n{: .cast-checklist }\n")
    assert html.startswith('<ul class="cast-checklist">')
    assert "<li>two</li>" in html


def test_other_lists_and_classes_are_left_alone() -> None:
    assert render("- one\n- two\n") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    html = render("1. one\n2. two\n{: .cast-checklist .keep }\n")
    assert '<ol class="cast-checklist">' in html
    assert '<li class="keep">two</li>' in html
