"""What is missing or out of date in each translation; no Pelican imports.

`./dev translations --status` prints this report; `--done PATH` stamps a
translation as up to date. A translation records a fingerprint of the text it
was translated from (`languages.model.digest`): `Translation_of:` in a page's
front matter, `translation_of:` in a record's language block. When the
original's text changes, its fingerprint no longer matches, and the
translation is listed as out of date.

Three kinds of translation are checked for every language but the default:
- pages and news (`content/pages/es/x.md` for `content/pages/x.md`);
- records (each translatable value in a record's `es:` block);
- theme strings (`theme/translations/es/LC_MESSAGES/messages.po` against
  `messages.pot`, which must itself hold every string marked in the sources).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from frontmatter.model import Source, parse_source
from records.collection import label_for, load_collection
from records.loader import dotted, load_record_file
from records.model import RecordType
from records.schema import validate_record
from records.translation import (
    TRANSLATION_OF,
    localize,
    original_digest,
    split_translations,
    translatable_paths,
)

from .catalog import catalog_path
from .model import (
    TRANSLATED_KEYS,
    digest,
    original_path,
    parse_languages,
    translation_path,
)

# Where the sources' translatable strings are found, and how they are marked:
# `_()` in templates, `N_()` for labels defined in Python (languages.catalog).
BABEL_CONFIG = "babel.cfg"
KEYWORDS = ("_", "N_")
PAGES = "Pages and news"
RECORDS = "Records"
STRINGS = "Theme strings"
GROUPS = (PAGES, RECORDS, STRINGS)
_HEADER_KEY = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_ -]*):")
_SHOWN = 60


class TranslationError(Exception):
    """A path that cannot be stamped; the message says why."""


@dataclass(frozen=True, order=True)
class Item:
    """One thing to translate or fix: `content/pages/es/x.md:4: out of date: ...`."""

    group: str
    label: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.label}:{self.line}: {self.message}"


@dataclass(frozen=True)
class LanguageReport:
    code: str
    name: str  # in the default language: "Spanish"
    items: tuple[Item, ...]

    def group(self, name: str) -> list[Item]:
        return [item for item in self.items if item.group == name]


@dataclass(frozen=True)
class Report:
    languages: tuple[LanguageReport, ...]

    @property
    def items(self) -> list[Item]:
        return [item for language in self.languages for item in language.items]

    def __bool__(self) -> bool:
        return bool(self.items)

    def format(self) -> str:
        lines: list[str] = []
        for language in self.languages:
            title = f"{language.name} ({language.code})"
            if not language.items:
                lines.append(f"{title}: nothing missing or out of date.")
                continue
            lines.append(f"{title}: {_count(len(language.items))}")
            for group in GROUPS:
                items = language.group(group)
                if items:
                    lines += ["", f"{group} ({len(items)})", *map(str, items)]
            lines.append("")
        if self.items:
            lines.append(f"In all: {_count(len(self.items))}")
        else:
            lines.append("Nothing missing or out of date.")
        return "\n".join(lines).replace("\n\n\n", "\n\n")


def _count(number: int) -> str:
    return f"{number} item{'s' if number != 1 else ''} missing or out of date."


def _shown(message_id: Any) -> str:
    text = message_id if isinstance(message_id, str) else message_id[0]
    text = " ".join(text.split())
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 1] + "…"
    return repr(text)


def language_name(code: str, default: str) -> str:
    name = Locale.parse(code).get_display_name(default) or code
    return name[:1].upper() + name[1:]


# --- Pages and news -----------------------------------------------------------


def page_digest(source: Source) -> str:
    """The fingerprint of an original page's translatable text."""
    parts = [
        source.header[key].value if key in source.header else ""
        for key in TRANSLATED_KEYS
    ]
    return digest([*parts, source.body])


def _read_source(path: Path, root: Path) -> tuple[Source, list[Any]]:
    return parse_source(label_for(path, root), path.read_text(encoding="utf-8"))


