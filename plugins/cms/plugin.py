"""Writes output/admin/: the CMS's page, its config and the files it loads."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican import signals

from languages.model import parse_languages, run_language
from security.checks import find_blocked_code
from security.plugin import admin_policy_from_settings
from security.policy import PolicyError, render_meta

from .backend import CmsSettingsError
from .config import CmsConfigError, build_config
from .fields import UnsupportedFieldError
from .layout import ADMIN_FOLDER
from .output import (
    CONFIG,
    INDEX,
    MissingBundleError,
    bundle_files,
    render_config,
    render_index,
)

logger = logging.getLogger(__name__)

PROJECT = Path(__file__).resolve().parents[2]
DEFAULTS: dict[str, Any] = {
    # Where npm installed Decap and yaml (tools/node/package.json), relative
    # to the project folder.
    "CMS_NODE_MODULES": "tools/node/node_modules",
}


def node_modules(settings: Mapping[str, Any]) -> Path:
    folder = Path(settings.get("CMS_NODE_MODULES", DEFAULTS["CMS_NODE_MODULES"]))
    return folder if folder.is_absolute() else PROJECT / folder


def write_admin(pelican: Any) -> None:
    """Write admin/ into the output, once: in the default language's run.

    The CMS edits every language's files, so one page serves them all
    (plugins/languages runs Pelican once per language).
    """
    settings = pelican.settings
    if not run_language(settings).default:
        return
    try:
        config = build_config(settings)
        policy = admin_policy_from_settings(settings)
        files = bundle_files(node_modules(settings))
    except (
        CmsSettingsError,
        CmsConfigError,
        UnsupportedFieldError,
        PolicyError,
        MissingBundleError,
    ) as error:
        logger.error("%s", error)
        return
    if policy is None:  # build_config has refused a missing CMS already
        return
    title = f"{settings.get('SITENAME', '')} content manager".strip()
    page = render_index(render_meta(policy), title, parse_languages(settings)[0].code)
    # The same check as every public page gets, against the page's own policy.
    for found in find_blocked_code(page, policy):
        logger.error("%s/%s:%s: %s", ADMIN_FOLDER, INDEX, found.line, found)
    admin = Path(pelican.output_path) / ADMIN_FOLDER
    admin.mkdir(parents=True, exist_ok=True)
    (admin / INDEX).write_text(page, encoding="utf-8")
    (admin / CONFIG).write_text(render_config(config), encoding="utf-8")
    for source, target in files:
        destination = admin / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        # A copy, never a link: production steps rewrite built files in place.
        shutil.copyfile(source, destination)


def register() -> None:
    signals.finalized.connect(write_admin)
