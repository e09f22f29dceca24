"""How the test command gets the system packages it needs (plugins/sitebuild/system.py).

apt-get and sudo are faked here, and only here: scripts on PATH that record how
they were called, so no test installs anything on the machine.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from sitebuild.system import (
    SYSTEM_PACKAGES,
    Machine,
    MissingSystemPackagesError,
    SystemPackage,
    check,
    ensure,
    missing_packages,
    plan_install,
)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM, JAVA, NODE, GIT = SYSTEM_PACKAGES
ROOT_DEBIAN = Machine(debian=True, root=True, passwordless_sudo=False)
SUDO_DEBIAN = Machine(debian=True, root=False, passwordless_sudo=True)
USER_DEBIAN = Machine(debian=True, root=False, passwordless_sudo=False)
NOT_DEBIAN = Machine(debian=False, root=True, passwordless_sudo=False)


def test_nothing_missing_means_nothing_to_do() -> None:
    plan = plan_install((), USER_DEBIAN)
    assert (plan.install, plan.stop) == ((), "")


def test_root_on_debian_installs_with_apt_get_directly() -> None:
    plan = plan_install((CHROMIUM, NODE), ROOT_DEBIAN)
    assert plan.stop == ""
    update, install = plan.install
    assert update[-3:] == ("apt-get", "update", "-qq")
    assert "sudo" not in update + install
    assert install[-3:] == ("chromium", "nodejs", "npm")
    assert "-y" in install
    # It says what and why before it starts.
    assert "chromium (for the browser tests)" in plan.announcement
    assert "nodejs and npm" in plan.announcement


def test_user_with_passwordless_sudo_installs_through_sudo_never_prompting() -> None:
    plan = plan_install((JAVA,), SUDO_DEBIAN)
    assert all(command[:2] == ("sudo", "-n") for command in plan.install)
    assert plan.install[-1][-1] == "default-jre-headless"
    assert "sudo apt-get" in plan.announcement


def test_user_without_sudo_stops_with_the_exact_command() -> None:
    plan = plan_install((CHROMIUM, GIT), USER_DEBIAN)
    assert plan.install == ()
    assert "sudo apt-get update && sudo apt-get install -y chromium git" in plan.stop
    assert "No test was run" in plan.stop


def test_a_machine_without_apt_stops_and_names_the_packages() -> None:
    plan = plan_install((CHROMIUM,), NOT_DEBIAN)
    assert plan.install == ()
    assert "no apt-get" in plan.stop
    assert "apt-get install -y chromium" in plan.stop


def _fake(bin_dir: Path, name: str, body: str) -> None:
    script = bin_dir / name
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def fake_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH whose apt-get and sudo log their arguments; apt-get 'installs'."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    installed = tmp_path / "installed"
    installed.mkdir()
    _fake(
        bin_dir,
        "apt-get",
        f'echo "apt-get $*" >> {log}\n'
        f'[ "$1" = install ] && for p in "$@"; do touch {installed}/"$p"; done\n'
        "exit 0",
    )
    _fake(bin_dir, "sudo", f'echo "sudo $*" >> {log}\nshift\nexec "$@"')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


def _package(root: Path, name: str) -> SystemPackage:
    return SystemPackage((name,), str(root / "installed" / name), f"{name} tests")


def test_ensure_runs_apt_get_then_finds_the_package(fake_machine: Path) -> None:
    package = _package(fake_machine, "fakebrowser")
    said: list[str] = []
    installed = ensure(
        (package,), which=shutil.which, machine=ROOT_DEBIAN, say=said.append
    )
    assert installed == ("fakebrowser",)
    calls = (fake_machine / "calls.log").read_text().splitlines()
    assert calls[0] == "apt-get update -qq"
    assert calls[1].startswith("apt-get install -y")
    assert calls[1].endswith("fakebrowser")
    assert said and "fakebrowser" in said[0]


def test_ensure_goes_through_sudo_for_a_user(fake_machine: Path) -> None:
    package = _package(fake_machine, "fakejava")
    ensure((package,), which=shutil.which, machine=SUDO_DEBIAN, say=lambda _: None)
    calls = (fake_machine / "calls.log").read_text().splitlines()
    sudo_calls = [call for call in calls if call.startswith("sudo ")]
    apt_calls = [call for call in calls if call.startswith("apt-get ")]
    assert [call.split()[:3] for call in sudo_calls] == [["sudo", "-n", "env"]] * 2
    assert apt_calls[0] == "apt-get update -qq"
    assert apt_calls[1].endswith("fakejava")


def test_ensure_without_rights_installs_nothing_and_raises(fake_machine: Path) -> None:
    package = _package(fake_machine, "fakenode")
    with pytest.raises(
        MissingSystemPackagesError, match="sudo apt-get install -y fakenode"
    ):
        ensure((package,), which=shutil.which, machine=USER_DEBIAN)
    assert not (fake_machine / "calls.log").exists()


def test_a_failing_apt_get_is_reported_with_the_manual_command(
    fake_machine: Path,
) -> None:
    _fake(fake_machine / "bin", "apt-get", "exit 100")
    package = _package(fake_machine, "fakegit")
    with pytest.raises(MissingSystemPackagesError, match=r"failed \(exit 100\)"):
        ensure((package,), which=shutil.which, machine=ROOT_DEBIAN, say=lambda _: 0)


def test_nothing_missing_on_this_machine_after_the_test_command_set_it_up() -> None:
    # ./dev test checked before pytest, so the suite never starts without them.
    assert missing_packages() == ()


def test_check_names_what_is_missing_and_the_command_but_installs_nothing(
    fake_machine: Path,
) -> None:
    package = _package(fake_machine, "fakejava")
    with pytest.raises(MissingSystemPackagesError) as raised:
        check((package,), which=shutil.which)
    assert "fakejava (for fakejava tests)" in str(raised.value)
    assert "sudo apt-get install -y fakejava" in str(raised.value)
    assert "No test was run" in str(raised.value)
    assert not (fake_machine / "calls.log").exists()


def _bare_path(tmp_path: Path) -> str:
    """A PATH with sh and nothing the tests need: no java, git, npm or apt-get."""
    bare = tmp_path / "bare"
    bare.mkdir()
    for tool in ("sh", "cmp", "cp", "env", "dirname"):
        (bare / tool).symlink_to(shutil.which(tool))
    return str(bare)


def test_the_test_command_without_the_packages_stops_and_says_what_to_install(
    tmp_path: Path,
) -> None:
    """As a user would meet it: `./dev test` on a machine without Java or git."""
    result = subprocess.run(
        [str(ROOT / "dev"), "test"],
        cwd=ROOT,
        env={**os.environ, "PATH": _bare_path(tmp_path), "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "default-jre-headless" in said and "git" in said, said
    assert "sudo apt-get update && sudo apt-get install -y" in said, said
    assert "No test was run" in said
    assert "passed" not in said and "collected" not in said


def test_ci_installs_what_is_missing_with_apt_get_from_the_one_list(
    tmp_path: Path,
) -> None:
    """.ci/run's first step, with an apt-get that records and installs nothing."""
    bin_dir = Path(_bare_path(tmp_path))
    log = tmp_path / "apt.log"
    _fake(bin_dir, "apt-get", f'echo "$*" >> {log}\nexit 0')
    result = subprocess.run(
        [sys.executable, str(ROOT / "plugins/sitebuild/system.py"), "--install"],
        env={**os.environ, "PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    calls = log.read_text().splitlines()
    assert calls[0] == "update -qq"
    install = calls[1].split()
    assert install[:2] == ["install", "-y"]
    for name in ("default-jre-headless", "nodejs", "npm", "git"):
        assert name in install
    # This apt-get installed nothing, so the step fails rather than go on.
    assert result.returncode == 1
    assert "still missing" in result.stderr


def test_the_readme_names_exactly_the_packages_in_the_one_list() -> None:
    readme = (ROOT / "README.md").read_text()
    line = next(line for line in readme.splitlines() if "for the tests, Debian" in line)
    following = readme.split(line, 1)[1].split("\n\n", 1)[0]
    named = set(re.findall(r"[a-z][a-z0-9-]+", line + following))
    for package in SYSTEM_PACKAGES:
        assert set(package.debian) <= named, package.debian


def test_ci_installs_then_runs_the_test_command_and_lists_no_package() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    workflow = (ROOT / ".github" / "workflows" / "publish.yml").read_text()
    assert ci.endswith("plugins/sitebuild/system.py --install\n./dev test\n")
    for package in SYSTEM_PACKAGES:
        for name in package.debian:
            assert not re.search(rf"\b{re.escape(name)}\b", ci.split("\nset ", 1)[1])
            assert f"install {name}" not in workflow
