"""Work in a forked child whose pickled result comes back down a pipe.

A fork shares the parent's finished state (settings, the generators' context,
loaded caches) without pickling it; only the result travels. The child never
returns into the caller's code: it ends with os._exit, so no cleanup of the
parent's (a test runner's, a temporary folder's) runs twice.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Child:
    pid: int
    pipe: int  # the read end


class ChildFailedError(Exception):
    """The child crashed (the message is its traceback) or died without a word."""


def fork_call(work: Callable[..., Any], *args: Any) -> Child:
    """Start `work(*args)` in a forked child."""
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read)
            try:
                payload = pickle.dumps(("ok", work(*args)), 5)
                status = 0
            except BaseException:
                payload = pickle.dumps(("crash", traceback.format_exc()), 5)
            with os.fdopen(write, "wb") as stream:
                stream.write(payload)
        finally:
            # Even when the result cannot be sent (the parent closed the
            # pipe): a child that returned would run the parent's code twice.
            os._exit(status)
    os.close(write)
    return Child(pid, read)


def join(child: Child) -> Any:
    """The child's result; ChildFailedError if it crashed or stopped without one."""
    with os.fdopen(child.pipe, "rb") as stream:
        payload = stream.read()
    os.waitpid(child.pid, 0)
    if not payload:
        raise ChildFailedError("stopped without a result")
    kind, value = pickle.loads(payload)
    if kind != "ok":
        raise ChildFailedError(f"crashed:\n{value}")
    return value


def stop(child: Child) -> None:
    """End a child whose result is no longer wanted."""
    with contextlib.suppress(ProcessLookupError):
        # Not SIGTERM: the child inherits the parent's handlers, and a
        # handler that ignores it (a test runner's) would keep it running.
        os.kill(child.pid, signal.SIGKILL)
    os.close(child.pipe)
    os.waitpid(child.pid, 0)
