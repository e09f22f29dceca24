"""The Decap CMS config (admin/config.yml), generated from what the build checks.

Nothing here is a second copy: the page fields come from the front-matter
definitions (plugins/frontmatter/model.py), their choices from the content and
the theme, the record fields from the record schemas (plugins/cms/fields.py),
the languages from LANGUAGES, the backend from the CMS setting.

Pages (`pelican-page`, Markdown with a `Key: value` header) have no Decap
i18n: its structures would move English pages into content/pages/en/. Each
other language has its own collection over content/pages/<code>/, whose new
files are named after their original (the `original` field), as the build
pairs them. Records (`cast-record`) keep every language in one file (Decap's
`single_file`): text marked TRANSLATABLE is `i18n: true`, a list with text to
translate is `i18n: true` and the rest of its items `i18n: duplicate` (shown,
not translated), and the hidden `translation_of` is kept per language.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontmatter.model import (
    DATE,
    HEADER_ORDER,
    OPTIONAL,
    REQUIRED,
    STATUSES,
    TRANSLATION_OPTIONAL,
    Source,
    header_name,
    parse_source,
)
from frontmatter.plugin import markdown_sources, theme_templates
from images.plugin import DEFAULTS as IMAGES_DEFAULTS
from languages.model import Language, parse_languages
from records.collection import label_for
from records.model import RecordType

from .backend import backend_config, parse_cms
from .fields import Field, collection_fields, label_of

# The CMS's `pelican-page` format reads this order from each page collection's
# fields in config.yml, the only copy it uses.
CANONICAL_KEYS = HEADER_ORDER
CANONICAL = tuple(header_name(key) for key in CANONICAL_KEYS)
PAGE_FORMAT = "pelican-page"
RECORD_FORMAT = "cast-record"
BODY = "body"
# CMS-only (lowercase, so never written as a header): the original a new
# translation translates, which names its file.
ORIGINAL = "original"

_HINTS = {
    "summary": "One or two sentences: what search engines and link previews show.",
    "nav_title": "A shorter title for the menu and breadcrumbs.",
    "parent": "The page this one belongs under, for breadcrumbs and the site map.",
    "template": "Only for special pages; leave empty for an ordinary page.",
    "date": "YYYY-MM-DD",
    "modified": "YYYY-MM-DD: when the page last changed in substance.",
    "slug": "The page's address; leave empty to use the file name.",
    "save_as": "Only for special pages; leave empty.",
    "url": "Only for special pages; leave empty.",
    "status": "published (the default), hidden (not in lists or search "
    "engines) or draft (previews only).",
}
_DATE_PATTERN = [DATE.pattern, "YYYY-MM-DD, or YYYY-MM-DD HH:MM"]


class CmsConfigError(ValueError):
    """The definitions the config is built from do not fit together."""


@dataclass(frozen=True)
class MarkdownFile:
    """One Markdown source, as the page fields need it."""

    folder: str  # the content folder it is in: "pages", "news"
    stem: str  # its file name without .md: the translation key
    translation: bool
    # Directly in `folder` (or its language folder), as Decap lists files.
    direct: bool
    source: Source

    @property
    def title(self) -> str:
        field = self.source.header.get("title")
        return field.value if field is not None else self.stem


def check_canonical() -> None:
    """Every front-matter key has its place in CANONICAL_KEYS, and no other."""
    known = {*REQUIRED, *OPTIONAL, *TRANSLATION_OPTIONAL}
    missing = sorted(known - set(CANONICAL_KEYS))
    extra = sorted(set(CANONICAL_KEYS) - known)
    if missing or extra:
        raise CmsConfigError(
            "plugins/cms/config.py: CANONICAL_KEYS must list every front-matter "
            f"key of plugins/frontmatter/model.py; missing {missing}, unknown {extra}"
        )


def read_markdown(settings: Mapping[str, Any]) -> list[MarkdownFile]:
    """Every page and article source, originals and translations."""
    root = Path(settings["PATH"])
    codes = {language.code for language in parse_languages(settings)[1:]}
    folders = {
        folder: (root / folder).resolve()
        for folder in (*settings["PAGE_PATHS"], *settings["ARTICLE_PATHS"])
    }
    # Where each folder of sources sits: resolved once, not once per file.
    places: dict[Path, tuple[str, bool]] = {}
    found = []
    for path in markdown_sources(dict(settings)):
        translation = path.parent.name in codes
        parent = path.parent.parent if translation else path.parent
        if parent not in places:
            base = parent.resolve()
            folder = next(f for f, at in folders.items() if base.is_relative_to(at))
            places[parent] = (folder, base == folders[folder])
        folder, direct = places[parent]
        source, _ = parse_source(
            label_for(path, root), path.read_text(encoding="utf-8")
        )
        found.append(MarkdownFile(folder, path.stem, translation, direct, source))
    return found


def _options(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """Select options labelled `Title (value)`, sorted by title."""
    return [
        {"label": f"{title} ({value})", "value": value}
        for title, value in sorted(set(pairs), key=lambda p: (p[0].casefold(), p[1]))
    ]


def page_field(
    key: str, parents: Sequence[MarkdownFile], templates: Iterable[str]
) -> Field:
    """The Decap field for one front-matter key."""
    field: Field = {
        "label": label_of(key),
        "name": header_name(key),
        "required": key in REQUIRED,
    }
    if key in _HINTS:
        field["hint"] = _HINTS[key]
    if key == "summary":
        field["widget"] = "text"
    elif key == "parent":
        field["widget"] = "select"
        # Any page's slug, as the build's check accepts (frontmatter.plugin).
        field["options"] = _options((p.title, p.source.slug) for p in parents)
    elif key == "template":
        field["widget"] = "select"
        field["options"] = sorted(templates)
    elif key == "status":
        field["widget"] = "select"
        field["options"] = list(STATUSES)
    elif key in ("date", "modified"):
        field["widget"] = "string"
        field["pattern"] = list(_DATE_PATTERN)
    elif key == "translation_of":
        # Written by `./dev translations --done`, never typed.
        field["widget"] = "hidden"
    else:
        field["widget"] = "string"
    return field


def _body() -> Field:
    return {
        "label": "Text",
        "name": BODY,
        "widget": "markdown",
        # Raw only: Decap's rich-text mode rewrites Markdown it did not write.
        "modes": ["raw"],
        "required": False,
    }


def _ordered(keys: Iterable[str]) -> list[str]:
    allowed = set(keys)
    return [key for key in CANONICAL_KEYS if key in allowed]


def page_collections(
    settings: Mapping[str, Any],
    files: Sequence[MarkdownFile],
    templates: Iterable[str],
) -> list[dict[str, Any]]:
    """One collection per page and article folder, and one per other language."""
    check_canonical()
    templates = sorted(templates)
    root = Path(settings["PATH"]).name
    languages = parse_languages(settings)
    originals = [f for f in files if not f.translation]
    kinds = [(f, "Page") for f in settings["PAGE_PATHS"]]
    kinds += [(f, "Article") for f in settings["ARTICLE_PATHS"]]
    collections = []
    for folder, singular in kinds:
        name = folder.strip("/").replace("/", "_")
        own = [f for f in originals if f.folder == folder and f.direct]
        collections.append(
            {
                "name": name,
                "label": label_of(name),
                "label_singular": singular,
                "folder": f"{root}/{folder}",
                "extension": "md",
                "format": PAGE_FORMAT,
                "create": True,
                "slug": "{{slug}}",
                "identifier_field": header_name("title"),
                "fields": [
                    *(
                        page_field(key, originals, templates)
                        for key in _ordered((*REQUIRED, *OPTIONAL))
                    ),
                    _body(),
                ],
            }
        )
        collections += [
            _translation_collection(name, singular, f"{root}/{folder}", own, language)
            for language in languages[1:]
        ]
    return collections


def _translation_collection(
    name: str,
    singular: str,
    folder: str,
    originals: Sequence[MarkdownFile],
    language: Language,
) -> dict[str, Any]:
    original: Field = {
        "label": f"Original {singular.lower()}",
        "name": ORIGINAL,
        "widget": "select",
        "options": _options((f.title, f.stem) for f in originals),
        # A file opened again has no `original` (it names the file, and is
        # never written), so only a new translation needs it.
        "required": False,
        "hint": f"For a new translation: the {singular.lower()} it translates. "
        "The file gets the same name, which is how the site pairs the two.",
    }
    return {
        "name": f"{name}_{language.code}",
        "label": f"{label_of(name)} ({language.name})",
        "label_singular": f"{singular} ({language.name})",
        "folder": f"{folder}/{language.code}",
        "extension": "md",
        "format": PAGE_FORMAT,
        "create": True,
        "slug": "{{" + ORIGINAL + "}}",
        "identifier_field": header_name("title"),
        "fields": [
            *(
                page_field(key, (), ())
                for key in _ordered((*REQUIRED, *TRANSLATION_OPTIONAL))
            ),
            original,
            _body(),
        ],
    }


def record_types(settings: Mapping[str, Any]) -> tuple[RecordType[Any], ...]:
    """The record types of the plugins in PLUGINS, in that order."""
    found: list[RecordType[Any]] = []
    for plugin in settings.get("PLUGINS") or ():
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        try:
            module = importlib.import_module(f"{name}.plugin")
        except ModuleNotFoundError as error:
            if error.name in (name, f"{name}.plugin"):
                continue
            raise
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, RecordType) and value not in found
        ]
    return tuple(found)


def record_collection(
    kind: RecordType[Any], settings: Mapping[str, Any], translated: bool
) -> dict[str, Any]:
    configured = kind.configure(settings)
    language = parse_languages(settings)[0].code
    fields = collection_fields(
        kind.model, kind.validation_context(configured), language
    )
    collection: dict[str, Any] = {
        "name": kind.name,
        "label": label_of(kind.name),
        "label_singular": kind.model.__name__,
        "folder": f"{Path(settings['PATH']).name}/{kind.setting(configured, 'PATH')}",
        "extension": "yml",
        "format": RECORD_FORMAT,
        "create": True,
        "slug": "{{slug}}",
        # The first field names the record (name, identifier): the file name.
        "identifier_field": fields[0]["name"],
        "fields": fields,
    }
    if translated and any("i18n" in field for field in fields):
        collection["i18n"] = True
    return collection


def build_config(
    settings: Mapping[str, Any],
    kinds: Sequence[RecordType[Any]] | None = None,
    files: Sequence[MarkdownFile] | None = None,
) -> dict[str, Any]:
    """The whole Decap config, as config.yml holds it.

    `kinds` defaults to the record types in PLUGINS and `files` to the
    Markdown in the content folder.
    """
    cms = parse_cms(settings.get("CMS"))
    languages = parse_languages(settings)
    kinds = record_types(settings) if kinds is None else kinds
    files = read_markdown(settings) if files is None else files
    root = Path(settings["PATH"]).name
    images = str(settings.get("IMAGES_PATH", IMAGES_DEFAULTS["IMAGES_PATH"])).strip("/")
    config: dict[str, Any] = {
        **backend_config(cms),
        "media_folder": f"{root}/{images}",
        # What pages write (plugins/images): ![...]({static}/images/photo.jpg).
        "public_folder": f"{{static}}/{images}",
        "locale": languages[0].code,
        # Lowercase ASCII, as the build requires of record file names.
        "slug": {
            "encoding": "ascii",
            "clean_accents": True,
            "sanitize_replacement": "-",
        },
    }
    site_url = str(settings.get("SITEURL") or "")
    if site_url:
        config["site_url"] = site_url
    translated = len(languages) > 1
    if translated:
        config["i18n"] = {
            "structure": "single_file",
            "locales": [language.code for language in languages],
            "default_locale": languages[0].code,
        }
    config["collections"] = [
        *page_collections(settings, files, theme_templates(dict(settings))),
        *(record_collection(kind, settings, translated) for kind in kinds),
    ]
    return config
