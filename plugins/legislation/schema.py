"""The legislation record: one YAML file per bill or law in content/legislation/."""

from __future__ import annotations

from typing import Annotated, Literal

from records.schema import (
    Date,
    HttpsUrl,
    Markdown,
    PastDate,
    RecordModel,
    Slug,
    Text,
    one_of_setting,
)
from records.translation import TRANSLATABLE

# The steps a bill passes through, in order; vetoed and failed end it early.
STEPS = (
    "introduced",
    "in-committee",
    "passed-one-chamber",
    "passed-both",
    "signed",
    "enacted",
)
ENDINGS = ("vetoed", "failed")
Status = Literal[
    "introduced",
    "in-committee",
    "passed-one-chamber",
    "passed-both",
    "signed",
    "enacted",
    "vetoed",
    "failed",
]
Position = Literal["support", "oppose", "watch", "none"]
Jurisdiction = Annotated[Text, one_of_setting("jurisdictions")]


class Sponsor(RecordModel):
    name: Text
    role: Annotated[Text | None, TRANSLATABLE] = None  # author, coauthor, sponsor, ...


class Action(RecordModel):
    date: PastDate
    description: Annotated[Text, TRANSLATABLE]
    chamber: Annotated[Text | None, TRANSLATABLE] = None


class Link(RecordModel):
    label: Annotated[Text, TRANSLATABLE]
    url: HttpsUrl


class Bill(RecordModel):
    identifier: Text
    title: Annotated[Text, TRANSLATABLE]
    jurisdiction: Jurisdiction
    session: Text
    status: Status
    summary: Annotated[Markdown, TRANSLATABLE]
    position: Position = "none"
    # The year the Caucus of Survivors made this bill a priority.
    caucus_priority: int | None = None
    sponsors: tuple[Sponsor, ...] = ()
    actions: tuple[Action, ...] = ()
    chapter: Text | None = None
    public_law: Text | None = None
    signed: PastDate | None = None
    effective: Date | None = None
    links: tuple[Link, ...] = ()
    related: tuple[Slug, ...] = ()
    take_action: Annotated[Markdown | None, TRANSLATABLE] = None
    last_verified: PastDate | None = None
