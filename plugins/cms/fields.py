"""Decap CMS form fields from a record schema, so the form asks what the build checks.

Every field of a record model (plugins/partners/schema.py, plugins/legislation/
schema.py) becomes one Decap field, in the model's order:

- required when the model gives the field no default;
- `select` for a `Literal`, and for values checked against a list in the
  settings (`one_of_setting`), labelled in the site's default language;
- `list` with `fields` for a tuple of models, with one `field` for a tuple of
  values; `datetime` (YYYY-MM-DD, no time) for dates; `boolean`; `number` for
  whole numbers; `markdown` (raw mode only, so Decap never rewrites the
  Markdown) for Markdown text, `string` for other text;
- a `pattern` for https:// addresses, slugs and length limits;
- `i18n` from `TRANSLATABLE` (plugins/records/translation.py).

A field of a kind not listed raises UnsupportedFieldError naming it: a new
kind of field must get a widget here, never silently go missing from the form.
No Pelican imports.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from records.schema import SLUG, HttpsUrl, MarkdownText, Slug, context_key
from records.translation import TRANSLATION_OF, is_translatable, translation_model

Field = dict[str, Any]
# Decap keeps the day as written: `2016-09-26`, the form the records use.
DATE_FORMAT = "YYYY-MM-DD"
HTTPS_PATTERN = ("^https://", "must start with https://")
SLUG_PATTERN = (SLUG.pattern, "lowercase letters, digits and hyphens")


class UnsupportedFieldError(TypeError):
    """A schema field that the CMS has no widget for; the message names it."""


@dataclass(frozen=True)
class _Shape:
    """An annotation with `Annotated` and `| None` taken off."""

    base: Any
    metadata: tuple[Any, ...]
    optional: bool


def _shape(annotation: Any, metadata: Sequence[Any] = ()) -> _Shape:
    found = list(metadata)
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            found.extend(annotation.__metadata__)
            annotation = get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            arms = [arm for arm in get_args(annotation) if arm is not type(None)]
            if len(arms) != 1:
                return _Shape(annotation, tuple(found), optional)
            optional = True
            annotation = arms[0]
            continue
        break
    expanded: list[Any] = []
    for item in found:
        # Field(max_length=...) and friends arrive grouped.
        if isinstance(item, annotated_types.GroupedMetadata):
            expanded.extend(item)
        else:
            expanded.append(item)
    return _Shape(annotation, tuple(expanded), optional)


def _includes(metadata: Sequence[Any], alias: Any) -> bool:
    """Whether `metadata` carries every validator of a type alias (`HttpsUrl`)."""
    return all(item in metadata for item in get_args(alias)[1:])


def label_of(name: str) -> str:
    """`last_verified` -> `Last verified`; `url` -> `URL`."""
    words = ["URL" if word == "url" else word for word in name.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _choice_label(labels: Any, language: str, value: str) -> str:
    if isinstance(labels, Mapping):
        return str(labels.get(language) or value)
    return str(labels) if isinstance(labels, str) else value


def _options(values: Any, language: str) -> list[dict[str, str]]:
    if isinstance(values, Mapping):
        return [
            {"label": _choice_label(labels, language, str(value)), "value": str(value)}
            for value, labels in values.items()
        ]
    return [{"label": str(value), "value": str(value)} for value in values]


def _pattern(rules: Sequence[tuple[str, str]]) -> list[str]:
    """Decap takes one pattern; several rules become one regex of lookaheads."""
    if len(rules) == 1:
        return list(rules[0])
    combined = "".join(f"(?={regex})" for regex, _ in rules)
    return [combined, "; ".join(message for _, message in rules)]


def _length_rules(metadata: Sequence[Any]) -> list[tuple[str, str]]:
    rules = []
    for item in metadata:
        if isinstance(item, annotated_types.MinLen) and item.min_length:
            count = item.min_length
            rules.append((rf"^[\s\S]{{{count},}}", f"at least {count} characters"))
        elif isinstance(item, annotated_types.MaxLen):
            count = item.max_length
            rules.append((rf"^[\s\S]{{0,{count}}}$", f"at most {count} characters"))
    return rules


def _bounds(metadata: Sequence[Any]) -> Field:
    bounds: Field = {}
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            bounds["min"] = item.ge
        elif isinstance(item, annotated_types.Gt):
            bounds["min"] = item.gt + 1
        elif isinstance(item, annotated_types.Le):
            bounds["max"] = item.le
        elif isinstance(item, annotated_types.Lt):
            bounds["max"] = item.lt - 1
    return bounds


def _value_widget(
    shape: _Shape, where: str, choices: Mapping[str, Any], language: str
) -> Field:
    """The widget for one value (not a list): its Decap options."""
    base, metadata = shape.base, shape.metadata
    if get_origin(base) is Literal:
        values = get_args(base)
        if not all(isinstance(value, str) for value in values):
            raise UnsupportedFieldError(
                f"{where}: a Literal of {values!r}; the CMS form offers text "
                "values only"
            )
        return {"widget": "select", "options": _options(values, language)}
    keys = [key for key in map(context_key, metadata) if key is not None]
    if keys:
        if keys[0] not in choices:
            raise UnsupportedFieldError(
                f"{where}: its values come from {keys[0]!r} in the validation "
                f"context, which has only {', '.join(sorted(choices)) or 'nothing'}"
            )
        return {"widget": "select", "options": _options(choices[keys[0]], language)}
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        return {"widget": "number", "value_type": "int", **_bounds(metadata)}
    if base is date:
        return {
            "widget": "datetime",
            "format": DATE_FORMAT,
            "date_format": DATE_FORMAT,
            "time_format": False,
        }
    if base is str:
        markdown = any(isinstance(item, MarkdownText) for item in metadata)
        widget: Field = (
            {"widget": "markdown", "modes": ["raw"]}
            if markdown
            else {"widget": "string"}
        )
        rules = []
        if _includes(metadata, HttpsUrl):
            rules.append(HTTPS_PATTERN)
        if _includes(metadata, Slug):
            rules.append(SLUG_PATTERN)
        rules += _length_rules(metadata)
        if rules:
            widget["pattern"] = _pattern(rules)
        return widget
    if isinstance(base, type) and issubclass(base, BaseModel):
        raise UnsupportedFieldError(
            f"{where}: a single {base.__name__}; the CMS form and the records' "
            "translations handle a model only as the items of a tuple "
            f"(tuple[{base.__name__}, ...])"
        )
    raise UnsupportedFieldError(
        f"{where}: {base!r} has no widget in the CMS form; give it one in "
        "plugins/cms/fields.py"
    )


def _item_annotation(shape: _Shape, where: str) -> Any | None:
    """The item type of `tuple[X, ...]` or `list[X]`; None if not a list."""
    origin = get_origin(shape.base)
    if origin not in (tuple, list):
        return None
    args = get_args(shape.base)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        raise UnsupportedFieldError(
            f"{where}: a fixed-length tuple {shape.base!r}; the CMS form edits "
            "lists of any length (tuple[X, ...])"
        )
    return args[0]


def _default(info: FieldInfo, widget: str) -> Any:
    value = info.default
    if value is PydanticUndefined or value is None or value in ((), [], ""):
        # Decap's date picker otherwise fills in today on every new entry.
        return "" if widget == "datetime" else PydanticUndefined
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return list(value)
    return value


def _translation(translatable: bool, in_translated_list: bool) -> Any:
    """A field's `i18n` (None: no key): see the note in plugins/cms/config.py."""
    if translatable:
        return True
    return "duplicate" if in_translated_list else None


