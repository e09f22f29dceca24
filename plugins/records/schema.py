"""Typed record schemas (pydantic) and the translation of their errors into
`path:line: field: message` problems that staff can act on.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, TypeVar, get_args, get_origin
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
)
from pydantic import ValidationError as PydanticValidationError

from .errors import Problem
from .loader import LineMap, Location, dotted

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
M = TypeVar("M", bound=BaseModel)


class RecordModel(BaseModel):
    """Base for record schemas: unknown fields are errors, records are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _https_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        raise ValueError("expected an https:// URL")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("expected text")
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError("expected a slug: lowercase letters, digits and hyphens")
    return value


def _strict_text(value: Any) -> Any:
    # YAML reads `name: 2005` or `name: yes` as a number or a boolean; a text field
    # must not silently accept them.
    if isinstance(value, bool | int | float | date):
        raise ValueError("expected text (put it in quotes if it should be text)")
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected a date written as YYYY-MM-DD")
    return value


class MarkdownText:
    """Marks a text field written in Markdown (rendered by records/markdown.py).

    Validation treats it as any other text; the CMS's form shows a Markdown
    editor for it (plugins/cms/fields.py).
    """

    def __repr__(self) -> str:
        return "MARKDOWN"


MARKDOWN = MarkdownText()

Text = Annotated[str, BeforeValidator(_strict_text), AfterValidator(_not_blank)]
Markdown = Annotated[Text, MARKDOWN]
HttpsUrl = Annotated[str, BeforeValidator(_strict_text), AfterValidator(_https_url)]
Slug = Annotated[str, BeforeValidator(_strict_text), AfterValidator(_slug)]
Date = Annotated[date, BeforeValidator(_iso_date)]


def allowed_fields(model: type[BaseModel], location: Location) -> list[str]:
    """The field names allowed at `location` inside `model`."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The model inside `list[X]`, `tuple[X, ...]`, `X | None` or `Annotated[X]`."""
    while True:
        origin = get_origin(annotation)
        if origin is None:
            return annotation
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
            continue
        args = [a for a in get_args(annotation) if a is not type(None)]
        if origin in (typing.Union, types.UnionType, list, tuple) and args:
            annotation = args[0]
            continue
        return annotation


_FRIENDLY = {
    "missing": "this required field is missing",
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list (lines starting with `- `)",
    "tuple_type": "expected a list (lines starting with `- `)",
    "model_type": "expected `field: value` lines",
    "dict_type": "expected `field: value` lines",
    "date_type": "expected a date written as YYYY-MM-DD",
    "date_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_parsing": "expected a date written as YYYY-MM-DD",
    "date_from_datetime_inexact": "expected a date written as YYYY-MM-DD",
}


def describe(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    """A sentence for one pydantic error: what was expected, what was found."""
    kind = error["type"]
    location = tuple(error["loc"])
    if kind == "missing":
        return _FRIENDLY[kind]
    if kind == "extra_forbidden":
        allowed = ", ".join(allowed_fields(model, location[:-1]))
        return f"unknown field; the fields allowed here are: {allowed}"
    if kind == "literal_error":
        message = f"expected one of {error['ctx']['expected']}"
    elif kind in _FRIENDLY:
        message = _FRIENDLY[kind]
    elif kind == "value_error":
        message = str(error["ctx"]["error"])
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
    return f"{message}; found {_shown(error.get('input'))}"


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "nothing (the field is empty)"
    if isinstance(value, Mapping):
        return "a set of fields"
    if isinstance(value, list):
        return "a list"
    text = repr(value.isoformat() if isinstance(value, date) else value)
    return text if len(text) <= 80 else text[:77] + "..."


def validate_record(
    model: type[M],
    data: Mapping[str, Any],
    lines: LineMap,
    label: str,
    context: Mapping[str, Any] | None = None,
) -> tuple[M | None, list[Problem]]:
    """Validate one file's data; every problem points at its line and field."""
    try:
        return model.model_validate(data, context=dict(context or {})), []
    except PydanticValidationError as failure:
        problems = []
        for error in failure.errors(include_url=False):
            location = tuple(error["loc"])
            # A missing field has no line of its own: point at its parent.
            at = location[:-1] if error["type"] == "missing" else location
            problems.append(
                Problem(
                    label,
                    lines.line_of(at),
                    dotted(location),
                    describe(error, model),
                )
            )
        return None, problems


def one_of_setting(key: str) -> AfterValidator:
    """A validator for values that must come from a list in the settings.

    The list is passed as validation context, so staff change it in
    pelicanconf.py without touching a schema.
    """

    def check(value: str, info: ValidationInfo) -> str:
        allowed = tuple((info.context or {}).get(key, ()))
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(allowed)}")
        return value

    # Tools that list a field's allowed values (`./dev new`, plugins/scaffold)
    # find them in the same validation context by this key.
    check.context_key = key  # type: ignore[attr-defined]
    return AfterValidator(check)


def context_key(validator: object) -> str | None:
    """The validation-context key a `one_of_setting` validator checks against."""
    return getattr(getattr(validator, "func", None), "context_key", None)


def not_after_today(value: date | None, info: ValidationInfo) -> date | None:
    """For dates that record the past (actions, verification): none in the future.

    "Today" comes from the validation context so that builds and tests are
    reproducible.
    """
    today = (info.context or {}).get("today")
    if value is not None and today is not None and value > today:
        raise ValueError(f"this date is in the future (today is {today.isoformat()})")
    return value


PastDate = Annotated[Date, AfterValidator(not_after_today)]
