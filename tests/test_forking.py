"""Work in forked children: results, crashes and stopped children come back right.

The render workers and the languages built side by side run on this; a child
that hung or returned into the caller would hang or repeat a build.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitebuild.forking import ChildFailedError, fork_call, join, stop


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fail() -> None:
    raise ValueError("example failure in the child")


def _unpicklable() -> object:
    return threading.Lock()


def _sleep() -> None:
    time.sleep(30)


def _late_result() -> bytes:
    time.sleep(0.5)  # the parent has closed the pipe by then
    return bytes(1 << 20)


def test_the_result_comes_back_from_another_process() -> None:
    pid, doubled = join(fork_call(_pid_and, 21))
    assert (pid != os.getpid(), doubled) == (True, 42)


def test_a_crash_comes_back_with_its_traceback() -> None:
    with pytest.raises(ChildFailedError) as failure:
        join(fork_call(_fail))
    assert "ValueError: example failure in the child" in str(failure.value)


def test_a_result_that_cannot_be_sent_is_a_crash() -> None:
    with pytest.raises(ChildFailedError) as failure:
        join(fork_call(_unpicklable))
    assert "pickle" in str(failure.value)


@pytest.fixture
def sigterm_ignored() -> Iterator[None]:
    previous = signal.signal(signal.SIGTERM, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.mark.usefixtures("sigterm_ignored")
def test_stop_ends_a_child_even_when_the_parent_ignores_sigterm() -> None:
    child = fork_call(_sleep)
    started = time.monotonic()
    stop(child)
    # Ignoring SIGTERM, the child would sleep its 30 s out.
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(child.pid, 0)


def test_a_child_whose_result_cannot_be_sent_never_returns_to_the_caller(
    tmp_path: Path,
) -> None:
    parent = os.getpid()
    try:
        child = fork_call(_late_result)
    finally:
        if os.getpid() != parent:  # only a child that came back into this code
            (tmp_path / "returned").write_text("")
            os._exit(0)
    os.close(child.pipe)
    os.waitpid(child.pid, 0)
    assert not (tmp_path / "returned").exists()
