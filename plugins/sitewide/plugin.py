"""Makes the site-wide view model available to every template as `site`."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

from pelican import signals

from .model import parse_sitewide


def add_globals(generator: Any) -> None:
    """Give templates the checked settings and the translation functions."""
    settings = generator.settings
    generator.env.globals["site"] = parse_sitewide(settings)
    translations = gettext.translation(
        "messages",
        localedir=str(Path(settings["THEME"]) / "translations"),
        languages=[settings["DEFAULT_LANG"]],
        fallback=True,
    )
    generator.env.install_gettext_translations(translations, newstyle=True)


def register() -> None:
    signals.generator_init.connect(add_globals)
