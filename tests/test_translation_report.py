"""`./dev translations --status` and `--done` on a small fixture content folder.

tests/fixtures/translations/ holds two pages, a news article, a partner and a
bill, each with an up-to-date Spanish translation, and a complete catalog. Each
test copies it, breaks one thing, and checks that the report names it, with
its file and line.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_SETTINGS, ROOT

from languages.report import TranslationError, stamp, translation_report
from legislation.plugin import LEGISLATION
from partners.plugin import PARTNERS
from sitebuild.build import load_settings

FIXTURE = ROOT / "tests" / "fixtures" / "translations"
KINDS = (PARTNERS, LEGISLATION)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A private copy of the fixture: content/ and theme/translations/."""
    copy = tmp_path / "site"
    shutil.copytree(FIXTURE, copy)
    return copy


def settings_for(site: Path) -> dict[str, Any]:
    return load_settings(
        DEV_SETTINGS,
        {
            "PATH": str(site / "content"),
            "THEME": str(site / "theme"),
            "RECORDS_TODAY": date(2026, 11, 26),
        },
    )


def report_lines(site: Path) -> list[str]:
    return [str(item) for item in translation_report(settings_for(site), KINDS).items]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_fixture_is_clean(site: Path) -> None:
    report = translation_report(settings_for(site), KINDS)
    assert report.items == []
    assert not report
    assert "nothing missing or out of date" in report.format().lower()


def test_a_page_with_no_translation_is_missing(site: Path) -> None:
    (site / "content" / "pages" / "es" / "contact.md").unlink()
    lines = report_lines(site)
    assert lines == [
        "content/pages/contact.md:1: missing: no Spanish translation; write "
        "content/pages/es/contact.md"
    ]


def test_an_article_with_no_translation_is_missing(site: Path) -> None:
    (site / "content" / "news" / "es" / "first-report.md").unlink()
    (line,) = report_lines(site)
    assert line.startswith("content/news/first-report.md:1: missing:")


def test_a_page_edited_after_its_translation_is_out_of_date(site: Path) -> None:
    edit(site / "content" / "pages" / "about.md", "in 1998", "in 1998 in Los Angeles")
    (line,) = report_lines(site)
    # The line of its Translation_of, in the translation.
    assert line.startswith("content/pages/es/about.md:4: out of date:")
    assert "content/pages/about.md changed" in line
    assert "./dev translations --done content/pages/es/about.md" in line


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Title: About us", "Title: About CAST"),
        ("Summary: Who we are", "Summary: Who we really are"),
        ("Nav_title: About", "Nav_title: About CAST"),
    ],
)
def test_every_translated_field_counts(site: Path, old: str, new: str) -> None:
    edit(site / "content" / "pages" / "about.md", old, new)
    (line,) = report_lines(site)
    assert line.startswith("content/pages/es/about.md:4: out of date:")


def test_structure_the_translation_inherits_does_not_count(site: Path) -> None:
    edit(
        site / "content" / "pages" / "about.md",
        "Nav_title",
        "Parent: contact\nNav_title",
    )
    edit(site / "content" / "news" / "first-report.md", "2020-01-15", "2020-01-16")
    assert report_lines(site) == []


def test_a_translation_with_no_stamp_is_out_of_date_unknown(site: Path) -> None:
    edit(site / "content" / "pages" / "es" / "contact.md", "Translation_of", "X-Of")
    edit(site / "content" / "pages" / "es" / "contact.md", "X-Of: 193bfbbca74a\n", "")
    (line,) = report_lines(site)
    assert line.startswith(
        "content/pages/es/contact.md:1: out of date (unknown): no Translation_of"
    )


def test_a_translation_with_no_original_is_an_error(site: Path) -> None:
    shutil.copy(
        site / "content" / "pages" / "es" / "contact.md",
        site / "content" / "pages" / "es" / "contacto.md",
    )
    (line,) = report_lines(site)
    assert line.startswith("content/pages/es/contacto.md:1: error: no original")
    assert "content/pages/contacto.md" in line


def test_a_record_value_with_no_spanish_is_missing_with_its_line(site: Path) -> None:
    partner = site / "content" / "partners" / "example-clinic.yml"
    edit(partner, "  phones:\n    - description: Recepción\n", "")
    lines = report_lines(site)
    # Line 10 is the English value to translate.
    assert (
        "content/partners/example-clinic.yml:10: missing: phones[0].description: "
        "no Spanish text in the es: block"
    ) in lines
    # Removing the value also changed nothing in the English, so no other line.
    assert len(lines) == 1


def test_a_list_translated_in_part_is_missing_the_rest(site: Path) -> None:
    bill = site / "content" / "legislation" / "example-bill.yml"
    edit(bill, "      chamber: Gobernador\n", "")
    assert report_lines(site) == [
        "content/legislation/example-bill.yml:11: missing: actions[0].chamber: "
        "no Spanish text in the es: block"
    ]