def page_items(
    root: Path, folders: Sequence[str], code: str, codes: Iterable[str], name: str
) -> list[Item]:
    """Every page or article with no translation in `code`, or an outdated one."""
    codes = set(codes)
    items: list[Item] = []
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*.md")):
            inside = path.relative_to(base).parts[:-1]
            if not any(part in codes for part in inside):
                translated = translation_path(path, root, code)
                if not translated.is_file():
                    items.append(
                        Item(
                            PAGES,
                            label_for(path, root),
                            1,
                            f"missing: no {name} translation; write "
                            f"{label_for(translated, root)}",
                        )
                    )
            elif path.parent.name == code:
                items.extend(_translation_items(path, root))
    return items


def _translation_items(path: Path, root: Path) -> list[Item]:
    label = label_for(path, root)
    original = original_path(path, root)
    shown = label_for(original, root)
    if not original.is_file():
        return [
            Item(
                PAGES,
                label,
                1,
                f"error: no original {shown} with the same file name; rename this "
                "translation or delete it",
            )
        ]
    source, problems = _read_source(path, root)
    items = [
        Item(PAGES, p.path, p.line, f"error: {p.field}: {p.message}") for p in problems
    ]
    original_source, _ = _read_source(original, root)
    current = page_digest(original_source)
    stamp = source.header.get(TRANSLATION_OF)
    done = f"./dev translations --done {label}"
    if stamp is None or not stamp.value:
        items.append(
            Item(
                PAGES,
                label,
                stamp.line if stamp else 1,
                f"out of date (unknown): no Translation_of line; check it against "
                f"{shown}, then run {done}",
            )
        )
    elif stamp.value != current:
        items.append(
            Item(
                PAGES,
                label,
                stamp.line,
                f"out of date: {shown} changed since this was translated "
                f"(Translation_of {stamp.value}, now {current}); update it, then "
                f"run {done}",
            )
        )
    return items


# --- Records --------------------------------------------------------------------


def _record_folder(kind: RecordType[Any], settings: Mapping[str, Any]) -> Path:
    configured = kind.configure(settings)
    return Path(settings["PATH"]) / kind.setting(configured, "PATH")


def record_items(
    settings: Mapping[str, Any],
    record_types: Sequence[RecordType[Any]],
    code: str,
    codes: Iterable[str],
    name: str,
) -> list[Item]:
    """Each record value with no text in `code`, and each outdated block."""
    root = Path(settings["PATH"])
    items: list[Item] = []
    for kind in record_types:
        configured = kind.configure(settings)
        records, problems = load_collection(
            kind.model,
            _record_folder(kind, settings),
            root,
            context=kind.validation_context(configured),
            max_bytes=kind.setting(configured, "MAX_BYTES"),
            languages=tuple(codes),
        )
        items += [
            Item(RECORDS, p.path, p.line, f"error: {p.field}: {p.message}")
            for p in problems
        ]
        # A block with errors is reported by them, not as missing every value.
        broken = {
            p.path
            for p in problems
            if p.field == code or p.field.startswith(f"{code}.")
        }
        for record in records:
            if record.label in broken:
                continue
            block = record.translations.get(code)
            missing = set(localize(kind.model, record.data, block).missing)
            for location in translatable_paths(kind.model, record.data):
                field = dotted(location)
                if field in missing:
                    items.append(
                        Item(
                            RECORDS,
                            record.label,
                            record.lines.line_of(location),
                            f"missing: {field}: no {name} text in the {code}: block",
                        )
                    )
            if block is None:
                continue
            stamp = getattr(block, TRANSLATION_OF, None)
            current = original_digest(kind.model, record.data)
            done = f"./dev translations --done {record.label}"
            if not stamp:
                items.append(
                    Item(
                        RECORDS,
                        record.label,
                        record.lines.line_of((code,)),
                        f"out of date (unknown): the {code}: block has no "
                        f"translation_of line; check it against the English, then "
                        f"run {done}",
                    )
                )
            elif stamp != current:
                items.append(
                    Item(
                        RECORDS,
                        record.label,
                        record.lines.line_of((code, TRANSLATION_OF)),
                        f"out of date: the English text changed since the {code}: "
                        f"block was translated (translation_of {stamp}, now "
                        f"{current}); update the block, then run {done}",
                    )
                )
    return items


