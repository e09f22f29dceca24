"""Content-Security-Policy and security headers: the meta tag, `_headers`, checks."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican import signals

from languages.model import run_language
from records.collection import label_for

from .checks import find_inline_code
from .headers import HEADERS_FILE, render_headers_file
from .policy import (
    CSP_DIRECTIVES,
    HSTS,
    PERMISSIONS_DENIED,
    Policy,
    build_policy,
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
    target = Path(pelican.output_path) / name
    target.write_text(render_headers_file({"/*": headers}), encoding="utf-8")


def register() -> None:
    signals.generator_init.connect(add_globals)
    signals.content_written.connect(check_page)
    signals.finalized.connect(write_headers_file)
