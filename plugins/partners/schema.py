"""The partner record: one YAML file per organization in content/partners/."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Annotated, Literal

from babel import Locale
from pydantic import AfterValidator, BeforeValidator

from records.schema import (
    HttpsUrl,
    Markdown,
    PastDate,
    RecordModel,
    Text,
    one_of_setting,
)
from records.translation import TRANSLATABLE

_PHONE = re.compile(r"^\+?[0-9A-Z][0-9A-Z ().-]{2,30}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


@cache
def language_names(locale: str = "en") -> dict[str, str]:
    """ISO 639-1 codes (two letters) and their names in `locale`, from CLDR.

    The codes are the same in every locale: a name CLDR lacks in `locale`
    falls back to the English one.
    """
    english = {
        code: name
        for code, name in Locale("en").languages.items()
        if len(code) == 2 and code.isalpha()
    }
    if locale == "en":
        return english
    own = Locale.parse(locale).languages
    return {code: own.get(code) or name for code, name in english.items()}


def _language(value: str) -> str:
    if value not in language_names():
        raise ValueError("expected a two-letter ISO 639-1 language code, such as es")
    return value


def _phone(value: str) -> str:
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 3:
        raise ValueError("expected a phone number such as 213-555-0100 or 711")
    return value


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("expected an email address such as info@example.org")
    return value


def _year(value: int) -> int:
    if not 1800 <= value <= date.today().year:
        raise ValueError(f"expected a year between 1800 and {date.today().year}")
    return value


def _text_list(value: object) -> object:
    # `languages: es` (one value, no dash) is a common slip; say what is expected.
    if isinstance(value, str):
        raise ValueError("expected a list (lines starting with `- `)")
    return value


LanguageCode = Annotated[Text, AfterValidator(_language)]
PhoneNumber = Annotated[Text, AfterValidator(_phone)]
Email = Annotated[Text, AfterValidator(_email)]
Category = Annotated[Text, one_of_setting("categories")]
Year = Annotated[int, AfterValidator(_year)]


class Phone(RecordModel):
    number: PhoneNumber
    type: Literal["voice", "text", "tty"] = "voice"
    description: Annotated[Text | None, TRANSLATABLE] = None


class Partner(RecordModel):
    name: Text
    category: Category
    description: Annotated[Markdown, TRANSLATABLE]
    website: HttpsUrl | None = None
    service_areas: Annotated[
        tuple[Text, ...], BeforeValidator(_text_list), TRANSLATABLE
    ] = ()
    languages: Annotated[tuple[LanguageCode, ...], BeforeValidator(_text_list)] = ()
    services: Annotated[
        tuple[Text, ...], BeforeValidator(_text_list), TRANSLATABLE
    ] = ()
    phones: tuple[Phone, ...] = ()
    email: Email | None = None
    joined: Year | None = None
    # A file under content/images/partners/, e.g. `example.png`.
    logo: Text | None = None
    # Published only when show_address is true: shelter locations stay private.
    address: Text | None = None
    show_address: bool = False
    status: Literal["active", "inactive"] = "active"
    last_verified: PastDate | None = None
