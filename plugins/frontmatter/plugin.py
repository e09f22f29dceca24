"""Runs the front-matter checks once, before Pelican reads any page."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from records.collection import label_for

from .model import check_body, check_header, parse_source

logger = logging.getLogger(__name__)


def markdown_sources(settings: dict[str, Any]) -> list[Path]:
    root = Path(settings["PATH"])
    folders = [*settings["PAGE_PATHS"], *settings["ARTICLE_PATHS"]]
    return sorted(path for folder in folders for path in (root / folder).rglob("*.md"))


def theme_templates(settings: dict[str, Any]) -> set[str]:
    folder = Path(settings["THEME"]) / "templates"
    return {path.stem for path in folder.glob("*.html")}


def check_sources(pelican: Any) -> None:
    settings = pelican.settings
    root = Path(settings["PATH"])
    parsed = []
    for path in markdown_sources(settings):
        source, problems = parse_source(
            label_for(path, root), path.read_text(encoding="utf-8")
        )
        parsed.append((source, problems))
    slugs = {source.slug for source, _ in parsed}
    templates = theme_templates(settings)
    for source, problems in parsed:
        problems += check_header(source, slugs, templates) + check_body(source)
        for problem in problems:
            logger.error("%s", problem)


def register() -> None:
    signals.initialized.connect(check_sources)