def test_a_record_edited_after_its_translation_is_out_of_date(site: Path) -> None:
    bill = site / "content" / "legislation" / "example-bill.yml"
    edit(bill, "Gives survivors more support.", "Gives survivors much more support.")
    (line,) = report_lines(site)
    # The line of its translation_of, the first in the es: block.
    assert line.startswith("content/legislation/example-bill.yml:17: out of date:")
    assert "./dev translations --done content/legislation/example-bill.yml" in line


def test_a_record_with_no_block_lists_every_value(site: Path) -> None:
    partner = site / "content" / "partners" / "example-clinic.yml"
    text = partner.read_text(encoding="utf-8")
    partner.write_text(text[: text.index("# Spanish")], encoding="utf-8")
    assert report_lines(site) == [
        "content/partners/example-clinic.yml:3: missing: description: "
        "no Spanish text in the es: block",
        "content/partners/example-clinic.yml:5: missing: services: "
        "no Spanish text in the es: block",
        "content/partners/example-clinic.yml:10: missing: phones[0].description: "
        "no Spanish text in the es: block",
    ]


def test_a_bad_spanish_field_is_an_error_with_its_line(site: Path) -> None:
    partner = site / "content" / "partners" / "example-clinic.yml"
    edit(partner, "  services:\n", "  website: https://example.org/\n  services:\n")
    (line,) = report_lines(site)
    assert line.startswith("content/partners/example-clinic.yml:18: error: es.website:")


def test_a_fuzzy_string_is_listed(site: Path) -> None:
    po = site / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    edit(
        po,
        "#: theme/templates/base.html:20\n",
        "#: theme/templates/base.html:20\n#, fuzzy\n",
    )
    assert report_lines(site) == [
        "theme/translations/es/LC_MESSAGES/messages.po:12: fuzzy: 'Exit this page': "
        "check the translation, then delete its `#, fuzzy` line"
    ]


def test_an_untranslated_string_is_listed(site: Path) -> None:
    po = site / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    edit(po, 'msgstr "Salir de esta página"', 'msgstr ""')
    assert report_lines(site) == [
        "theme/translations/es/LC_MESSAGES/messages.po:11: missing: "
        "'Exit this page' has no Spanish translation"
    ]


def test_a_string_not_in_the_catalog_is_listed(site: Path) -> None:
    pot = site / "theme" / "translations" / "messages.pot"
    edit(pot, "#: plugins/", 'msgid "Menu"\nmsgstr ""\n\n#: plugins/')
    assert report_lines(site) == [
        "theme/translations/messages.pot:13: missing: 'Menu' is not in "
        "theme/translations/es/LC_MESSAGES/messages.po; run ./dev translations"
    ]


def test_stale_and_obsolete_strings_are_listed(site: Path) -> None:
    po = site / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("a", encoding="utf-8") as file:
        file.write('\nmsgid "Old label"\nmsgstr "Etiqueta vieja"\n')
        file.write('\n#~ msgid "Older label"\n#~ msgstr "Etiqueta más vieja"\n')
    assert report_lines(site) == [
        "theme/translations/es/LC_MESSAGES/messages.po:18: stale: 'Old label' is no "
        "longer in theme/translations/messages.pot; run ./dev translations",
        "theme/translations/es/LC_MESSAGES/messages.po:21: obsolete: 'Older label' "
        "(#~) is no longer used; delete it",
    ]


def test_a_string_translated_only_in_an_obsolete_entry_is_listed(site: Path) -> None:
    po = site / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    edit(po, 'msgid "Exit this page"\nmsgstr', '#~ msgid "Exit this page"\n#~ msgstr')
    (line,) = report_lines(site)
    assert "obsolete: 'Exit this page' has only an old (#~) translation" in line


def test_a_missing_catalog_is_listed(site: Path) -> None:
    shutil.rmtree(site / "theme" / "translations" / "es")
    assert report_lines(site) == [
        "theme/translations/es/LC_MESSAGES/messages.po:1: missing: no Spanish "
        "catalog; run ./dev translations --add es, then translate it"
    ]


def test_the_report_groups_and_counts(site: Path) -> None:
    (site / "content" / "pages" / "es" / "contact.md").unlink()
    edit(site / "content" / "legislation" / "example-bill.yml", "AB 100", "AB 101")
    edit(
        site / "content" / "legislation" / "example-bill.yml",
        "more support",
        "better support",
    )
    po = site / "theme" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    edit(
        po,
        "#: theme/templates/base.html:20\n",
        "#: theme/templates/base.html:20\n#, fuzzy\n",
    )
    text = translation_report(settings_for(site), KINDS).format()
    lines = text.splitlines()
    assert lines[0] == "Spanish (es): 3 items missing or out of date."
    for heading, item in [
        ("Pages and news (1)", "content/pages/contact.md:1: missing:"),
        ("Records (1)", "content/legislation/example-bill.yml:17: out of date:"),
        ("Theme strings (1)", "theme/translations/es/LC_MESSAGES/messages.po:12:"),
    ]:
        index = lines.index(heading)
        assert lines[index + 1].startswith(item)
    assert lines[-1] == "In all: 3 items missing or out of date."


