"""Small helpers that record view models share: dates, JSON-LD, absolute URLs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.dates import format_date
from markupsafe import Markup
from pelican.utils import slugify


def date_text(value: date | None, language: str) -> str:
    """`September 29, 2006` in the site's language; empty for no date."""
    return format_date(value, format="long", locale=language) if value else ""


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
