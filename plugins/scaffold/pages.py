"""Starting files for pages and news articles: a draft `Key: value` header and a note.

Pelican's header has no comment syntax, and plugins/frontmatter refuses unknown
lines, so the explanation of every field goes in an HTML comment at the top of
the body, which plugins/editornotes keeps out of every built page and feed.
`Status: draft` keeps the unfinished file off the published site: a draft
translation shows the original under the "not translated yet" notice
(plugins/languages).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from frontmatter.model import (
    HEADER_ORDER,
    OPTIONAL,
    REQUIRED,
    STATUSES,
    TRANSLATION_OPTIONAL,
    header_name,
    parse_source,
)
from languages.model import parse_languages, translation_path

from .explanations import PAGE_FIELDS, STATUS_MEANINGS, in_language
from .model import Request, Scaffold, ScaffoldError, refuse_existing, title_from_slug

WIDTH = 78
INDENT = "    "


@dataclass(frozen=True)
class PageKind:
    folders: str  # the setting that lists its content folders
    url: str  # the setting of its published address
    draft_url: str  # and of its draft's address in a preview
    dated: bool  # needs a Date (a news article)


PAGE_KINDS = {
    "page": PageKind("PAGE_PATHS", "PAGE_URL", "DRAFT_PAGE_URL", dated=False),
    "news": PageKind("ARTICLE_PATHS", "ARTICLE_URL", "DRAFT_URL", dated=True),
}

# What the note says around the fields, by language; {placeholders} filled below.
NOTES = {
    "en": {
        "what": {"page": "page", "news": "news article"},
        "heading": (
            "NOT FINISHED. This {what} is a draft, started with `{command}`. "
            "While its header says `Status: draft` it is not published; a "
            "preview (./dev serve) shows it at /{draft_url}."
        ),
        "steps": (
            "To finish it:",
            "1. Write the text below this note, in Markdown. Use ## for "
            "headings; the title is the {what}'s main heading.",
            "2. Replace the Summary, and reword the Title if you like.",
            "3. Delete the `Status: draft` line. The next build publishes the "
            "{what} at /{url}.",
        ),
        "kept": (
            "This note is never published (the build leaves out notes like "
            "this one), so you may keep it or delete it."
        ),
        "translate": "Once the English is written, `{translate}` starts its "
        "translation.",
        "fields": (
            "The lines at the top are the {what}'s fields, one `Key: value` per "
            "line, in the order below, with no blank line between them. To use "
            "another field, add its line."
        ),
        "required": "required",
        "optional": "optional",
        "one_of": "One of:",
        "templates": "Templates the files in {folder}/ use now: {values}.",
        "parents": "Pages that have pages under them now: {values}.",
    },
    "es": {
        "what": {"page": "página", "news": "noticia"},
        "heading": (
            "SIN TERMINAR. Esta es la traducción de {original}, hecha con "
            "`{command}`, y todavía es un borrador: mientras diga "
            "`Status: draft`, no se publica, y la dirección /{url} muestra la "
            "versión en inglés con un aviso de que todavía no está traducida."
        ),
        "steps": (
            "Para terminarla:",
            "1. Traduzca el título (Title) y el resumen (Summary) de arriba.",
            "2. Escriba el texto en español debajo de esta nota, en Markdown, con "
            "los mismos títulos ## y los mismos datos que la versión en inglés. "
            "Para «human trafficking» escriba siempre «trata de personas» "
            "(nunca «tráfico de personas», que es otra cosa).",
            "3. Borre la línea `Status: draft`.",
            "4. Ejecute `./dev translations --done {label}`: así el sitio sabe "
            "que la traducción está al día con la versión en inglés.",
        ),
        "kept": ("Esta nota nunca se publica, así que puede dejarla o borrarla."),
        "original": "La versión en inglés dice:",
        "fields": (
            "Las líneas de arriba son los campos, uno por línea (`Campo: valor`), "
            "en el orden de esta lista y sin líneas en blanco entre ellos. Todo "
            "lo demás (Parent, Template, Date, la dirección) viene de la versión "
            "en inglés: no lo copie aquí."
        ),
        "required": "obligatorio",
        "optional": "opcional",
        "one_of": "Puede ser:",
        "summary": (
            "Reemplace esta oración por una o dos oraciones en español que digan "
            "de qué trata la página."
        ),
    },
}
SUMMARY = "Replace this sentence with one or two sentences on what the {what} is about."


def page_scaffold(request: Request, today: date) -> Scaffold:
    """The starting file for a page or news article, or its translation."""
    kind = PAGE_KINDS[request.kind]
    folder = request.content / request.settings[kind.folders][0]
    original = folder / f"{request.slug}.md"
    if request.language.default:
        return _original(request, kind, original, today)
    return _translation(request, kind, original)


def _original(request: Request, kind: PageKind, path: Path, today: date) -> Scaffold:
    refuse_existing(
        request, path, "Edit that file, or choose another name for a new one."
    )
    notes = NOTES["en"]
    what = notes["what"][request.kind]
    values = {
        "title": title_from_slug(request.slug),
        "summary": SUMMARY.format(what=what),
        "date": today.isoformat() if kind.dated else "",
        "status": "draft",
    }
    url = str(request.settings[kind.url]).format(slug=request.slug)
    draft_url = str(request.settings[kind.draft_url]).format(slug=request.slug)
    others = parse_languages(request.settings)[1:]
    translate = request.command(lang=others[0].code) if others else ""
    context = {
        "what": what,
        "command": request.command(),
        "url": url,
        "draft_url": draft_url,
        "translate": translate,
    }
    required = {*REQUIRED, *(("date",) if kind.dated else ())}
    folder = path.parent
    hints = {
        "template": _hint(
            notes["templates"],
            _used(folder, "template"),
            folder=request.label(folder),
        ),
        "parent": _hint(notes["parents"], _used(folder, "parent")),
    }
    note = _note(
        notes,
        context,
        _fields("en", [*REQUIRED, *OPTIONAL], required, hints, notes),
        (_paragraph(notes["translate"].format(**context)), "") if translate else (),
    )
    return Scaffold(
        path,
        _page_text(values, note),
        (
            f"It is a draft: the published site leaves it out until you delete "
            f"its `Status: draft` line. Write it under the note at the top; "
            f"`./dev serve` shows it at /{draft_url}.",
            *(
                (f"Its translation, once the English is written: {translate}",)
                if translate
                else ()
            ),
        ),
    )


def _translation(request: Request, kind: PageKind, original: Path) -> Scaffold:
    code = request.language.code
    path = translation_path(original, request.content, code)
    if not original.is_file():
        raise ScaffoldError(
            f"A translation needs its original, {request.label(original)}, with "
            f"the same file name, and there is none. Start the original with "
            f"`{request.command()}`, write it, then run `{request.command(lang=code)}`"
            ". Nothing was written."
        )
    refuse_existing(
        request,
        path,
        "Edit that file; `./dev translations --status` says whether it is up to date.",
    )
    notes = in_language(NOTES, code)
    source, _ = parse_source(request.label(original), original.read_text("utf-8"))
    url = request.language.prefix + str(request.settings[kind.url]).format(
        slug=request.slug
    )
    context = {
        "original": request.label(original),
        "command": request.command(lang=code),
        "url": url,
        "label": request.label(path),
    }
    summary = notes.get("summary") or SUMMARY.format(what=notes["what"][request.kind])
    values = {
        "title": source.header["title"].value
        if "title" in source.header
        else title_from_slug(request.slug),
        "summary": summary,
        "status": "draft",
    }
    shown = [
        f"{INDENT}{header_name(key)}: {_safe(source.header[key].value)}"
        for key in ("title", "summary", "nav_title")
        if key in source.header
    ]
    note = _note(
        notes,
        context,
        _fields(code, [*REQUIRED, *TRANSLATION_OPTIONAL], set(REQUIRED), {}, notes),
        (notes["original"], *shown, "") if shown else (),
    )
    return Scaffold(
        path,
        _page_text(values, note),
        (
            f"It is a draft: until you delete its `Status: draft` line, /{url} "
            f"shows the original under the notice that it is not translated yet.",
            f"When the translation is done: ./dev translations --done "
            f"{request.label(path)}",
        ),
    )


def _note(
    notes: Mapping[str, Any],
    context: Mapping[str, str],
    fields: Iterable[str],
    extra: Iterable[str] = (),
) -> list[str]:
    """The editor's note: what this file is, the steps, then every field.

    `extra` goes between the steps and the fields, each block ending in a
    blank line.
    """
    return [
        _paragraph(notes["heading"].format(**context)),
        "",
        *_steps(notes["steps"], context),
        "",
        _paragraph(notes["kept"]),
        "",
        *extra,
        _paragraph(notes["fields"].format(**context)),
        "",
        *fields,
    ]


def _page_text(values: Mapping[str, str], note: Iterable[str]) -> str:
    header = [
        f"{header_name(key)}: {values[key]}" for key in HEADER_ORDER if values.get(key)
    ]
    body = "\n".join(line.rstrip() for line in note).strip("\n")
    return "\n".join(header) + f"\n\n<!--\n{body}\n-->\n"


def _fields(
    code: str,
    keys: Iterable[str],
    required: set[str],
    hints: Mapping[str, str],
    notes: Mapping[str, Any],
) -> list[str]:
    explanations = in_language(PAGE_FIELDS, code)
    statuses = in_language(STATUS_MEANINGS, code)
    listed = set(keys)
    lines: list[str] = []
    for key in HEADER_ORDER:
        if key not in listed:
            continue
        need = notes["required"] if key in required else notes["optional"]
        lines.append(f"{header_name(key)} ({need})")
        lines.append(_paragraph(explanations[key], INDENT))
        if key == "status":
            lines.append(f"{INDENT}{notes['one_of']}")
            lines.extend(
                _paragraph(f"{status}: {statuses[status]}", INDENT * 2)
                for status in STATUSES
            )
        if hints.get(key):
            lines.append(_paragraph(hints[key], INDENT))
    return lines


def _used(folder: Path, key: str) -> list[str]:
    """The values other files in `folder` (not its translations) give `key`."""
    found = set()
    for path in sorted(folder.glob("*.md")):
        source, _ = parse_source(path.name, path.read_text(encoding="utf-8"))
        if key in source.header and source.header[key].value:
            found.add(source.header[key].value)
    return sorted(found)


def _hint(template: str, values: list[str], **extra: str) -> str:
    return template.format(values=", ".join(values), **extra) if values else ""


def _steps(steps: Iterable[str], context: Mapping[str, str]) -> list[str]:
    # A numbered step's later lines line up with its text, not its number.
    return [_paragraph(step.format(**context), "", "   ") for step in steps]


def _paragraph(text: str, indent: str = "", later: str | None = None) -> str:
    return textwrap.fill(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if later is None else later,
        break_on_hyphens=False,
        break_long_words=False,
    )


def _safe(text: str) -> str:
    """Quoted text that cannot close the note early."""
    return text.replace("-->", "-- >")
