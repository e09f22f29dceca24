"""The CMS's file formats (plugins/cms/admin/formats.js), run in Node.

Opening a file in the CMS and saving it must not change what the site is built
from: a page byte for byte, a record's data (its comments cannot survive Decap,
which holds only data). What the CMS writes must pass the build's own checks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_SETTINGS, ROOT

from cms.config import build_config
from cms.output import render_config
from frontmatter.model import check_header, parse_source
from frontmatter.plugin import theme_templates
from records.loader import load_record_file
from sitebuild.build import load_settings

RUNNER = ROOT / "tests" / "js" / "run_format.mjs"
YAML_BUILD = ROOT / "tools/node/node_modules/yaml/browser/dist/index.js"
CONTENT = ROOT / "content"
PAGE_COLLECTIONS = {
    "pages": CONTENT / "pages",
    "pages_es": CONTENT / "pages" / "es",
    "news": CONTENT / "news",
    "news_es": CONTENT / "news" / "es",
}
RECORD_COLLECTIONS = {
    "partners": CONTENT / "partners",
    "legislation": CONTENT / "legislation",
}


def files(collections: dict[str, Path], pattern: str) -> list[tuple[str, Path]]:
    return [
        (name, path)
        for name, folder in collections.items()
        for path in sorted(folder.glob(pattern))
    ]


PAGES = files(PAGE_COLLECTIONS, "*.md")
RECORDS = files(RECORD_COLLECTIONS, "*.yml")


def label(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def config_text() -> str:
    """admin/config.yml as the build writes it for the project's own site."""
    return render_config(build_config(load_settings(DEV_SETTINGS)))


