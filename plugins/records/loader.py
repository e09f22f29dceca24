"""Reads one YAML record file into plain Python, remembering each value's line.

PyYAML's composer (the C one when available) gives every node its position;
values are built from the nodes here, so that a problem found later can point
to the exact line. Anything that stops a file from being read (size, encoding,
syntax, duplicate keys) is reported with its line, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from markdowncache.store import DigestStore, code_fingerprint, digest

from .errors import FILE_FIELD, Problem

try:  # the C parser is much faster; the pure-Python one gives the same marks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

Location = tuple[str | int, ...]
DEFAULT_MAX_BYTES = 64 * 1024
# Anchors and aliases can make a small file expand enormously ("billion laughs"),
# and deep nesting would exhaust Python's stack: both are reported, not raised.
MAX_VALUES = 20_000
MAX_DEPTH = 32
CACHE_NAME = "records-yaml-v1-{kind}.pickle"
# What a file without problems reads as: its data and the line of each value.
Parsed = tuple[dict[str, Any], dict[Location, int]]


@dataclass(frozen=True)
class LineMap:
    """The line of each value, by its location (`("phones", 0, "number")`)."""

    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of `location`, or of its nearest enclosing value."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1


@dataclass(frozen=True)
class LoadedFile:
    data: dict[str, Any] | None
    lines: LineMap
    problems: list[Problem]
    # The digest of the bytes read ("" when no cache was given): which bytes
    # were read, not what they read as, so it takes no part in equality.
    digest: str = field(default="", compare=False)


class _Builder:
    def __init__(self, loader: Any, label: str) -> None:
        self.loader = loader
        self.label = label
        self.lines: dict[Location, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.open_nodes: set[int] = set()

    def problem(self, line: int, location: Location, message: str) -> None:
        self.problems.append(
            Problem(self.label, line, dotted(location) or FILE_FIELD, message)
        )

    def build(self, node: yaml.Node, location: Location) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _TooLargeError(f"the file expands to more than {MAX_VALUES:,} values")
        if len(location) > MAX_DEPTH:
            raise _TooLargeError(f"values are nested more than {MAX_DEPTH} levels deep")
        line = node.start_mark.line + 1
        self.lines.setdefault(location, line)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, location, line)
        if id(node) in self.open_nodes:
            raise _TooLargeError("an alias refers to a value that contains it")
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, location)
            return [
                self.build(item, (*location, index))
                for index, item in enumerate(node.value)
            ]
        finally:
            self.open_nodes.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, location: Location, line: int) -> Any:
        if node.tag == "tag:yaml.org,2002:merge":
            self.problem(
                line,
                location,
                "YAML merge keys (<<) are not supported; write the fields out in full",
            )
            return None
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as error:
            # e.g. 2024-02-30 looks like a date to YAML but is not one.
            reason = getattr(error, "problem", None) or str(error).splitlines()[0]
            self.problem(line, location, f"cannot read {node.value!r}: {reason}")
            return None

    def _mapping(self, node: yaml.MappingNode, location: Location) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(self.build(key_node, location)) if key_node.value else ""
            key_line = key_node.start_mark.line + 1
            if key in first_seen:
                self.problem(
                    key_line,
                    (*location, key),
                    f"this field appears twice (first on line {first_seen[key]})",
                )
                continue
            first_seen[key] = key_line
            self.lines[(*location, key)] = key_line
            result[key] = self.build(value_node, (*location, key))
        return result


class _TooLargeError(Exception):
    """The file's structure is too big or too deep to read safely."""


def dotted(location: Location) -> str:
    """`("phones", 0, "number")` -> `phones[0].number`."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def loader_fingerprint() -> str:
    """Everything besides a file's bytes that changes what it reads as."""
    here = Path(__file__).parent
    return code_fingerprint(
        [here / "loader.py", here / "errors.py"], ["PyYAML"], SafeLoader.__name__
    )


def open_cache(folder: Path, kind: str) -> DigestStore[Parsed]:
    """The parsed files of one record type (every language reads the same)."""
    return DigestStore(folder / CACHE_NAME.format(kind=kind), loader_fingerprint())


def load_record_file(
    path: Path,
    label: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: DigestStore[Parsed] | None = None,
) -> LoadedFile:
    """Read `path` (shown to staff as `label`) into a mapping with line numbers.

    With a `cache` (`open_cache`), a file whose bytes an earlier build read
    without a problem is taken from it; a file with problems is never kept,
    so its problems are found and reported on every build.
    """
    size = path.stat().st_size
    if size > max_bytes:
        return _failed(
            label, 1, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes"
        )
    raw = path.read_bytes()
    key = digest(raw) if cache is not None else ""
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            data, lines = hit
            return LoadedFile(data, LineMap(lines), [], key)
    loaded = _parse(raw, label)
    if cache is not None and loaded.data is not None and not loaded.problems:
        cache.put(key, (loaded.data, loaded.lines.lines))
        return replace(loaded, digest=key)
    return loaded


def _failed(label: str, line: int, message: str) -> LoadedFile:
    return LoadedFile(None, LineMap(), [Problem(label, line, FILE_FIELD, message)])


def _parse(raw: bytes, label: str) -> LoadedFile:
    def fail(line: int, message: str) -> LoadedFile:
        return _failed(label, line, message)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return fail(
            line,
            f"not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save the file with UTF-8 encoding",
        )
    if not text.strip():
        return fail(1, "the file is empty; expected fields such as `name: ...`")

    loader = SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            # At the end of the file (an unclosed quote), where the construct
            # began is more use to staff than the last line.
            if error.context_mark and mark and mark.line >= text.count("\n"):
                mark = error.context_mark
            line = mark.line + 1 if mark else 1
            reason = " ".join(p for p in (error.context, error.problem) if p)
            return fail(line, f"malformed YAML: {reason}")
        except yaml.YAMLError as error:
            return fail(1, f"malformed YAML: {error}")
        if node is None:
            return fail(1, "the file has no fields, only comments")
        if not isinstance(node, yaml.MappingNode):
            found = (
                "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            )
            return fail(
                node.start_mark.line + 1,
                f"expected `field: value` lines at the top level, found {found}",
            )
        builder = _Builder(loader, label)
        try:
            data = builder.build(node, ())
        except _TooLargeError as error:
            return fail(1, str(error))
        return LoadedFile(data, LineMap(builder.lines), builder.problems)
    finally:
        loader.dispose()
