"""Checks that every internal link and asset reference in a built site resolves."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Schemes that leave the site or call a phone; they are not files to check.
_EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}
_URL_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True)
class BrokenReference:
    page: str
    attribute: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.attribute}={self.value!r}: {self.reason}"


class _ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif name in _URL_ATTRIBUTES:
                self.references.append((name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.references.append((name, url))


def _parse(page: Path) -> _ReferenceParser:
    parser = _ReferenceParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resolve_target(root: Path, page: Path, url: str) -> Path | None:
    """The file that `url` on `page` points to, or None if it has a scheme or host."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page
    base = root if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def find_broken_references(root: Path) -> list[BrokenReference]:
    """Every href, src and srcset in every HTML page under `root` that does not resolve.

    Fragments (`#id`) are checked against the ids of the page they point to.
    """
    root = root.resolve()
    parsed: dict[Path, _ReferenceParser] = {
        page: _parse(page) for page in sorted(root.rglob("*.html"))
    }
    broken: list[BrokenReference] = []
    for page, parser in parsed.items():
        name = page.relative_to(root).as_posix()
        for attribute, url in parser.references:
            parts = urlsplit(url)
            scheme = parts.scheme
            if scheme in _EXTERNAL_SCHEMES or (parts.netloc and not scheme):
                continue
            target = resolve_target(root, page, url)
            if target is None:
                # javascript:, data: and the like have no place on this site.
                reason = f"the {scheme}: scheme is not allowed"
            elif not target.is_relative_to(root):
                reason = "points outside the site"
            elif not target.is_file():
                reason = "no such file in the output"
            else:
                reason = _fragment_problem(target, parts.fragment, parsed)
            if reason:
                broken.append(BrokenReference(name, attribute, url, reason))
    return broken


def _fragment_problem(
    target: Path, fragment: str, parsed: dict[Path, _ReferenceParser]
) -> str:
    if not fragment or target not in parsed:
        return ""
    if unquote(fragment) in parsed[target].ids:
        return ""
    return f"no element with id {fragment!r} on that page"