def answers(*jobs: tuple[str, str, Any]) -> list[dict[str, Any]]:
    """Each (collection, call, input) through the format, in one Node process."""
    node = shutil.which("node")
    assert node, "the CMS formats run on Node.js (Debian: apt-get install nodejs)"
    assert YAML_BUILD.is_file(), (
        f"{YAML_BUILD} is missing; `./dev test` installs it (npm ci in tools/node)."
    )
    request = {
        "config": config_text(),
        "jobs": [{"collection": c, "call": call, "input": i} for c, call, i in jobs],
    }
    result = subprocess.run(
        [node, str(RUNNER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def run(*jobs: tuple[str, str, Any]) -> list[Any]:
    """The value of each job; every one must succeed."""
    found = answers(*jobs)
    errors = [answer["error"] for answer in found if "error" in answer]
    assert errors == [], errors
    return [answer["value"] for answer in found]


def call(collection: str, name: str, value: Any) -> Any:
    return run((collection, name, value))[0]


@cache
def round_trips() -> dict[Path, str]:
    """Every page and record, opened and saved, in one Node process."""
    paths = [*PAGES, *RECORDS]
    texts = run(
        *((name, "roundTrip", path.read_text(encoding="utf-8")) for name, path in paths)
    )
    return {path: text for (_, path), text in zip(paths, texts, strict=True)}


def record_data(text: str, tmp_path: Path, name: str = "saved.yml") -> dict[str, Any]:
    """`text` read as the build reads a record file, with no problem found."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    loaded = load_record_file(path, name)
    assert loaded.problems == []
    assert loaded.data is not None
    return loaded.data


@pytest.mark.parametrize("path", [p for _, p in PAGES], ids=label)
def test_a_page_opened_and_saved_is_unchanged_byte_for_byte(path: Path) -> None:
    assert round_trips()[path] == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for _, p in RECORDS], ids=label)
def test_a_record_opened_and_saved_keeps_its_data(path: Path, tmp_path: Path) -> None:
    before = record_data(path.read_text(encoding="utf-8"), tmp_path, "before.yml")
    after = record_data(round_trips()[path], tmp_path, "after.yml")
    assert after.get("es") == before.get("es")
    assert after == before


def test_a_record_keeps_its_layout_and_loses_only_its_comments() -> None:
    text = (CONTENT / "legislation" / "ab-1761.yml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert round_trips()[CONTENT / "legislation" / "ab-1761.yml"].splitlines() == kept


def test_decap_sees_each_language_with_the_originals_duplicated_fields() -> None:
    text = (CONTENT / "legislation" / "ab-1761.yml").read_text(encoding="utf-8")
    data = call("legislation", "fromFile", text)
    assert set(data) == {"en", "es"}
    assert data["en"]["actions"][0]["date"] == "2016-09-26"
    assert "es" not in data["en"]
    # Each action shows its date beside the translation, so the translator can
    # tell the items apart; the date is written once, in the original.
    assert data["es"]["actions"] == [
        {
            "date": "2016-09-26",
            "description": "Aprobado por el gobernador",
            "chamber": "Gobernador",
            "__from_file": True,
        }
    ]
    assert data["es"]["translation_of"] == "679be275f624"


def test_a_block_that_translates_fewer_items_keeps_translating_fewer(
    tmp_path: Path,
) -> None:
    text = (
        "identifier: SB 2\ntitle: T\njurisdiction: california\nsession: S\n"
        "status: introduced\nsummary: S\nactions:\n"
        "  - {date: 2025-01-06, description: Introduced}\n"
        "  - {date: 2025-02-01, description: Referred}\n"
        "links:\n  - {label: A, url: 'https://a.test'}\n"
        "  - {label: B, url: 'https://b.test'}\n"
        "es:\n  actions:\n    - description: Presentado\n"
        "  links:\n    - {}\n    - label: B (es)\n"
    )
    data = call("legislation", "fromFile", text)
    # The translator sees every action, the untranslated one with its date.
    assert [a["date"] for a in data["es"]["actions"]] == ["2025-01-06", "2025-02-01"]
    saved = record_data(call("legislation", "toFile", data), tmp_path)
    assert saved["es"] == {
        "actions": [{"description": "Presentado"}],
        "links": [{}, {"label": "B (es)"}],
    }


def test_plain_values_are_read_as_pyyaml_reads_them(tmp_path: Path) -> None:
    # YAML 1.1 as the yaml package reads it would make numbers of the first
    # three and a boolean of `y`; PyYAML, which builds the site, reads text.
    text = (
        "name: 5e2086737383\ncategory: law-enforcement\ndescription: 1e3\n"
        "address: '08'\nlogo: y\nstatus: active\njoined: 0x7D5\n"
        "last_verified: 2025-1-6 \nes:\n  description: 08\n"
    )
    saved = record_data(call("partners", "roundTrip", text), tmp_path)
    assert saved == record_data(text, tmp_path, "original.yml")
    assert saved["name"] == "5e2086737383" and saved["joined"] == 2005


def test_a_changed_body_line_changes_only_that_line() -> None:
    path = CONTENT / "pages" / "about.md"
    text = path.read_text(encoding="utf-8")
    data = call("pages", "fromFile", text)
    lines = data["body"].split("\n")
    index = next(i for i, line in enumerate(lines) if line.strip())
    lines[index] = "A sentence an editor changed."
    saved = call("pages", "toFile", {**data, "body": "\n".join(lines)})
    before, after = text.split("\n"), saved.split("\n")
    assert len(after) == len(before)
    changed = [new for old, new in zip(before, after, strict=True) if old != new]
    assert changed == ["A sentence an editor changed."]


def page_slugs() -> set[str]:
    return {
        parse_source(label(path), path.read_text(encoding="utf-8"))[0].slug
        for name, path in PAGES
        if name == "pages"
    }


def test_a_new_page_passes_the_front_matter_checks() -> None:
    # What Decap hands over for a new page: a field typed into and cleared is
    # "", an unset select null, a picked date possibly a Date.
    new = {
        "Title": "Volunteer day",
        "Summary": "Spend a Saturday with CAST:\nsort donations, pack kits.",
        "Nav_title": "",
        "Parent": "get-involved",
        "Template": "guide",
        "Date": {"$date": "2025-03-01T00:00:00Z"},
        "URL": "",
        "Status": None,
        "body": "Join us.\n\n\n",
    }
    text = call("pages", "toFile", new)
    assert text == (
        "Title: Volunteer day\n"
        "Summary: Spend a Saturday with CAST: sort donations, pack kits.\n"
        "Parent: get-involved\n"
        "Template: guide\n"
        "Date: 2025-03-01\n"
        "\n"
        "Join us.\n"
    )
    source, problems = parse_source("content/pages/volunteer-day.md", text)
    templates = theme_templates({"THEME": str(ROOT / "theme")})
    assert problems + check_header(source, page_slugs(), templates) == []


def test_a_key_written_empty_in_the_file_stays_written() -> None:
    # `URL:` puts the home page at the site's root; a cleared field must not.
    text = (CONTENT / "pages" / "home.md").read_text(encoding="utf-8")
    data = call("pages", "fromFile", text)
    assert data["URL"] == ""
    assert "URL:\n" in call("pages", "toFile", data)
    cleared = {"Title": "T", "Summary": "S", "URL": "", "body": "B"}
    assert call("pages", "toFile", cleared) == "Title: T\nSummary: S\n\nB\n"


def test_unknown_capitalised_keys_are_kept_and_lowercase_keys_dropped() -> None:
    data = {
        "Author": "Ana",
        "Translation_of": "feea39f30c3d",
        "Title": "Acerca de CAST",
        "original": "about",
        "Summary": "Quiénes somos.",
        "body": "Texto.",
    }
    assert call("pages_es", "toFile", data) == (
        "Title: Acerca de CAST\n"
        "Summary: Quiénes somos.\n"
        "Translation_of: feea39f30c3d\n"
        "Author: Ana\n"
        "\n"
        "Texto.\n"
    )
    # A key Pelican reads whatever its case is read as that field.
    read = call("pages", "fromFile", "title: T\nnav title: N\nauthor: A\n\nB\n")
    assert read == {"Title": "T", "Nav_title": "N", "Author": "A", "body": "B\n"}


def test_a_new_record_writes_only_translations_in_its_language_block(
    tmp_path: Path,
) -> None:
    # Decap gives the new entry's other language a copy of the defaults, and
    # duplicated fields in each list item.
    en = {
        "identifier": "SB 1",
        "title": "A bill",
        "jurisdiction": "california",
        "session": "2025-2026",
        "status": "introduced",
        "summary": "First line.\nSecond line.",
        "position": "none",
        "actions": [
            {"date": {"$date": "2025-01-06T00:00:00Z"}, "description": "Introduced"},
            {"date": "2025-02-01", "description": "Referred", "chamber": "Senate"},
        ],
        "links": [{"label": "Text", "url": "https://example.test/sb1"}],
        "signed": "",
        "related": [],
    }
    es = {
        "position": "none",
        "title": "Un proyecto",
        "actions": [
            {"date": "2025-01-06", "description": "Presentado"},
            {"date": "2025-02-01", "description": "", "chamber": None},
        ],
        "links": [{"url": "https://example.test/sb1"}],
    }
    text = call("legislation", "toFile", {"en": en, "es": es})
    data = record_data(text, tmp_path)
    assert data["es"] == {
        "title": "Un proyecto",
        "actions": [{"description": "Presentado"}],
    }
    assert data["summary"] == "First line.\nSecond line.\n"
    assert [action["date"].isoformat() for action in data["actions"]] == [
        "2025-01-06",
        "2025-02-01",
    ]
    assert "signed" not in data and "related" not in data
    assert "summary: |\n" in text
    assert list(data) == [
        "identifier",
        "title",
        "jurisdiction",
        "session",
        "status",
        "summary",
        "position",
        "actions",
        "links",
        "es",
    ]


def test_text_that_yaml_would_misread_stays_text(tmp_path: Path) -> None:
    # PyYAML reads `yes` as true and 2025-01-06 as a date; in a text field
    # each must come back as the text that was typed.
    en = {
        "name": "yes",
        "category": "law-enforcement",
        "description": "2025-01-06",
        "phones": [{"number": "711", "type": "tty", "description": "on"}],
        "joined": 2005,
        "show_address": False,
        "last_verified": "2025-01-06",
    }
    text = call("partners", "toFile", {"en": en, "es": {}})
    data = record_data(text, tmp_path)
    assert data["name"] == "yes"
    assert data["description"] == "2025-01-06"
    assert data["phones"] == [{"number": "711", "type": "tty", "description": "on"}]
    assert data["joined"] == 2005
    assert data["show_address"] is False
    assert data["last_verified"].isoformat() == "2025-01-06"
    assert "es" not in data


def test_a_local_backup_of_one_language_is_restored_as_it_was() -> None:
    # Decap backs up an unsaved draft one language at a time, through the
    # same format, and reads it back with fromFile.
    flat = {
        "translation_of": "679be275f624",
        "title": "Defensa afirmativa",
        "actions": [{"date": "2016-09-26", "description": "Aprobado"}],
    }
    text = call("legislation", "toFile", flat)
    assert call("legislation", "fromFile", text) == flat


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Title: T\nSummary S\n\nB\n", "line 2: expected `Key: value`"),
        ("Title: T\nSummary: S\ntitle: U\n\nB\n", "line 3: Title appears twice"),
    ],
    ids=["no colon", "twice"],
)
def test_a_header_the_build_would_refuse_is_not_opened(text: str, message: str) -> None:
    # Refused, not read in part: saving what was read would drop the line.
    [answer] = answers(("pages", "fromFile", text))
    assert message in answer["error"]
