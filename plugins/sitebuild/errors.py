"""The one error a build raises, shared by the build and its steps (search)."""

from __future__ import annotations

import logging


class BuildError(Exception):
    """The build failed; `problems` lists every message, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The build failed with {len(problems)} problem(s):\n{lines}")


class ProblemCollector(logging.Handler):
    """Keeps every warning and error logged while it is installed."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().strip())
