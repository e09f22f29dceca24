"""Legislation view models: finished, sorted and grouped for the templates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import feedgenerator
from markupsafe import Markup

from records.collection import Record
from records.markdown import MarkdownRenderer
from records.model import FileSpec, PageSpec, RecordSite, build_date
from records.views import absolute_base, date_text, json_ld

from .schema import ENDINGS, STEPS, Bill

STATUS_LABELS = {
    "introduced": "Introduced",
    "in-committee": "In committee",
    "passed-one-chamber": "Passed one chamber",
    "passed-both": "Passed both chambers",
    "signed": "Signed",
    "enacted": "Law",
    "vetoed": "Vetoed",
    "failed": "Did not pass",
}
POSITION_LABELS = {
    "support": "CAST supports this bill",
    "oppose": "CAST opposes this bill",
    "watch": "CAST is watching this bill",
    "none": "",
}
STEP_STATE_LABELS = {
    "done": "completed",
    "current": "current stage",
    "upcoming": "not reached",
}


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


@dataclass(frozen=True)
class LinkView:
    label: str
    url: str


@dataclass(frozen=True)
class RelatedBill:
    identifier: str
    title: str
    url: str


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
    sponsors: tuple[tuple[str, str], ...]
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


def build_steps(status: str) -> tuple[Step, ...]:
    """The status as a sequence of stages, so it reads in words, not colour."""
    if status in ENDINGS:
        reached = STEPS[: STEPS.index("passed-both") + 1] if status == "vetoed" else ()
        done = tuple(Step(STATUS_LABELS[s], "done", "completed") for s in reached)
        if not done:
            done = (Step(STATUS_LABELS["introduced"], "done", "completed"),)
        return (*done, Step(STATUS_LABELS[status], "current", "current stage"))
    position = STEPS.index(status)
    return tuple(
        Step(
            STATUS_LABELS[step],
            state := (
                "done" if i < position else "current" if i == position else "upcoming"
            ),
            STEP_STATE_LABELS[state],
        )
        for i, step in enumerate(STEPS)
    )


def latest_date(bill: Bill) -> date | None:
    dates = [a.date for a in bill.actions]
    dates += [d for d in (bill.signed, bill.last_verified) if d]
    return max(dates) if dates else None


def build_bills(
    records: Sequence[Record[Bill]], settings: Mapping[str, Any]
) -> tuple[BillView, ...]:
    language = settings["DEFAULT_LANG"]
    jurisdictions = settings["LEGISLATION_JURISDICTIONS"]
    url_pattern = settings["LEGISLATION_URL"]
    renderer = MarkdownRenderer()
    base = absolute_base(settings)
    by_slug = {r.slug: r for r in records}

    def view(record: Record[Bill]) -> BillView:
        bill = record.data
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
            status_label=STATUS_LABELS[bill.status],
            steps=build_steps(bill.status),
            summary=renderer.render(bill.summary),
            position=bill.position,
            position_label=POSITION_LABELS[bill.position],
            caucus_priority=bill.caucus_priority,
            sponsors=tuple((s.name, s.role or "") for s in bill.sponsors),
            actions=tuple(
                ActionView(
                    a.date.isoformat(),
                    date_text(a.date, language),
                    a.description,
                    a.chamber or "",
                )
                for a in bill.actions
            ),
            chapter=bill.chapter or "",
            public_law=bill.public_law or "",
            signed=date_text(bill.signed, language),
            effective=date_text(bill.effective, language),
            links=tuple(LinkView(link.label, link.url) for link in bill.links),
            related=tuple(
                RelatedBill(
                    by_slug[slug].data.identifier,
                    by_slug[slug].data.title,
                    url_pattern.format(slug=slug),
                )
                for slug in bill.related
                if slug in by_slug
            ),
            take_action=renderer.render(bill.take_action or ""),
            last_verified=date_text(bill.last_verified, language),
            updated=latest_date(bill),
            json_ld=json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "Legislation",
                    "name": bill.title,
                    "legislationIdentifier": bill.identifier,
                    "legislationJurisdiction": jurisdictions[bill.jurisdiction],
                    "legislationDate": bill.signed.isoformat() if bill.signed else None,
                    "legislationLegalForce": (
                        "InForce" if bill.status == "enacted" else None
                    ),
                    "url": f"{base}/{url}" if base else None,
                }
            ),
        )

    return tuple(view(record) for record in records)


def _order(bill: BillView, jurisdiction_order: Mapping[str, int]) -> tuple[Any, ...]:
    newest_first = -(bill.updated.toordinal() if bill.updated else 0)
    return (jurisdiction_order[bill.jurisdiction], newest_first, bill.identifier)


def build_index(
    bills: Sequence[BillView], settings: Mapping[str, Any]
) -> LegislationIndex:
    jurisdictions: Mapping[str, str] = settings["LEGISLATION_JURISDICTIONS"]
    order = {key: i for i, key in enumerate(jurisdictions)}
    year = int(settings["LEGISLATION_CAUCUS_YEAR"] or build_date(settings).year)
    ordered = sorted(bills, key=lambda b: _order(b, order))
    priorities = tuple(b for b in ordered if b.caucus_priority == year)
    rest = [b for b in ordered if b.caucus_priority != year]
    by_status = tuple(
        BillGroup(status, STATUS_LABELS[status], group)
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
    organization = settings["ORGANIZATION"]["short_name"]
    feed = feedgenerator.Atom1Feed(
        title=f"{organization}: legislation updates",
        link=f"{base}/{settings['LEGISLATION_INDEX_URL']}",
        description="Changes to the bills and laws that CAST follows.",
        language=settings["DEFAULT_LANG"],
        feed_url=f"{base}/{settings['LEGISLATION_FEED_SAVE_AS']}",
        # RFC 4287 4.1.1: a feed whose entries have no author must name one.
        author_name=settings["ORGANIZATION"]["name"],
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


def build_site(records: list[Record[Bill]], settings: Mapping[str, Any]) -> RecordSite:
    bills = build_bills(records, settings)
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
