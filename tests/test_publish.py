"""`invoke publish`: checks first, then one all-or-nothing deploy to a target."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from sitebuild.budget import FIRST_ROUND_TRIP_BYTES
from sitebuild.publish import (
    GH_PAGES_BRANCH,
    SSH_KEY_ENV,
    SSH_KNOWN_HOSTS_ENV,
    Changes,
    GhPagesTarget,
    LocalTarget,
    PublishError,
    RsyncTarget,
    check_target,
    deploy_gh_pages,
    deploy_local,
    parse_itemized,
    parse_target,
    publish,
    rsync_command,
)

MESSAGE = "Publish (test)"


# --- Helpers --------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def git(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def branch_tip(bare: Path) -> str | None:
    found = subprocess.run(
        ["git", "--git-dir", str(bare), "rev-parse", "--verify", "-q", GH_PAGES_BRANCH],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or None


def branch_files(bare: Path) -> dict[str, bytes]:
    names = git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", GH_PAGES_BRANCH)
    return {
        name: subprocess.run(
            ["git", "--git-dir", str(bare), "show", f"{GH_PAGES_BRANCH}:{name}"],
            capture_output=True,
            check=True,
        ).stdout
        for name in names.splitlines()
    }


def edited_copy(site: Path, destination: Path) -> Path:
    """A copy of the site with one page changed, one file added, one removed."""
    shutil.copytree(site, destination)
    page = destination / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (destination / "added.txt").write_text("new\n", encoding="utf-8")
    (destination / "safety" / "index.html").unlink()
    return destination


@pytest.fixture(autouse=True)
def no_git_identity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Like a CI machine: no global git configuration, so no identity."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("NAME", "EMAIL"):
        for role in ("AUTHOR", "COMMITTER"):
            monkeypatch.delenv(f"GIT_{role}_{name}", raising=False)


@pytest.fixture(scope="module")
def site(published_site: Path) -> Path:
    """The project's site as published (publishconf.py), built once per session."""
    return published_site


@pytest.fixture
def bare(tmp_path: Path) -> Path:
    remote = tmp_path / "remote.git"
    git("init", "--quiet", "--bare", str(remote))
    return remote


# --- Target specs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("local:/srv/www/cast", LocalTarget(Path("/srv/www/cast"))),
        ("local:_site", LocalTarget(Path("/base/_site"))),
        ("gh-pages:origin", GhPagesTarget("origin")),
        ("gh-pages:../site.git", GhPagesTarget("/site.git")),
        (
            "gh-pages:git@github.com:example/site.git",
            GhPagesTarget("git@github.com:example/site.git"),
        ),
        (
            "gh-pages:https://github.com/example/site.git",
            GhPagesTarget("https://github.com/example/site.git"),
        ),
        (
            " rsync:deploy@host.example.net:/var/www/site ",
            RsyncTarget("deploy@host.example.net:/var/www/site"),
        ),
        ("rsync:host.example.net:site", RsyncTarget("host.example.net:site")),
    ],
)
def test_target_specs(spec: str, expected: object) -> None:
    assert parse_target(spec, Path("/base")) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "Unknown publish target ''"),
        ("ftp:/srv/www", "Unknown publish target 'ftp:/srv/www'"),
        ("/srv/www", "Unknown publish target '/srv/www'"),
        ("local:", "names no destination"),
        ("gh-pages:  ", "names no destination"),
        ("rsync:", "names no destination"),
        ("rsync:host.example.net", "expected [USER@]HOST:PATH"),
        ("rsync:host.example.net::module", "expected [USER@]HOST:PATH"),
        ("rsync:deploy@host.example.net:/", "refusing to publish into '/'"),
        ("rsync:host.example.net:~/", "refusing to publish into '~/'"),
        ("gh-pages:https://x-access-token:secret@github.com/a/b.git", "token"),
        ("gh-pages:https://secret@github.com/a/b.git", "token"),
    ],
)
def test_bad_target_specs_are_refused(spec: str, message: str) -> None:
    with pytest.raises(PublishError) as failure:
        parse_target(spec, Path("/base"))
    assert message in str(failure.value)
    assert "secret" not in str(failure.value)


# --- Local folder ---------------------------------------------------------------


def test_local_publish_to_a_new_folder(site: Path, tmp_path: Path) -> None:
    folder = tmp_path / "www"
    changes = deploy_local(site, LocalTarget(folder), dry_run=False)

    assert snapshot(folder) == snapshot(site)
    assert set(changes.added) == set(snapshot(site))
    assert folder.stat().st_mode & 0o755 == 0o755