# --- --done ---------------------------------------------------------------------


def test_done_stamps_a_stale_page_and_keeps_every_other_byte(site: Path) -> None:
    edit(site / "content" / "pages" / "about.md", "in 1998", "in 1998 in Los Angeles")
    translation = site / "content" / "pages" / "es" / "about.md"
    before = translation.read_bytes()
    message = stamp(translation, settings_for(site), KINDS)
    after = translation.read_bytes()
    assert message.startswith("content/pages/es/about.md: Translation_of: ")
    assert report_lines(site) == []
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(changed) == 1
    assert changed[0][0].startswith(b"Translation_of: ")
    assert changed[0][1].startswith(b"Translation_of: ")


def test_done_adds_the_stamp_at_the_end_of_the_front_matter(site: Path) -> None:
    translation = site / "content" / "pages" / "es" / "contact.md"
    # Windows line endings, and no stamp yet.
    text = translation.read_text(encoding="utf-8")
    text = "".join(
        line for line in text.splitlines(keepends=True) if "Translation_of" not in line
    )
    translation.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    stamp(translation, settings_for(site), KINDS)
    lines = translation.read_bytes().split(b"\r\n")
    assert lines[:4] == [
        b"Title: Contacto",
        "Summary: Cómo comunicarse con nosotros.".encode(),
        b"Translation_of: 193bfbbca74a",
        b"",
    ]
    assert translation.read_bytes().replace(
        b"Translation_of: 193bfbbca74a\r\n", b""
    ) == (text.replace("\n", "\r\n").encode("utf-8"))
    assert report_lines(site) == []


def test_done_stamps_a_record_first_in_its_block(site: Path) -> None:
    bill = site / "content" / "legislation" / "example-bill.yml"
    edit(bill, "Gives survivors more support.", "Gives survivors much more support.")
    before = bill.read_text(encoding="utf-8")
    stamp(bill, settings_for(site), KINDS)
    after = bill.read_text(encoding="utf-8")
    assert report_lines(site) == []
    old, new = before.splitlines(), after.splitlines()
    assert new[new.index("es:") + 1].startswith("  translation_of: ")
    assert [line for line in old if "translation_of" not in line] == [
        line for line in new if "translation_of" not in line
    ]


def test_done_adds_a_record_stamp_when_there_is_none(site: Path) -> None:
    partner = site / "content" / "partners" / "example-clinic.yml"
    edit(partner, "  translation_of: 85e5d1a46215\n", "")
    before = partner.read_text(encoding="utf-8")
    assert len(report_lines(site)) == 1
    stamp(partner, settings_for(site), KINDS)
    after = partner.read_text(encoding="utf-8")
    assert after == before.replace("\nes:\n", "\nes:\n  translation_of: 85e5d1a46215\n")
    assert report_lines(site) == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("content/pages/about.md", "not a translation"),
        ("content/news/first-report.md", "not a translation"),
        ("content/pages/es/missing.md", "no such file"),
        ("theme/translations/messages.pot", "translations are in content/"),
    ],
)
def test_done_refuses_what_is_not_a_translation(
    site: Path, path: str, reason: str
) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    with pytest.raises(TranslationError, match=reason):
        stamp(site / path, settings_for(site), KINDS)
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_done_refuses_a_record_with_no_spanish_block(site: Path) -> None:
    partner = site / "content" / "partners" / "example-clinic.yml"
    text = partner.read_text(encoding="utf-8")
    partner.write_text(text[: text.index("# Spanish")], encoding="utf-8")
    before = partner.read_bytes()
    with pytest.raises(TranslationError, match="no es: block"):
        stamp(partner, settings_for(site), KINDS)
    assert partner.read_bytes() == before


def test_done_refuses_a_translation_with_no_original(site: Path) -> None:
    orphan = site / "content" / "pages" / "es" / "contacto.md"
    shutil.copy(site / "content" / "pages" / "es" / "contact.md", orphan)
    with pytest.raises(TranslationError, match="no original"):
        stamp(orphan, settings_for(site), KINDS)


def test_done_refuses_an_invalid_record(site: Path) -> None:
    bill = site / "content" / "legislation" / "example-bill.yml"
    edit(bill, "status: enacted", "status: maybe")
    before = bill.read_bytes()
    with pytest.raises(TranslationError, match="status"):
        stamp(bill, settings_for(site), KINDS)
    assert bill.read_bytes() == before


def test_done_takes_the_block_indent_from_its_fields_not_comments(site: Path) -> None:
    partner = site / "content" / "partners" / "example-clinic.yml"
    edit(
        partner, "es:\n  translation_of: 85e5d1a46215\n", "es:\n    # checked by Ana\n"
    )
    stamp(partner, settings_for(site), KINDS)
    assert "es:\n  translation_of: 85e5d1a46215\n    # checked by Ana\n" in (
        partner.read_text(encoding="utf-8")
    )
    assert report_lines(site) == []
