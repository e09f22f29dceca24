"""The CMS's config.yml asks for exactly what the build checks, generated, never copied.

The record forms are compared with the pydantic schemas both ways, nested
lists included, so that a field added to a schema, or a form field left over
after one is removed, fails here by name. The page forms are compared with the
front-matter definitions, the content and the theme.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

import pytest
import yaml
from conftest import DEV_SETTINGS, ROOT
from pydantic import BaseModel, Field, create_model

from cms.backend import CmsSettingsError, parse_cms
from cms.config import (
    CANONICAL,
    CANONICAL_KEYS,
    CmsConfigError,
    build_config,
    check_canonical,
    header_name,
    record_types,
)
from cms.fields import UnsupportedFieldError, record_fields
from frontmatter import model as frontmatter
from frontmatter.model import (
    OPTIONAL,
    REQUIRED,
    STATUSES,
    TRANSLATION_OPTIONAL,
    parse_source,
)
from frontmatter.plugin import theme_templates
from legislation.schema import Bill
from partners.schema import Partner, Phone
from records.schema import Date, Text
from records.translation import TRANSLATABLE, record_translation_model
from sitebuild.build import load_settings

PUBLISH_SETTINGS = ROOT / "publishconf.py"
SETTINGS = load_settings(DEV_SETTINGS)


@pytest.fixture(scope="module")
def config(built_site: Path) -> dict[str, Any]:
    """The config.yml of a real build."""
    loaded: dict[str, Any] = yaml.safe_load(
        (built_site / "admin" / "config.yml").read_text(encoding="utf-8")
    )
    return loaded


def collection(config: Mapping[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        c for c in config["collections"] if c["name"] == name
    ]
    assert len(found) == 1, f"no single collection {name!r}"
    return found[0]


def by_name(fields: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {field["name"]: field for field in fields}


# --- Walking a schema, independently of plugins/cms/fields.py --------------------


def item_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds items of (`tuple[X, ...]`, maybe Annotated/Optional)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return item_model(get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        for arg in get_args(annotation):
            found = item_model(arg)
            if found is not None:
                return found
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def schema_fields(
    model: type[BaseModel], prefix: str = ""
) -> Iterator[tuple[str, Any]]:
    """Every field of `model`, nested ones as `actions.date`, with its FieldInfo."""
    for name, info in model.model_fields.items():
        yield prefix + name, info
        inner = item_model(info.annotation)
        if inner is not None:
            yield from schema_fields(inner, f"{prefix}{name}.")


def form_fields(
    fields: Sequence[Mapping[str, Any]], prefix: str = ""
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for field in fields:
        yield prefix + field["name"], field
        yield from form_fields(field.get("fields", ()), f"{prefix}{field['name']}.")


RECORDS = [("partners", Partner), ("legislation", Bill)]


@pytest.mark.parametrize(("name", "model"), RECORDS)
def test_every_schema_field_has_a_form_field_and_no_other(
    config: dict[str, Any], name: str, model: type[BaseModel]
) -> None:
    in_schema = {path for path, _ in schema_fields(model)}
    # The translation's own field (records/translation.py), kept per language.
    translation = record_translation_model(model)
    assert translation is not None
    in_schema |= set(translation.model_fields) - set(model.model_fields)
    in_form = {path for path, _ in form_fields(collection(config, name)["fields"])}
    assert sorted(in_schema - in_form) == [], "schema fields missing from the form"
    assert sorted(in_form - in_schema) == [], "form fields the schema does not have"


@pytest.mark.parametrize(("name", "model"), RECORDS)
def test_required_flags_follow_the_schema_defaults(
    config: dict[str, Any], name: str, model: type[BaseModel]
) -> None:
    form = dict(form_fields(collection(config, name)["fields"]))
    wrong = [
        path
        for path, info in schema_fields(model)
        if form[path]["required"] is not info.is_required()
    ]
    assert wrong == []
    assert form["name" if model is Partner else "identifier"]["required"] is True


@pytest.mark.parametrize(("name", "model"), RECORDS)
def test_translatable_fields_and_their_lists_are_translated(
    config: dict[str, Any], name: str, model: type[BaseModel]
) -> None:
    records = collection(config, name)
    assert records["i18n"] is True
    assert records["format"] == "cast-record"
    form = dict(form_fields(records["fields"]))

    def marked(info: Any) -> bool:
        return any(item is TRANSLATABLE for item in info.metadata)

    for path, info in schema_fields(model):
        items = item_model(info.annotation)
        with_text = items is not None and any(
            marked(sub) for _, sub in schema_fields(items)
        )
        if marked(info) or with_text:
            assert form[path].get("i18n") is True, path
        elif "." in path:
            # Inside a translated list: shown in each language, not translated.
            assert form[path].get("i18n") == "duplicate", path
        else:
            assert "i18n" not in form[path], path
    assert form["translation_of"]["widget"] == "hidden"
    assert form["translation_of"]["i18n"] is True


def labels(field: Mapping[str, Any]) -> dict[str, str]:
    return {option["value"]: option["label"] for option in field["options"]}


def test_categories_and_jurisdictions_are_the_settings_with_english_labels(
    config: dict[str, Any],
) -> None:
    category = by_name(collection(config, "partners")["fields"])["category"]
    jurisdiction = by_name(collection(config, "legislation")["fields"])["jurisdiction"]
    assert category["widget"] == jurisdiction["widget"] == "select"
    assert labels(category) == {
        key: value["en"] for key, value in SETTINGS["PARTNERS_CATEGORIES"].items()
    }
    assert labels(jurisdiction) == {
        key: value["en"] for key, value in SETTINGS["LEGISLATION_JURISDICTIONS"].items()
    }


@pytest.mark.parametrize(
    ("name", "path", "annotation"),
    [
        ("legislation", "status", Bill.model_fields["status"].annotation),
        ("legislation", "position", Bill.model_fields["position"].annotation),
        ("partners", "status", Partner.model_fields["status"].annotation),
        ("partners", "phones.type", Phone.model_fields["type"].annotation),
    ],
)
def test_literal_values_are_the_options(
    config: dict[str, Any], name: str, path: str, annotation: Any
) -> None:
    field = dict(form_fields(collection(config, name)["fields"]))[path]
    assert field["widget"] == "select"
    values = get_args(annotation)
    assert labels(field) == {value: value for value in values}


def test_kinds_of_fields_get_their_widgets(config: dict[str, Any]) -> None:
    bill = dict(form_fields(collection(config, "legislation")["fields"]))
    partner = dict(form_fields(collection(config, "partners")["fields"]))
    assert bill["actions.date"]["widget"] == "datetime"
    assert bill["actions.date"]["format"] == "YYYY-MM-DD"
    assert bill["actions.date"]["time_format"] is False
    # Decap's date picker would otherwise put today into every new record.
    assert bill["last_verified"]["default"] == ""
    assert bill["links.url"]["pattern"] == ["^https://", "must start with https://"]
    assert partner["website"]["pattern"][0] == "^https://"
    assert bill["summary"]["widget"] == partner["description"]["widget"] == "markdown"
    assert bill["summary"]["modes"] == ["raw"]
    assert bill["title"]["widget"] == "string"
    assert bill["caucus_priority"] == {
        "label": "Caucus priority",
        "name": "caucus_priority",
        "required": False,
        "widget": "number",
        "value_type": "int",
    }
    assert partner["show_address"]["widget"] == "boolean"
    assert partner["show_address"]["default"] is False
    assert partner["languages"]["widget"] == "list"
    assert partner["languages"]["field"]["widget"] == "string"
    assert partner["phones"]["widget"] == "list"
    assert [f["name"] for f in partner["phones"]["fields"]] == list(Phone.model_fields)


# --- The pure function, on models the project does not have ---------------------


def test_a_field_added_to_a_copy_of_a_model_appears_in_the_form() -> None:
    copy = create_model(
        "PartnerCopy",
        __base__=Partner,
        motto=(Annotated[Text | None, TRANSLATABLE], None),
        founded=(Date | None, None),
        short_name=(Annotated[str, Field(max_length=20)], ...),
    )
    fields = by_name(record_fields(copy, {"categories": ("health",)}, "en"))
    assert list(fields)[: len(Partner.model_fields)] == list(Partner.model_fields)
    assert fields["motto"]["i18n"] is True
    assert fields["motto"]["required"] is False
    assert fields["founded"]["widget"] == "datetime"
    assert fields["short_name"]["required"] is True
    assert fields["short_name"]["pattern"] == [
        r"^[\s\S]{0,20}$",
        "at most 20 characters",
    ]
    # Without labels in the context, a value is its own label.
    assert labels(fields["category"]) == {"health": "health"}


class Ratio(BaseModel):
    value: float


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (float, "PartnerCopy.extra: <class 'float'> has no widget in the CMS form"),
        (dict[str, str], "PartnerCopy.extra: dict[str, str] has no widget"),
        (Ratio | None, "PartnerCopy.extra: a single Ratio"),
        (tuple[Ratio, ...], "PartnerCopy.extra[].value: <class 'float'>"),
        (tuple[str, str], "PartnerCopy.extra: a fixed-length tuple"),
        (Literal[1, 2], "PartnerCopy.extra: a Literal of (1, 2)"),
        (int | str, "PartnerCopy.extra: int | str has no widget"),
    ],
)
def test_a_field_of_an_unknown_kind_is_an_error_naming_it(
    annotation: Any, message: str
) -> None:
    copy = create_model("PartnerCopy", __base__=Partner, extra=(annotation, None))
    with pytest.raises(UnsupportedFieldError) as error:
        record_fields(copy, {"categories": ()}, "en")
    assert message in str(error.value)


def test_a_list_from_a_setting_missing_from_the_context_is_an_error() -> None:
    with pytest.raises(
        UnsupportedFieldError, match=r"Partner\.category: .*'categories'"
    ):
        record_fields(Partner, {"today": date(2026, 1, 1)}, "en")


def test_the_record_types_are_those_of_the_plugins() -> None:
    assert [kind.model for kind in record_types(SETTINGS)] == [Partner, Bill]


# --- Pages ---------------------------------------------------------------------


def markdown_sources(folder: str) -> list[tuple[str, str, str]]:
    """(stem, slug, title) of each original in content/<folder>/."""
    found = []
    for path in sorted((ROOT / "content" / folder).glob("*.md")):
        source, _ = parse_source(path.name, path.read_text(encoding="utf-8"))
        found.append((path.stem, source.slug, source.header["title"].value))
    return found


def header_fields(fields: Sequence[Mapping[str, Any]]) -> list[str]:
    return [field["name"] for field in fields if field["name"][0].isupper()]


@pytest.mark.parametrize("name", ["pages", "news"])
def test_page_fields_are_the_front_matter_keys_in_canonical_order(
    config: dict[str, Any], name: str
) -> None:
    pages = collection(config, name)
    assert pages["format"] == "pelican-page"
    assert pages["folder"] == f"content/{name}"
    assert "i18n" not in pages
    names = header_fields(pages["fields"])
    assert names == [n for n in CANONICAL if n.lower() in {*REQUIRED, *OPTIONAL}]
    assert {"Nav_title", "Save_as", "URL"} <= set(names)
    fields = by_name(pages["fields"])
    assert [n for n, f in fields.items() if f["required"]] == ["Title", "Summary"]
    assert fields["body"]["widget"] == "markdown"
    assert fields["body"]["modes"] == ["raw"]
    assert list(fields)[-1] == "body"


def test_parent_template_and_status_offer_what_the_build_accepts(
    config: dict[str, Any],
) -> None:
    fields = by_name(collection(config, "pages")["fields"])
    # frontmatter.plugin checks a Parent against every original's slug.
    slugs = {
        slug for folder in ("pages", "news") for _, slug, _ in markdown_sources(folder)
    }
    parent = fields["Parent"]
    assert parent["widget"] == "select"
    assert {option["value"] for option in parent["options"]} == slugs
    about = next(o for o in parent["options"] if o["value"] == "about")
    assert about["label"] == "About CAST (about)"
    assert set(fields["Template"]["options"]) == theme_templates(SETTINGS)
    assert fields["Status"]["options"] == list(STATUSES)
    assert fields["Date"]["pattern"][0] == frontmatter.DATE.pattern


@pytest.mark.parametrize("name", ["pages", "news"])
def test_each_other_language_has_its_collection_named_after_the_original(
    config: dict[str, Any], name: str
) -> None:
    spanish = collection(config, f"{name}_es")
    assert spanish["folder"] == f"content/{name}/es"
    assert spanish["format"] == "pelican-page"
    assert spanish["slug"] == "{{original}}"
    names = header_fields(spanish["fields"])
    assert names == [
        n for n in CANONICAL if n.lower() in {*REQUIRED, *TRANSLATION_OPTIONAL}
    ]
    fields = by_name(spanish["fields"])
    assert fields["Translation_of"]["widget"] == "hidden"
    original = fields["original"]
    assert {o["value"] for o in original["options"]} == {
        stem for stem, _, _ in markdown_sources(name)
    }
    assert list(fields)[-1] == "body"


def test_canonical_order_covers_every_front_matter_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check_canonical()
    assert [header_name(k) for k in CANONICAL_KEYS] == list(CANONICAL)
    assert CANONICAL[:4] == ("Title", "Summary", "Nav_title", "Parent")
    assert header_name("url") == "URL"
    monkeypatch.setattr("cms.config.OPTIONAL", (*OPTIONAL, "author"))
    with pytest.raises(CmsConfigError, match=r"missing \['author'\]"):
        check_canonical()


# --- The whole config --------------------------------------------------------------


def test_config_yml_is_the_generated_config(config: dict[str, Any]) -> None:
    assert config == build_config(SETTINGS)
    assert config["i18n"] == {
        "structure": "single_file",
        "locales": list(SETTINGS["LANGUAGES"]),
        "default_locale": "en",
    }
    assert config["media_folder"] == "content/images"
    assert config["public_folder"] == "{static}/images"
    names = [c["name"] for c in config["collections"]]
    assert names == ["pages", "pages_es", "news", "news_es", "partners", "legislation"]


def test_development_uses_the_local_backend_and_production_github() -> None:
    cms = SETTINGS["CMS"]
    dev = build_config(SETTINGS)
    assert dev["backend"] == {"name": "github", "repo": cms["repo"], "branch": "main"}
    assert dev["local_backend"] == {
        "url": f"http://localhost:{cms['local_backend_port']}/api/v1"
    }
    assert dev["publish_mode"] == "simple"
    production = build_config(load_settings(PUBLISH_SETTINGS))
    assert "local_backend" not in production
    assert production["publish_mode"] == "editorial_workflow"
    relayed = {**cms, "local_backend_port": None, "base_url": "https://auth.example"}
    assert build_config({**SETTINGS, "CMS": relayed})["backend"]["base_url"] == (
        "https://auth.example"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"repos": "a/b"}, "CMS: unknown key 'repos'"),
        ({"repo": "not a repo"}, "CMS: repo: expected owner/name"),
        ({"base_url": "http://auth.example"}, "CMS: base_url: expected"),
        ({"local_backend_port": "8081"}, "CMS: local_backend_port: expected a port"),
        ({"publish_mode": "draft"}, "CMS: publish_mode: expected one of"),
    ],
)
def test_a_malformed_cms_setting_is_refused_by_name(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(CmsSettingsError, match=message):
        parse_cms({**SETTINGS["CMS"], **change})
