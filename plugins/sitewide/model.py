"""Typed view of the organization, hotline and quick-exit settings.

The hotline numbers live in one setting (HOTLINES in pelicanconf.py) so staff can
correct a number in one place; this module checks it once and hands templates
finished links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from languages.catalog import N_, localized, translator

CONTACT_KINDS = {"call": ("tel", N_("Call")), "text": ("sms", N_("Text"))}
# Dialable characters only: a letter or space in a tel: link breaks some phones.
_DIALABLE = re.compile(r"^\+?[0-9]{3,15}$")
# Every key a contact may have: a typo (`"primery"`) must not pass silently.
CONTACT_KEYS = ("kind", "label", "number", "primary")


class SettingsError(Exception):
    """One or more site-wide settings are wrong; the message lists them all."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Contact:
    kind: str
    label: str
    number: str

    @property
    def href(self) -> str:
        return f"{CONTACT_KINDS[self.kind][0]}:{self.number}"

    @property
    def label_parts(self) -> tuple[str, ...]:
        """The label split at spaces, so a number is never broken at a hyphen."""
        return tuple(self.label.split())

    # "Call" or "Text", in the run's language.
    verb: str = ""
    # Shown in the header of every page, on the one hotline line (issue 12).
    primary: bool = False


@dataclass(frozen=True)
class Hotline:
    key: str
    name: str
    description: str
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Organization:
    name: str
    short_name: str
    tagline: str
    city: str


@dataclass(frozen=True)
class SiteWide:
    organization: Organization
    hotlines: tuple[Hotline, ...]
    quick_exit_url: str

    @property
    def primary_hotlines(self) -> tuple[Hotline, ...]:
        """The hotlines with a contact marked primary, holding only those contacts.

        The header's one hotline line, in the order of HOTLINES; every contact
        is in the footer and on Get help.
        """
        return tuple(
            replace(hotline, contacts=primary)
            for hotline in self.hotlines
            if (primary := tuple(c for c in hotline.contacts if c.primary))
        )


def _text(
    raw: Mapping[str, Any],
    key: str,
    where: str,
    problems: list[str],
    language: str = "",
) -> str:
    """A setting's text; per language (`{"en": ..., "es": ...}`) or one for all."""
    value = raw.get(key)
    if language and isinstance(value, Mapping):
        value = localized(value, language, f"{where}: {key}", problems) or None
        if value is None:
            return ""
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: {key}: expected text, got {value!r}")
        return ""
    return value.strip()


def parse_contact(
    raw: Any,
    where: str,
    problems: list[str],
    gettext: Callable[[str], str] = str,
) -> Contact | None:
    if not isinstance(raw, Mapping):
        problems.append(f"{where}: expected a mapping, got {raw!r}")
        return None
    kind = raw.get("kind")
    if kind not in CONTACT_KINDS:
        allowed = ", ".join(sorted(CONTACT_KINDS))
        problems.append(f"{where}: kind: expected one of {allowed}, got {kind!r}")
    number = raw.get("number")
    if not isinstance(number, str) or not _DIALABLE.match(number):
        problems.append(
            f"{where}: number: expected digits with an optional leading +, "
            f"got {number!r}"
        )
    label = _text(raw, "label", where, problems)
    primary = raw.get("primary", False)
    if not isinstance(primary, bool):
        problems.append(f"{where}: primary: expected True or False, got {primary!r}")
    unknown = [key for key in raw if key not in CONTACT_KEYS]
    if unknown:
        problems.append(
            f"{where}: unknown key {', '.join(map(repr, unknown))}; "
            f"expected {', '.join(CONTACT_KEYS)}"
        )
    if kind not in CONTACT_KINDS or not isinstance(number, str):
        return None
    return Contact(
        kind=kind,
        label=label,
        number=number,
        verb=gettext(CONTACT_KINDS[kind][1]),
        primary=primary is True,
    )


def parse_hotlines(
    raw: Any, language: str = "en", gettext: Callable[[str], str] = str
) -> tuple[tuple[Hotline, ...], list[str]]:
    problems: list[str] = []
    if not isinstance(raw, list | tuple) or not raw:
        return (), [f"HOTLINES: expected a non-empty list, got {raw!r}"]
    hotlines: list[Hotline] = []
    for index, entry in enumerate(raw):
        where = f"HOTLINES[{index}]"
        if not isinstance(entry, Mapping):
            problems.append(f"{where}: expected a mapping, got {entry!r}")
            continue
        contacts_raw = entry.get("contacts")
        if not isinstance(contacts_raw, list | tuple) or not contacts_raw:
            problems.append(f"{where}: contacts: expected a non-empty list")
            contacts_raw = ()
        contacts = [
            parse_contact(c, f"{where}.contacts[{i}]", problems, gettext)
            for i, c in enumerate(contacts_raw)
        ]
        hotlines.append(
            Hotline(
                key=_text(entry, "key", where, problems),
                name=_text(entry, "name", where, problems, language),
                description=_text(entry, "description", where, problems, language)
                if entry.get("description")
                else "",
                contacts=tuple(c for c in contacts if c is not None),
            )
        )
    # The header of every page shows the primary contacts, so that help is one
    # tap away on a phone (issue 12); a header without any would show none.
    if not problems and not any(c.primary for h in hotlines for c in h.contacts):
        problems.append(
            'HOTLINES: no contact is marked "primary": True; the header of every '
            "page shows the primary contacts"
        )
    return tuple(hotlines), problems


def parse_sitewide(settings: Mapping[str, Any]) -> SiteWide:
    """Check ORGANIZATION, HOTLINES and QUICK_EXIT_URL; raise SettingsError."""
    problems: list[str] = []
    org_raw = settings.get("ORGANIZATION")
    if not isinstance(org_raw, Mapping):
        problems.append(f"ORGANIZATION: expected a mapping, got {org_raw!r}")
        org_raw = {}
    # The text for this run's language (plugins/languages): a value may be one
    # string for every language, or one per language.
    language = str(settings.get("DEFAULT_LANG", "en"))
    organization = Organization(
        **{
            key: _text(org_raw, key, "ORGANIZATION", problems, language)
            for key in ("name", "short_name", "tagline", "city")
        }
    )
    gettext = translator(settings).gettext if "THEME" in settings else str
    hotlines, hotline_problems = parse_hotlines(
        settings.get("HOTLINES"), language, gettext
    )
    problems.extend(hotline_problems)
    exit_url = settings.get("QUICK_EXIT_URL")
    if isinstance(exit_url, Mapping):
        # The exit destination may differ by language.
        exit_url = localized(exit_url, language, "QUICK_EXIT_URL", problems) or None
    if not isinstance(exit_url, str) or urlsplit(exit_url).scheme != "https":
        problems.append(f"QUICK_EXIT_URL: expected an https:// URL, got {exit_url!r}")
    if problems:
        raise SettingsError(problems)
    return SiteWide(organization, hotlines, exit_url)
