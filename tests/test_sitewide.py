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


def contact(kind: str, number: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "label": number, "number": number, **extra}


def test_the_header_gets_the_primary_contacts_in_their_order(
    settings: dict[str, Any],
) -> None:
    hotlines = [
        {"key": "a", "name": "A", "contacts": [contact("call", "111", primary=True)]},
        {"key": "b", "name": "B", "contacts": [contact("call", "222")]},
        {
            "key": "c",
            "name": "C",
            "contacts": [contact("call", "333"), contact("text", "444", primary=True)],
        },
    ]
    site = parse_sitewide({**settings, "HOTLINES": hotlines})
    assert [(h.key, [c.href for c in h.contacts]) for h in site.primary_hotlines] == [
        ("a", ["tel:111"]),
        ("c", ["sms:444"]),
    ]
    # The footer and Get help still have every contact.
    assert [c.href for h in site.hotlines for c in h.contacts] == [
        "tel:111",
        "tel:222",
        "tel:333",
        "sms:444",
    ]


def one_hotline(*contacts: dict[str, Any]) -> dict[str, Any]:
    return {"HOTLINES": [{"key": "k", "name": "n", "contacts": list(contacts)}]}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            one_hotline(contact("call", "123")),
            'HOTLINES: no contact is marked "primary": True',
        ),
        (
            one_hotline(contact("call", "123", primary="yes")),
            "HOTLINES[0].contacts[0]: primary: expected True or False, got 'yes'",
        ),
        (
            one_hotline(contact("call", "123", primary=True, primery=True)),
            "HOTLINES[0].contacts[0]: unknown key 'primery'",
        ),
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
