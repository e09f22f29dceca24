"""Moves the checklist class from a list's last item to the list itself.

Python-Markdown's attr_list attaches `{: .cast-checklist }` written under a
list to its last item; staff mean the whole list, so the theme can draw a box
before every item.
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

CHECKLIST_CLASS = "cast-checklist"


class ChecklistTreeprocessor(Treeprocessor):
    def run(self, root: Element) -> None:
        for parent in root.iter():
            if parent.tag not in ("ul", "ol") or not len(parent):
                continue
            last = parent[-1]
            classes = (last.get("class") or "").split()
            if CHECKLIST_CLASS not in classes:
                continue
            classes.remove(CHECKLIST_CLASS)
            if classes:
                last.set("class", " ".join(classes))
            else:
                del last.attrib["class"]
            parent.set(
                "class", " ".join([*parent.get("class", "").split(), CHECKLIST_CLASS])
            )


class ChecklistExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 -- Markdown's API
        # After attr_list (priority 8), which sets the class on the item.
        md.treeprocessors.register(ChecklistTreeprocessor(md), "cast_checklist", 7)


def makeExtension(**kwargs: Any) -> ChecklistExtension:  # noqa: N802 -- Markdown's API
    return ChecklistExtension(**kwargs)
