"""Record schemas: field types, settings-driven lists, and staff-friendly errors."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any

import pytest
from pydantic import ValidationError

from legislation.schema import Bill
from partners.schema import Partner
from records.errors import Problem, RecordError
from records.loader import LineMap
from records.schema import (
    Date,
    HttpsUrl,
    PastDate,
    RecordModel,
    Slug,
    Text,
    allowed_fields,
    describe,
    one_of_setting,
    validate_record,
)

LABEL = "content/partners/example-partner-70.yml"
TODAY = datetime.date(2026, 11, 26)
CONTEXT: Mapping[str, Any] = {
    "categories": ("community-based", "legal-services", "health"),
    "jurisdictions": ("federal", "california"),
    "today": TODAY,
}
PARTNER: Mapping[str, Any] = {
    "name": "Example Partner 70",
    "category": "health",
    "description": "Synthetic test data.",
}
BILL: Mapping[str, Any] = {
    "identifier": "SB 9070",
    "title": "Example Bill 70",
    "jurisdiction": "california",
    "session": "2005-2006",
    "status": "introduced",
    "summary": "Synthetic test data.",
}


class Thing(RecordModel):
    """A small synthetic schema for the field types on their own."""

    text: Text | None = None
    url: HttpsUrl | None = None
    slug: Slug | None = None
    day: Date | None = None
    past: PastDate | None = None
    kind: Annotated[Text, one_of_setting("kinds")] | None = None


def problems_for(
    model: type[RecordModel],
    data: Mapping[str, Any],
    context: Mapping[str, Any] | None = CONTEXT,
    lines: LineMap | None = None,
) -> list[Problem]:
    result, problems = validate_record(model, data, lines or LineMap(), LABEL, context)
    assert (result is None) == bool(problems)
    return problems


def messages(
    model: type[RecordModel],
    data: Mapping[str, Any],
    context: Mapping[str, Any] | None = CONTEXT,
) -> dict[str, str]:
    return {p.field: p.message for p in problems_for(model, data, context)}


def test_a_valid_record_has_no_problems() -> None:
    result, problems = validate_record(Partner, PARTNER, LineMap(), LABEL, CONTEXT)

    assert problems == []
    assert isinstance(result, Partner)
    assert result.status == "active"
    assert result.phones == ()


def test_records_are_frozen_and_stripped() -> None:
    partner = Partner.model_validate(
        {**PARTNER, "name": "  Example Partner 71  "}, context=CONTEXT
    )

    assert partner.name == "Example Partner 71"
    with pytest.raises(ValidationError):
        partner.name = "Example Partner 72"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (17, "17"),
        (2.5, "2.5"),
        (True, "True"),
        (False, "False"),
        (datetime.date(2006, 9, 29), "'2006-09-29'"),
    ],
    ids=["int", "float", "true", "false", "date"],
)
@pytest.mark.parametrize("field", ["text", "url", "slug", "kind"])
def test_text_fields_reject_numbers_booleans_and_dates(
    field: str, value: object, found: str
) -> None:
    assert messages(Thing, {field: value}, {"kinds": ("a",)}) == {
        field: f"expected text (put it in quotes if it should be text); found {found}"
    }


def test_partner_text_fields_reject_yaml_numbers_and_booleans() -> None:
    found = messages(Partner, {**PARTNER, "name": 2005, "address": True})

    assert found == {
        "name": "expected text (put it in quotes if it should be text); found 2005",
        "address": "expected text (put it in quotes if it should be text); found True",
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ["a", "b"]}, "expected text; found a list"),
        ({"name": {"first": "a"}}, "expected text; found a set of fields"),
        ({"services": "Legal help"}, "expected a list (lines starting with `- `)"),
        ({"services": {"a": "b"}}, "expected a list (lines starting with `- `)"),
        ({"phones": "213-555-0170"}, "expected a list (lines starting with `- `)"),
        ({"joined": 1999.5}, "expected a whole number; found 1999.5"),
        ({"joined": "nineteen"}, "expected a whole number; found 'nineteen'"),
        ({"show_address": "maybe"}, "expected true or false; found 'maybe'"),
        (
            {"status": "closed"},
            "expected one of 'active' or 'inactive'; found 'closed'",
        ),
    ],
)
def test_friendly_messages_say_what_was_found(
    data: Mapping[str, Any], message: str
) -> None:
    [(field, text)] = messages(Partner, {**PARTNER, **data}).items()

    assert field == next(iter(data))
    assert text.startswith(message)
    assert "; found " in text


def test_long_values_are_shortened() -> None:
    long = "https://example.org/" + "x" * 200
    [problem] = problems_for(Partner, {**PARTNER, "website": long.replace("s:", ":")})

    found = problem.message.split("; found ", 1)[1]
    assert len(found) == 80
    assert found.endswith("...")


def test_phone_in_a_nested_list_names_its_index() -> None:
    found = messages(
        Partner,
        {
            **PARTNER,
            "phones": [
                {"number": "213-555-0170"},
                {"number": "213-555-0171", "type": "fax"},
            ],
        },
    )

    assert found == {
        "phones[1].type": "expected one of 'voice', 'text' or 'tty'; found 'fax'"
    }


@pytest.mark.parametrize(
    ("model", "data", "field", "allowed"),
    [
        (
            Partner,
            {**PARTNER, "websit": "https://example.org"},
            "websit",
            ", ".join(Partner.model_fields),
        ),
        (
            Partner,
            {**PARTNER, "phones": [{"number": "213-555-0172", "ext": "1"}]},
            "phones[0].ext",
            "number, type, description",
        ),
        (
            Bill,
            {**BILL, "sponsors": [{"name": "Example Senator 1", "party": "x"}]},
            "sponsors[0].party",
            "name, role",
        ),
        (
            Bill,
            {
                **BILL,
                "actions": [
                    {"date": "2006-02-24", "description": "Introduced", "house": "x"}
                ],
            },
            "actions[0].house",
            "date, description, chamber",
        ),
        (
            Bill,
            {
                **BILL,
                "links": [{"label": "Text", "url": "https://example.org", "x": 1}],
            },
            "links[0].x",
            "label, url",
        ),
    ],
)
def test_unknown_fields_list_the_fields_allowed_there(
    model: type[RecordModel], data: Mapping[str, Any], field: str, allowed: str
) -> None:
    assert messages(model, data) == {
        field: f"unknown field; the fields allowed here are: {allowed}"
    }


def test_allowed_fields() -> None:
    assert allowed_fields(Partner, ()) == list(Partner.model_fields)
    assert allowed_fields(Partner, ("phones", 0)) == ["number", "type", "description"]
    assert allowed_fields(Bill, ("actions", 3)) == ["date", "description", "chamber"]
    assert allowed_fields(Partner, ("name",)) == []  # text has no fields
    assert allowed_fields(Partner, ("nothing", 0)) == []
    assert allowed_fields(Partner, ("name", "deeper")) == []


def test_missing_fields_point_at_their_parent() -> None:
    lines = LineMap({(): 2, ("phones",): 5, ("phones", 0): 6, ("phones", 1): 7})
    data = {
        "category": "health",
        "description": "Synthetic test data.",
        "phones": [{"number": "213-555-0173"}, {"type": "text"}],
    }

    problems = problems_for(Partner, data, lines=lines)

    assert [str(p) for p in problems] == [
        f"{LABEL}:2: name: this required field is missing",
        f"{LABEL}:7: phones[1].number: this required field is missing",
    ]


def test_describe_for_each_kind_of_error() -> None:
    assert describe({"type": "missing", "loc": ("name",)}, Partner) == (
        "this required field is missing"
    )
    assert describe(
        {"type": "string_type", "loc": ("name",), "msg": "x", "input": [1]}, Partner
    ) == ("expected text; found a list")
    assert describe(
        {
            "type": "greater_than",
            "loc": ("joined",),
            "msg": "Input should be greater than 5",
            "input": 3,
        },
        Partner,
    ) == ("input should be greater than 5; found 3")


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org",
        "https://example.org/partners/example-partner-74?x=1#top",
        "HTTPS://example.org/",
    ],
)
def test_https_urls(url: str) -> None:
    assert messages(Thing, {"url": url}) == {}


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "//example.org/path",
        "example.org",
        "https://",
        "https:///path",
        "https://example.org/a b",
        "mailto:info@example.org",
    ],
)
def test_urls_that_are_not_https(url: str) -> None:
    [message] = messages(Thing, {"url": url}).values()

    assert message.startswith("expected an https:// URL; found ")


@pytest.mark.parametrize("slug", ["a", "example-bill-1", "sb-1569", "2006"])
def test_slugs(slug: str) -> None:
    assert messages(Thing, {"slug": slug}) == {}


@pytest.mark.parametrize(
    "slug", ["Example", "example_bill", "-a", "a-", "a--b", "a b", "é", "a/b"]
)
def test_not_slugs(slug: str) -> None:
    assert messages(Thing, {"slug": slug}) == {
        "slug": "expected a slug: lowercase letters, digits and hyphens; "
        f"found {slug!r}"
    }


def test_dates() -> None:
    assert Thing.model_validate({"day": "2006-09-29"}).day == datetime.date(2006, 9, 29)
    assert Thing.model_validate({"day": datetime.date(2006, 9, 29)}).day == (
        datetime.date(2006, 9, 29)
    )


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("2006-9-29", "'2006-9-29'"),
        ("2006-02-30", "'2006-02-30'"),
        ("29/09/2006", "'29/09/2006'"),
        ("September 29, 2006", "'September 29, 2006'"),
        (datetime.datetime(2006, 9, 29, 10, 30), "'2006-09-29T10:30:00'"),
    ],
)
def test_dates_must_be_yyyy_mm_dd(value: object, found: str) -> None:
    assert messages(Thing, {"day": value}) == {
        "day": f"expected a date written as YYYY-MM-DD; found {found}"
    }


def test_past_dates_use_today_from_the_context() -> None:
    tomorrow = TODAY + datetime.timedelta(days=1)

    assert messages(Thing, {"past": TODAY}) == {}
    assert messages(Thing, {"past": tomorrow}) == {
        "past": "this date is in the future (today is 2026-11-26); found '2026-11-27'"
    }
    # Without a "today" there is nothing to compare with.
    assert messages(Thing, {"past": tomorrow}, context={}) == {}


def test_one_of_setting_reads_the_list_from_the_context() -> None:
    kinds = {"kinds": ("example-kind-1", "example-kind-2")}

    assert messages(Thing, {"kind": "example-kind-2"}, kinds) == {}
    assert messages(Thing, {"kind": "example-kind-3"}, kinds) == {
        "kind": "expected one of example-kind-1, example-kind-2; found 'example-kind-3'"
    }
    # Another build's settings: another list, same schema.
    other = {"kinds": ["example-kind-3"]}
    assert messages(Thing, {"kind": "example-kind-3"}, other) == {}


def test_one_of_setting_without_the_setting_allows_nothing() -> None:
    assert set(messages(Thing, {"kind": "example-kind-1"}, context=None)) == {"kind"}
    assert set(messages(Thing, {"kind": "example-kind-1"}, context={})) == {"kind"}


def test_category_and_jurisdiction_come_from_the_context() -> None:
    assert messages(Partner, {**PARTNER, "category": "education"}) == {
        "category": "expected one of community-based, legal-services, health; "
        "found 'education'"
    }
    assert (
        messages(
            Partner, {**PARTNER, "category": "education"}, {"categories": ["education"]}
        )
        == {}
    )
    assert messages(Bill, {**BILL, "jurisdiction": "federal"}) == {}
    assert set(messages(Bill, {**BILL, "jurisdiction": "texas"})) == {"jurisdiction"}


@pytest.mark.parametrize(
    "data",
    [{"name": None}, {"name": ""}, {"name": "   "}],
    ids=["null", "empty", "blank"],
)
def test_an_empty_text_field_is_described_plainly(data: Mapping[str, Any]) -> None:
    # `name:` with nothing after it is None in YAML. Staff should read that
    # nothing was found, once: not "found None", and not the current
    # "expected text, found nothing; found '   '".
    [message] = messages(Partner, {**PARTNER, **data}).values()

    assert message.startswith("expected text")
    assert "None" not in message
    assert message.count("found") == 1


def test_problem_str_and_order() -> None:
    later = Problem("content/partners/b.yml", 2, "name", "second")
    first = Problem("content/partners/a.yml", 9, "name", "first")
    second = Problem("content/partners/a.yml", 10, "(file)", "third")

    assert str(first) == "content/partners/a.yml:9: name: first"
    error = RecordError([later, second, first])
    assert error.problems == [first, second, later]
    assert str(error) == (
        "content/partners/a.yml:9: name: first\n"
        "content/partners/a.yml:10: (file): third\n"
        "content/partners/b.yml:2: name: second"
    )
