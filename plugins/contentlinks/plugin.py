"""Checks each page's source for links to missing files as Pelican reads it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from .model import find_missing_targets

logger = logging.getLogger(__name__)

MARKUP_SUFFIXES = frozenset({".md", ".markdown", ".mkd", ".mdown", ".html", ".htm"})


def check_links(content: Any) -> None:
    source = Path(content.source_path)
    # Static files (images, documents) are content objects too, but hold no links.
    if source.suffix.lower() not in MARKUP_SUFFIXES:
        return
    root = Path(content.settings["PATH"])
    label = (Path(root.name) / source.relative_to(root)).as_posix()
    text = source.read_text(encoding="utf-8")
    codes = frozenset(content.settings.get("LANGUAGES", ())[1:])
    for missing in find_missing_targets(text, source, root, codes):
        logger.error("%s", missing.message(label))


def register() -> None:
    signals.content_object_init.connect(check_links)