# --- Theme strings --------------------------------------------------------------


def _key(message: Any) -> tuple[str, str | None]:
    message_id = message.id if isinstance(message.id, str) else message.id[0]
    return message_id, message.context


def _read_catalog(path: Path) -> Any:
    with path.open("rb") as source:
        return read_po(source)


def extract_messages(project: Path) -> dict[tuple[str, str | None], tuple[str, int]]:
    """Every string marked in the sources that babel.cfg names, with a place."""
    config = project / BABEL_CONFIG
    with config.open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file, str(config))
    keywords = {**DEFAULT_KEYWORDS, **dict.fromkeys(KEYWORDS)}
    found: dict[tuple[str, str | None], tuple[str, int]] = {}
    for filename, line, message, _comments, context in extract_from_dir(
        str(project), method_map, options_map, keywords=keywords
    ):
        message_id = message if isinstance(message, str) else message[0]
        found.setdefault((message_id, context), (Path(filename).as_posix(), line))
    return found


def template_items(project: Path, theme: Path) -> list[Item]:
    """Strings in the sources that messages.pot lacks, or that it holds for nothing."""
    pot = theme / "translations" / "messages.pot"
    shown = label_for(pot, theme)
    if not pot.is_file():
        return [Item(STRINGS, shown, 1, "missing: run ./dev translations")]
    extracted = extract_messages(project)
    template = {_key(m): m for m in _read_catalog(pot) if m.id}
    items = [
        Item(
            STRINGS,
            filename,
            line,
            f"missing from {shown}: {_shown(message_id)}; run ./dev translations",
        )
        for (message_id, context), (filename, line) in extracted.items()
        if (message_id, context) not in template
    ]
    items += [
        Item(
            STRINGS,
            shown,
            message.lineno or 1,
            f"stale: {_shown(message.id)} is no longer in the sources; "
            "run ./dev translations",
        )
        for key, message in template.items()
        if key not in extracted
    ]
    return sorted(items)


def catalog_items(theme: Path, code: str, name: str) -> list[Item]:
    """Every string in messages.pot with no translation in `code`, or a doubtful one."""
    pot = theme / "translations" / "messages.pot"
    po = catalog_path(theme, code)
    shown, shown_po = label_for(pot, theme), label_for(po, theme)
    if not pot.is_file():
        return [Item(STRINGS, shown, 1, "missing: run ./dev translations")]
    if not po.is_file():
        return [
            Item(
                STRINGS,
                shown_po,
                1,
                f"missing: no {name} catalog; run ./dev translations --add {code}, "
                "then translate it",
            )
        ]
    template = [m for m in _read_catalog(pot) if m.id]
    catalog = _read_catalog(po)
    translated = {_key(m): m for m in catalog if m.id}
    obsolete = {_key(m): m for m in catalog.obsolete.values()}
    items: list[Item] = []
    for message in template:
        key = _key(message)
        entry = translated.get(key)
        if entry is None:
            old = obsolete.get(key)
            if old is not None:
                items.append(
                    Item(
                        STRINGS,
                        shown_po,
                        old.lineno or 1,
                        f"obsolete: {_shown(message.id)} has only an old (#~) "
                        "translation; run ./dev translations, then check it",
                    )
                )
            else:
                items.append(
                    Item(
                        STRINGS,
                        shown,
                        message.lineno or 1,
                        f"missing: {_shown(message.id)} is not in {shown_po}; "
                        "run ./dev translations",
                    )
                )
            continue
        strings = (entry.string,) if isinstance(entry.string, str) else entry.string
        if entry.fuzzy:
            items.append(
                Item(
                    STRINGS,
                    shown_po,
                    entry.lineno or 1,
                    f"fuzzy: {_shown(message.id)}: check the translation, then "
                    "delete its `#, fuzzy` line",
                )
            )
        elif not all(text.strip() for text in strings):
            items.append(
                Item(
                    STRINGS,
                    shown_po,
                    entry.lineno or 1,
                    f"missing: {_shown(message.id)} has no {name} translation",
                )
            )
    wanted = {_key(m) for m in template}
    for key, entry in translated.items():
        if key not in wanted:
            items.append(
                Item(
                    STRINGS,
                    shown_po,
                    entry.lineno or 1,
                    f"stale: {_shown(entry.id)} is no longer in {shown}; "
                    "run ./dev translations",
                )
            )
    for key, entry in obsolete.items():
        if key not in wanted:
            items.append(
                Item(
                    STRINGS,
                    shown_po,
                    entry.lineno or 1,
                    f"obsolete: {_shown(entry.id)} (#~) is no longer used; delete it",
                )
            )
    return sorted(items, key=lambda item: (item.label, item.line))


