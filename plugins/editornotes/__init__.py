"""A Markdown extension: HTML comments in a page are notes for editors only."""

from .extension import EditorNotesExtension, makeExtension

__all__ = ["EditorNotesExtension", "makeExtension"]
