"""Registers the partner record type with Pelican."""

from __future__ import annotations

from typing import Any

from pelican import signals

from records.generator import RecordGenerator, install_globals, link_records
from records.model import RecordType, build_date, require

from .checks import partner_checks
from .schema import Partner
from .views import build_site

DEFAULTS: dict[str, Any] = {
    "PARTNERS_PATH": "partners",
    "PARTNERS_URL": "partners/{slug}/",
    "PARTNERS_SAVE_AS": "partners/{slug}/index.html",
    "PARTNERS_FILTER_URLS": {
        "category": "partners/category/{key}/",
        "area": "partners/area/{key}/",
        "language": "partners/language/{key}/",
    },
    "PARTNERS_LOGO_PATH": "images/partners",
    "PARTNERS_MAX_BYTES": 64 * 1024,
}

PARTNERS = RecordType(
    name="partners",
    link_kind="partner",
    model=Partner,
    defaults=DEFAULTS,
    build=build_site,
    checks=partner_checks,
    # The setting itself, values with their labels: the check needs the
    # values, the CMS's form shows the labels (plugins/cms/fields.py).
    validation_context=lambda settings: {
        "categories": require(settings, "PARTNERS_CATEGORIES"),
        "today": build_date(settings),
    },
)


class PartnersGenerator(RecordGenerator):
    record_type = PARTNERS


def get_generators(pelican: Any) -> type[RecordGenerator]:
    return PartnersGenerator


def link_partners(content: Any) -> None:
    link_records(content, PARTNERS)


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(install_globals)
    signals.content_object_init.connect(link_partners)
