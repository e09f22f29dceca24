"""discovery.organization: schema.org data about CAST on the home page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS

from discovery.organization import (
    OrganizationError,
    build_organization,
    split_city,
)
from records.views import json_ld
from sitebuild.build import BuildError, build_site, load_settings
from sitewide.model import parse_sitewide

SETTINGS = load_settings(DEV_SETTINGS)
SITE = parse_sitewide(SETTINGS)
BASE = "https://www.castla.org"


def organization(contact: Any = None, **settings: Any) -> dict[str, Any]:
    site = parse_sitewide({**SETTINGS, **settings}) if settings else SITE
    return build_organization(site, BASE, contact, "US")


def test_the_organization_is_described_from_the_settings() -> None:
    data = organization({"hotline": "cast", "always_open": True})
    assert data["@type"] == "NGO"
    assert data["name"] == SETTINGS["ORGANIZATION"]["name"]
    assert data["alternateName"] == "CAST"
    assert data["url"] == "https://www.castla.org/"
    assert data["description"] == SETTINGS["ORGANIZATION"]["tagline"]["en"]
    # The city only: no street address is verified, and shelters are secret.
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Los Angeles",
        "addressRegion": "California",
        "addressCountry": "US",
    }
    (point,) = data["contactPoint"]
    assert point["telephone"] == "+18885392373"
    assert point["contactType"] == "hotline"
    hours = point["hoursAvailable"]
    assert len(hours["dayOfWeek"]) == 7
    assert (hours["opens"], hours["closes"]) == ("00:00", "23:59")


def test_hours_are_left_out_unless_the_hotline_is_always_open() -> None:
    (point,) = organization({"hotline": "cast"})["contactPoint"]
    assert "hoursAvailable" not in point


def test_no_contact_setting_means_no_contact_point() -> None:
    assert organization(None)["contactPoint"] is None


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        (
            {"hotline": "casts"},
            "DISCOVERY_CONTACT: hotline: no hotline with key 'casts'",
        ),
        (
            {"hotline": "cast", "always_open": "yes"},
            "DISCOVERY_CONTACT: always_open: expected True or False, got 'yes'",
        ),
    ],
)
def test_a_bad_contact_setting_is_refused(
    contact: dict[str, Any], message: str
) -> None:
    with pytest.raises(OrganizationError, match=message):
        organization(contact)


def test_a_hotline_with_no_number_to_call_is_refused() -> None:
    text_only = [
        {
            "key": "text-line",
            "name": "Example text line",
            "contacts": [
                {
                    "kind": "text",
                    "label": "Example 12345",
                    "number": "12345",
                    "primary": True,
                }
            ],
        }
    ]
    with pytest.raises(OrganizationError, match="'text-line' has no number to call"):
        organization({"hotline": "text-line"}, HOTLINES=text_only)


def test_split_city() -> None:
    assert split_city("Los Angeles, California") == ("Los Angeles", "California")
    assert split_city("Los Angeles") == ("Los Angeles", "")


def test_a_city_without_a_region_leaves_the_region_out() -> None:
    org = {**SETTINGS["ORGANIZATION"], "city": "Los Angeles"}
    address = organization(None, ORGANIZATION=org)["address"]
    assert address == {
        "@type": "PostalAddress",
        "addressLocality": "Los Angeles",
        "addressCountry": "US",
    }


def test_a_name_cannot_close_the_script_element() -> None:
    org = {**SETTINGS["ORGANIZATION"], "name": "Example </script><b>Org</b> & Co"}
    text = str(json_ld(organization(None, ORGANIZATION=org)))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"] == org["name"]


def blocks_on(page: Path) -> list[dict[str, Any]]:
    soup = BeautifulSoup(page.read_bytes(), "html.parser")
    return [
        json.loads(script.string)
        for script in soup.head.find_all("script", type="application/ld+json")
    ]


def test_the_home_page_carries_the_organization(built_site: Path) -> None:
    blocks = blocks_on(built_site / "index.html")
    assert len(blocks) == 1
    assert blocks[0] == organization(SETTINGS["DISCOVERY_CONTACT"])


def test_the_spanish_home_page_describes_cast_in_spanish(built_site: Path) -> None:
    spanish = {**SETTINGS, "DEFAULT_LANG": "es"}
    expected = build_organization(
        parse_sitewide(spanish),
        BASE,
        SETTINGS["DISCOVERY_CONTACT"],
        "US",
        home="es/",
    )
    (block,) = blocks_on(built_site / "es" / "index.html")
    assert block == expected
    english = organization(SETTINGS["DISCOVERY_CONTACT"])
    assert block["url"] == f"{BASE}/es/"
    # The settings' Spanish text: the mission and the city.
    assert block["description"] == SETTINGS["ORGANIZATION"]["tagline"]["es"]
    assert block["description"] != english["description"]
    assert block["address"]["addressLocality"] == "Los Ángeles"
    # Names and numbers are written once.
    assert (block["name"], block["alternateName"]) == (
        english["name"],
        english["alternateName"],
    )
    assert block["contactPoint"][0]["telephone"] == "+18885392373"


def test_a_bad_contact_setting_stops_the_build(tmp_path: Path) -> None:
    overrides = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "DISCOVERY_CONTACT": {"hotline": "casts"},
    }
    with pytest.raises(BuildError, match="DISCOVERY_CONTACT: hotline"):
        build_site(DEV_SETTINGS, tmp_path / "output", overrides)
    assert not (tmp_path / "output").exists()
