"""Makes the site-wide view model available to every template as `site`."""

from __future__ import annotations

from typing import Any

from pelican import signals

from languages.catalog import translator

from .model import parse_sitewide


def add_globals(generator: Any) -> None:
    """Give templates the checked settings and the translation functions."""
    settings = generator.settings
    generator.env.globals["site"] = parse_sitewide(settings)
    generator.env.install_gettext_translations(translator(settings), newstyle=True)


def register() -> None:
    signals.generator_init.connect(add_globals)
