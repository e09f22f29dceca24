"""The preview's policy allows exactly the script livereload injects.

If an upgrade of livereload changes its snippet, the preview would stop
reloading (the policy would refuse the new script); this test says so first.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from security.preview import LIVERELOAD_SNIPPET

SERVE = (
    "import sys; from livereload import Server; "
    "Server().serve(host='localhost', port=int(sys.argv[1]), root=sys.argv[2], "
    "open_url_delay=None)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def fetch_when_ready(url: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("the livereload server exited early")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"livereload did not answer {url} within 30 s")


def test_livereload_injects_the_snippet_the_preview_policy_allows(
    tmp_path: Path,
) -> None:
    (tmp_path / "index.html").write_text(
        "<!doctype html><html><head><title>T</title></head><body></body></html>",
        encoding="utf-8",
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE, str(port), str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        html = fetch_when_ready(f"http://localhost:{port}/", process)
    finally:
        process.terminate()
        process.wait(timeout=10)
    injected = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)
    assert injected == [LIVERELOAD_SNIPPET]
