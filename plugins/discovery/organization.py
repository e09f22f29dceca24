"""schema.org structured data describing CAST, for the home page.

Everything comes from the settings staff already keep (ORGANIZATION, HOTLINES)
plus DISCOVERY_CONTACT, which says which hotline is CAST's own and whether it
answers around the clock. The address is the city only: no street address is
verified, and shelter locations are never published.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sitewide.model import SiteWide

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class OrganizationError(Exception):
    """DISCOVERY_CONTACT does not match the hotlines; the message says how."""


def split_city(city: str) -> tuple[str, str]:
    """`Los Angeles, California` -> (`Los Angeles`, `California`).

    Without a comma the whole text is the locality, and there is no region.
    """
    locality, _, region = city.rpartition(",")
    if not locality:
        return city.strip(), ""
    return locality.strip(), region.strip()


def always_open() -> dict[str, Any]:
    # schema.org's way to say "24 hours, every day": every day of the week,
    # opening at 00:00 and closing at 23:59.
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [f"https://schema.org/{day}" for day in DAYS],
        "opens": "00:00",
        "closes": "23:59",
    }


def contact_point(
    site: SiteWide, contact: Mapping[str, Any] | None, country: str
) -> dict[str, Any] | None:
    """The hotline named by DISCOVERY_CONTACT as a schema.org ContactPoint."""
    if not contact:
        return None
    key = contact.get("hotline")
    hotline = next((h for h in site.hotlines if h.key == key), None)
    if hotline is None:
        keys = ", ".join(h.key for h in site.hotlines)
        raise OrganizationError(
            f"DISCOVERY_CONTACT: hotline: no hotline with key {key!r} in HOTLINES; "
            f"keys are: {keys}"
        )
    call = next((c for c in hotline.contacts if c.kind == "call"), None)
    if call is None:
        raise OrganizationError(
            f"DISCOVERY_CONTACT: hotline: {key!r} has no number to call"
        )
    open_all_day = contact.get("always_open", False)
    if not isinstance(open_all_day, bool):
        raise OrganizationError(
            f"DISCOVERY_CONTACT: always_open: expected True or False, "
            f"got {open_all_day!r}"
        )
    point: dict[str, Any] = {
        "@type": "ContactPoint",
        "name": hotline.name,
        "telephone": call.number,
        "contactType": "hotline",
        "areaServed": country,
    }
    if open_all_day:
        point["hoursAvailable"] = always_open()
    return point


def build_organization(
    site: SiteWide,
    base: str,
    contact: Mapping[str, Any] | None,
    country: str,
    home: str = "",
) -> dict[str, Any]:
    """The NGO (a schema.org Organization) behind the site.

    `site` holds the settings' text in the language of the home page that
    carries the data, and `home` is that page ("" or "es/"), so each
    language's home page describes CAST in its own language.
    """
    org = site.organization
    locality, region = split_city(org.city)
    address = {
        "@type": "PostalAddress",
        "addressLocality": locality,
        "addressRegion": region or None,
        "addressCountry": country,
    }
    point = contact_point(site, contact, country)
    return {
        "@context": "https://schema.org",
        "@type": "NGO",
        "name": org.name,
        "alternateName": org.short_name,
        "url": f"{base.rstrip('/')}/{home}",
        "description": org.tagline,
        "address": {k: v for k, v in address.items() if v},
        "contactPoint": [point] if point else None,
    }
