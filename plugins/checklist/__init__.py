"""A Markdown extension: `{: .cast-checklist }` after a list styles the list."""

from .extension import ChecklistExtension, makeExtension

__all__ = ["ChecklistExtension", "makeExtension"]
