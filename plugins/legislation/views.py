"""Legislation view models: finished, sorted and grouped for the templates.

Each run builds them in its own language: status, step and position labels
through the theme's catalog (`N_` marks them for it), jurisdictions from
LEGISLATION_JURISDICTIONS, dates by Babel. What a bill is officially called
(its number, a chapter) is written once, in English, and is marked so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import feedgenerator
from markupsafe import Markup

from languages.catalog import N_, localized, translator
from records.collection import Record
from records.markdown import MarkdownRenderer
from records.model import FileSpec, KeptRecords, PageSpec, RecordSite, build_date
from records.views import (
    RecordLanguages,
    SettingsError,
    Untranslated,
    absolute_base,
    date_text,
    json_ld,
    localized_labels,
    record_languages,
)

from .schema import ENDINGS, STEPS, Bill

STATUS_LABELS = {
    "introduced": N_("Introduced"),
    "in-committee": N_("In committee"),
    "passed-one-chamber": N_("Passed one chamber"),
    "passed-both": N_("Passed both chambers"),
    "signed": N_("Signed"),
    "enacted": N_("Law"),
    "vetoed": N_("Vetoed"),
    "failed": N_("Did not pass"),
}
POSITION_LABELS = {
    "support": N_("CAST supports this bill"),
    "oppose": N_("CAST opposes this bill"),
    "watch": N_("CAST is watching this bill"),
    "none": "",
}
# Printed in brackets after a stage: "Introduced (completed)".
STEP_STATE_LABELS = {
    "done": N_("completed"),
    "current": N_("current stage"),
    "upcoming": N_("not reached"),
}
FEED_TITLE = N_("%(organization)s: legislation updates")
FEED_DESCRIPTION = N_("Changes to the bills and laws that %(organization)s follows.")


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # done, current, upcoming
    state_label: str


@dataclass(frozen=True)
class ActionView:
    date: str  # ISO, for <time datetime>
    date_text: str
    description: str
    chamber: str
    # "en" when shown untranslated on a page in another language.
    description_lang: str = ""
    chamber_lang: str = ""


@dataclass(frozen=True)
class LinkView:
    label: str
    url: str
    label_lang: str = ""


@dataclass(frozen=True)
class SponsorView:
    name: str
    role: str
    name_lang: str = ""  # names are written once: "Senator Darrell Steinberg"
    role_lang: str = ""


@dataclass(frozen=True)
class RelatedBill:
    identifier: str
    title: str
    url: str
    identifier_lang: str = ""
    title_lang: str = ""


@dataclass(frozen=True)
class BillView:
    slug: str
    url: str
    identifier: str
    title: str
    jurisdiction: str
    jurisdiction_label: str
    session: str
    status: str
    status_label: str
    steps: tuple[Step, ...]
    summary: Markup
    position: str
    position_label: str
    caucus_priority: int | None
    sponsors: tuple[SponsorView, ...]
    actions: tuple[ActionView, ...]
    chapter: str
    public_law: str
    signed: str
    effective: str
    links: tuple[LinkView, ...]
    related: tuple[RelatedBill, ...]
    take_action: Markup
    last_verified: str
    updated: date | None
    json_ld: Markup
    # The lang of values not in the page's language (`identifier`, `session`,
    # `title`, `summary`, `take_action`, `chapter`, `public_law`), "" else:
    # templates print `lang="{{ bill.lang.title }}"` where it is set.
    lang: Mapping[str, str]
    untranslated: Untranslated | None  # for the record page's notice


@dataclass(frozen=True)
class BillGroup:
    key: str
    label: str
    bills: tuple[BillView, ...]


@dataclass(frozen=True)
class LegislationIndex:
    caucus_year: int
    priorities: tuple[BillView, ...]
    by_status: tuple[BillGroup, ...]
    by_jurisdiction: tuple[BillGroup, ...]
    feed_url: str
    count: int


def build_steps(status: str, gettext: Callable[[str], str] = str) -> tuple[Step, ...]:
    """The status as a sequence of stages, so it reads in words, not colour."""

    def step(status: str, state: str) -> Step:
        return Step(
            gettext(STATUS_LABELS[status]), state, gettext(STEP_STATE_LABELS[state])
        )

    if status in ENDINGS:
        reached = STEPS[: STEPS.index("passed-both") + 1] if status == "vetoed" else ()
        done = tuple(step(s, "done") for s in reached) or (step("introduced", "done"),)
        return (*done, step(status, "current"))
    position = STEPS.index(status)
    return tuple(
        step(
            name, "done" if i < position else "current" if i == position else "upcoming"
        )
        for i, name in enumerate(STEPS)
    )


def latest_date(bill: Bill) -> date | None:
    dates = [a.date for a in bill.actions]
    dates += [d for d in (bill.signed, bill.last_verified) if d]
    return max(dates) if dates else None


def build_bills(
    records: Sequence[Record[Bill]],
    settings: Mapping[str, Any],
    renderer: MarkdownRenderer | None = None,
) -> tuple[BillView, ...]:
    language = settings["DEFAULT_LANG"]
    jurisdictions = localized_labels(settings, "LEGISLATION_JURISDICTIONS")
    url_pattern = settings["LEGISLATION_URL"]
    gettext = translator(settings).gettext
    renderer = renderer or MarkdownRenderer()
    base = absolute_base(settings)
    by_slug = {r.slug: r for r in records}

    def related(slug: str) -> RelatedBill:
        other = by_slug[slug]
        langs = record_languages(other, settings)
        return RelatedBill(
            other.data.identifier,
            other.data.title,
            url_pattern.format(slug=slug),
            langs.written_once,
            langs.of("title"),
        )

    def view(record: Record[Bill]) -> BillView:
        bill = record.data  # in this run's language, falling back to the original
        langs: RecordLanguages = record_languages(record, settings)
        once = langs.written_once
        url = url_pattern.format(slug=record.slug)
        return BillView(
            slug=record.slug,
            url=url,
            identifier=bill.identifier,
            title=bill.title,
            jurisdiction=bill.jurisdiction,
            jurisdiction_label=jurisdictions[bill.jurisdiction],
            session=bill.session,
            status=bill.status,
            status_label=gettext(STATUS_LABELS[bill.status]),
            steps=build_steps(bill.status, gettext),
            summary=renderer.render(bill.summary),
            position=bill.position,
            position_label=(
                gettext(POSITION_LABELS[bill.position])
                if POSITION_LABELS[bill.position]
                else ""
            ),
            caucus_priority=bill.caucus_priority,
            sponsors=tuple(
                SponsorView(s.name, s.role or "", once, langs.of(f"sponsors[{i}].role"))
                for i, s in enumerate(bill.sponsors)
            ),
            actions=tuple(
                ActionView(
                    a.date.isoformat(),
                    date_text(a.date, language),
                    a.description,
                    a.chamber or "",
                    langs.of(f"actions[{i}].description"),
                    langs.of(f"actions[{i}].chamber"),
                )
                for i, a in enumerate(bill.actions)
            ),
            chapter=bill.chapter or "",
            public_law=bill.public_law or "",
            signed=date_text(bill.signed, language),
            effective=date_text(bill.effective, language),
            links=tuple(
                LinkView(link.label, link.url, langs.of(f"links[{i}].label"))
                for i, link in enumerate(bill.links)
            ),
            related=tuple(related(slug) for slug in bill.related if slug in by_slug),
            take_action=renderer.render(bill.take_action or ""),
            last_verified=date_text(bill.last_verified, language),
            updated=latest_date(bill),
            json_ld=json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "Legislation",
                    "name": bill.title,
                    "inLanguage": language,
                    "legislationIdentifier": bill.identifier,
                    "legislationJurisdiction": jurisdictions[bill.jurisdiction],
                    "legislationDate": bill.signed.isoformat() if bill.signed else None,
                    "legislationLegalForce": (
                        "InForce" if bill.status == "enacted" else None
                    ),
                    "url": f"{base}/{url}" if base else None,
                }
            ),
            lang={
                "identifier": once,
                "session": langs.words_of(bill.session),
                "chapter": once,
                "public_law": once,
                "title": langs.of("title"),
                "summary": langs.of("summary"),
                "take_action": langs.of("take_action"),
            },
            untranslated=langs.notice(),
        )

    return tuple(view(record) for record in records)


def _order(bill: BillView, jurisdiction_order: Mapping[str, int]) -> tuple[Any, ...]:
    newest_first = -(bill.updated.toordinal() if bill.updated else 0)
    return (jurisdiction_order[bill.jurisdiction], newest_first, bill.identifier)


def build_index(
    bills: Sequence[BillView], settings: Mapping[str, Any]
) -> LegislationIndex:
    jurisdictions = localized_labels(settings, "LEGISLATION_JURISDICTIONS")
    gettext = translator(settings).gettext
    order = {key: i for i, key in enumerate(jurisdictions)}
    year = int(settings["LEGISLATION_CAUCUS_YEAR"] or build_date(settings).year)
    ordered = sorted(bills, key=lambda b: _order(b, order))
    priorities = tuple(b for b in ordered if b.caucus_priority == year)
    rest = [b for b in ordered if b.caucus_priority != year]
    by_status = tuple(
        BillGroup(status, gettext(STATUS_LABELS[status]), group)
        for status in (*reversed(STEPS), *ENDINGS)
        if (group := tuple(b for b in rest if b.status == status))
    )
    by_jurisdiction = tuple(
        BillGroup(key, label, group)
        for key, label in jurisdictions.items()
        if (group := tuple(b for b in rest if b.jurisdiction == key))
    )
    return LegislationIndex(
        caucus_year=year,
        priorities=priorities,
        by_status=by_status,
        by_jurisdiction=by_jurisdiction,
        feed_url=settings["LEGISLATION_FEED_SAVE_AS"],
        count=len(bills),
    )


def build_feed(bills: Sequence[BillView], settings: Mapping[str, Any]) -> str:
    """An Atom feed of bills, newest update first."""
    base = absolute_base(settings)
    language = str(settings["DEFAULT_LANG"])
    gettext = translator(settings).gettext
    problems: list[str] = []
    names = {
        key: localized(
            settings["ORGANIZATION"][key], language, f"ORGANIZATION[{key!r}]", problems
        )
        for key in ("short_name", "name")
    }
    if problems:
        raise SettingsError(problems)
    organization = {"organization": names["short_name"]}
    feed = feedgenerator.Atom1Feed(
        title=gettext(FEED_TITLE) % organization,
        link=f"{base}/{settings['LEGISLATION_INDEX_URL']}",
        description=gettext(FEED_DESCRIPTION) % organization,
        language=language,
        feed_url=f"{base}/{settings['LEGISLATION_FEED_SAVE_AS']}",
        # RFC 4287 4.1.1: a feed whose entries have no author must name one.
        author_name=names["name"],
    )
    dated = sorted(
        (b for b in bills if b.updated), key=lambda b: b.updated, reverse=True
    )
    for bill in dated:
        assert bill.updated is not None
        when = datetime.combine(bill.updated, time(), tzinfo=UTC)
        feed.add_item(
            title=f"{bill.identifier}: {bill.title} ({bill.status_label})",
            link=f"{base}/{bill.url}",
            unique_id=f"{base}/{bill.url}",
            description=str(bill.summary),
            pubdate=when,
            updateddate=when,
        )
    return feed.writeString("utf-8")


def build_site(
    records: list[Record[Bill]],
    settings: Mapping[str, Any],
    renderer: MarkdownRenderer | None = None,
    views: KeptRecords[Any] | None = None,
) -> RecordSite:
    # `views` goes unused: a bill's view shows its related bills, so a kept
    # one could show another bill as it was.
    bills = build_bills(records, settings, renderer)
    return RecordSite(
        index=build_index(bills, settings),
        pages=tuple(
            PageSpec(
                settings["LEGISLATION_SAVE_AS"].format(slug=bill.slug),
                "bill",
                {"bill": bill},
            )
            for bill in bills
        ),
        files=(
            FileSpec(settings["LEGISLATION_FEED_SAVE_AS"], build_feed(bills, settings)),
        ),
    )
