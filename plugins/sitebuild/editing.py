"""The CMS's local backend (decap-server), as `./dev edit` and the tests start it.

decap-server answers the admin page's requests by reading and writing files in
a working copy, so staff edit their own checkout in the browser and the
preview rebuilds from the same files. One starter, used by both, so the tests
exercise exactly what staff run.
"""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

NODE_MODULES = Path(__file__).resolve().parents[2] / "tools" / "node" / "node_modules"
DECAP_SERVER = NODE_MODULES / ".bin" / "decap-server"
# Only this machine may reach it: it writes to the working copy without asking.
LOCAL_HOST = "127.0.0.1"


class LocalBackendError(RuntimeError):
    """decap-server is not installed, or did not start; the message says why."""


def backend_environment(repo: Path, port: int) -> dict[str, str]:
    """decap-server's settings: file-system mode on `repo`, loopback only."""
    return {
        **os.environ,
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(repo),
        "PORT": str(port),
        "BIND_HOST": LOCAL_HOST,
        "LOG_LEVEL": "warn",
    }


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((LOCAL_HOST, port)) == 0


@contextmanager
def local_backend(
    repo: Path, port: int, *, timeout: float = 20.0, quiet: bool = False
) -> Iterator[subprocess.Popen[bytes]]:
    """Run decap-server on `port` for `repo` until the block ends."""
    if not DECAP_SERVER.exists():
        raise LocalBackendError(
            f"decap-server is not installed ({DECAP_SERVER} is missing). "
            "Run `npm ci --prefix tools/node`, or ./dev build, which does it."
        )
    if _answers(port):
        raise LocalBackendError(
            f"Port {port} is already in use; stop what runs there, or choose "
            "another port with CMS local_backend_port in pelicanconf.py."
        )
    output = subprocess.DEVNULL if quiet else None
    server = subprocess.Popen(
        [str(DECAP_SERVER)],
        env=backend_environment(repo, port),
        stdout=output,
        stderr=output,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(port):
            if server.poll() is not None:
                raise LocalBackendError(
                    f"decap-server stopped at start (exit {server.returncode})."
                )
            if time.monotonic() > deadline:
                raise LocalBackendError(
                    f"decap-server did not answer on port {port} "
                    f"within {timeout:.0f} s."
                )
            time.sleep(0.05)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    # Idle connections are closed instead of holding a thread forever.
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_folder(
    folder: Path,
    handler: type[SimpleHTTPRequestHandler] = _QuietHandler,
    *,
    origin_host: str = "localhost",
    **options: Any,
) -> Iterator[str]:
    """Serve `folder` on a free loopback port until the block ends; yields its origin.

    The origin says localhost by default: Decap talks to its local backend
    only from a page served on localhost. `options` go to `handler`.
    """
    factory = functools.partial(handler, directory=str(folder), **options)
    server = ThreadingHTTPServer((LOCAL_HOST, 0), factory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{origin_host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOCAL_HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Workspace:
    """A working copy served with its CMS: the admin origin and the backend's."""

    repo: Path
    origin: str
    backend_port: int

    @property
    def backend(self) -> str:
        return f"http://localhost:{self.backend_port}"

    def admin(self, fragment: str = "") -> str:
        return f"{self.origin}/admin/{'#/' + fragment if fragment else ''}"


def workspace_overrides(
    repo: Path, cache: Path, cms: Mapping[str, Any], port: int
) -> dict[str, Any]:
    """Settings that build `repo`'s content with the CMS pointed at `port`."""
    return {
        "PATH": str(repo / "content"),
        "CACHE_PATH": str(cache),
        "CMS": {**cms, "local_backend_port": port},
    }


@contextmanager
def editing_workspace(
    repo: Path,
    build: Callable[[dict[str, Any]], Path],
    cms: Mapping[str, Any],
    scratch: Path,
) -> Iterator[Workspace]:
    """Build `repo`, serve it, and run decap-server on it until the block ends.

    `build` takes settings overrides and returns the output folder; the tests
    and the screenshot script pass the real build.
    """
    port = free_port()
    output = build(workspace_overrides(repo, scratch / "cache", cms, port))
    with local_backend(repo, port, quiet=True), serve_folder(output) as origin:
        yield Workspace(repo, origin, port)
