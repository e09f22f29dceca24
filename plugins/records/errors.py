"""One problem in one record file, and the error that lists them all."""

from __future__ import annotations

from dataclasses import dataclass

FILE_FIELD = "(file)"


@dataclass(frozen=True, order=True)
class Problem:
    """`content/partners/example.yml:7: website: expected an https:// URL, ...`"""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class RecordError(Exception):
    """Every problem found in a set of record files, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
