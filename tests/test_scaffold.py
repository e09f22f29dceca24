"""`./dev new`: every kind in every language writes a file that builds, drafts
stay unpublished, bad input writes nothing, and every field is explained.

The real task runs as staff run it (invoke in a subprocess) against copies of
content/, and one real build checks everything the files should do.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_project
from pydantic import BaseModel

from frontmatter.model import OPTIONAL, REQUIRED, STATUSES, TRANSLATION_OPTIONAL
from records.translation import translation_model
from scaffold.explanations import PAGE_FIELDS, RECORD_FIELDS, STATUS_MEANINGS
from scaffold.pages import HEADER_ORDER
from scaffold.records import RECORD_KINDS

INVOKE = Path(sys.executable).parent / "invoke"


def run_new(content: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(INVOKE), "new", *args, "--content", str(content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def new(content: Path, *args: str) -> None:
    result = run_new(content, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote content/"), result.stdout


def finish_page(path: Path, text: str) -> None:
    """What staff do when a page is done: drop `Status: draft`, write the text.

    The note at the top stays, to show that the build never publishes it.
    """
    source = path.read_text(encoding="utf-8")
    assert "Status: draft\n" in source
    path.write_text(source.replace("Status: draft\n", "") + f"\n{text}\n", "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of a copy of content/ with every kind started in every language."""
    tmp = tmp_path_factory.mktemp("scaffold")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    # Left as the scaffold wrote them: drafts, original and translation.
    new(content, "page", "volunteer-day")
    new(content, "page", "volunteer-day", "--lang", "es")
    new(content, "news", "volunteer-day")
    new(content, "news", "volunteer-day", "--lang", "es")
    # Finished in English; the Spanish is still a draft.
    new(content, "page", "open-day")
    finish_page(content / "pages" / "open-day.md", "Text of the open day page.")
    new(content, "page", "open-day", "--lang", "es")
    new(content, "news", "open-day")
    finish_page(content / "news" / "open-day.md", "Text of the open day article.")
    # Records have no draft state: published as written.
    new(content, "partner", "volunteer-center")
    new(content, "partner", "helper-center", "--lang", "es")
    new(content, "bill", "ab-9999")
    new(content, "bill", "sb-9999", "--lang", "es")
    build_project(tmp, content=content)
    return tmp


def read(site: Path, page: str) -> str:
    return (site / "output" / page).read_text(encoding="utf-8")


NOTE_WORDS = ("NOT FINISHED", "SIN TERMINAR", "<!--", "Key: value")


def test_a_draft_page_or_article_is_not_published(site: Path) -> None:
    output = site / "output"
    for page in (
        "volunteer-day/index.html",
        "es/volunteer-day/index.html",
        "news/volunteer-day/index.html",
        "es/news/volunteer-day/index.html",
    ):
        assert not (output / page).exists(), page
    for listing in ("sitemap.xml", "feeds/news.atom.xml", "site-map/index.html"):
        assert "volunteer-day" not in read(site, listing), listing
    # A preview shows the draft, without the note and marked for no index.
    draft = read(site, "drafts/pages/volunteer-day.html")
    assert "Volunteer day" in draft
    assert "noindex" in draft
    assert not [word for word in NOTE_WORDS if word in draft]


def test_a_finished_page_is_published_without_its_note(site: Path) -> None:
    page = read(site, "open-day/index.html")
    assert "Text of the open day page." in page
    assert "<h1" in page and "Open day" in page
    assert not [word for word in NOTE_WORDS if word in page]
    assert "/open-day/" in read(site, "sitemap.xml")
    article = read(site, "news/open-day/index.html")
    assert "Text of the open day article." in article
    feed = read(site, "feeds/news.atom.xml")
    assert "news/open-day/" in feed
    assert not [word for word in ("NOT FINISHED", "&lt;!--") if word in feed]


def test_a_draft_translation_shows_the_original_until_it_is_done(site: Path) -> None:
    # The English page's language switcher must lead to a page that exists.
    spanish = read(site, "es/open-day/index.html")
    assert "Text of the open day page." in spanish
    assert 'lang="en"' in spanish
    assert "Reemplace esta oración" not in spanish
    assert 'href="../es/open-day/"' in read(site, "open-day/index.html")


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("partners/volunteer-center/index.html", ("Volunteer center", "Not complete")),
        ("es/partners/volunteer-center/index.html", ("Volunteer center",)),
        ("partners/helper-center/index.html", ("Helper center", "Not complete")),
        ("es/partners/helper-center/index.html", ("Todavía sin completar",)),
        ("legislation/ab-9999/index.html", ("AB 9999", "Not complete")),
        ("legislation/sb-9999/index.html", ("SB 9999", "Not complete")),
        ("es/legislation/sb-9999/index.html", ("Todavía sin completar",)),
    ],
)
def test_a_new_record_is_published_saying_it_is_not_complete(
    site: Path, page: str, words: tuple[str, ...]
) -> None:
    text = read(site, page)
    assert [word for word in words if word not in text] == []


