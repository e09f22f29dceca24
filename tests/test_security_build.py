"""Real builds: the policy reaches every page and `_headers`; blocked markup fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, build_project

from cms.layout import is_admin
from security.headers import headers_for, parse_headers_file
from security.plugin import admin_policy_from_settings, policy_from_settings
from security.policy import CSP_DIRECTIVES, render_header, render_meta, script_hash
from security.preview import LIVERELOAD_SNIPPET, PREVIEW_OVERRIDES
from sitebuild.build import BuildError, build_site, load_settings


def meta_policy(page: Path) -> str | None:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return None if meta is None else str(meta["content"])


def test_every_page_carries_the_policy_first_in_its_head(built_site: Path) -> None:
    settings = load_settings(DEV_SETTINGS)
    public = render_meta(policy_from_settings(settings))
    admin_policy = admin_policy_from_settings(settings)
    assert admin_policy is not None
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        # The CMS's page has its own policy (plugins/cms), and only it.
        admin = is_admin(page.relative_to(built_site).as_posix())
        expected = render_meta(admin_policy) if admin else public
        assert meta_policy(page) == expected, page
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.head is not None
        first, second = soup.head.find_all(True, limit=2)
        # Only <meta charset> may come before it (it must be first of all).
        assert first.name == "meta" and first.get("charset") == "utf-8", page
        assert second.get("http-equiv") == "Content-Security-Policy", page


def test_headers_file_sends_the_same_policy_with_frame_ancestors(
    built_site: Path,
) -> None:
    rules = parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    headers = dict(headers_for(rules, "/partners/saban-free-clinic/"))
    policy = policy_from_settings(load_settings(DEV_SETTINGS))
    assert headers["Content-Security-Policy"] == render_header(policy)
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "frame-ancestors" not in render_meta(policy)
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Strict-Transport-Security"].startswith("max-age=63072000")
    assert re.fullmatch(r"[a-z-]+=\(\)(, [a-z-]+=\(\))*", headers["Permissions-Policy"])


def test_production_build_also_upgrades_insecure_requests(
    published_site: Path,
) -> None:
    site = published_site
    meta = meta_policy(site / "index.html")
    assert meta is not None
    assert meta.endswith("; upgrade-insecure-requests")
    headers = (site / "_headers").read_text(encoding="utf-8")
    assert "; upgrade-insecure-requests\n" in headers
    assert "upgrade-insecure-requests" not in render_meta(
        policy_from_settings(load_settings(DEV_SETTINGS))
    )


def test_preview_build_allows_livereloads_script_and_nothing_else(
    tmp_path: Path,
) -> None:
    overrides = {"CACHE_PATH": str(tmp_path / "cache"), **PREVIEW_OVERRIDES}
    site = build_site(DEV_SETTINGS, tmp_path / "output", overrides).output
    meta = meta_policy(site / "index.html")
    assert meta is not None
    script_src = next(d for d in meta.split("; ") if d.startswith("script-src "))
    assert script_src == (
        f"script-src 'self' 'wasm-unsafe-eval' {script_hash(LIVERELOAD_SNIPPET)}"
    )


@pytest.mark.parametrize(
    ("markup", "what"),
    [
        ('<p style="color: red">Red text.</p>', "a style attribute on <p>"),
        ("<script>document.title = 'x';</script>", "an inline <script>"),
        ('<button onclick="history.back()">Back</button>', "an onclick attribute"),
    ],
)
def test_markup_the_policy_would_block_fails_the_build(
    tmp_path: Path, content_copy: Path, markup: str, what: str
) -> None:
    (content_copy / "pages" / "blocked.md").write_text(
        f"Title: Blocked\nSummary: A page with inline code.\n\nText.\n\n{markup}\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError) as failure:
        build_project(tmp_path, content=content_copy)
    [problem] = [p for p in failure.value.problems if "blocked" in p]
    assert re.match(
        r"blocked/index\.html:\d+ \(from content/pages/blocked\.md\): ", problem
    )
    assert f"{what}" in problem
    assert "which the Content-Security-Policy blocks; " in problem
    assert not (tmp_path / "output").exists()


def test_a_weakened_policy_in_the_settings_fails_the_build(tmp_path: Path) -> None:
    weak = {**CSP_DIRECTIVES, "script-src": ("'self'", "'unsafe-inline'")}
    overrides = {"CACHE_PATH": str(tmp_path / "cache"), "SECURITY_CSP": weak}
    with pytest.raises(BuildError, match="must not allow 'unsafe-inline'"):
        build_site(DEV_SETTINGS, tmp_path / "output", overrides)