# --- The whole report -----------------------------------------------------------


def translation_report(
    settings: Mapping[str, Any],
    record_types: Sequence[RecordType[Any]],
    project: Path | None = None,
) -> Report:
    """Everything missing or out of date, for every language but the default.

    `project` is the folder with babel.cfg: when given, messages.pot is also
    checked against the strings marked in the templates and plugins.
    """
    languages = parse_languages(settings)
    default = languages[0].code
    codes = [language.code for language in languages[1:]]
    root = Path(settings["PATH"])
    theme = Path(settings["THEME"])
    folders = [*settings["PAGE_PATHS"], *settings["ARTICLE_PATHS"]]
    shared = template_items(project, theme) if project is not None else []
    reports = []
    for code in codes:
        name = language_name(code, default)
        items = [
            *page_items(root, folders, code, codes, name),
            *record_items(settings, record_types, code, codes, name),
            *shared,
            *catalog_items(theme, code, name),
        ]
        reports.append(LanguageReport(code, name, tuple(items)))
    return Report(tuple(reports))


# --- Stamping a translation as up to date ---------------------------------------


def _lines(text: str) -> list[str]:
    """`text` split after each newline, so that joining gives it back exactly."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _eol(lines: Sequence[str]) -> str:
    return "\r\n" if lines and lines[0].endswith("\r\n") else "\n"


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8"))


def stamp_page(path: Path, root: Path) -> str:
    """Write the original's fingerprint into a translation's front matter."""
    original = original_path(path, root)
    if not original.is_file():
        raise TranslationError(
            f"{label_for(path, root)}: no original "
            f"{label_for(original, root)}; a translation has its original's "
            "file name"
        )
    original_source, _ = _read_source(original, root)
    value = page_digest(original_source)
    before = path.read_bytes().decode("utf-8")
    lines = _lines(before)
    eol = _eol(lines)
    stamp = f"Translation_of: {value}"
    end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for index in range(end):
        match = _HEADER_KEY.match(lines[index])
        key = match["key"].strip().lower().replace(" ", "_") if match else ""
        if key == TRANSLATION_OF:
            ending = lines[index][len(lines[index].rstrip("\r\n")) :]
            lines[index] = stamp + ending
            break
    else:
        if end and not lines[end - 1].endswith("\n"):
            lines[end - 1] += eol
        lines.insert(end, stamp + eol)
    _write(path, "".join(lines))
    source, _ = _read_source(path, root)
    written = source.header.get(TRANSLATION_OF)
    if written is None or written.value != value:  # pragma: no cover - a safeguard
        _write(path, before)
        raise TranslationError(f"{label_for(path, root)}: could not stamp it")
    return value


def _record_block(lines: Sequence[str], code: str, label: str) -> tuple[int, int]:
    """The index of the `es:` line and of the first line after its block."""
    start = None
    heading = re.compile(rf"^{re.escape(code)}:(?P<rest>.*)$")
    for index, line in enumerate(lines):
        match = heading.match(line.rstrip("\r\n"))
        if match is None:
            continue
        rest = match["rest"].strip()
        if rest and not rest.startswith("#"):
            raise TranslationError(
                f"{label}: write the {code}: block as indented `field: value` lines, "
                f"one per line below `{code}:`"
            )
        start = index
        break
    if start is None:
        raise TranslationError(
            f"{label}: no {code}: block; add the translated text first "
            "(README, Translating into Spanish)"
        )
    end = start + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            break
        end += 1
    return start, end


def stamp_record(
    path: Path,
    settings: Mapping[str, Any],
    kind: RecordType[Any],
    code: str,
) -> str:
    """Write the record's fingerprint as the first line of its `code` block."""
    root = Path(settings["PATH"])
    label = label_for(path, root)
    configured = kind.configure(settings)
    loaded = load_record_file(path, label, kind.setting(configured, "MAX_BYTES"))
    problems = list(loaded.problems)
    data = None
    if loaded.data is not None and not problems:
        own, _blocks = split_translations(loaded.data, (code,))
        data, found = validate_record(
            kind.model, own, loaded.lines, label, kind.validation_context(configured)
        )
        problems += found
    if data is None or problems:
        listed = "\n".join(str(problem) for problem in problems)
        raise TranslationError(f"{label}: fix these first:\n{listed}")
    before = path.read_bytes().decode("utf-8")
    lines = _lines(before)
    eol = _eol(lines)
    start, end = _record_block(lines, code, label)
    if not lines[start].endswith("\n"):
        lines[start] += eol
    content = [
        line
        for line in lines[start + 1 : end]
        if line.strip() and line[0] == " " and not line.lstrip().startswith("#")
    ]
    indent = (
        re.match(r"^ +", content[0]).group(0)  # type: ignore[union-attr]
        if content
        else "  "
    )
    value = original_digest(kind.model, data)
    stamp = f"{indent}{TRANSLATION_OF}: {value}"
    existing = re.compile(rf"^{indent}{TRANSLATION_OF}:(\s|$)")
    for index in range(start + 1, end):
        if existing.match(lines[index]):
            ending = lines[index][len(lines[index].rstrip("\r\n")) :] or eol
            lines[index] = stamp + ending
            break
    else:
        lines.insert(start + 1, stamp + eol)
    _write(path, "".join(lines))
    check = load_record_file(path, label, kind.setting(configured, "MAX_BYTES"))
    block = (check.data or {}).get(code)
    if check.problems or not isinstance(block, Mapping):
        _write(path, before)
        raise TranslationError(
            f"{label}: the {code}: block could not be stamped; the file was left "
            "as it was"
        )
    return value


