"""Registers the legislation record type with Pelican."""

from __future__ import annotations

from typing import Any

from pelican import signals

from records.generator import RecordGenerator, install_globals, link_records
from records.model import RecordType, build_date, require

from .checks import legislation_checks
from .schema import Bill
from .views import build_site

DEFAULTS: dict[str, Any] = {
    "LEGISLATION_PATH": "legislation",
    "LEGISLATION_URL": "legislation/{slug}/",
    "LEGISLATION_SAVE_AS": "legislation/{slug}/index.html",
    "LEGISLATION_INDEX_URL": "legislation/",
    "LEGISLATION_FEED_SAVE_AS": "feeds/legislation.atom.xml",
    "LEGISLATION_MAX_BYTES": 64 * 1024,
    # "Caucus priorities this year": the year the site is built, unless set.
    "LEGISLATION_CAUCUS_YEAR": None,
}


LEGISLATION = RecordType(
    name="legislation",
    link_kind="legislation",
    model=Bill,
    defaults=DEFAULTS,
    build=build_site,
    checks=legislation_checks,
    # The setting itself, values with their labels: the check needs the
    # values, the CMS's form shows the labels (plugins/cms/fields.py).
    validation_context=lambda settings: {
        "jurisdictions": require(settings, "LEGISLATION_JURISDICTIONS"),
        "today": build_date(settings),
    },
)


class LegislationGenerator(RecordGenerator):
    record_type = LEGISLATION


def get_generators(pelican: Any) -> type[RecordGenerator]:
    return LegislationGenerator


def link_legislation(content: Any) -> None:
    link_records(content, LEGISLATION)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(install_globals)
    signals.content_object_init.connect(link_legislation)
