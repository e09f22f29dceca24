"""Partner directory view models: grouped, filtered and sorted for templates.

Each run builds them in its own language: labels through the theme's catalog
(`N_` marks them for it), category names from PARTNERS_CATEGORIES, language
names from CLDR. Addresses and keys come from the record as written
(`record.source`), so `/es/partners/area/los-angeles/` mirrors
`/partners/area/los-angeles/` whatever the area is called in Spanish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from images.model import Picture
from images.plugin import logo_picture
from images.processing import ImageError
from languages.catalog import N_, translator
from records.collection import Record
from records.markdown import MarkdownRenderer
from records.model import KeptRecords, PageSpec, RecordSite
from records.views import (
    RecordLanguages,
    Untranslated,
    absolute_base,
    date_text,
    fold,
    json_ld,
    localized_labels,
    record_languages,
    slug_for,
)

from .schema import Partner, language_names

logger = logging.getLogger(__name__)
PHONE_TYPES = {
    "voice": ("tel", N_("Call")),
    "text": ("sms", N_("Text")),
    "tty": ("tel", N_("TTY")),
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
    description_lang: str = ""  # "en" when it is shown untranslated


@dataclass(frozen=True)
class Tag:
    label: str
    url: str
    key: str = ""  # the value as written in the record: `legal-services`, `es`
    lang: str = ""  # set when the label is not in the page's language
    # The label inside a sentence ("Partners working in Spanish"), where some
    # languages write it differently ("Socios que trabajan en español").
    phrase: str = ""

    @property
    def in_sentence(self) -> str:
        return self.phrase or self.label


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
    # The lang of values not in the page's language (`name`, `description`,
    # `service_areas`, `services`, `address`), "" for the others: templates
    # print `lang="{{ partner.lang.name }}"` where it is set.
    lang: Mapping[str, str]
    untranslated: Untranslated | None  # for the record page's notice


@dataclass(frozen=True)
class FilterLink:
    label: str
    url: str
    count: int
    current: bool
    lang: str = ""  # set when the label is not in the page's language


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
    title: str  # plain text, for <title>
    url: str
    partners: tuple[PartnerView, ...]
    filters: tuple[FilterGroup, ...]
    # The title for the page's <h1>: the value it filters by carries its lang
    # when that is not the page's language.
    heading: Markup


@dataclass(frozen=True)
class _Facet:
    """One way to filter: by category, service area or language."""

    heading: str  # translated
    title: str  # translated, with %(label)s
    url: str  # pattern with {key}
    values: Callable[[PartnerView], tuple[Tag, ...]]


def language_tags(codes: Sequence[str], settings: Mapping[str, Any]) -> tuple[Tag, ...]:
    """Languages a partner works in, named in the page's language (CLDR).

    As a label the name starts with a capital ("Español"); inside a sentence
    it is as CLDR writes it ("en español").
    """
    names = language_names(str(settings["DEFAULT_LANG"]))
    pattern = settings["PARTNERS_FILTER_URLS"]["language"]
    return tuple(
        Tag(
            names[code][:1].upper() + names[code][1:],
            pattern.format(key=code),
            key=code,
            phrase=names[code],
        )
        for code in codes
    )


def build_partners(
    records: Sequence[Record[Partner]],
    settings: Mapping[str, Any],
    renderer: MarkdownRenderer | None = None,
    views: KeptRecords[PartnerView] | None = None,
) -> tuple[PartnerView, ...]:
    language = settings["DEFAULT_LANG"]
    categories = localized_labels(settings, "PARTNERS_CATEGORIES")
    urls = settings["PARTNERS_FILTER_URLS"]
    gettext = translator(settings).gettext
    renderer = renderer or MarkdownRenderer()
    base = absolute_base(settings)
    # Many partners serve the same areas; Pelican's slugify is slow.
    area_slugs: dict[str, str] = {}

    def area_slug(text: str) -> str:
        if text not in area_slugs:
            area_slugs[text] = slug_for(text, settings)
        return area_slugs[text]

    def view(record: Record[Partner]) -> PartnerView:
        p = record.data  # in this run's language, falling back to the original
        original = record.source  # as written: keys and addresses
        langs: RecordLanguages = record_languages(record, settings)
        url = settings["PARTNERS_URL"].format(slug=record.slug)
        phones = tuple(
            PhoneView(
                f"{PHONE_TYPES[ph.type][0]}:{dial_string(ph.number)}",
                gettext(PHONE_TYPES[ph.type][1]),
                ph.number,
                ph.description or "",
                langs.of(f"phones[{index}].description"),
            )
            for index, ph in enumerate(p.phones)
        )
        areas_lang = langs.of("service_areas")
        areas = tuple(
            Tag(
                shown,
                urls["area"].format(key=area_slug(written)),
                key=written,
                lang=areas_lang,
            )
            # The translation has as many areas as the original, in its order
            # (records/translation.py).
            for shown, written in zip(
                p.service_areas, original.service_areas, strict=True
            )
        )
        languages = language_tags(p.languages, settings)
        address = p.address if p.show_address else ""
        category = Tag(
            categories[p.category],
            urls["category"].format(key=p.category),
            key=p.category,
        )
        return PartnerView(
            slug=record.slug,
            url=url,
            name=p.name,
            category=category,
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
            # The page's words and the original's: someone may type either.
            search_text=" ".join(
                dict.fromkeys(
                    fold(text)
                    for text in (
                        p.name,
                        category.label,
                        *p.service_areas,
                        *original.service_areas,
                        *(t.label for t in languages),
                        *p.services,
                    )
                )
            ),
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
            lang={
                "name": langs.written_once,
                "address": langs.written_once,
                "description": langs.of("description"),
                "service_areas": areas_lang,
                "services": langs.of("services"),
            },
            untranslated=langs.notice(),
        )

    # A partner's view reads that partner alone, so a kept one is still true.
    views = views or KeptRecords()
    made = (views.get(r, view) for r in records)
    return tuple(sorted(made, key=lambda v: fold(v.name)))


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


FACETS = (
    # heading, title of its pages, key in PARTNERS_FILTER_URLS, values
    (N_("By type of organization"), "%(label)s", "category",
     lambda p: (p.category,)),
    (N_("By area served"), N_("Partners serving %(label)s"), "area",
     lambda p: p.service_areas),
    (N_("By language"), N_("Partners working in %(label)s"), "language",
     lambda p: p.languages),
)  # fmt: skip


def _facets(settings: Mapping[str, Any]) -> tuple[_Facet, ...]:
    urls = settings["PARTNERS_FILTER_URLS"]
    gettext = translator(settings).gettext
    return tuple(
        _Facet(gettext(heading), gettext(title), urls[kind], values)
        for heading, title, kind, values in FACETS
    )


def _facet_members(
    facet: _Facet, partners: Sequence[PartnerView]
) -> dict[str, tuple[Tag, list[PartnerView]]]:
    members: dict[str, tuple[Tag, list[PartnerView]]] = {}
    for partner in partners:
        for tag in facet.values(partner):
            shown, listed = members.setdefault(tag.url, (tag, []))
            listed.append(partner)
            # Two partners may serve one area, one translated and one not:
            # the filter is named in the page's language if any partner can.
            if shown.lang and not tag.lang:
                members[tag.url] = (tag, listed)
    return dict(sorted(members.items(), key=lambda item: fold(item[1][0].label)))


def _titles(facet: _Facet, tag: Tag) -> tuple[str, Markup]:
    """A filter page's title as text, and as HTML with the value's lang."""
    text = facet.title % {"label": tag.in_sentence}
    shown: Markup | str = tag.in_sentence
    if tag.lang:
        shown = Markup('<span lang="{}">{}</span>').format(tag.lang, tag.in_sentence)
    return text, Markup(escape(facet.title) % {"label": shown})


Members = dict[str, tuple[Tag, list[PartnerView]]]


def build_filters(
    partners: Sequence[PartnerView], settings: Mapping[str, Any], current: str = ""
) -> tuple[FilterGroup, ...]:
    return _filter_groups(_all_members(partners, settings), current)


def _all_members(
    partners: Sequence[PartnerView], settings: Mapping[str, Any]
) -> tuple[tuple[_Facet, Members], ...]:
    return tuple(
        (facet, _facet_members(facet, partners)) for facet in _facets(settings)
    )


def _filter_groups(
    members: Sequence[tuple[_Facet, Members]], current: str = ""
) -> tuple[FilterGroup, ...]:
    return tuple(
        FilterGroup(
            facet.heading,
            tuple(
                FilterLink(tag.label, url, len(listed), url == current, tag.lang)
                for url, (tag, listed) in found.items()
            ),
        )
        for facet, found in members
    )


def build_site(
    records: list[Record[Partner]],
    settings: Mapping[str, Any],
    renderer: MarkdownRenderer | None = None,
    views: KeptRecords[PartnerView] | None = None,
) -> RecordSite:
    everyone = build_partners(records, settings, renderer, views)
    listed = tuple(p for p in everyone if p.active)
    categories = localized_labels(settings, "PARTNERS_CATEGORIES")
    groups = tuple(
        PartnerGroup(key, label, members)
        for key, label in categories.items()
        if (members := tuple(p for p in listed if p.category.key == key))
    )
    pages = [
        PageSpec(
            settings["PARTNERS_SAVE_AS"].format(slug=p.slug), "partner", {"partner": p}
        )
        for p in everyone
    ]
    # Grouped once: each filter page shows every filter, its own marked.
    members = _all_members(listed, settings)
    for facet, found in members:
        for url, (tag, shown) in found.items():
            title, heading = _titles(facet, tag)
            pages.append(
                PageSpec(
                    f"{url}index.html",
                    "partner_filter",
                    {
                        "directory_page": FilterPage(
                            title,
                            url,
                            tuple(shown),
                            _filter_groups(members, current=url),
                            heading,
                        )
                    },
                )
            )
    return RecordSite(
        index=Directory(groups, _filter_groups(members), len(listed)),
        pages=tuple(pages),
    )
