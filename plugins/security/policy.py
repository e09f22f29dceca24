"""The site's Content-Security-Policy and other security headers, as data.

One policy, rendered twice: as an HTTP header (written to `_headers` for hosts
that honour one) and as a `<meta http-equiv>` tag for hosts that do not. No
Pelican imports: everything here is a pure function of the settings.

The CMS at /admin/ (plugins/cms) has a second, looser policy of its own, built
by `build_admin_policy` and nothing else: Decap needs eval and inline styles,
which no public page may have.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Directives = Mapping[str, tuple[str, ...]]

# Everything not listed is refused (default-src 'none'). Each source is here
# because a page needs it.
CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    # Pagefind searches with WebAssembly; 'wasm-unsafe-eval' lets a script that
    # 'self' already allows compile WebAssembly, and never allows eval().
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "font-src": ("'self'",),
    # Pagefind fetches its index and fragments from /pagefind/.
    "connect-src": ("'self'",),
    # Pagefind runs its search in a worker (/pagefind/pagefind-worker.js).
    "worker-src": ("'self'",),
    "manifest-src": ("'self'",),
    "form-action": ("'self'",),
    "base-uri": ("'none'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'none'",),
}

# The admin page's policy (plugins/cms), before its backend's origins are
# added to connect-src. Only as loose as Decap CMS 3 needs: 'unsafe-eval'
# because ajv compiles the config's schema with new Function, 'unsafe-inline'
# styles because emotion writes its CSS into <style> elements at run time,
# data: and blob: images and fonts for previews of uploads and its icons, and
# blob: workers for the libraries it runs off the main thread.
ADMIN_CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "blob:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'", "blob:"),
    "form-action": ("'self'",),
    "base-uri": ("'self'",),
    "object-src": ("'none'",),
    "frame-ancestors": ("'none'",),
}

# Directives a browser ignores, with a console error, when the policy comes
# from a <meta> element (CSP Level 3, section 3.3).
META_IGNORED = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})

# Sources that would let injected markup run script: never allowed.
FORBIDDEN_SCRIPT_SOURCES = frozenset({"'unsafe-inline'", "'unsafe-eval'", "*"})
# The admin page allows 'unsafe-eval' (see ADMIN_CSP_DIRECTIVES), never inline
# script: injected markup still cannot run.
ADMIN_FORBIDDEN_SCRIPT_SOURCES = frozenset({"'unsafe-inline'", "*"})

# The standardised policy-controlled features (w3c/webappsec-permissions-policy,
# features.md) that Chromium knows; it logs a console warning for any other
# name (ambient-light-sensor, bluetooth and web-share among them). The site
# uses none of these, so all are denied.
PERMISSIONS_DENIED: tuple[str, ...] = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "compute-pressure",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "storage-access",
    "usb",
    "window-management",
    "xr-spatial-tracking",
)

# Two years, the minimum the HSTS preload list asks for. Not `preload`: that
# commits every subdomain of castla.org to HTTPS for good, a decision for
# whoever runs the domain, not for the website's build.
HSTS = "max-age=63072000; includeSubDomains"


class PolicyError(ValueError):
    """A security setting is malformed or would weaken the policy."""


@dataclass(frozen=True)
class Policy:
    """A Content-Security-Policy: directive names and their sources, in order."""

    directives: tuple[tuple[str, tuple[str, ...]], ...]

    def sources(self, directive: str) -> tuple[str, ...]:
        return dict(self.directives).get(directive, ())


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script text."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _checked(
    directives: Directives, forbidden: frozenset[str], label: str
) -> list[str]:
    """Every problem with `directives`; `label` names where they came from."""
    problems = []
    for name, sources in directives.items():
        if not name or not all(c.isalpha() or c == "-" for c in name):
            problems.append(f"{label}: {name!r} is not a directive name")
        if isinstance(sources, str) or not all(
            isinstance(s, str) and s and " " not in s and ";" not in s for s in sources
        ):
            problems.append(
                f"{label}: {name}: expected a tuple of source expressions; "
                f"found {sources!r}"
            )
    weak = forbidden.intersection(
        [*directives.get("script-src", ()), *directives.get("default-src", ())]
    )
    if weak:
        problems.append(
            f"{label}: script-src must not allow "
            f"{', '.join(sorted(weak))}: it would let injected markup run script"
        )
    return problems


def _finished(
    directives: Directives,
    inline_scripts: Iterable[str],
    upgrade_insecure_requests: bool,
) -> Policy:
    result = {name: tuple(sources) for name, sources in directives.items()}
    hashes = tuple(dict.fromkeys(script_hash(text) for text in inline_scripts))
    if hashes:
        result["script-src"] = (*result.get("script-src", ()), *hashes)
    if upgrade_insecure_requests:
        result["upgrade-insecure-requests"] = ()
    return Policy(tuple(result.items()))


def build_policy(
    directives: Directives,
    inline_scripts: Iterable[str] = (),
    upgrade_insecure_requests: bool = False,
) -> Policy:
    """The policy from `directives`, allowing `inline_scripts` by their hashes.

    Raises PolicyError for a malformed directive or one that would let injected
    markup run script ('unsafe-inline', 'unsafe-eval' or * in script-src).
    """
    problems = _checked(directives, FORBIDDEN_SCRIPT_SOURCES, "SECURITY_CSP")
    if problems:
        raise PolicyError("\n".join(problems))
    return _finished(directives, inline_scripts, upgrade_insecure_requests)


def build_admin_policy(
    connect_sources: Iterable[str],
    inline_scripts: Iterable[str] = (),
    upgrade_insecure_requests: bool = False,
) -> Policy:
    """The admin page's policy: ADMIN_CSP_DIRECTIVES, talking to `connect_sources`.

    `connect_sources` are the origins of the CMS's backend (plugins/cms/
    backend.py); `inline_scripts` are allowed by hash as on public pages (the
    preview's livereload snippet). The one policy allowed 'unsafe-eval';
    raises PolicyError for a malformed source or inline script allowed.
    """
    origins = tuple(connect_sources)
    problems = [
        f"CMS: {origin!r} is not an origin (scheme://host[:port])"
        for origin in origins
        if not _is_origin(origin)
    ]
    directives = {
        **ADMIN_CSP_DIRECTIVES,
        "connect-src": tuple(
            dict.fromkeys((*ADMIN_CSP_DIRECTIVES["connect-src"], *origins))
        ),
    }
    problems += _checked(directives, ADMIN_FORBIDDEN_SCRIPT_SOURCES, "admin policy")
    if problems:
        raise PolicyError("\n".join(problems))
    return _finished(directives, inline_scripts, upgrade_insecure_requests)


def _is_origin(source: str) -> bool:
    scheme, sep, rest = source.partition("://")
    return (
        scheme in ("https", "http")
        and bool(sep)
        and bool(rest)
        and not any(c in rest for c in "/ ;'*")
    )


def _render(directives: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    return "; ".join(" ".join((name, *sources)) for name, sources in directives)


def render_header(policy: Policy) -> str:
    """The policy as the value of a Content-Security-Policy header."""
    return _render(policy.directives)


def render_meta(policy: Policy) -> str:
    """The policy for `<meta http-equiv>`, without what a meta tag cannot carry."""
    return _render((n, s) for n, s in policy.directives if n not in META_IGNORED)


def render_permissions_policy(features: Iterable[str]) -> str:
    """A Permissions-Policy header value that denies every feature in `features`."""
    return ", ".join(f"{feature}=()" for feature in features)


def security_headers(
    policy: Policy, denied_features: Iterable[str], hsts: str
) -> dict[str, str]:
    """Every response header the site asks its host to send, in a stable order."""
    headers = {
        "Content-Security-Policy": render_header(policy),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Permissions-Policy": render_permissions_policy(denied_features),
        "Cross-Origin-Opener-Policy": "same-origin",
        # Superseded by frame-ancestors; kept for browsers that predate it.
        "X-Frame-Options": "DENY",
    }
    if hsts:
        headers["Strict-Transport-Security"] = hsts
    return headers