def test_local_publish_replaces_the_folder_and_leaves_nothing_behind(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "www"
    deploy_local(
        edited_copy(site, tmp_path / "old"), LocalTarget(folder), dry_run=False
    )

    changes = deploy_local(site, LocalTarget(folder), dry_run=False)

    assert snapshot(folder) == snapshot(site)
    assert changes.added == ("safety/index.html",)
    assert changes.changed == ("about/index.html",)
    assert changes.removed == ("added.txt",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old", "www"]


def test_local_dry_run_lists_changes_and_writes_nothing(
    site: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "www"
    deploy_local(site, LocalTarget(folder), dry_run=False)
    before = snapshot(folder)
    edited = edited_copy(site, tmp_path / "edited")

    changes = deploy_local(edited, LocalTarget(folder), dry_run=True)

    assert changes.added == ("added.txt",)
    assert changes.changed == ("about/index.html",)
    assert changes.removed == ("safety/index.html",)
    assert "~ about/index.html" in changes.lines()
    assert snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edited", "www"]


def test_local_dry_run_into_a_missing_folder_creates_nothing(
    site: Path, tmp_path: Path
) -> None:
    changes = deploy_local(site, LocalTarget(tmp_path / "www"), dry_run=True)
    assert len(changes.added) == len(snapshot(site))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing-parent", "does not exist"),
        ("file", "this is a file"),
        ("unrelated", "does not look like a published site"),
        ("inside-site", "overlaps the built site"),
    ],
)
def test_local_folders_that_must_not_be_replaced(
    site: Path, tmp_path: Path, setup: str, message: str
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    folder = {
        "missing-parent": tmp_path / "no" / "www",
        "file": tmp_path / "www",
        "unrelated": tmp_path / "home",
        "inside-site": copy / "www",
    }[setup]
    if setup == "file":
        folder.write_text("not a folder", encoding="utf-8")
    if setup == "unrelated":
        folder.mkdir()
        (folder / "notes.txt").write_text("someone's notes", encoding="utf-8")
    before = snapshot(tmp_path)

    with pytest.raises(PublishError, match=message):
        deploy_local(copy, LocalTarget(folder), dry_run=False)

    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_check_target_catches_a_missing_parent_before_the_build(
    tmp_path: Path,
) -> None:
    with pytest.raises(PublishError, match="does not exist"):
        check_target(LocalTarget(tmp_path / "no" / "www"), repo=tmp_path)


# --- gh-pages -------------------------------------------------------------------


def test_gh_pages_publish_to_a_bare_repository(
    site: Path, bare: Path, tmp_path: Path
) -> None:
    target = GhPagesTarget(str(bare))
    changes = deploy_gh_pages(
        site,
        target,
        dry_run=False,
        message=MESSAGE,
        repo=tmp_path,
        cname="www.castla.org",
    )

    files = branch_files(bare)
    assert files == {**snapshot(site), ".nojekyll": b"", "CNAME": b"www.castla.org"}
    assert set(changes.added) == set(files)
    log = git("--git-dir", str(bare), "log", "--format=%s|%cn", GH_PAGES_BRANCH)
    assert log == f"{MESSAGE}|CAST website publisher"


def test_gh_pages_adds_one_commit_per_publish(
    site: Path, bare: Path, tmp_path: Path
) -> None:
    target = GhPagesTarget(str(bare))
    deploy_gh_pages(site, target, dry_run=False, message="first", repo=tmp_path)
    first = branch_tip(bare)
    edited = edited_copy(site, tmp_path / "edited")

    changes = deploy_gh_pages(
        edited, target, dry_run=False, message="second", repo=tmp_path
    )

    assert git("--git-dir", str(bare), "rev-parse", f"{GH_PAGES_BRANCH}^") == first
    assert branch_files(bare) == {**snapshot(edited), ".nojekyll": b""}
    assert changes.added == ("added.txt",)
    assert changes.changed == ("about/index.html",)
    assert changes.removed == ("safety/index.html",)


def test_gh_pages_dry_run_lists_changes_and_pushes_nothing(
    site: Path, bare: Path, tmp_path: Path
) -> None:
    target = GhPagesTarget(str(bare))
    deploy_gh_pages(site, target, dry_run=False, message=MESSAGE, repo=tmp_path)
    tip = branch_tip(bare)
    edited = edited_copy(site, tmp_path / "edited")

    changes = deploy_gh_pages(
        edited, target, dry_run=True, message=MESSAGE, repo=tmp_path
    )

    assert changes.changed == ("about/index.html",)
    assert changes.added == ("added.txt",)
    assert branch_tip(bare) == tip
    assert git("--git-dir", str(bare), "for-each-ref", "--format=%(refname)") == (
        f"refs/heads/{GH_PAGES_BRANCH}"
    )


def test_gh_pages_dry_run_into_an_empty_repository_pushes_nothing(
    site: Path, bare: Path, tmp_path: Path
) -> None:
    changes = deploy_gh_pages(
        site, GhPagesTarget(str(bare)), dry_run=True, message=MESSAGE, repo=tmp_path
    )
    assert "index.html" in changes.added
    assert branch_tip(bare) is None


def test_gh_pages_publishing_the_same_site_again_adds_no_commit(
    site: Path, bare: Path, tmp_path: Path
) -> None:
    target = GhPagesTarget(str(bare))
    deploy_gh_pages(site, target, dry_run=False, message=MESSAGE, repo=tmp_path)
    tip = branch_tip(bare)

    changes = deploy_gh_pages(
        site, target, dry_run=False, message=MESSAGE, repo=tmp_path
    )

    assert not changes
    assert branch_tip(bare) == tip


def test_gh_pages_remote_by_name(site: Path, bare: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    git("init", "--quiet", str(project))
    git("remote", "add", "origin", str(bare), cwd=project)
    target = parse_target("gh-pages:origin", project)
    check_target(target, repo=project)

    deploy_gh_pages(site, target, dry_run=False, message=MESSAGE, repo=project)

    assert "index.html" in branch_files(bare)
    # The project's own repository is left alone: no gh-pages branch there.
    assert git("branch", "--list", cwd=project) == ""


def test_gh_pages_unknown_remote_name(tmp_path: Path) -> None:
    git("init", "--quiet", str(tmp_path))
    with pytest.raises(PublishError, match="'upstream' is not a git remote"):
        check_target(GhPagesTarget("upstream"), repo=tmp_path)


def test_gh_pages_unreachable_remote(site: Path, tmp_path: Path) -> None:
    target = GhPagesTarget(str(tmp_path / "missing.git"))
    with pytest.raises(PublishError) as failure:
        deploy_gh_pages(site, target, dry_run=False, message=MESSAGE, repo=tmp_path)
    assert str(failure.value).startswith(f"{target}: `git ls-remote")


# --- rsync ----------------------------------------------------------------------

RSYNC = RsyncTarget("deploy@host.example.net:/var/www/site")


@pytest.fixture
def rsync_path(tmp_path: Path) -> str:
    """A PATH that has an rsync on it (the command is built, never run, here)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "rsync"
    program.write_text("#!/bin/sh\nexit 99\n", encoding="utf-8")
    program.chmod(0o755)
    return str(folder)


def test_rsync_command_with_a_key(tmp_path: Path, rsync_path: str) -> None:
    key = tmp_path / "id_ed25519"
    key.write_text("key", encoding="utf-8")
    known = tmp_path / "known_hosts"
    known.write_text("host", encoding="utf-8")
    env = {"PATH": rsync_path, SSH_KEY_ENV: str(key), SSH_KNOWN_HOSTS_ENV: str(known)}

    command = rsync_command(tmp_path / "site", RSYNC, dry_run=False, env=env)

    assert command[0] == f"{rsync_path}/rsync"
    assert {"--delay-updates", "--delete-delay", "--checksum"} <= set(command)
    assert "--dry-run" not in command
    assert command[-2:] == [
        f"{tmp_path}/site/",
        "deploy@host.example.net:/var/www/site/",
    ]
    ssh = command[command.index("--rsh") + 1]
    assert f"-i {key}" in ssh
    assert f"UserKnownHostsFile={known}" in ssh
    assert "StrictHostKeyChecking=yes" in ssh


def test_rsync_dry_run_with_an_agent(tmp_path: Path, rsync_path: str) -> None:
    env = {"PATH": rsync_path, "SSH_AUTH_SOCK": str(tmp_path / "agent.sock")}
    command = rsync_command(tmp_path, RSYNC, dry_run=True, env=env)
    assert "--dry-run" in command
    assert " -i " not in command[command.index("--rsh") + 1]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no SSH credentials. Set PUBLISH_SSH_KEY"),
        ({SSH_KEY_ENV: "/nonexistent/id_ed25519"}, "no such key file"),
        (
            {"SSH_AUTH_SOCK": "/tmp/agent", SSH_KNOWN_HOSTS_ENV: "/nonexistent/kh"},
            "PUBLISH_SSH_KNOWN_HOSTS=/nonexistent/kh: no such file",
        ),
    ],
)
def test_rsync_without_usable_credentials(
    rsync_path: str, env: dict[str, str], message: str
) -> None:
    with pytest.raises(PublishError, match=message):
        check_target(RSYNC, repo=ROOT, env={"PATH": rsync_path, **env})


def test_rsync_not_installed(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "SSH_AUTH_SOCK": "/tmp/agent"}
    with pytest.raises(PublishError, match="rsync is not installed"):
        check_target(RSYNC, repo=ROOT, env=env)


def test_rsync_itemized_output() -> None:
    output = "\n".join(
        [
            "cd+++++++++ news/new-article/",
            "<f+++++++++ news/new-article/index.html",
            "<f.st...... about/index.html",
            ".f..t...... theme/css/site.css",
            ".d..t...... feeds/",
            "*deleting   old/index.html",
            "*deleting   old/",
        ]
    )
    assert parse_itemized(output) == Changes(
        added=("news/new-article/index.html",),
        changed=("about/index.html",),
        removed=("old/index.html",),
    )


# --- Checks stop the deploy -----------------------------------------------------


@pytest.mark.java
def test_a_failed_check_publishes_nothing(
    site: Path, bare: Path, tmp_path: Path
) -> None:
    """Every problem is listed, and the branch stays where it was.

    The task's own test below shows the same for a local folder; that it
    publishes at all shows the project's site passes every check.
    """
    target = GhPagesTarget(str(bare))
    deploy_gh_pages(site, target, dry_run=False, message=MESSAGE, repo=tmp_path)
    tip = branch_tip(bare)
    broken = edited_copy(site, tmp_path / "broken")
    page = broken / "about" / "index.html"
    # Random-looking text barely compresses, so the page goes over budget.
    noise = "".join(random.Random(6).choices("abcdefghij ", k=40_000))
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</main>",
            f'<p>{noise}</p><a href="/nowhere/">Gone</a><p><div></p></main>',
        ),
        encoding="utf-8",
    )

    with pytest.raises(PublishError) as failure:
        publish(broken, target, dry_run=False, message=MESSAGE, repo=tmp_path)

    problems = failure.value.problems
    assert "nothing was published" in str(failure.value)
    assert any(p.startswith("html: about/index.html:") for p in problems), problems
    assert "link: about/index.html: href='/nowhere/'" in "\n".join(problems)
    assert any(
        p.startswith("budget: about/index.html") and str(FIRST_ROUND_TRIP_BYTES) in p
        for p in problems
    ), problems
    assert str(tmp_path) not in str(failure.value)
    assert branch_tip(bare) == tip


# --- The task -------------------------------------------------------------------

PROJECT_PARTS = ("pelicanconf.py", "publishconf.py", "tasks.py", "pyproject.toml")
PROJECT_FOLDERS = ("content", "theme", "plugins")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project (not a git repository) that a test may change."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in PROJECT_PARTS:
        shutil.copy2(ROOT / name, copy / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(
            ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    # The npm packages whose files the build copies into admin/ (plugins/cms):
    # hundreds of megabytes, only read, so linked rather than copied.
    (copy / "tools").symlink_to(ROOT / "tools", target_is_directory=True)
    return copy


def invoke(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "publish", *args],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.java
def test_task_publishes_and_dry_runs(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "www"
    published = invoke(project, "--target", f"local:{folder}")
    assert published.returncode == 0, published.stdout + published.stderr
    assert f"Published to local:{folder}" in published.stdout
    assert (folder / "index.html").is_file()
    assert not (project / "output").exists()
    before = snapshot(folder)

    page = project / "content" / "pages" / "about.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8"
    )
    dry = invoke(project, "--target", f"local:{folder}", "--dry-run")

    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "~ about/index.html" in dry.stdout
    assert f"Dry run: local:{folder} would get" in dry.stdout
    assert snapshot(folder) == before


@pytest.mark.java
def test_task_stops_when_a_check_fails(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "index.html").write_text("the site visitors see now", encoding="utf-8")
    # Over the page-weight budget, which the build itself does not check.
    noise = " ".join(
        "".join(random.Random(n).choices("abcdefghijklmnop", k=7)) for n in range(4000)
    )
    (project / "content" / "pages" / "heavy.md").write_text(
        "Title: Heavy page\nSummary: A synthetic page, far too big.\n\n" + noise,
        encoding="utf-8",
    )

    result = invoke(project, "--target", f"local:{folder}")

    assert result.returncode != 0
    assert "budget: heavy/index.html" in result.stderr
    assert "nothing was published" in result.stderr
    assert snapshot(folder) == {"index.html": b"the site visitors see now"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--target", "ftp:somewhere"), "Unknown publish target 'ftp:somewhere'"),
        (("--target", "local:"), "names no destination"),
        (("--target", "gh-pages:origin"), "'origin' is not a git remote"),
        (("--target", "rsync:host.example.net:/srv/www"), "no SSH credentials"),
    ],
)
def test_task_refuses_bad_targets_before_building(
    project: Path, args: tuple[str, ...], message: str
) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {SSH_KEY_ENV, "SSH_AUTH_SOCK"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "publish", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Built" not in result.stdout
