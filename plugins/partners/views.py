"""Partner directory view models: grouped, filtered and sorted for templates."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from images.model import Picture
from images.plugin import logo_picture
from images.processing import ImageError
from records.collection import Record
from records.markdown import MarkdownRenderer
from records.model import PageSpec, RecordSite
from records.views import absolute_base, date_text, json_ld, slug_for

from .schema import Partner, language_names

logger = logging.getLogger(__name__)
PHONE_TYPES = {
    "voice": ("tel", "Call"),
    "text": ("sms", "Text"),
    "tty": ("tel", "TTY"),
}
# schema.org types by category; everything else is a plain Organization.
SCHEMA_TYPES = {
    "government": "GovernmentOrganization",
    "law-enforcement": "GovernmentOrganization",
    "community-based": "NGO",
    "faith-based": "NGO",
    "legal-services": "NGO",
    "international": "NGO",
}
_KEYPAD = {c: str(2 + i // 3) for i, c in enumerate("ABCDEFGHIJKLMNOPRSTUVWXY")}
_KEYPAD.update({"Q": "7", "Z": "9"})


def dial_string(number: str) -> str:
    """What a phone dials: `888-KEY-2-FREE` -> `8885392373`.

    Vanity numbers often spell more letters than there are digits; a North
    American number ends after ten digits (eleven with the leading 1).
    """
    digits = "".join(_KEYPAD.get(c.upper(), c) for c in number if c.isalnum())
    if number.strip().startswith("+"):
        return "+" + digits
    return digits[:11] if digits.startswith("1") else digits[:10]


@dataclass(frozen=True)
class PhoneView:
    href: str
    verb: str
    number: str
    description: str


@dataclass(frozen=True)
class Tag:
    label: str
    url: str


@dataclass(frozen=True)
class PartnerView:
    slug: str
    url: str
    name: str
    category: Tag
    description: Markup
    website: str
    service_areas: tuple[Tag, ...]
    languages: tuple[Tag, ...]
    services: tuple[str, ...]
    phones: tuple[PhoneView, ...]
    email: str
    joined: int | None
    logo: Picture | None
    address: str  # empty unless show_address is true
    active: bool
    last_verified: str
    search_text: str  # what the index's filter box matches against
    json_ld: Markup


@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    count: int
    current: bool


@dataclass(frozen=True)
class FilterGroup:
    heading: str
    links: tuple[FilterLink, ...]


@dataclass(frozen=True)
class PartnerGroup:
    key: str
    label: str
    partners: tuple[PartnerView, ...]


@dataclass(frozen=True)
class Directory:
    groups: tuple[PartnerGroup, ...]
    filters: tuple[FilterGroup, ...]
    count: int


@dataclass(frozen=True)
class FilterPage:
    title: str
    url: str
    partners: tuple[PartnerView, ...]
    filters: tuple[FilterGroup, ...]


@dataclass(frozen=True)
class _Facet:
    """One way to filter: by category, service area or language."""

    heading: str
    title: str  # "Partners in {label}"
    url: str  # pattern with {key}
    values: Callable[[PartnerView], tuple[Tag, ...]]


def build_partners(
    records: Sequence[Record[Partner]], settings: Mapping[str, Any]
) -> tuple[PartnerView, ...]:
    language = settings["DEFAULT_LANG"]
    categories = settings["PARTNERS_CATEGORIES"]
    urls = settings["PARTNERS_FILTER_URLS"]
    names = language_names()
    renderer = MarkdownRenderer()
    base = absolute_base(settings)

    def view(record: Record[Partner]) -> PartnerView:
        p = record.data
        url = settings["PARTNERS_URL"].format(slug=record.slug)
        phones = tuple(
            PhoneView(
                f"{PHONE_TYPES[ph.type][0]}:{dial_string(ph.number)}",
                PHONE_TYPES[ph.type][1],
                ph.number,
                ph.description or "",
            )
            for ph in p.phones
        )
        areas = tuple(
            Tag(a, urls["area"].format(key=slug_for(a, settings)))
            for a in p.service_areas
        )
        languages = tuple(
            Tag(names[code], urls["language"].format(key=code)) for code in p.languages
        )
        address = p.address if p.show_address else ""
        return PartnerView(
            slug=record.slug,
            url=url,
            name=p.name,
            category=Tag(
                categories[p.category], urls["category"].format(key=p.category)
            ),
            description=renderer.render(p.description),
            website=p.website or "",
            service_areas=areas,
            languages=languages,
            services=p.services,
            phones=phones,
            email=p.email or "",
            joined=p.joined,
            logo=_logo(record, settings),
            address=address,
            active=p.status == "active",
            last_verified=date_text(p.last_verified, language),
            search_text=" ".join(
                [p.name, categories[p.category], *p.service_areas]
                + [t.label for t in languages]
                + list(p.services)
            ).casefold(),
            json_ld=json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": SCHEMA_TYPES.get(p.category, "Organization"),
                    "name": p.name,
                    "url": p.website,
                    "sameAs": f"{base}/{url}" if base else None,
                    "email": p.email,
                    "telephone": next(
                        (ph.number for ph in p.phones if ph.type == "voice"), None
                    ),
                    "areaServed": list(p.service_areas),
                    "knowsLanguage": list(p.languages),
                    "address": address or None,
                }
            ),
        )

    return tuple(sorted((view(r) for r in records), key=lambda v: v.name.casefold()))


def _logo(record: Record[Partner], settings: Mapping[str, Any]) -> Picture | None:
    """The logo, published only as small copies without metadata."""
    logo = record.data.logo
    if not logo:
        return None
    try:
        return logo_picture(f"{settings['PARTNERS_LOGO_PATH']}/{logo}")
    except ImageError as exc:
        logger.error("%s", record.problem(("logo",), f"{logo}: {exc}"))
        return None


def _facets(settings: Mapping[str, Any]) -> tuple[_Facet, ...]:
    urls = settings["PARTNERS_FILTER_URLS"]
    return (
        _Facet("By type of organization", "{label}", urls["category"],
               lambda p: (p.category,)),
        _Facet("By area served", "Partners serving {label}", urls["area"],
               lambda p: p.service_areas),
        _Facet("By language", "Partners working in {label}", urls["language"],
               lambda p: p.languages),
    )  # fmt: skip


def _facet_members(
    facet: _Facet, partners: Sequence[PartnerView]
) -> dict[str, tuple[Tag, list[PartnerView]]]:
    members: dict[str, tuple[Tag, list[PartnerView]]] = {}
    for partner in partners:
        for tag in facet.values(partner):
            members.setdefault(tag.url, (tag, []))[1].append(partner)
    return dict(sorted(members.items(), key=lambda item: item[1][0].label.casefold()))


def build_filters(
    partners: Sequence[PartnerView], settings: Mapping[str, Any], current: str = ""
) -> tuple[FilterGroup, ...]:
    return tuple(
        FilterGroup(
            facet.heading,
            tuple(
                FilterLink(tag.label, url, len(members), url == current)
                for url, (tag, members) in _facet_members(facet, partners).items()
            ),
        )
        for facet in _facets(settings)
    )


def build_site(
    records: list[Record[Partner]], settings: Mapping[str, Any]
) -> RecordSite:
    everyone = build_partners(records, settings)
    listed = tuple(p for p in everyone if p.active)
    categories: Mapping[str, str] = settings["PARTNERS_CATEGORIES"]
    groups = tuple(
        PartnerGroup(key, label, members)
        for key, label in categories.items()
        if (members := tuple(p for p in listed if p.category.label == label))
    )
    pages = [
        PageSpec(
            settings["PARTNERS_SAVE_AS"].format(slug=p.slug), "partner", {"partner": p}
        )
        for p in everyone
    ]
    for facet in _facets(settings):
        for url, (tag, members) in _facet_members(facet, listed).items():
            pages.append(
                PageSpec(
                    f"{url}index.html",
                    "partner_filter",
                    {
                        "directory_page": FilterPage(
                            facet.title.format(label=tag.label),
                            url,
                            tuple(members),
                            build_filters(listed, settings, current=url),
                        )
                    },
                )
            )
    return RecordSite(
        index=Directory(groups, build_filters(listed, settings), len(listed)),
        pages=tuple(pages),
    )
