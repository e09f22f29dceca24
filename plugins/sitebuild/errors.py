"""The one error a build raises, shared by the build and its steps (search)."""

from __future__ import annotations


class BuildError(Exception):
    """The build failed; `problems` lists every message, one line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The build failed with {len(problems)} problem(s):\n{lines}")
