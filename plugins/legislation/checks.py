"""Checks on legislation records that one field alone cannot make."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from records.collection import Check, Loaded, check_references, check_unique
from records.errors import Problem

from .schema import Bill


def actions_in_date_order(loaded: Loaded[Bill]) -> Iterable[Problem]:
    for record in loaded.records:
        actions = record.data.actions
        for index in range(1, len(actions)):
            before, this = actions[index - 1].date, actions[index].date
            if this < before:
                yield record.problem(
                    ("actions", index, "date"),
                    f"{this.isoformat()} comes before the action above it "
                    f"({before.isoformat()}); list actions in date order",
                )


def legislation_checks(settings: Mapping[str, Any]) -> Sequence[Check]:
    return (
        actions_in_date_order,
        # Bill numbers are reused each session, so a bill is identified by all three.
        check_unique(
            lambda bill: (
                f"{' '.join(bill.identifier.upper().split())} "
                f"({bill.jurisdiction}, {bill.session})"
            ),
            "identifier",
            "bill",
        ),
        check_references("related", "legislation"),
    )
