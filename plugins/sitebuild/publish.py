"""Publishing: check a built site, then deploy it to one target in one step.

A target is named by a short spec, in `PUBLISH_TARGET` (publishconf.py) or on the
command line:

    local:FOLDER              a folder on this machine (a web server's root)
    gh-pages:REMOTE           the gh-pages branch of a git remote (name, URL or path)
    rsync:[USER@]HOST:PATH    a folder on a server, over SSH

Whatever the target, visitors never see a half-updated site: a folder is swapped
in by rename, a branch moves by one commit, and rsync holds every update back
until all files have arrived (`--delay-updates`). Credentials come only from the
environment (ssh-agent, `PUBLISH_SSH_KEY`, git's own credential helpers); a spec
that carries a password or token is refused, so none can end up in the repository.
"""

from __future__ import annotations

import filecmp
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .budget import budget_problems, measure_site
from .build import swap_into_place
from .html import validate_html
from .links import find_broken_references

GH_PAGES_BRANCH = "gh-pages"
# Environment variables read when publishing over SSH.
SSH_KEY_ENV = "PUBLISH_SSH_KEY"
SSH_KNOWN_HOSTS_ENV = "PUBLISH_SSH_KNOWN_HOSTS"
# Commits on gh-pages need a committer; CI machines have no git identity.
FALLBACK_COMMITTER = ("CAST website publisher", "publish@localhost")
TARGET_FORMS = "local:FOLDER, gh-pages:REMOTE or rsync:[USER@]HOST:PATH"

_REMOTE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_RSYNC_DESTINATION = re.compile(
    r"(?:(?P<user>[^@:/\s]+)@)?(?P<host>[^@:/\s]+):(?P<path>[^:\s][^\s]*)"
)
# The checker's gnu format: "file:/abs/page.html":12.3-12.9: error: message
_HTML_PROBLEM = re.compile(
    r'"?(?:file:)?(?P<page>[^"]+?)"?:(?P<line>\d+)(?:\.\d+)?(?:-\d+\.\d+)?: '
    r"(?:error|info warning|warning|info): (?P<message>.*)"
)
# Paths whose contents `rsync --delete` would wipe wholesale.
_RSYNC_REFUSED_PATHS = {"/", ".", "./", "~", "~/"}


class PublishError(Exception):
    """Publishing stopped before anything was deployed; says why."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = list(problems or [])
        lines = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(f"{message}{lines}")


@dataclass(frozen=True)
class LocalTarget:
    folder: Path

    def __str__(self) -> str:
        return f"local:{self.folder}"


@dataclass(frozen=True)
class GhPagesTarget:
    remote: str  # a remote's name in the project's repository, a URL or a path

    @property
    def is_named(self) -> bool:
        return _REMOTE_NAME.fullmatch(self.remote) is not None

    def __str__(self) -> str:
        return f"gh-pages:{self.remote}"


@dataclass(frozen=True)
class RsyncTarget:
    destination: str  # [USER@]HOST:PATH

    def __str__(self) -> str:
        return f"rsync:{self.destination}"


Target = LocalTarget | GhPagesTarget | RsyncTarget


@dataclass(frozen=True)
class Changes:
    """Files (relative paths) a deploy adds, changes or removes on the target."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        return [
            *(f"+ {path}" for path in self.added),
            *(f"~ {path}" for path in self.changed),
            *(f"- {path}" for path in self.removed),
        ]

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed"
        )


# --- Targets ------------------------------------------------------------------


def parse_target(spec: str, base: Path) -> Target:
    """The target a spec names; relative folders and paths are taken from `base`."""
    kind, colon, value = spec.strip().partition(":")
    if not colon or kind not in {"local", "gh-pages", "rsync"}:
        raise PublishError(
            f"Unknown publish target {spec!r}: expected {TARGET_FORMS}. "
            "Set PUBLISH_TARGET in publishconf.py or pass --target."
        )
    value = value.strip()
    if not value:
        raise PublishError(
            f"The publish target {spec!r} names no destination; "
            f"expected {TARGET_FORMS}."
        )
    if kind == "local":
        return LocalTarget(_resolve_path(value, base))
    if kind == "gh-pages":
        return GhPagesTarget(_parse_remote(value, base))
    return RsyncTarget(_parse_rsync_destination(value))


