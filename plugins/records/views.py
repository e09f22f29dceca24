"""Small helpers that record view models share: dates, languages, JSON-LD, URLs."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup
from pelican.utils import slugify

from languages.catalog import localized

from .collection import Record


class SettingsError(Exception):
    """A record type's settings are wrong; the message lists every problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def date_text(value: date | None, language: str) -> str:
    """`September 29, 2006`, `29 de septiembre de 2006`; empty for no date."""
    return _long_date(value, language) if value else ""


# Babel parses the locale on every call; records share few distinct dates.
@lru_cache(maxsize=4096)
def _long_date(value: date, language: str) -> str:
    return format_date(value, format="long", locale=language)


# Called for every partner's every value on every run, with few distinct texts.
@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """`Los Ángeles` -> `los angeles`: for sorting and for the filter box.

    Someone typing "angeles" should find "Ángeles", and "Ángeles" should sort
    with the other A's, not after Z.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def site_languages(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The codes in LANGUAGES, the default (the records' own language) first."""
    codes = settings.get("LANGUAGES") or (settings.get("DEFAULT_LANG", "en"),)
    return tuple(str(code) for code in codes)


def localized_labels(settings: Mapping[str, Any], key: str) -> dict[str, str]:
    """A `{key: label}` setting in the run's language; raise SettingsError.

    Each label is one text for every language or `{"en": ..., "es": ...}`.
    Every language in LANGUAGES is checked in every run, so a missing
    translation stops the first (English) run, not only the Spanish one.
    """
    value = settings.get(key)
    if not isinstance(value, Mapping) or not value:
        raise SettingsError(
            [f"{key}: expected a mapping of keys to labels, got {value!r}"]
        )
    problems: list[str] = []
    for code in site_languages(settings):
        for name, label in value.items():
            localized(label, code, f"{key}[{name!r}]", problems)
    if problems:
        raise SettingsError(list(dict.fromkeys(problems)))
    language = str(settings["DEFAULT_LANG"])
    return {name: localized(label, language, key, []) for name, label in value.items()}


@dataclass(frozen=True)
class Untranslated:
    """What a record page's notice says: part of it is in another language."""

    language: str  # the code of the language it is shown in: "en"
    language_name: str  # that language's name in the page's language: "inglés"
    fields: tuple[str, ...]  # dotted: `summary`, `actions[2].description`


@dataclass(frozen=True)
class RecordLanguages:
    """Which language each value of a record is shown in, on this run's pages.

    Templates print `lang="..."` on an element whose value is not in the
    page's language (WCAG 3.1.2); "" means it is.
    """

    page: str  # this run's language
    original: str  # the language records are written in
    untranslated: frozenset[str]

    def of(self, path: str) -> str:
        """A translatable value: "" if translated, else the original's code."""
        return self.original if path in self.untranslated else ""

    @property
    def written_once(self) -> str:
        """A value that is never translated (a name, a bill number, a law's
        official English title): in the original language on every page."""
        return "" if self.page == self.original else self.original

    def words_of(self, text: str) -> str:
        """`written_once` for a value that may be words ("117th Congress") or
        only digits ("2011-2012"), which read the same in every language."""
        return self.written_once if any(c.isalpha() for c in text) else ""

    def notice(self) -> Untranslated | None:
        if not self.untranslated:
            return None
        name = Locale.parse(self.original).get_display_name(self.page) or ""
        return Untranslated(self.original, name, tuple(sorted(self.untranslated)))


def record_languages(
    record: Record[Any], settings: Mapping[str, Any]
) -> RecordLanguages:
    page = str(settings["DEFAULT_LANG"])
    original = site_languages(settings)[0]
    untranslated = frozenset(record.untranslated) if page != original else frozenset()
    return RecordLanguages(page, original, untranslated)


def json_ld(data: Mapping[str, Any]) -> Markup:
    """JSON-LD for a `<script type="application/ld+json">` block.

    `<`, `>` and `&` are escaped as Unicode escapes, so that no value (a record's
    name, say) can close the script element early.
    """
    text = json.dumps(
        {k: v for k, v in data.items() if v not in (None, "", [], ())},
        ensure_ascii=False,
        indent=None,
        separators=(",", ":"),
    )
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return Markup(text)


def absolute_base(settings: Mapping[str, Any]) -> str:
    """The site's absolute address, for feeds and structured data.

    Development builds use relative links (SITEURL is empty), but feeds and
    JSON-LD need absolute ones: they fall back to PUBLISHED_SITEURL.
    """
    siteurl = str(settings.get("SITEURL") or "")
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    return str(settings.get("PUBLISHED_SITEURL") or "").rstrip("/")


def slug_for(text: str, settings: Mapping[str, Any]) -> str:
    """A URL slug for free text (a service area), the way Pelican makes them."""
    slug = slugify(text, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", ()))
    return slug or "other"
