"""An incremental build is the clean build, byte for byte, after every kind of edit.

Each case starts from the project's own site (plus synthetic extras: a page with
a photo, a partner) built once with warm caches, makes one edit, builds again in
a new build with those caches, and compares the whole output with a clean
build of the same edited sources. Each case also checks that the edit showed
up and, where the edit leaves most pages alone, that those pages were reused:
a cache that never hits would pass the comparison and prove nothing.
"""

from __future__ import annotations

import copy
import filecmp
import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import DEV_SETTINGS, ROOT
from test_images_processing import synthetic_photo

from sitebuild.build import BuildError, BuildReport, build_site, load_settings

sys.path.insert(0, str(ROOT / "benchmarks"))
from records_cost import write_partner

EXTRA_PAGE = """Title: Example Page 17
Summary: Synthetic test page 17, with a synthetic photo.

Synthetic test text for page 17.

![A synthetic test pattern]({static}/images/photo.jpg)
"""


@dataclass
class Site:
    """A copy of the sources, with the caches of a build made before the edit."""

    root: Path
    overrides: dict[str, Any]

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def theme(self) -> Path:
        return self.root / "theme"

    def build(self, output: str, cache: str, **options: Any) -> BuildReport:
        settings = {
            **self.overrides,
            "PATH": str(self.content),
            "THEME": str(self.theme),
            "CACHE_PATH": str(self.root / cache),
        }
        return build_site(DEV_SETTINGS, self.root / output, settings, **options)

    def build_in_new_process(self, output: str, cache: str) -> BuildReport:
        """Build as `./dev build` does: in a process with no other thread.

        The build forks only such a process, and a test worker may already run
        threads (a browser driver's, for one)."""
        settings = {
            **self.overrides,
            "PATH": str(self.content),
            "THEME": str(self.theme),
            "CACHE_PATH": str(self.root / cache),
        }
        result = self.root / f"{output}.result.pickle"
        job = (str(DEV_SETTINGS), str(self.root / output), settings, str(result))
        subprocess.run(
            [sys.executable, "-c", _BUILD_IN_NEW_PROCESS],
            input=pickle.dumps(job),
            env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
            cwd=ROOT,
            check=True,
        )
        outcome, value = pickle.loads(result.read_bytes())
        if outcome == "failed":
            raise BuildError(value)
        return value


_BUILD_IN_NEW_PROCESS = """
import pickle, sys
from pathlib import Path
from sitebuild.build import BuildError, build_site
settings_file, output, settings, result = pickle.loads(sys.stdin.buffer.read())
try:
    outcome = ("built", build_site(Path(settings_file), Path(output), settings))
except BuildError as error:
    outcome = ("failed", error.problems)
Path(result).write_bytes(pickle.dumps(outcome))
"""


def _base(root: Path) -> Site:
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "theme", root / "theme")
    site = Site(root, {})
    (site.content / "images").mkdir()
    (site.content / "images" / "photo.jpg").write_bytes(synthetic_photo((900, 600)))
    (site.content / "pages" / "example-page-17.md").write_text(EXTRA_PAGE, "utf-8")
    write_partner(site.content / "partners", 17)
    return site


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = _base(tmp_path_factory.mktemp("warm"))
    site.build("output", "cache")
    return site


@pytest.fixture
def site(warm: Site, tmp_path: Path) -> Site:
    """The warm site's sources and caches, private to one test."""
    for name in ("content", "theme", "cache", "output"):
        shutil.copytree(warm.root / name, tmp_path / name, symlinks=True)
    return Site(tmp_path, {})


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def set_header(path: Path, name: str, value: str) -> None:
    """Set a page's front-matter field, adding it under the title if absent."""
    text = path.read_text(encoding="utf-8")
    line = re.compile(rf"^{name}: .*$", re.MULTILINE)
    if line.search(text):
        text = line.sub(f"{name}: {value}", text, count=1)
    else:
        title_end = text.index("\n") + 1
        text = f"{text[:title_end]}{name}: {value}\n{text[title_end:]}"
    path.write_text(text, encoding="utf-8")


def _hotline_setting(site: Site) -> None:
    hotlines = copy.deepcopy(load_settings(DEV_SETTINGS)["HOTLINES"])
    hotlines[0]["description"]["en"] = "Synthetic test description of the line."
    site.overrides["HOTLINES"] = hotlines


def _navigation_setting(site: Site) -> None:
    navigation = list(load_settings(DEV_SETTINGS)["NAVIGATION"])
    site.overrides["NAVIGATION"] = [navigation[-1], *navigation[:-1]]