def test_the_scaffold_lists_every_field(site: Path) -> None:
    content = site / "content"
    page = (content / "pages" / "volunteer-day.md").read_text(encoding="utf-8")
    header, note = page.split("\n\n", 1)
    title, summary, status = header.splitlines()
    assert title == "Title: Volunteer day"
    assert summary.startswith("Summary: Replace this sentence")
    assert status == "Status: draft"
    # Every field an original may have, explained in the note, in file order.
    lines = note.splitlines()
    found = [
        next(i for i, line in enumerate(lines) if line.startswith(f"{key} ("))
        for key in (
            _spelled(key) for key in HEADER_ORDER if key in (*REQUIRED, *OPTIONAL)
        )
    ]
    assert found == sorted(found)
    news = (content / "news" / "volunteer-day.md").read_text(encoding="utf-8")
    assert [line.split(":")[0] for line in news.split("\n\n")[0].splitlines()] == [
        "Title",
        "Summary",
        "Date",
        "Status",
    ]
    translation = (content / "pages" / "es" / "open-day.md").read_text("utf-8")
    assert "Translation_of (opcional)" in translation
    assert "Template (" not in translation
    partner = (content / "partners" / "volunteer-center.yml").read_text("utf-8")
    assert "category: community-based" in partner
    assert "# website:" in partner
    assert "# status: active" in partner


def _spelled(key: str) -> str:
    return "URL" if key == "url" else key.capitalize()


def _digest(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(
            path.read_bytes()
        ).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def untouched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("untouched") / "content"
    shutil.copytree(ROOT / "content", content)
    return content


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("blog", "volunteer-day"), ("Unknown kind 'blog'", "page, news, partner")),
        (("page", "Volunteer_Day"), ("'Volunteer_Day'", "lowercase letters")),
        (("bill", "ab--1761"), ("'ab--1761'", "hyphens")),
        (("page", "new-page", "--lang", "fr"), ("Unknown language 'fr'", "en, es")),
        (
            ("page", "no-such-page", "--lang", "es"),
            ("content/pages/no-such-page.md", "./dev new page no-such-page"),
        ),
        (
            ("news", "no-such-article", "--lang", "es"),
            ("content/news/no-such-article.md", "./dev new news no-such-article"),
        ),
        (("page", "about"), ("content/pages/about.md already exists",)),
        (("page", "about", "--lang", "es"), ("content/pages/es/about.md already",)),
        (("partner", "fbi"), ("content/partners/fbi.yml already exists",)),
        (
            ("bill", "ab-1761", "--lang", "es"),
            ("`es:` block", "./dev translations --done content/legislation/ab-1761"),
        ),
        (("partner", "category"), ("'category' is kept", "choose another name")),
        (("page", "es"), ("'es' cannot be a page's name",)),
    ],
)
def test_bad_input_says_what_is_wrong_and_writes_nothing(
    untouched: Path, args: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    before = _digest(untouched)
    result = run_new(untouched, *args)
    assert result.returncode != 0
    assert [words for words in expected if words not in result.stderr] == []
    assert "Nothing was written." in result.stderr
    assert _digest(untouched) == before


def test_an_existing_file_is_never_overwritten(site: Path) -> None:
    path = site / "content" / "pages" / "open-day.md"
    before = path.read_bytes()
    result = run_new(site / "content", "page", "open-day")
    assert result.returncode != 0
    assert "already exists" in result.stderr
    assert path.read_bytes() == before


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """`model` and the models of its lists of items."""
    found = [model]
    for info in model.model_fields.values():
        args = getattr(info.annotation, "__args__", ())
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found += _models(arg)
    return found


def test_every_field_has_an_explanation() -> None:
    # Pages and news: plugins/frontmatter's fields, in the order files use.
    page_keys = {*REQUIRED, *OPTIONAL, *TRANSLATION_OPTIONAL}
    assert set(HEADER_ORDER) == page_keys
    assert set(PAGE_FIELDS["en"]) == page_keys
    assert set(PAGE_FIELDS["es"]) == {*REQUIRED, *TRANSLATION_OPTIONAL}
    for code in ("en", "es"):
        assert set(STATUS_MEANINGS[code]) == set(STATUSES)
    # Records: every field of every model, and in Spanish what a block holds.
    missing = []
    for kind in RECORD_KINDS.values():
        for model in _models(kind.record_type.model):
            english = RECORD_FIELDS["en"].get(model, {})
            missing += [
                f"en {model.__name__}.{name}"
                for name in model.model_fields
                if name not in english
            ]
            assert set(english) <= set(model.model_fields), model.__name__
            block = translation_model(model)
            spanish = RECORD_FIELDS["es"].get(model, {})
            missing += [
                f"es {model.__name__}.{name}"
                for name in (block.model_fields if block else ())
                if name not in spanish
            ]
    assert missing == []
