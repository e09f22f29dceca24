"""Translations inside a record file: one block per language, text fields only.

A record stays one YAML file. Its fields are written once, in the site's
default language; a block named by a language code holds that language's text
for the fields marked `Translatable` in the schema, and nothing else, so
identifiers, numbers, dates and URLs can never disagree between languages:

```yaml
summary: Lets survivors clear their records.
actions:
  - {date: 2016-09-26, description: Approved by the Governor}
es:
  summary: Permite a los sobrevivientes limpiar sus antecedentes.
  actions:
    - description: Aprobado por el gobernador
```

Lists of items (actions, links) are matched item by item, in order; a block
may translate fewer items than the original has, never more. A list of texts
(`services`) is translated whole: as many items as the original, in the same
order, since views pair each with its original (a service area's address comes
from its English name). A translation may not add a value the original does
not have. A value with no translation falls back to the original, and is
reported (`./dev translations --status`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, get_origin

from pydantic import BaseModel, create_model

from .errors import Problem
from .loader import LineMap, Location, dotted
from .schema import RecordModel, Text, _inner_model, validate_record

TRANSLATION_OF = "translation_of"


class Translatable:
    """Marks a schema field whose text is written in each language."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()


def is_translatable(info: Any) -> bool:
    return any(isinstance(item, Translatable) for item in info.metadata)


