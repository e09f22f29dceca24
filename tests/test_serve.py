"""`invoke serve` previews the site and reloads the browser after an edit."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, expect

PROJECT_PARTS = ("pelicanconf.py", "publishconf.py", "tasks.py")
PROJECT_FOLDERS = ("content", "theme", "plugins")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early:\n{process.stdout.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("localhost", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listened on port {port} within {seconds} s")


@pytest.mark.chromium
def test_serve_reloads_after_an_edit(tmp_path: Path, browser: Browser) -> None:
    for name in PROJECT_PARTS:
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, tmp_path / name)
    # The npm packages the build copies into admin/ (plugins/cms), linked.
    (tmp_path / "tools").symlink_to(ROOT / "tools", target_is_directory=True)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, process, seconds=30)
        page = browser.new_page()
        page.goto(f"http://localhost:{port}/")
        home = tmp_path / "content" / "pages" / "home.md"
        title = page.locator("h1").inner_text()
        text = home.read_text(encoding="utf-8")
        home.write_text(text.replace(title, "Edited while previewing"), "utf-8")
        # expect() rather than wait_for_function: the page's policy refuses the
        # eval() that wait_for_function runs its predicate with.
        expect(page.locator("h1")).to_have_text(
            "Edited while previewing", timeout=20_000
        )
        page.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
