"""The Content-Security-Policy and the other security headers, as data."""

from __future__ import annotations

import base64
import hashlib

import pytest

from security.policy import (
    ADMIN_CSP_DIRECTIVES,
    CSP_DIRECTIVES,
    HSTS,
    META_IGNORED,
    PERMISSIONS_DENIED,
    PolicyError,
    build_admin_policy,
    build_policy,
    render_header,
    render_meta,
    render_permissions_policy,
    script_hash,
    security_headers,
)


def test_the_default_policy_refuses_everything_it_does_not_list() -> None:
    policy = build_policy(CSP_DIRECTIVES)
    assert policy.sources("default-src") == ("'none'",)
    assert policy.sources("object-src") == ("'none'",)
    assert policy.sources("base-uri") == ("'none'",)
    assert policy.sources("frame-ancestors") == ("'none'",)
    assert policy.sources("style-src") == ("'self'",)
    assert policy.sources("script-src") == ("'self'", "'wasm-unsafe-eval'")


def test_no_directive_allows_inline_code_or_other_hosts() -> None:
    header = render_header(build_policy(CSP_DIRECTIVES))
    for weak in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http"):
        assert weak not in header.split(), weak
    assert "data:" not in header


def test_header_renders_every_directive_in_order() -> None:
    policy = build_policy({"default-src": ("'none'",), "img-src": ("'self'",)})
    assert render_header(policy) == "default-src 'none'; img-src 'self'"


def test_meta_leaves_out_what_a_meta_tag_cannot_carry() -> None:
    directives = {
        "default-src": ("'none'",),
        "frame-ancestors": ("'none'",),
        "report-uri": ("/csp",),
        "sandbox": (),
        "style-src": ("'self'",),
    }
    meta = render_meta(build_policy(directives))
    assert meta == "default-src 'none'; style-src 'self'"
    assert {"frame-ancestors", "report-uri", "sandbox"} <= META_IGNORED
    assert "frame-ancestors 'none'" in render_header(build_policy(directives))


def test_inline_scripts_are_allowed_by_their_sha256_only() -> None:
    text = "console.log('preview')"
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    assert script_hash(text) == f"'sha256-{digest}'"
    policy = build_policy(CSP_DIRECTIVES, inline_scripts=[text, text])
    assert policy.sources("script-src") == (
        "'self'",
        "'wasm-unsafe-eval'",
        f"'sha256-{digest}'",
    )


def test_upgrade_insecure_requests_is_a_directive_without_sources() -> None:
    policy = build_policy(CSP_DIRECTIVES, upgrade_insecure_requests=True)
    assert render_header(policy).endswith("; upgrade-insecure-requests")
    assert render_meta(policy).endswith("; upgrade-insecure-requests")
    assert "upgrade-insecure-requests" not in render_header(
        build_policy(CSP_DIRECTIVES)
    )


@pytest.mark.parametrize("weak", ["'unsafe-inline'", "'unsafe-eval'", "*"])
@pytest.mark.parametrize("directive", ["script-src", "default-src"])
def test_a_policy_that_would_run_injected_script_is_refused(
    weak: str, directive: str
) -> None:
    with pytest.raises(PolicyError, match=rf"must not allow .*{weak.strip('*')}"):
        build_policy({**CSP_DIRECTIVES, directive: ("'self'", weak)})


@pytest.mark.parametrize(
    ("directives", "problem"),
    [
        ({"script src": ("'self'",)}, "is not a directive name"),
        ({"img-src": "'self'"}, "expected a tuple of source expressions"),
        ({"img-src": ("'self' data:",)}, "expected a tuple of source expressions"),
        ({"img-src": ("'self';",)}, "expected a tuple of source expressions"),
    ],
)
def test_a_malformed_directive_is_refused_with_its_name(
    directives: dict[str, object], problem: str
) -> None:
    with pytest.raises(PolicyError, match=problem):
        build_policy(directives)  # type: ignore[arg-type]


def test_permissions_policy_denies_each_feature() -> None:
    value = render_permissions_policy(("camera", "geolocation"))
    assert value == "camera=(), geolocation=()"
    denied = render_permissions_policy(PERMISSIONS_DENIED).split(", ")
    assert len(denied) == len(set(denied)) == len(PERMISSIONS_DENIED)
    assert all(item.endswith("=()") for item in denied)
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(denied)


def test_security_headers_carry_the_policy_and_the_strict_defaults() -> None:
    policy = build_policy(CSP_DIRECTIVES)
    headers = security_headers(policy, PERMISSIONS_DENIED, HSTS)
    assert headers["Content-Security-Policy"] == render_header(policy)
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"] == (
        "max-age=63072000; includeSubDomains"
    )
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "preload" not in headers["Strict-Transport-Security"]


def test_hsts_can_be_left_out() -> None:
    headers = security_headers(build_policy(CSP_DIRECTIVES), (), "")
    assert "Strict-Transport-Security" not in headers


# --- The CMS's own policy (plugins/cms) -----------------------------------------


def test_the_admin_policy_allows_eval_and_inline_styles_and_its_backend() -> None:
    policy = build_admin_policy(("http://localhost:8081",))
    assert policy.sources("script-src") == (
        "'self'",
        "'unsafe-eval'",
        "'wasm-unsafe-eval'",
    )
    assert policy.sources("style-src") == ("'self'", "'unsafe-inline'")
    assert policy.sources("connect-src") == ("'self'", "http://localhost:8081")
    assert policy.sources("img-src") == ("'self'", "data:", "blob:")
    assert policy.sources("worker-src") == ("'self'", "blob:")
    assert policy.sources("frame-ancestors") == ("'none'",)
    assert policy.sources("object-src") == ("'none'",)
    assert policy.sources("base-uri") == ("'self'",)
    assert policy.sources("form-action") == ("'self'",)
    # Never inline script, even here.
    assert "'unsafe-inline'" not in policy.sources("script-src")


def test_the_public_policy_still_refuses_what_the_admin_one_allows() -> None:
    with pytest.raises(PolicyError, match="must not allow 'unsafe-eval'"):
        build_policy(ADMIN_CSP_DIRECTIVES)


def test_the_admin_policy_adds_hashes_and_the_upgrade_like_the_public_one() -> None:
    policy = build_admin_policy(
        ("https://api.github.com",), ("alert(1)",), upgrade_insecure_requests=True
    )
    assert policy.sources("script-src")[-1] == script_hash("alert(1)")
    assert render_header(policy).endswith("; upgrade-insecure-requests")


@pytest.mark.parametrize(
    "source", ["*", "https://x.example/path", "api.github.com", "'unsafe-inline'"]
)
def test_an_admin_backend_must_be_an_origin(source: str) -> None:
    with pytest.raises(PolicyError, match="is not an origin"):
        build_admin_policy((source,))
