"""Content-Security-Policy and security headers: the meta tag, `_headers`, checks."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican import signals

from cms.backend import CmsSettingsError, connect_sources, parse_cms
from cms.layout import ADMIN_FOLDER
from languages.model import run_language
from records.collection import label_for

from .checks import find_inline_code
from .headers import HEADERS_FILE, HeaderRule, render_headers_file
from .policy import (
    CSP_DIRECTIVES,
    HSTS,
    PERMISSIONS_DENIED,
    Policy,
    build_admin_policy,
    build_policy,
    render_header,
    render_meta,
    script_hash,
    security_headers,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Directive name -> allowed sources; replaces the whole policy.
    "SECURITY_CSP": CSP_DIRECTIVES,
    # Exact text of inline scripts to allow by hash; the preview's livereload
    # snippet is the only one (security.preview.PREVIEW_OVERRIDES).
    "SECURITY_INLINE_SCRIPTS": (),
    "SECURITY_PERMISSIONS_DENIED": PERMISSIONS_DENIED,
    # Strict-Transport-Security; "" leaves the header out.
    "SECURITY_HSTS": HSTS,
    # Where the headers are written in the output; "" writes no file.
    "SECURITY_HEADERS_FILE": HEADERS_FILE,
}


def setting(settings: Mapping[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def policy_from_settings(settings: Mapping[str, Any]) -> Policy:
    """The site's policy; upgrade-insecure-requests only for an https:// SITEURL."""
    return build_policy(
        setting(settings, "SECURITY_CSP"),
        setting(settings, "SECURITY_INLINE_SCRIPTS"),
        upgrade_insecure_requests=str(settings.get("SITEURL", "")).startswith(
            "https://"
        ),
    )


def admin_policy_from_settings(settings: Mapping[str, Any]) -> Policy | None:
    """The CMS page's policy, from the CMS setting; None if the site has no CMS.

    Raises CmsSettingsError for a malformed CMS setting.
    """
    if settings.get("CMS") is None:
        return None
    return build_admin_policy(
        connect_sources(parse_cms(settings["CMS"])),
        setting(settings, "SECURITY_INLINE_SCRIPTS"),
        upgrade_insecure_requests=str(settings.get("SITEURL", "")).startswith(
            "https://"
        ),
    )


def admin_rule(policy: Policy) -> HeaderRule:
    """The `_headers` rule for /admin/: its own policy in place of the public one.

    It must follow the `/*` rule, whose values it detaches (security.headers).
    """
    return HeaderRule(
        f"/{ADMIN_FOLDER}/*",
        (
            ("Content-Security-Policy", render_header(policy)),
            # Signing in to GitHub opens the OAuth relay in a popup that must
            # reach back to this page (window.opener); same-origin would cut it.
            ("Cross-Origin-Opener-Policy", "same-origin-allow-popups"),
            # config.yml and the scripts too, not only the page's meta tag.
            ("X-Robots-Tag", "noindex"),
        ),
        detach=("Content-Security-Policy", "Cross-Origin-Opener-Policy"),
    )


def add_globals(generator: Any) -> None:
    """`content_security_policy`: the policy as base.html's meta tag carries it."""
    policy = policy_from_settings(generator.settings)
    generator.env.globals["content_security_policy"] = render_meta(policy)


def check_page(path: str, context: Mapping[str, Any]) -> None:
    """Report markup in a written page that the policy would block."""
    if not path.endswith(".html"):
        return
    allowed = {script_hash(t) for t in setting(context, "SECURITY_INLINE_SCRIPTS")}
    found = find_inline_code(Path(path).read_text(encoding="utf-8"), allowed)
    if not found:
        return
    output = Path(path)
    root = Path(context.get("OUTPUT_PATH", output.parent))
    name = output.relative_to(root) if output.is_relative_to(root) else output
    content = context.get("page") or context.get("article")
    source = getattr(content, "source_path", None)
    origin = ""
    if source and "PATH" in context:
        origin = f" (from {label_for(Path(source), Path(context['PATH']))})"
    for item in found:
        logger.error("%s:%s%s: %s", name, item.line, origin, item)


def write_headers_file(pelican: Any) -> None:
    """Write `_headers` into the output root, for hosts that read it.

    The site has one, for every language: only the default language's run
    writes it (plugins/languages runs Pelican once per language).
    """
    name = setting(pelican.settings, "SECURITY_HEADERS_FILE")
    if not name or not run_language(pelican.settings).default:
        return
    headers = security_headers(
        policy_from_settings(pelican.settings),
        setting(pelican.settings, "SECURITY_PERMISSIONS_DENIED"),
        setting(pelican.settings, "SECURITY_HSTS"),
    )
    rules = [HeaderRule("/*", tuple(headers.items()))]
    try:
        admin = admin_policy_from_settings(pelican.settings)
    except CmsSettingsError:
        # plugins/cms reports the setting, and fails the build.
        admin = None
    if admin is not None:
        rules.append(admin_rule(admin))
    target = Path(pelican.output_path) / name
    target.write_text(render_headers_file(rules), encoding="utf-8")


def register() -> None:
    signals.generator_init.connect(add_globals)
    signals.content_written.connect(check_page)
    signals.finalized.connect(write_headers_file)