def _list_model(info: Any) -> type[BaseModel] | None:
    inner = _inner_model(info.annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner if translation_model(inner) is not None else None
    return None


@cache
def translation_model(model: type[BaseModel]) -> type[BaseModel] | None:
    """The schema of one language's block for `model`; None if nothing to translate."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if is_translatable(info):
            fields[name] = (Annotated[info.annotation, *info.metadata] | None, None)
            continue
        inner = _list_model(info)
        if inner is not None:
            block = translation_model(inner)
            fields[name] = (tuple[block, ...], ())  # type: ignore[valid-type]
    if not fields:
        return None
    return create_model(  # type: ignore[call-overload]
        f"{model.__name__}Translation", __base__=RecordModel, **fields
    )


@cache
def record_translation_model(model: type[BaseModel]) -> type[BaseModel] | None:
    """A record's block: its translatable fields plus `translation_of`."""
    block = translation_model(model)
    if block is None:
        return None
    return create_model(
        f"{model.__name__}RecordTranslation",
        __base__=block,
        translation_of=(Text | None, None),
    )


def translatable_paths(model: type[BaseModel], data: BaseModel) -> list[Location]:
    """Where `data` holds text to translate: `("summary",)`, `("actions", 0, ...)`."""
    paths: list[Location] = []
    for name, info in model.model_fields.items():
        value = getattr(data, name)
        if is_translatable(info):
            if value not in (None, "", ()):
                paths.append((name,))
            continue
        inner = _list_model(info)
        if inner is not None and value:
            for index, item in enumerate(value):
                paths.extend(
                    (name, index, *sub) for sub in translatable_paths(inner, item)
                )
    return paths


def _get(data: Any, location: Location) -> Any:
    for part in location:
        if data is None:
            return None
        if isinstance(part, int):
            data = data[part] if part < len(data) else None
        else:
            data = getattr(data, part, None)
    return data


def original_digest(model: type[BaseModel], data: BaseModel) -> str:
    """Fingerprint of a record's translatable text, for `translation_of`."""
    from languages.model import digest

    values = [
        json.dumps(_get(data, path), ensure_ascii=False, default=str)
        for path in translatable_paths(model, data)
    ]
    return digest(values)


@dataclass(frozen=True)
class Localized:
    """A record's data in one language, and which values fell back."""

    data: BaseModel
    missing: tuple[str, ...]  # dotted paths, `actions.2.description`


def _merge(model: type[BaseModel], data: BaseModel, block: BaseModel | None) -> dict:
    update: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = getattr(data, name)
        if block is None:
            continue
        translated = getattr(block, name, None)
        if is_translatable(info):
            if translated not in (None, "", ()):
                update[name] = translated
            continue
        inner = _list_model(info)
        if inner is not None and value:
            items = []
            for index, item in enumerate(value):
                sub = (
                    translated[index]
                    if translated and index < len(translated)
                    else None
                )
                items.append(item.model_copy(update=_merge(inner, item, sub)))
            update[name] = tuple(items)
    return update


def localize(
    model: type[BaseModel], data: BaseModel, block: BaseModel | None
) -> Localized:
    """`data` with `block`'s translations in place; untranslated values kept."""
    localized = data.model_copy(update=_merge(model, data, block))
    missing = tuple(
        dotted(path)
        for path in translatable_paths(model, data)
        if block is None or _get(block, path) in (None, "", ())
    )
    return Localized(localized, missing)


def split_translations(
    raw: Mapping[str, Any], codes: Iterable[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A file's own fields, and its blocks by language code."""
    codes = set(codes)
    own = {key: value for key, value in raw.items() if key not in codes}
    blocks = {key: value for key, value in raw.items() if key in codes}
    return own, blocks


class _Prefixed(LineMap):
    """The file's line map, seen from inside one language's block."""

    def __init__(self, lines: LineMap, code: str) -> None:
        object.__setattr__(self, "lines", lines.lines)
        object.__setattr__(self, "_code", code)

    def line_of(self, location: Location) -> int:
        return super().line_of((self._code, *location))


def validate_translations(
    model: type[BaseModel],
    data: BaseModel,
    blocks: Mapping[str, Any],
    lines: LineMap,
    label: str,
    context: Mapping[str, Any] | None = None,
) -> tuple[dict[str, BaseModel], list[Problem]]:
    """Check each language's block against the record; every problem with its line."""
    schema = record_translation_model(model)
    checked: dict[str, BaseModel] = {}
    problems: list[Problem] = []
    for code, block in blocks.items():
        if schema is None:
            problems.append(
                Problem(
                    label,
                    lines.line_of((code,)),
                    code,
                    "this record has no text to translate",
                )
            )
            continue
        if not isinstance(block, Mapping):
            problems.append(
                Problem(
                    label,
                    lines.line_of((code,)),
                    code,
                    "expected `field: value` lines with the translated text",
                )
            )
            continue
        value, found = validate_record(
            schema, block, _Prefixed(lines, code), label, context
        )
        problems.extend(
            Problem(p.path, p.line, f"{code}.{p.field}", p.message) for p in found
        )
        if value is None:
            continue
        problems.extend(_check_shape(model, data, value, (code,), lines, label))
        checked[code] = value
    return checked, problems


def _is_list(info: Any) -> bool:
    """A field holding a list of texts, such as `services`."""
    return get_origin(info.annotation) in (tuple, list)


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _check_shape(
    model: type[BaseModel],
    data: BaseModel,
    block: BaseModel,
    at: Location,
    lines: LineMap,
    label: str,
) -> list[Problem]:
    """What a schema alone cannot see: a block that does not fit its original.

    More items than the original in a list of items, a list of texts of
    another length, or a translation of a value the original leaves out.
    """
    problems = []

    def problem(location: Location, message: str) -> None:
        problems.append(
            Problem(label, lines.line_of(location), dotted(location), message)
        )

    for name, info in model.model_fields.items():
        original = getattr(data, name)
        translated = getattr(block, name, None)
        if is_translatable(info):
            if translated in (None, "", ()):
                continue
            if original in (None, "", ()):
                problem(
                    (*at, name),
                    f"the original has no {name}; add it there first, then "
                    "translate it here",
                )
            elif _is_list(info) and len(translated) != len(original):
                # At the first item too many, or at the list if some are missing.
                extra = (len(original),) if len(translated) > len(original) else ()
                problem(
                    (*at, name, *extra),
                    f"{_items(len(translated))}, but the original {name} has "
                    f"{len(original)}; translate each item, in the same order",
                )
            continue
        inner = _list_model(info)
        if inner is None:
            continue
        original = original or ()
        translated = translated or ()
        if len(translated) > len(original):
            problem(
                (*at, name, len(original)),
                f"{_items(len(translated))}, but the original {name} has "
                f"{len(original)}; translate each item, in the same order",
            )
        for index, (item, sub) in enumerate(zip(original, translated, strict=False)):
            problems.extend(
                _check_shape(inner, item, sub, (*at, name, index), lines, label)
            )
    return problems


def translation_codes(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """The codes of the languages other than the default, from LANGUAGES."""
    codes: Sequence[str] = settings.get("LANGUAGES") or ()
    return tuple(codes[1:])