def build_field(
    name: str,
    info: FieldInfo,
    choices: Mapping[str, Any],
    language: str,
    *,
    where: str,
    in_translated_list: bool = False,
) -> Field:
    """One Decap field for the model field `name`; `where` names it in errors."""
    where = f"{where}.{name}"
    shape = _shape(info.annotation, info.metadata)
    field: Field = {
        "label": label_of(name),
        "name": name,
        "required": info.is_required(),
    }
    if info.description:
        field["hint"] = info.description
    item = _item_annotation(shape, where)
    translatable = is_translatable(info)
    if item is None:
        field.update(_value_widget(shape, where, choices, language))
        i18n = _translation(translatable, in_translated_list)
    else:
        item_shape = _shape(item)
        if item_shape.optional:
            raise UnsupportedFieldError(
                f"{where}: a list whose items may be empty (None); the CMS form "
                "has no empty list items"
            )
        # Decap starts a list with one item when a subfield has a default;
        # an untouched list must stay empty, or a required subfield blocks
        # the save.
        field["widget"] = "list"
        field["default"] = []
        field.update(_list_bounds(shape.metadata))
        model = item_shape.base
        if isinstance(model, type) and issubclass(model, BaseModel):
            # A list of items with text to translate is translated item by
            # item; the rest of each item is shown in every language.
            translated = translatable or translation_model(model) is not None
            field["fields"] = [
                build_field(
                    sub,
                    sub_info,
                    choices,
                    language,
                    where=f"{where}[]",
                    in_translated_list=translated,
                )
                for sub, sub_info in model.model_fields.items()
            ]
            i18n = True if translated else _translation(False, in_translated_list)
        else:
            one = {"label": label_of(name), "name": name}
            field["field"] = {
                **one,
                **_value_widget(item_shape, f"{where}[]", choices, language),
            }
            i18n = _translation(translatable, in_translated_list)
    default = _default(info, field["widget"])
    if default is not PydanticUndefined:
        field["default"] = default
    if i18n is not None:
        field["i18n"] = i18n
    return field


def _list_bounds(metadata: Sequence[Any]) -> Field:
    bounds: Field = {}
    for item in metadata:
        if isinstance(item, annotated_types.MinLen) and item.min_length:
            bounds["min"] = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            bounds["max"] = item.max_length
    return bounds


def record_fields(
    model: type[BaseModel], choices: Mapping[str, Any], language: str
) -> list[Field]:
    """The Decap fields for every field of `model`, in the model's order.

    `choices` is the record type's validation context (what `one_of_setting`
    checks against); `language` is the one labels are shown in.
    """
    return [
        build_field(name, info, choices, language, where=model.__name__)
        for name, info in model.model_fields.items()
    ]


def collection_fields(
    model: type[BaseModel], choices: Mapping[str, Any], language: str
) -> list[Field]:
    """`record_fields`, plus the hidden `translation_of` of each translation."""
    fields = record_fields(model, choices, language)
    if translation_model(model) is not None:
        # Written by `./dev translations --done` in a translation's block,
        # never typed; kept so that saving in the CMS does not drop it.
        fields.append(
            {
                "label": label_of(TRANSLATION_OF),
                "name": TRANSLATION_OF,
                "widget": "hidden",
                "required": False,
                "i18n": True,
            }
        )
    return fields
