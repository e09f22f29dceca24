"""Theme strings are translatable without touching the templates."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DEV_SETTINGS, ROOT

from sitebuild.build import build_site

SPANISH_CATALOG = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Skip to main content"
msgstr "Saltar al contenido principal"

msgid "Exit this page"
msgstr "Salir de esta página"
"""


def test_a_spanish_catalog_translates_the_theme(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    catalog = theme / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(SPANISH_CATALOG, encoding="utf-8")

    overrides = {
        "THEME": str(theme),
        "DEFAULT_LANG": "es",
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    output = build_site(DEV_SETTINGS, tmp_path / "output", overrides).output

    html = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html
    assert "Saltar al contenido principal" in html
    assert "Salir de esta página" in html
    assert "Skip to main content" not in html


def test_the_template_catalog_is_up_to_date() -> None:
    """Every string marked in the templates is in messages.pot for translators."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    extracted = {
        message[2] if isinstance(message[2], str) else message[2][0]
        for message in extract_from_dir(
            str(ROOT / "theme" / "templates"),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}},
        )
    }
    with (ROOT / "theme" / "translations" / "messages.pot").open("rb") as pot:
        catalog = read_po(pot)
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog}
    missing = sorted(extracted - known)
    assert missing == [], "run ./dev translations"
