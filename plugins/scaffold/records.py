"""Starting files for YAML records (partners, bills), made from their pydantic models.

Records have no draft state: the next build publishes whatever file is there.
So the required fields get values that validate and say plainly that the
record is not complete yet, and every optional field is written as a comment
with what it means and the values it accepts.
"""

from __future__ import annotations

import json
import textwrap
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from legislation.plugin import LEGISLATION
from partners.checks import RESERVED_SLUGS
from partners.plugin import PARTNERS
from records.model import RecordType
from records.schema import context_key
from records.translation import (
    TRANSLATION_OF,
    is_translatable,
    record_translation_model,
    translation_model,
)

from .explanations import RECORD_FIELDS, in_language
from .model import Request, Scaffold, ScaffoldError, refuse_existing, title_from_slug

WIDTH = 79
# The value of a required text field until someone writes the real one: what
# visitors read if the record is published unfinished.
UNFINISHED = {"en": "Not complete yet", "es": "Todavía sin completar"}


def identifier_from_slug(slug: str) -> str:
    """`ab-1761` -> `AB 1761`."""
    return slug.replace("-", " ").upper()


@dataclass(frozen=True)
class RecordKind:
    record_type: RecordType[Any]
    what: str  # in messages: "partner"
    # The record's first field (its name) as made from the file name.
    name_from_slug: Callable[[str], str]
    reserved: frozenset[str] = frozenset()


RECORD_KINDS = {
    "partner": RecordKind(PARTNERS, "partner", title_from_slug, RESERVED_SLUGS),
    "bill": RecordKind(LEGISLATION, "bill", identifier_from_slug),
}


@dataclass(frozen=True)
class FieldSpec:
    """One model field as the scaffold needs it, read from the model."""

    name: str
    required: bool
    default: Any  # None when the model has none worth showing
    choices: tuple[str, ...]  # a Literal's values, or a setting's keys
    is_list: bool
    items: type[BaseModel] | None  # the model of each item, for a list of items


def field_specs(model: type[BaseModel], context: Mapping[str, Any]) -> list[FieldSpec]:
    """Every field of `model`, in order; `context` is the build's validation context."""
    specs = []
    for name, info in model.model_fields.items():
        metadata = [*info.metadata, *_metadata(info.annotation)]
        choices: tuple[str, ...] = _literal(info.annotation)
        for item in metadata:
            key = context_key(item)
            if key is not None:
                choices = tuple(context[key])
        default = None if info.default is PydanticUndefined else info.default
        inner = _unwrap(info.annotation)
        items = (
            inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None
        )
        specs.append(
            FieldSpec(
                name=name,
                required=info.is_required(),
                default=None if default in ((), "") else default,
                choices=choices,
                is_list=get_origin(info.annotation) in (tuple, list),
                items=items,
            )
        )
    return specs


def _metadata(annotation: Any) -> list[Any]:
    """The Annotated metadata anywhere inside `annotation` (`X | None`, `tuple[X]`)."""
    found = []
    if get_origin(annotation) is typing.Annotated:
        found.extend(annotation.__metadata__)
    for arg in get_args(annotation):
        found.extend(_metadata(arg))
    return found


