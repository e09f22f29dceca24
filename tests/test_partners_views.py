"""Partner view models: dialling, privacy of addresses, filters."""

from __future__ import annotations

from conftest import DEV_SETTINGS, RECORDS_CONTEXT

from partners.plugin import DEFAULTS
from partners.schema import Partner
from partners.views import build_site, dial_string
from records.collection import Record
from records.loader import LineMap
from sitebuild.build import load_settings

SETTINGS = {
    **DEFAULTS,
    "PARTNERS_CATEGORIES": load_settings(DEV_SETTINGS)["PARTNERS_CATEGORIES"],
    "DEFAULT_LANG": "en",
    "SITEURL": "",
    "PUBLISHED_SITEURL": "",
    "SLUG_REGEX_SUBSTITUTIONS": [
        (r"[^\w\s-]", ""),
        (r"(?u)\A\s*", ""),
        (r"(?u)\s*\Z", ""),
        (r"[-\s]+", "-"),
    ],
}


def partner(n: int, **fields: object) -> Record[Partner]:
    data = {
        "name": f"Example Partner {n}",
        "category": "community-based",
        "description": "Synthetic test data.",
        **fields,
    }
    return Record(
        f"example-partner-{n}",
        "x.yml",
        LineMap(),
        Partner.model_validate(data, context=RECORDS_CONTEXT),
    )


def test_dial_string_turns_letters_into_keypad_digits() -> None:
    assert dial_string("888-KEY-2-FREE") == "8885392373"
    assert dial_string("+1 (213) 555-0100") == "+12135550100"


def test_address_is_published_only_when_allowed() -> None:
    site = build_site(
        [
            partner(1, address="1 Example St", show_address=True),
            partner(2, address="2 Private Rd"),
        ],
        SETTINGS,
    )
    [group] = site.index.groups
    assert [p.address for p in group.partners] == ["1 Example St", ""]
    assert all("Private" not in str(p.json_ld) for p in group.partners)


def test_filters_count_active_partners_and_make_a_page_each() -> None:
    site = build_site(
        [
            partner(1, service_areas=["Example County"], languages=["es"]),
            partner(2, languages=["es", "ko"]),
            partner(3, languages=["ko"], status="inactive"),
        ],
        SETTINGS,
    )
    filters = {group.heading: group.links for group in site.index.filters}
    assert [(f.label, f.count) for f in filters["By language"]] == [
        ("Korean", 1),
        ("Spanish", 2),
    ]
    written = {page.save_as for page in site.pages}
    assert {
        "partners/area/example-county/index.html",
        "partners/language/es/index.html",
        "partners/category/community-based/index.html",
        "partners/example-partner-3/index.html",
    } <= written
