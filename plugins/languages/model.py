"""The site's languages, one Pelican run each; no Pelican imports.

`LANGUAGES = ("en", "es")` in pelicanconf.py is the only place languages are
named. The first is the default and lives at `/`; every other language lives
under `/<code>/` at the same addresses (`/get-help/` and `/es/get-help/`), so
the counterpart of any page in any language is known without looking it up,
and a page that is not translated yet still has its address in every language
(it shows the default language's text, marked as such).

A language's content sits in a folder named by its code inside each content
folder (`content/pages/es/get-help.md` translates `content/pages/get-help.md`).
The translation key is the file name, shared with the original.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

# Pelican's own address settings; each run prefixes them with its language's
# folder. Record types and feeds prefix their own (`language_prefix`).
CORE_URL_SETTINGS = (
    "PAGE_URL",
    "PAGE_SAVE_AS",
    "ARTICLE_URL",
    "ARTICLE_SAVE_AS",
    "DRAFT_URL",
    "DRAFT_SAVE_AS",
    "DRAFT_PAGE_URL",
    "DRAFT_PAGE_SAVE_AS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "FEED_ATOM",
    "FEED_RSS",
)
# What a translation's front matter may say. Everything else (Parent,
# Template, Date, Status, addresses) comes from the original, so the two can
# never drift apart.
TRANSLATION_KEYS = ("title", "summary", "nav_title", "translation_of", "status")
# The parts of an original that a translation translates: a change to any of
# them makes the translation out of date. Front matter such as Parent does not.
TRANSLATED_KEYS = ("title", "summary", "nav_title")
_CODE = re.compile(r"^[a-z]{2,3}$")


class LanguageError(Exception):
    """LANGUAGES or a translation is set up wrongly; the message says how."""


@dataclass(frozen=True)
class Language:
    code: str  # "es": <html lang>, hreflang, the content folder
    name: str  # in the language itself: "Español"
    prefix: str  # "" for the default language, else "es/"
    locale: str  # for Open Graph and Babel: "es_US"
    default: bool


def parse_languages(settings: Mapping[str, Any]) -> tuple[Language, ...]:
    """The languages in LANGUAGES, the default first; raise LanguageError."""
    codes = settings.get("LANGUAGES") or (settings.get("DEFAULT_LANG", "en"),)
    territory = str(settings.get("LANGUAGE_TERRITORY", "US"))
    problems = []
    languages = []
    if not isinstance(codes, list | tuple):
        raise LanguageError(f"LANGUAGES: expected a list of codes, got {codes!r}")
    for index, code in enumerate(codes):
        if not isinstance(code, str) or not _CODE.match(code):
            problems.append(
                f"LANGUAGES[{index}]: expected a two-letter code such as 'es', "
                f"got {code!r}"
            )
            continue
        try:
            own = Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            problems.append(f"LANGUAGES[{index}]: {code!r} is not a known language")
            continue
        name = own.get_display_name(code) or code
        locale = f"{code}_{territory}"
        languages.append(
            Language(
                code=code,
                name=name[:1].upper() + name[1:],
                prefix="" if index == 0 else f"{code}/",
                locale=locale,
                default=index == 0,
            )
        )
    if len({language.code for language in languages}) != len(languages):
        problems.append(f"LANGUAGES: a language is listed twice in {codes!r}")
    if problems:
        raise LanguageError("\n".join(problems))
    return tuple(languages)


def run_language(settings: Mapping[str, Any]) -> Language:
    """The language this Pelican run writes (its DEFAULT_LANG)."""
    code = settings.get("DEFAULT_LANG")
    for language in parse_languages(settings):
        if language.code == code:
            return language
    raise LanguageError(f"DEFAULT_LANG {code!r} is not one of LANGUAGES")


def language_prefix(settings: Mapping[str, Any]) -> str:
    """The folder this run's pages go in: "" or "es/"."""
    return str(settings.get("LANGUAGE_PREFIX", ""))


def _prefixed(value: Any, prefix: str) -> Any:
    # Idempotent: settings already put in a language's folder stay there.
    if isinstance(value, str) and value and not value.startswith(prefix):
        return prefix + value
    return value


def run_settings(settings: Mapping[str, Any], language: Language) -> dict[str, Any]:
    """Overrides that turn the site's settings into one language's run."""
    languages = parse_languages(settings)
    others = [other.code for other in languages if not other.default]
    overrides: dict[str, Any] = {
        "DEFAULT_LANG": language.code,
        "LANGUAGE_PREFIX": language.prefix,
        "LANGUAGE_LOCALE": language.locale,
        # Tells plugins/languages which file each page was read from.
        "PATH_METADATA": r"(?P<language_source>.+)",
        # Every run reads the originals; translations are swapped in as the
        # files are listed (plugins/languages/plugin.py), so each language has
        # exactly the originals' pages.
        "PAGE_EXCLUDES": [
            *settings.get("PAGE_EXCLUDES", ()),
            *(
                f"{folder}/{code}"
                for folder in settings["PAGE_PATHS"]
                for code in others
            ),
        ],
        "ARTICLE_EXCLUDES": [
            *settings.get("ARTICLE_EXCLUDES", ()),
            *(
                f"{folder}/{code}"
                for folder in settings["ARTICLE_PATHS"]
                for code in others
            ),
        ],
    }
    if not language.default:
        for key in CORE_URL_SETTINGS:
            if key in settings:
                overrides[key] = _prefixed(settings[key], language.prefix)
        # Theme files are shared by every language: copied once, by the default.
        overrides["THEME_STATIC_PATHS"] = []
    return overrides


def prefix_settings(settings: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """`settings` with the address settings in `keys` put in the run's folder.

    A value may be a pattern (`partners/{slug}/`) or a mapping of patterns.
    """
    prefix = language_prefix(settings)
    if not prefix:
        return dict(settings)
    changed: dict[str, Any] = {}
    for key in keys:
        value = settings.get(key)
        if isinstance(value, Mapping):
            changed[key] = {k: _prefixed(v, prefix) for k, v in value.items()}
        else:
            changed[key] = _prefixed(value, prefix)
    return {**settings, **changed}


def strip_prefix(url: str, languages: Sequence[Language]) -> tuple[Language, str]:
    """Which language a site-relative URL is in, and its language-free form."""
    for language in languages:
        if language.prefix and (url + "/").startswith(language.prefix):
            return language, url[len(language.prefix) :]
    return languages[0], url


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str  # site-relative, in that language
    current: bool


def counterparts(url: str, languages: Sequence[Language]) -> tuple[LanguageLink, ...]:
    """The same page in every language, the current one marked."""
    current, bare = strip_prefix(url, languages)
    return tuple(
        LanguageLink(
            code=language.code,
            name=language.name,
            url=language.prefix + bare,
            current=language == current,
        )
        for language in languages
    )


def translation_path(original: Path, root: Path, code: str) -> Path:
    """`content/pages/x.md` -> `content/pages/es/x.md` (same for news)."""
    relative = original.relative_to(root)
    return root / relative.parent / code / relative.name


def original_path(translation: Path, root: Path) -> Path:
    """`content/pages/es/x.md` -> `content/pages/x.md`."""
    relative = translation.relative_to(root)
    return root / relative.parent.parent / relative.name


def digest(parts: Sequence[str]) -> str:
    """A short fingerprint of an original's translatable text.

    A translation records it as `Translation_of`; when the original's text
    changes, the fingerprints differ and the translation is out of date.
    """
    joined = "\x1f".join(part.strip() for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:12]