def _unwrap(annotation: Any) -> Any:
    """The type inside `X | None`, `tuple[X, ...]` and `Annotated[X, ...]`."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType, tuple, list):
            args = [a for a in get_args(annotation) if a not in (type(None), Ellipsis)]
            annotation = args[0]
        else:
            return annotation


def _literal(annotation: Any) -> tuple[str, ...]:
    inner = _unwrap(annotation)
    return tuple(get_args(inner)) if get_origin(inner) is Literal else ()


def translation_fields(model: type[BaseModel]) -> list[str]:
    """What an `es:` block may hold, as staff read it: `phones[].description`."""
    block = translation_model(model)
    if block is None:
        return []
    names = []
    for name, info in model.model_fields.items():
        if name not in block.model_fields:
            continue
        if is_translatable(info):
            names.append(name)
        else:  # a list of items with text of their own (phones, actions)
            inner = _unwrap(info.annotation)
            names.extend(f"{name}[].{sub}" for sub in translation_fields(inner))
    return names


def record_scaffold(request: Request) -> Scaffold:
    """The starting YAML file for a partner or bill, with an `es:` block on request."""
    kind = RECORD_KINDS[request.kind]
    record_type = kind.record_type
    configured = record_type.configure(request.settings)
    folder = request.content / record_type.setting(configured, "PATH")
    path = folder / f"{request.slug}.yml"
    label = request.label(path)
    if request.slug in kind.reserved:
        raise ScaffoldError(
            f"{request.slug!r} is kept for the {kind.what} directory's own pages "
            f"(reserved: {', '.join(sorted(kind.reserved))}); choose another name. "
            "Nothing was written."
        )
    translating = not request.language.default
    if translating:
        fields = ", ".join(translation_fields(record_type.model))
        refuse_existing(
            request,
            path,
            f"To translate it, add an `{request.language.code}:` block at the end "
            f"of that file with its text fields ({fields}), item by item for lists, "
            'as README.md explains under "Translating into Spanish"; then run '
            f"`./dev translations --done {label}`. `./dev translations --status` "
            "lists what is still missing.",
        )
    else:
        refuse_existing(
            request, path, "Edit that file, or choose another name for a new one."
        )
    context = record_type.validation_context(configured)
    specs = field_specs(record_type.model, context)
    url = record_type.url(request.settings, request.slug)
    lines = [*_heading(request, kind, url), ""]
    written = []
    for spec in specs:
        first = spec is specs[0]
        value = kind.name_from_slug(request.slug) if first else None
        explanation = RECORD_FIELDS["en"][record_type.model][spec.name]
        if first:
            explanation += " Made from the file name: correct it."
        lines += _field(spec, explanation, value, "en", context)
        lines.append("")
        if spec.required and not first and not spec.choices:
            written.append(spec.name)
    if translating:
        lines += _block(request, record_type.model, written, label)
    steps = [
        f"Not finished: {kind.what} records have no draft state, so the next "
        f"build publishes it at /{url} as it is. Give every field its real "
        "value first; `./dev build` checks the file.",
    ]
    if translating:
        steps.append(
            f"The {request.language.code}: block at the end holds its "
            f"translation; when that is done: ./dev translations --done {label}"
        )
    elif record_translation_model(record_type.model) is not None:
        steps.append(
            "For its Spanish, add an `es:` block at the end of the file "
            '(README.md, "Translating into Spanish").'
        )
    return Scaffold(path, "\n".join(lines).rstrip("\n") + "\n", tuple(steps))


def _heading(request: Request, kind: RecordKind, url: str) -> list[str]:
    lang = "" if request.language.default else request.language.code
    paragraphs = [
        f"NOT FINISHED: a new {kind.what} record, started with "
        f"`{request.command(lang=lang)}`.",
        f"{kind.what.capitalize()} records have no draft state: the next build "
        f"publishes this file as it is, at /{url}, where its text says "
        f'"{UNFINISHED["en"]}". Before you publish (./dev publish, or a push to '
        "main), give every field its real value, from CAST's own records, or "
        "keep the file out of the repository until then.",
        '"required" fields must have a value. An optional field is written as '
        'a comment: to use it, delete the "# " at the start of its lines and '
        "fill it in. Text with a colon and a space, or a #, in it goes in "
        "double quotes.",
    ]
    if not request.language.default:
        paragraphs.append(
            f"The translation is the {request.language.code}: block at the end; "
            f"/{request.language.prefix}{url} shows it, and the English wherever "
            "it has no translation."
        )
    lines = []
    for paragraph in paragraphs:
        lines += [*_comment(paragraph, hang=""), "#"]
    return lines[:-1]


def _field(
    spec: FieldSpec,
    explanation: str,
    value: Any,
    code: str,
    context: Mapping[str, Any],
    indent: str = "",
) -> list[str]:
    """A field's explanation, then its line: a value, or a comment to fill in."""
    lines = _comment(_described(spec, explanation, code), indent)
    if spec.items is not None:
        lines += _comment(_WORDS[code]["each"], indent)
        item_specs = field_specs(spec.items, context)
        for item in item_specs:
            text = RECORD_FIELDS[code][spec.items][item.name]
            lines += _comment(_described(item, text, code), indent, "  ")
        lines.append(f"{indent}# {spec.name}:")
        for position, item in enumerate(item_specs):
            dash = "- " if position == 0 else "  "
            shown = "" if item.default is None else f" {_scalar(item.default)}"
            lines.append(f"{indent}#   {dash}{item.name}:{shown}")
        return lines
    if spec.is_list:
        return [*lines, f"{indent}# {spec.name}:", f"{indent}#   -"]
    if spec.required:
        if value is None:
            value = spec.choices[0] if spec.choices else _required_text(spec, code)
        return [*lines, f"{indent}{spec.name}: {_scalar(value)}"]
    shown = "" if spec.default is None else f" {_scalar(spec.default)}"
    return [*lines, f"{indent}# {spec.name}:{shown}"]