def stamp(
    path: Path,
    settings: Mapping[str, Any],
    record_types: Sequence[RecordType[Any]],
    code: str = "",
) -> str:
    """Mark the translation at `path` as up to date; return what was done."""
    root = Path(settings["PATH"]).resolve()
    given, path = path, path.resolve()
    languages = parse_languages(settings)
    codes = [language.code for language in languages[1:]]
    if not path.is_file():
        raise TranslationError(f"{given}: no such file")
    try:
        relative = path.relative_to(root)
    except ValueError:
        raise TranslationError(
            f"{given}: not a translation; translations are in {root.name}/"
        ) from None
    label = label_for(path, root)
    folders = [*settings["PAGE_PATHS"], *settings["ARTICLE_PATHS"]]
    if path.suffix == ".md" and relative.parts[0] in folders:
        if path.parent.name not in codes:
            example = (
                f", such as {label_for(translation_path(path, root, codes[0]), root)}"
                if codes
                else ""
            )
            raise TranslationError(
                f"{label}: not a translation; a translation is in a language's "
                f"folder{example}"
            )
        value = stamp_page(path, root)
        return f"{label}: Translation_of: {value}"
    for kind in record_types:
        if path.parent == _record_folder(kind, {**settings, "PATH": str(root)}):
            chosen = code or (codes[0] if len(codes) == 1 else "")
            if chosen not in codes:
                raise TranslationError(
                    f"{label}: say which language's block to stamp: "
                    f"--lang {' or --lang '.join(codes)}"
                )
            value = stamp_record(path, {**settings, "PATH": str(root)}, kind, chosen)
            return f"{label}: {chosen}: translation_of: {value}"
    raise TranslationError(
        f"{label}: not a translation; expected a page or article in a language "
        "folder (content/pages/es/x.md) or a record file with a language block"
    )
