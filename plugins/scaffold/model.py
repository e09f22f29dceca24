"""What `./dev new` asks for, checked against the settings; nothing is written here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from languages.model import Language, parse_languages
from records.collection import label_for
from records.schema import SLUG

PAGE_KINDS = ("page", "news")
RECORD_KINDS = ("partner", "bill")
KINDS = (*PAGE_KINDS, *RECORD_KINDS)
EXAMPLE_SLUG = "volunteer-day"


class ScaffoldError(Exception):
    """Bad input: the message names the problem and what is allowed."""


@dataclass(frozen=True)
class Scaffold:
    """A starting file: where it goes, what it says, and what to do next."""

    path: Path
    text: str
    next_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Request:
    """One `./dev new KIND SLUG [--lang CODE]`, checked against the settings."""

    kind: str
    slug: str
    language: Language  # the site's default language unless --lang names another
    settings: Mapping[str, Any]
    # Extra options to repeat in the commands we suggest (`--content PATH`).
    options: str = ""

    @property
    def content(self) -> Path:
        return Path(self.settings["PATH"])

    def label(self, path: Path) -> str:
        """How staff see a file: `content/pages/volunteer-day.md`."""
        return label_for(path, self.content)

    def command(self, kind: str | None = None, lang: str = "") -> str:
        """The `./dev new` command for this slug (another kind or language)."""
        language = f" --lang {lang}" if lang else ""
        return f"./dev new {kind or self.kind} {self.slug}{language}{self.options}"


def parse_request(
    kind: str, slug: str, lang: str, settings: Mapping[str, Any], options: str = ""
) -> Request:
    """Check the kind, the slug and the language; raise ScaffoldError."""
    if kind not in KINDS:
        raise ScaffoldError(
            f"Unknown kind {kind!r}: choose {', '.join(KINDS[:-1])} or {KINDS[-1]}, "
            f"as in `./dev new page {EXAMPLE_SLUG}`. Nothing was written."
        )
    if not SLUG.match(slug):
        raise ScaffoldError(
            f"{slug!r} cannot be the file name: use lowercase letters, digits and "
            f"hyphens, such as {EXAMPLE_SLUG} (it becomes the address). Nothing "
            "was written."
        )
    languages = parse_languages(settings)
    codes = [language.code for language in languages]
    chosen = next((item for item in languages if item.code == (lang or codes[0])), None)
    if chosen is None:
        others = " or ".join(f"--lang {code}" for code in codes[1:])
        raise ScaffoldError(
            f"Unknown language {lang!r}: LANGUAGES in pelicanconf.py has "
            f"{', '.join(codes)}. Leave out --lang for {codes[0]} (the default)"
            + (f", or use {others}" if others else "")
            + ". Nothing was written."
        )
    if kind == "page" and slug in codes[1:]:
        raise ScaffoldError(
            f"{slug!r} cannot be a page's name: /{slug}/ is where the site in that "
            "language lives. Choose another name. Nothing was written."
        )
    return Request(kind, slug, chosen, settings, options)


def refuse_existing(request: Request, path: Path, hint: str) -> None:
    """Stop before anything is written if `path` is already there."""
    if path.exists():
        raise ScaffoldError(
            f"{request.label(path)} already exists, and `./dev new` never "
            f"overwrites a file. {hint} Nothing was written."
        )


def title_from_slug(slug: str) -> str:
    """`volunteer-day` -> `Volunteer day`."""
    words = slug.replace("-", " ")
    return words[:1].upper() + words[1:]