def _required_text(spec: FieldSpec, code: str) -> str:
    # Only text can say it is unfinished; a new required field of another type
    # needs its own rule here, and the scaffold tests say so.
    if spec.is_list or spec.items is not None:
        raise TypeError(f"no starting value for the required list {spec.name!r}")
    return UNFINISHED.get(code, UNFINISHED["en"])


_WORDS = {
    "en": {
        "required": "required",
        "optional": "optional",
        "one_of": "One of: {values}.",
        "default": "If left out: {value}.",
        "each": "Each item, after a `- `, has these fields:",
    },
    "es": {
        "required": "obligatorio",
        "optional": "opcional",
        "one_of": "Puede ser: {values}.",
        "default": "Si no lo escribe: {value}.",
        "each": "Cada elemento, después de un `- `, tiene estos campos:",
    },
}


def _described(spec: FieldSpec, explanation: str, code: str) -> str:
    words = in_language(_WORDS, code)
    # In a translation every field is optional: a missing one shows the English.
    need = "required" if spec.required and code == "en" else "optional"
    parts = [f"{spec.name} ({words[need]}): {explanation}"]
    if spec.choices:
        parts.append(words["one_of"].format(values=", ".join(spec.choices)))
    if spec.default is not None and not spec.required:
        parts.append(words["default"].format(value=_scalar(spec.default)))
    return " ".join(parts)


_BLOCK_HEADING = {
    "es": (
        "Español (es): solo los textos, traducidos del inglés de arriba. Los "
        "nombres, números, fechas y direcciones web se escriben una sola vez, "
        "arriba. Un texto sin traducir se muestra en inglés. Cuando termine la "
        "traducción, ejecute ./dev translations --done {label}, que escribe la "
        "línea {translation_of}: no la escriba usted."
    ),
    "en": (
        "{language}: the text fields only, translated from the English above. "
        "Names, numbers, dates and addresses are written once, above. A text "
        "with no translation shows the English. When the translation is done, "
        "run ./dev translations --done {label}, which writes the "
        "{translation_of} line: never write it yourself."
    ),
}


def _block(
    request: Request, model: type[BaseModel], written: Iterable[str], label: str
) -> list[str]:
    """The translation block: its fields, with a value where the English has one."""
    code = request.language.code
    block = record_translation_model(model)
    if block is None:
        return []
    heading = in_language(_BLOCK_HEADING, code).format(
        label=label, translation_of=TRANSLATION_OF, language=request.language.name
    )
    written = set(written)
    body: list[str] = []
    for name, info in model.model_fields.items():
        if name not in block.model_fields:
            continue
        inner = _unwrap(info.annotation)
        spec = FieldSpec(
            name=name,
            required=name in written,
            default=None,
            choices=(),
            is_list=get_origin(info.annotation) in (tuple, list),
            items=inner
            if isinstance(inner, type) and issubclass(inner, BaseModel)
            else None,
        )
        explanation = in_language(RECORD_FIELDS, code)[model][name]
        body += [*_translated_field(spec, explanation, code), ""]
    # A block of comments only would read as an empty `es:`, which the build
    # refuses; it stays a comment until a field in it has a value.
    opening = f"{code}:" if written & set(block.model_fields) else f"# {code}:"
    return [*_comment(heading, hang=""), opening, *body]


def _translated_field(spec: FieldSpec, explanation: str, code: str) -> list[str]:
    indent = "  "
    lines = _comment(_described(spec, explanation, code), indent)
    if spec.items is not None:
        lines += _comment(in_language(_WORDS, code)["each"], indent)
        block = translation_model(spec.items)
        names = list(block.model_fields) if block is not None else []
        for name in names:
            text = in_language(RECORD_FIELDS, code)[spec.items][name]
            lines += _comment(f"{name}: {text}", indent, "  ")
        lines.append(f"{indent}# {spec.name}:")
        for position, name in enumerate(names):
            dash = "- " if position == 0 else "  "
            lines.append(f"{indent}#   {dash}{name}:")
        return lines
    if spec.is_list:
        return [*lines, f"{indent}# {spec.name}:", f"{indent}#   -"]
    if spec.required:
        text = UNFINISHED.get(code, UNFINISHED["en"])
        return [*lines, f"{indent}{spec.name}: {_scalar(text)}"]
    return [*lines, f"{indent}# {spec.name}:"]


def _comment(
    text: str, indent: str = "", inner: str = "", hang: str = "  "
) -> list[str]:
    """`text` as wrapped YAML comment lines; `hang` indents all but the first."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=f"{indent}# {inner}",
        subsequent_indent=f"{indent}# {inner}{hang}",
        break_on_hyphens=False,
        break_long_words=False,
    )


def _scalar(value: Any) -> str:
    """`value` as YAML that reads back as the same value (quoted if need be)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if text and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)
