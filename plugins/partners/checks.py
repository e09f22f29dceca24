"""Checks on partner records that one field alone cannot make."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from records.collection import Check, Loaded, check_unique
from records.errors import Problem

from .schema import Partner

# Slugs that would collide with the directory's own filter folders.
RESERVED_SLUGS = frozenset({"category", "area", "language"})


def logos_exist(folder: Path, shown_as: str) -> Check:
    def check(loaded: Loaded[Partner]) -> Iterable[Problem]:
        for record in loaded.records:
            logo = record.data.logo
            if logo and not (folder / logo).is_file():
                yield record.problem(("logo",), f"no image {logo!r} in {shown_as}/")

    return check


def slugs_not_reserved(loaded: Loaded[Partner]) -> Iterable[Problem]:
    for record in loaded.records:
        if record.slug in RESERVED_SLUGS:
            yield record.problem(
                (),
                f"the file name {record.slug!r} is reserved for the directory's "
                "filter pages; rename the file",
            )


def partner_checks(settings: Mapping[str, Any]) -> Sequence[Check]:
    content = Path(settings["PATH"])
    logos = content / settings["PARTNERS_LOGO_PATH"]
    shown_as = f"{content.name}/{settings['PARTNERS_LOGO_PATH']}"
    return (
        check_unique(lambda p: " ".join(p.name.casefold().split()), "name", "name"),
        logos_exist(logos, shown_as),
        slugs_not_reserved,
    )
