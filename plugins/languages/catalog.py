"""The theme's catalog for one language, for templates and for Python labels.

Templates mark text with `_()`. Labels that Python code hands to templates
(a bill's status, a filter's heading) are marked with `N_()` where they are
defined, so `./dev translations` extracts them into the same catalog, and are
translated when a view model is built, with `translator(settings)`:

    STATUS_LABELS = {"enacted": N_("Enacted")}
    gettext = translator(settings).gettext
    label = gettext(STATUS_LABELS[status])
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Marks `message` for the catalog without translating it (yet)."""
    return message


def catalog_path(theme: Path, language: str) -> Path:
    return theme / "translations" / language / "LC_MESSAGES" / "messages.po"


@cache
def _load(po_file: Path, mtime: float) -> gettext.NullTranslations:
    with po_file.open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def load_translations(po_file: Path) -> gettext.NullTranslations:
    """The theme's strings in one language, read straight from its .po file.

    Reading the .po at build time means there is no compiled .mo to forget.
    The default language has no catalog: its strings are the msgids.
    """
    if not po_file.is_file():
        return gettext.NullTranslations()
    return _load(po_file, po_file.stat().st_mtime)


def translator(settings: Mapping[str, Any]) -> gettext.NullTranslations:
    """The catalog of the language this run writes (its DEFAULT_LANG)."""
    return load_translations(
        catalog_path(Path(settings["THEME"]), str(settings["DEFAULT_LANG"]))
    )


def localized(value: Any, code: str, where: str, problems: list[str]) -> str:
    """A setting's text in language `code`: one string, or one per language.

    `{"en": "Legal services", "es": "Servicios legales"}` gives each language
    its own text; a plain string is the same in every language.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        text = value.get(code)
        if isinstance(text, str) and text.strip():
            return text.strip()
        problems.append(
            f"{where}: no text for language {code!r}; expected one for each of "
            f"LANGUAGES, e.g. {{'en': '...', '{code}': '...'}}"
        )
        return ""
    problems.append(f"{where}: expected text, got {value!r}")
    return ""
