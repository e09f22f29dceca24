"""Runs the front-matter checks once, before Pelican reads any page."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.urlwrappers import Category

from languages.model import original_path, parse_languages, run_language
from records.collection import label_for

from .model import (
    check_body,
    check_header,
    check_translation_header,
    no_original,
    parse_source,
)

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
    # Every language's files are checked once, in the default language's run.
    if not run_language(settings).default:
        return
    root = Path(settings["PATH"])
    codes = {language.code for language in parse_languages(settings)[1:]}
    parsed = []
    for path in markdown_sources(settings):
        source, problems = parse_source(
            label_for(path, root), path.read_text(encoding="utf-8")
        )
        translation = path.parent.name in codes
        if translation and not original_path(path, root).is_file():
            problems.append(no_original(source, original_path(path, root), root))
        parsed.append((source, problems, translation))
    slugs = {source.slug for source, _, translation in parsed if not translation}
    templates = theme_templates(settings)
    for source, problems, translation in parsed:
        if translation:
            problems += check_translation_header(source) + check_body(source)
        else:
            problems += check_header(source, slugs, templates) + check_body(source)
        for problem in problems:
            logger.error("%s", problem)


def let_drafts_skip_categories(generator: Any) -> None:
    """A news article may be a draft (STATUSES) on a site without categories.

    Pelican 4.12 reads `draft.category` while writing drafts, and an article
    has none when categories are off (CATEGORY_SAVE_AS is empty), so one draft
    news article stopped every build (getpelican/pelican#3600, not yet
    released). A draft gets the category Pelican gives when categories are on;
    no address or template of ours uses it.
    """
    settings = generator.settings
    for draft in (*generator.drafts, *generator.drafts_translations):
        if not hasattr(draft, "category"):
            draft.category = Category(settings["DEFAULT_CATEGORY"], settings)


def register() -> None:
    signals.initialized.connect(check_sources)
    signals.article_generator_finalized.connect(let_drafts_skip_categories)
