"""The one setting for organization, hotlines and quick exit is checked."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import DEV_SETTINGS

from sitebuild.build import load_settings
from sitewide.model import SettingsError, parse_sitewide


@pytest.fixture(scope="module")
def settings() -> dict[str, Any]:
    return load_settings(DEV_SETTINGS)


def test_project_settings_give_tel_and_sms_links(settings: dict[str, Any]) -> None:
    site = parse_sitewide(settings)
    links = [c.href for h in site.hotlines for c in h.contacts]
    assert links == ["tel:+18885392373", "tel:+18883737888", "sms:233733", "tel:911"]
    assert site.quick_exit_url.startswith("https://")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"QUICK_EXIT_URL": "http://example.org/"},
            "QUICK_EXIT_URL: expected an https",
        ),
        ({"ORGANIZATION": {"name": "CAST"}}, "ORGANIZATION: short_name: expected text"),
        ({"HOTLINES": []}, "HOTLINES: expected a non-empty list"),
        (
            {
                "HOTLINES": [
                    {
                        "key": "k",
                        "name": "n",
                        "contacts": [
                            {"kind": "call", "label": "x", "number": "888-KEY"}
                        ],
                    }
                ]
            },
            "HOTLINES[0].contacts[0]: number: expected digits",
        ),
        (
            {
                "HOTLINES": [
                    {
                        "key": "k",
                        "name": "n",
                        "contacts": [{"kind": "fax", "label": "x", "number": "123"}],
                    }
                ]
            },
            "HOTLINES[0].contacts[0]: kind: expected one of call, text, got 'fax'",
        ),
    ],
)
def test_bad_settings_are_reported(
    settings: dict[str, Any], change: dict[str, Any], expected: str
) -> None:
    with pytest.raises(SettingsError) as failure:
        parse_sitewide({**settings, **change})
    assert expected in str(failure.value)