def _resolve_path(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return (path if path.is_absolute() else base / path).resolve()


def _parse_remote(value: str, base: Path) -> str:
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and (parts.username or parts.password):
        raise PublishError(
            f"gh-pages:{parts.scheme}://{parts.hostname}/…: the URL carries a user "
            "name or token. Credentials must come from the environment (ssh-agent "
            "or a git credential helper), never from the settings or the command."
        )
    if value.startswith(("/", "./", "../", "~")):
        return str(_resolve_path(value, base))
    return value


def _parse_rsync_destination(value: str) -> str:
    match = _RSYNC_DESTINATION.fullmatch(value)
    if match is None:
        raise PublishError(
            f"rsync:{value}: expected [USER@]HOST:PATH, for example "
            "rsync:deploy@host.example.net:/var/www/site"
        )
    if match["path"] in _RSYNC_REFUSED_PATHS:
        raise PublishError(
            f"rsync:{value}: refusing to publish into {match['path']!r}; rsync "
            "deletes whatever the site does not have. Name the site's own folder."
        )
    return value


# --- Checks -------------------------------------------------------------------


def check_site(root: Path) -> list[str]:
    """Every problem in a built site: HTML validity, broken links, page weight.

    An empty list means the site may be published.
    """
    root = root.resolve()
    try:
        html = validate_html(root)
    except RuntimeError as missing:
        html = [str(missing)]
    problems = [f"html: {problem}" for problem in _html_problems(html, root)]
    problems += [f"link: {broken}" for broken in find_broken_references(root)]
    problems += [
        f"budget: {problem}" for problem in budget_problems(measure_site(root))
    ]
    return problems


def _html_problems(lines: list[str], root: Path) -> list[str]:
    """The checker's report as one `page:line: message` line per problem.

    The checker names each file by absolute path; the site's own paths read
    better. A line in another shape is kept as it is, never dropped.
    """
    problems: list[str] = []
    for line in lines:
        found = _HTML_PROBLEM.fullmatch(line.strip())
        if found is None:
            problems.append(line.strip())
            continue
        page = found["page"].removeprefix(f"{root}/")
        problems.append(f"{page}:{found['line']}: {found['message']}")
    return problems


# --- Deploying ----------------------------------------------------------------


def compare_trees(source: Path, target: Path) -> Changes:
    """What copying `source` over `target` (deleting extras) would change."""
    new = _files(source)
    old = _files(target) if target.is_dir() else set()
    changed = [
        path
        for path in sorted(new & old)
        if not filecmp.cmp(source / path, target / path, shallow=False)
    ]
    return Changes(tuple(sorted(new - old)), tuple(changed), tuple(sorted(old - new)))


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def deploy_local(site: Path, target: LocalTarget, *, dry_run: bool) -> Changes:
    """Replace `target.folder` with a copy of `site` by renaming a staged copy."""
    folder = target.folder
    _check_local_folder(site.resolve(), folder)
    changes = compare_trees(site, folder)
    if dry_run or not changes:
        return changes
    # Staged beside the target, so the swap is a rename on one filesystem.
    staging = Path(
        tempfile.mkdtemp(prefix=f".{folder.name}-publish-", dir=folder.parent)
    )
    staging.chmod(0o755)
    try:
        shutil.copytree(site, staging, dirs_exist_ok=True)
        swap_into_place(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return changes


def _check_local_folder(site: Path, folder: Path) -> None:
    where = f"local:{folder}"
    if not folder.parent.is_dir():
        raise PublishError(f"{where}: the folder {folder.parent} does not exist.")
    if folder.exists() and not folder.is_dir():
        raise PublishError(f"{where}: this is a file, not a folder.")
    if folder == site or folder in site.parents or site in folder.parents:
        raise PublishError(f"{where}: overlaps the built site in {site}.")
    # The whole folder is replaced: never take a folder that holds anything else.
    if (
        folder.is_dir()
        and any(folder.iterdir())
        and not (folder / "index.html").is_file()
    ):
        raise PublishError(
            f"{where}: the folder is not empty and holds no index.html, so it does "
            "not look like a published site; refusing to replace it."
        )


def deploy_gh_pages(
    site: Path,
    target: GhPagesTarget,
    *,
    dry_run: bool,
    message: str,
    repo: Path,
    cname: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Changes:
    """Commit `site` as one new commit on the remote's gh-pages branch and push it.

    The commit is made with ghp-import in a scratch repository, on top of the
    branch's current tip, so the project's own repository is never touched and
    the push is a fast-forward (a concurrent publish fails instead of being lost).
    `repo` is where a remote's name (such as origin) is looked up.
    """
    url = _remote_url(target, repo)
    environment = {**(env if env is not None else os.environ)}
    # Never wait for a password prompt: credentials come from the environment.
    environment["GIT_TERMINAL_PROMPT"] = "0"
    with tempfile.TemporaryDirectory(prefix="publish-gh-pages-") as scratch:
        git = _Git(Path(scratch), environment, str(target))
        git.run("init", "--quiet")
        git.run("remote", "add", "origin", url)
        tip = git.remote_tip(GH_PAGES_BRANCH)
        if tip:
            ref = f"refs/heads/{GH_PAGES_BRANCH}:refs/remotes/origin/{GH_PAGES_BRANCH}"
            git.run("fetch", "--quiet", "--depth=1", "origin", ref)
        _set_committer(git, environment)
        ghp_import = [sys.executable, "-m", "ghp_import", "--no-jekyll"]
        ghp_import += ["--branch", GH_PAGES_BRANCH, "--remote", "origin"]
        ghp_import += ["--message", message]
        if cname:
            ghp_import += ["--cname", cname]
        git.call([*ghp_import, str(site.resolve())])
        commit = git.run("rev-parse", "--verify", f"refs/heads/{GH_PAGES_BRANCH}")
        # ghp-import reports a failed commit on stdout but still exits 0.
        if commit == tip:
            raise PublishError(f"{target}: ghp-import made no commit.")
        changes = git.changes(tip, commit)
        if not dry_run and changes:
            git.run(
                "push", "--quiet", "origin", f"{commit}:refs/heads/{GH_PAGES_BRANCH}"
            )
    return changes


def _remote_url(target: GhPagesTarget, repo: Path) -> str:
    if not target.is_named:
        return target.remote
    found = subprocess.run(
        ["git", "-C", str(repo), "remote", "get-url", target.remote],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise PublishError(
            f"{target}: {target.remote!r} is not a git remote of {repo}. Give a URL "
            "or a path instead, for example gh-pages:git@github.com:OWNER/REPO.git"
        )
    return found.stdout.strip()


def _set_committer(git: _Git, environment: dict[str, str]) -> None:
    for key, config, fallback in (
        ("GIT_COMMITTER_NAME", "user.name", FALLBACK_COMMITTER[0]),
        ("GIT_COMMITTER_EMAIL", "user.email", FALLBACK_COMMITTER[1]),
    ):
        if not environment.get(key):
            configured = git.call(["git", "config", config], check=False).strip()
            environment[key] = configured or fallback


class _Git:
    """Runs git (and ghp-import) in one scratch repository; failures name the target."""

    def __init__(self, folder: Path, env: dict[str, str], target: str) -> None:
        self.folder = folder
        self.env = env
        self.target = target

    def call(self, command: list[str], *, check: bool = True) -> str:
        result = subprocess.run(
            command,
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and result.returncode != 0:
            output = (result.stderr or result.stdout).strip()
            raise PublishError(
                f"{self.target}: `{shlex.join(command[:3])} …` failed: {output}"
            )
        return result.stdout

    def run(self, *args: str) -> str:
        return self.call(["git", *args]).strip()

    def remote_tip(self, branch: str) -> str | None:
        listing = self.run("ls-remote", "--heads", "origin", f"refs/heads/{branch}")
        return listing.split()[0] if listing else None

    def changes(self, old: str | None, new: str) -> Changes:
        if old is None:
            files = self.run("ls-tree", "-r", "--name-only", new).splitlines()
            return Changes(added=tuple(sorted(files)))
        diff = self.run("diff", "--name-status", "--no-renames", old, new)
        by_status: dict[str, list[str]] = {"A": [], "M": [], "D": []}
        for line in diff.splitlines():
            status, _, path = line.partition("\t")
            # T (type change) is a change too, as far as visitors are concerned.
            by_status["M" if status == "T" else status].append(path)
        return Changes(
            tuple(by_status["A"]), tuple(by_status["M"]), tuple(by_status["D"])
        )


def rsync_command(
    site: Path, target: RsyncTarget, *, dry_run: bool, env: Mapping[str, str]
) -> list[str]:
    """The rsync command that mirrors `site` to the target over SSH.

    `--delay-updates` puts every updated file in place only once all have
    arrived, and `--delete-delay` removes old files after that, so visitors never
    get a mix of two versions for longer than the final renames take.
    """
    ssh = ssh_command(target, env)
    command = [rsync_program(target, env), "--archive", "--compress", "--checksum"]
    command += ["--itemize-changes", "--delete-delay", "--delay-updates"]
    command += ["--rsh", shlex.join(ssh)]
    if dry_run:
        command.append("--dry-run")
    return [*command, f"{site.resolve()}/", f"{target.destination.rstrip('/')}/"]


def ssh_command(target: RsyncTarget, env: Mapping[str, str]) -> list[str]:
    """ssh with the key and known hosts the environment names; never prompts."""
    # An unknown host key is an error, not a question: a first connection to the
    # wrong server must not receive the site (or the key).
    ssh = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"]
    key = env.get(SSH_KEY_ENV, "")
    if key:
        if not Path(key).is_file():
            raise PublishError(f"{target}: {SSH_KEY_ENV}={key}: no such key file.")
        ssh += ["-i", key, "-o", "IdentitiesOnly=yes"]
    elif not env.get("SSH_AUTH_SOCK"):
        raise PublishError(
            f"{target}: no SSH credentials. Set {SSH_KEY_ENV} to a private key file, "
            "or start ssh-agent and add the key (SSH_AUTH_SOCK)."
        )
    known_hosts = env.get(SSH_KNOWN_HOSTS_ENV, "")
    if known_hosts:
        if not Path(known_hosts).is_file():
            raise PublishError(
                f"{target}: {SSH_KNOWN_HOSTS_ENV}={known_hosts}: no such file."
            )
        ssh += ["-o", f"UserKnownHostsFile={known_hosts}"]
    return ssh


def rsync_program(target: RsyncTarget, env: Mapping[str, str]) -> str:
    rsync = shutil.which("rsync", path=env.get("PATH"))
    if rsync is None:
        raise PublishError(
            f"{target}: rsync is not installed (Debian: apt-get install rsync)."
        )
    return rsync


def parse_itemized(output: str) -> Changes:
    """The file changes in `rsync --itemize-changes` output (directories left out)."""
    added: list[str] = []
    changed: list[str] = []
    removed: list[str] = []
    for line in output.splitlines():
        flags, _, path = line.partition(" ")
        if flags == "*deleting":
            if not path.lstrip().endswith("/"):
                removed.append(path.lstrip())
        # A leading "." is an attribute-only update: the content is the same.
        elif len(flags) == 11 and flags[0] in "<>ch" and flags[1] == "f":
            (added if flags[2:] == "+" * 9 else changed).append(path)
    return Changes(tuple(added), tuple(changed), tuple(removed))


def deploy_rsync(
    site: Path,
    target: RsyncTarget,
    *,
    dry_run: bool,
    env: Mapping[str, str] | None = None,
) -> Changes:
    """Mirror `site` to the server with rsync over SSH (`--dry-run` only lists)."""
    environment = env if env is not None else os.environ
    command = rsync_command(site, target, dry_run=dry_run, env=environment)
    result = subprocess.run(
        command, env=dict(environment), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise PublishError(f"{target}: rsync failed: {result.stderr.strip()}")
    return parse_itemized(result.stdout)


def check_target(
    target: Target, *, repo: Path, env: Mapping[str, str] | None = None
) -> None:
    """Stop before the build on anything that would stop the deploy after it.

    That is: missing SSH credentials or rsync, a remote name the project's
    repository does not know, a local folder whose parent does not exist.
    """
    environment = env if env is not None else os.environ
    match target:
        case LocalTarget(folder):
            if not folder.parent.is_dir():
                raise PublishError(
                    f"{target}: the folder {folder.parent} does not exist."
                )
        case GhPagesTarget():
            _remote_url(target, repo)
        case RsyncTarget():
            ssh_command(target, environment)
            rsync_program(target, environment)


def deploy(
    site: Path,
    target: Target,
    *,
    dry_run: bool,
    message: str,
    repo: Path,
    cname: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Changes:
    """Deploy a built (and checked) site to `target`; returns what changed."""
    match target:
        case LocalTarget():
            return deploy_local(site, target, dry_run=dry_run)
        case GhPagesTarget():
            return deploy_gh_pages(
                site,
                target,
                dry_run=dry_run,
                message=message,
                repo=repo,
                cname=cname,
                env=env,
            )
        case RsyncTarget():
            return deploy_rsync(site, target, dry_run=dry_run, env=env)


def publish(
    site: Path,
    target: Target,
    *,
    dry_run: bool,
    message: str,
    repo: Path,
    cname: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Changes:
    """Check the built site, then deploy it; a failed check deploys nothing."""
    problems = check_site(site)
    if problems:
        raise PublishError(
            f"The built site failed {len(problems)} check(s); nothing was published:",
            problems,
        )
    return deploy(
        site,
        target,
        dry_run=dry_run,
        message=message,
        repo=repo,
        cname=cname,
        env=env,
    )
