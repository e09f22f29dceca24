"""The theme's catalogs: complete, up to date, and used by each language's run.

The test command fails when messages.pot is out of date with the strings
marked in the templates (`_()`) and plugins (`N_()`), or when any of its
strings has no translation in a language of LANGUAGES, or only a fuzzy or an
obsolete one. `./dev translations` updates the catalogs; `./dev translations
--status` lists what is left to translate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import DEV_SETTINGS, ROOT

from languages.catalog import catalog_path
from languages.model import parse_languages
from languages.report import (
    catalog_items,
    extract_messages,
    language_name,
    template_items,
)
from sitebuild.build import build_site, load_settings

THEME = ROOT / "theme"
LANGUAGES = parse_languages(load_settings(DEV_SETTINGS))
DEFAULT = LANGUAGES[0].code
OTHER_LANGUAGES = [language.code for language in LANGUAGES[1:]]


def test_the_sources_mark_strings_in_templates_and_plugins() -> None:
    places = {filename for filename, _line in extract_messages(ROOT).values()}
    assert any(place.startswith("theme/templates/") for place in places)
    # Labels marked N_() in Python, such as the 404 page's help.
    assert any(place.startswith("plugins/") for place in places)


def test_the_catalog_template_is_up_to_date() -> None:
    """messages.pot holds exactly the strings marked in templates and plugins."""
    problems = [str(item) for item in template_items(ROOT, THEME)]
    assert problems == [], "run ./dev translations\n" + "\n".join(problems)


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_string_is_translated(code: str) -> None:
    """No string of messages.pot is untranslated, fuzzy, stale or obsolete."""
    problems = [
        str(item) for item in catalog_items(THEME, code, language_name(code, DEFAULT))
    ]
    assert problems == [], "\n".join(problems)


def test_each_language_gets_its_own_catalog(tmp_path: Path) -> None:
    """The es run reads theme/translations/es/ (a .po, nothing compiled);
    the default language shows the msgids."""
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    po_file = catalog_path(theme, "es")
    with po_file.open("rb") as file:
        catalog = read_po(file)
    catalog["Skip to main content"].string = "Saltar al contenido (prueba)"
    with po_file.open("wb") as file:
        write_po(file, catalog)

    output = build_site(
        DEV_SETTINGS,
        tmp_path / "output",
        {"THEME": str(theme), "CACHE_PATH": str(tmp_path / "cache")},
    ).output

    spanish = (output / "es" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in spanish
    assert "Saltar al contenido (prueba)" in spanish
    assert "Skip to main content" not in spanish
    english = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english
    assert "Skip to main content" in english
    assert "(prueba)" not in english