def _partner_category(site: Site) -> None:
    path = site.root / PARTNER
    current = re.search(r"^category: (.*)$", path.read_text("utf-8"), re.M)
    assert current is not None
    categories = list(load_settings(DEV_SETTINGS)["PARTNERS_CATEGORIES"])
    other = next(name for name in categories if name != current.group(1))
    replace(path, current.group(0), f"category: {other}")


PAGES = Path("content/pages")
SYNTHETIC = Path("content/pages/example-page-17.md")
PARTNER = Path("content/partners/example-partner-17.yml")


# What the edit does, the text it makes appear (or vanish) somewhere in the
# output, and how many pages at least must be reused per page rendered (0:
# none need be).
Edit = tuple[Callable[[Site], None], str, float]


def _header(name: str, value: str, shows: str | None = None) -> Edit:
    """A front-matter edit of the synthetic page: front matter is shared data."""
    return (
        lambda s: set_header(s.root / SYNTHETIC, name, value),
        value if shows is None else shows,
        0.0,
    )


# A record's listings and filter pages are a good part of this small site.
RECORD_REUSE = 2.0

EDITS: dict[str, Edit] = {
    "page body": (
        lambda s: append(s.root / SYNTHETIC, "\nAn example sentence added.\n"),
        "An example sentence added.",
        10.0,
    ),
    "page title": _header("Title", "Example Page 17 renamed"),
    "page summary": _header("Summary", "A new synthetic summary."),
    "page parent": _header("Parent", "get-involved", shows="example-page-17"),
    "page slug": _header("Slug", "example-page-seventeen"),
    "page status": _header("Status", "hidden", shows=""),
    "new page": (
        lambda s: (s.root / PAGES / "example-page-18.md").write_text(
            EXTRA_PAGE.replace("17", "18"), encoding="utf-8"
        ),
        "Example Page 18",
        0.0,
    ),
    "deleted page": (
        lambda s: (s.root / SYNTHETIC).unlink(),
        "",
        0.0,
    ),
    # A record is read through records() and the page meta: only the pages
    # that show it are rendered again (sitebuild.memo).
    "partner category": (_partner_category, "", RECORD_REUSE),
    "bill action": (
        lambda s: replace(
            s.root / "content/legislation/sb-1193.yml",
            "chapter: ",
            "  - date: 2012-09-25\n    description: Example synthetic action"
            "\n    chamber: Governor\nchapter: ",
        ),
        "Example synthetic action",
        10.0,
    ),
    "new record": (
        lambda s: write_partner(s.content / "partners", 18),
        "Example Partner 18",
        RECORD_REUSE,
    ),
    "deleted record": (
        lambda s: (s.root / PARTNER).unlink(),
        "",
        RECORD_REUSE,
    ),
    "template": (
        lambda s: replace(
            s.theme / "templates/base.html",
            "</footer>",
            "<p>Example edit.</p></footer>",
        ),
        "<p>Example edit.</p>",
        0.0,
    ),
    "macro": (
        lambda s: replace(
            s.theme / "templates/components/partner_card.html",
            'class="cast-partner-card__category">',
            'class="cast-partner-card__category">Example: ',
        ),
        "Example: ",
        0.0,
    ),
    "hotline setting": (
        _hotline_setting,
        "Synthetic test description of the line.",
        0.0,
    ),
    "navigation setting": (_navigation_setting, "", 0.0),
    "image": (
        lambda s: (s.content / "images/photo.jpg").write_bytes(
            synthetic_photo((600, 900))
        ),
        "",
        10.0,
    ),
    "Spanish page": (
        lambda s: append(s.root / PAGES / "es/about.md", "\nUna frase de ejemplo.\n"),
        "Una frase de ejemplo.",
        10.0,
    ),
    "Spanish field": (
        lambda s: replace(
            s.content / "partners/dignity-health.yml",
            "CAST informa que",
            "Ejemplo: CAST informa que",
        ),
        "Ejemplo: CAST informa que",
        10.0,
    ),
}


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is missing on one side or differs in its bytes."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"only in {left.name}: {prefix}{n}" for n in compare.left_only)
        found.extend(f"only in {right.name}: {prefix}{n}" for n in compare.right_only)
        for name in compare.common_files:
            if not filecmp.cmp(
                left / prefix / name, right / prefix / name, shallow=False
            ):
                found.append(f"differs: {prefix}{name}")
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def site_text(folder: Path) -> str:
    return "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted(folder.rglob("*.html"))
    )


