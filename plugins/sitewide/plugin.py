"""Makes the site-wide view model available to every template as `site`."""

from __future__ import annotations

import gettext
import io
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from pelican import signals

from .model import parse_sitewide


def add_globals(generator: Any) -> None:
    """Give templates the checked settings and the translation functions."""
    settings = generator.settings
    generator.env.globals["site"] = parse_sitewide(settings)
    catalog = catalog_path(Path(settings["THEME"]), settings["DEFAULT_LANG"])
    generator.env.install_gettext_translations(
        load_translations(catalog), newstyle=True
    )


def catalog_path(theme: Path, language: str) -> Path:
    return theme / "translations" / language / "LC_MESSAGES" / "messages.po"


def load_translations(po_file: Path) -> gettext.NullTranslations:
    """The theme's strings in one language, read straight from its .po file.

    Reading the .po at build time means there is no compiled .mo to forget.
    """
    if not po_file.is_file():
        return gettext.NullTranslations()
    with po_file.open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def register() -> None:
    signals.generator_init.connect(add_globals)