@pytest.mark.parametrize("edit", list(EDITS))
def test_incremental_build_equals_clean_build(site: Site, edit: str) -> None:
    change, shows, reuse = EDITS[edit]
    before = site_text(site.root / "output")
    change(site)
    report = site.build("output", "cache")
    clean = site.build("clean-output", "clean-cache", incremental=False)
    assert differences(report.output, clean.output) == []
    after = site_text(report.output)
    assert after != before, "the edit changed nothing in the output"
    if shows:
        assert shows in after
    assert report.rendered > 0
    if reuse:
        assert report.reused > reuse * report.rendered, report


def test_a_build_with_nothing_changed_renders_nothing(site: Site) -> None:
    report = site.build("output", "cache")
    assert report.rendered == 0
    assert report.reused > 100
    clean = site.build("clean-output", "clean-cache", incremental=False)
    assert differences(report.output, clean.output) == []


def test_a_failed_incremental_build_leaves_output_and_cache_as_they_were(
    site: Site,
) -> None:
    before = {
        p: p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()
    }
    index = {
        p: p.read_bytes() for p in (site.root / "cache" / "render").glob("index-*")
    }
    append(site.root / SYNTHETIC, "\nA page that is fine.\n")
    replace(site.root / PARTNER, "category: ", "category: not-a-category-")
    with pytest.raises(BuildError):
        site.build("output", "cache")
    after = {
        p: p.read_bytes() for p in (site.root / "output").rglob("*") if p.is_file()
    }
    assert after == before
    assert {
        p: p.read_bytes() for p in (site.root / "cache" / "render").glob("index-*")
    } == index


def test_clean_build_uses_no_cache_and_replaces_it(site: Site) -> None:
    stale = site.root / "cache" / "render" / "stale-marker"
    stale.write_text("from an earlier build", encoding="utf-8")
    report = site.build("output", "cache", clean=True)
    assert report.reused == 0
    assert not stale.exists()
    again = site.build("output", "cache")
    assert again.rendered == 0


def _template_error_fails_the_build(site: Site, snippet: str, undefined: str) -> None:
    """`snippet` in page.html breaks many pages; the build fails, output stays."""
    replace(
        site.theme / "templates/page.html",
        "{% block content %}",
        "{% block content %}" + snippet,
    )
    site.overrides["BUILD_WORKERS"] = 2
    before = site_text(site.root / "output")
    with pytest.raises(BuildError) as failure:
        site.build_in_new_process("output", "cache")
    problems = failure.value.problems
    assert len(problems) > 10
    assert all(f"'{undefined}' is undefined" in p for p in problems)
    assert site_text(site.root / "output") == before


def test_an_error_in_a_page_rendered_by_a_worker_fails_the_build(site: Site) -> None:
    """Pages are rendered by two processes; a worker's error still stops it.

    Every page on the template fails, in this process and in the worker."""
    _template_error_fails_the_build(
        site, "{{ example_missing.attribute }}", "example_missing"
    )


def test_languages_built_side_by_side_equal_languages_built_in_turn(
    site: Site,
) -> None:
    """The other languages run in a forked process beside the default one."""
    append(site.root / SYNTHETIC, "\nA sentence for both builds.\n")
    site.overrides["BUILD_WORKERS"] = 2
    side_by_side = site.build_in_new_process("output", "cache")
    site.overrides["BUILD_WORKERS"] = 1
    in_turn = site.build("turn-output", "turn-cache", incremental=False)
    assert (side_by_side.language_processes, in_turn.language_processes) == (2, 1)
    assert side_by_side.rendered > 0
    assert differences(side_by_side.output, in_turn.output) == []


def test_an_error_in_the_spanish_run_fails_the_build_built_beside_english(
    site: Site,
) -> None:
    """The Spanish run's problems come back from its process and stop the build."""
    _template_error_fails_the_build(
        site,
        '{% if DEFAULT_LANG == "es" %}{{ example_spanish_only.attribute }}{% endif %}',
        "example_spanish_only",
    )


def test_the_cache_keeps_each_page_as_it_was_rendered(published_site: Path) -> None:
    """A built page is a hard link to the render cache's copy of its bytes, so
    what changes built pages afterwards (the production build minifies them
    and fingerprints their asset links) must write new files, not change
    them in place: the cache's copy would change with them."""
    store = published_site.parent / "cache" / "render" / "pages"
    blobs = [path for path in store.glob("*/*") if not path.name.startswith(".")]
    assert blobs, f"nothing stored in {store}"
    changed = [
        path.name
        for path in blobs
        if hashlib.sha256(path.read_bytes()).hexdigest() != path.parent.name + path.name
    ]
    assert changed == [], f"{len(changed)} stored pages no longer hold their bytes"
