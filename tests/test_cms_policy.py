"""The CMS at /admin/ in a real build: its own looser policy, and nowhere else.

No browser here (tests/test_cms_browser.py opens the CMS): the built files and
`_headers` are read as a host would serve them.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEV_SETTINGS, ROOT

from cms.layout import ADMIN_FOLDER, public_pages
from cms.output import INSTALL_COMMAND
from security.checks import find_blocked_code
from security.headers import headers_for, parse_headers_file
from security.plugin import admin_policy_from_settings, policy_from_settings
from security.policy import render_header, render_meta
from sitebuild.budget import measure_site
from sitebuild.build import BuildError, build_site, load_settings
from sitebuild.links import find_broken_references
from sitebuild.search import PAGEFIND_FOLDER

SETTINGS = load_settings(DEV_SETTINGS)
PUBLISH_SETTINGS = ROOT / "publishconf.py"
# What only the admin policy may allow, or talk to.
ADMIN_ONLY = ("'unsafe-eval'", "'unsafe-inline'", "api.github.com", "localhost")


def admin_policy(settings: dict) -> str:
    policy = admin_policy_from_settings(settings)
    assert policy is not None
    return render_header(policy)


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def admin_page(built_site: Path) -> BeautifulSoup:
    return soup(built_site / ADMIN_FOLDER / "index.html")


def test_the_admin_page_has_its_own_policy_and_is_not_indexed(
    admin_page: BeautifulSoup,
) -> None:
    policy = admin_policy_from_settings(SETTINGS)
    assert policy is not None
    meta = admin_page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None and meta["content"] == render_meta(policy)
    assert "'unsafe-eval'" in meta["content"]
    assert "connect-src 'self' http://localhost:8081" in meta["content"]
    robots = admin_page.find("meta", attrs={"name": "robots"})
    assert robots is not None and robots["content"] == "noindex"
    assert admin_page.html["lang"] == "en"
    assert admin_page.title.string == "CAST content manager"
    scripts = [(s["src"], s.get("type")) for s in admin_page.find_all("script")]
    assert scripts == [
        ("cms-setup.js", None),
        ("decap-cms.js", None),
        ("cms.js", "module"),
    ]


def test_the_admin_folder_holds_decap_our_scripts_and_the_yaml_module(
    built_site: Path,
) -> None:
    admin = built_site / ADMIN_FOLDER
    for name in ("config.yml", "cms-setup.js", "cms.js", "decap-cms.js"):
        assert (admin / name).is_file(), name
    assert (admin / "vendor" / "yaml" / "index.js").is_file()
    assert list(admin.glob("[0-9]*.decap-cms.js"))
    assert len(list(admin.glob("*.wasm"))) == 2
    # Neither source maps nor the other build that shares Decap's folder.
    assert not list(admin.rglob("*.map"))
    assert not list(admin.glob("*.cms.js"))
    # cms.js imports only what is there.
    for module in re.findall(r'from "(\./[^"]+)"', (admin / "cms.js").read_text()):
        assert (admin / module).is_file(), module


def test_no_public_page_has_anything_only_the_admin_policy_allows(
    built_site: Path,
) -> None:
    pages = public_pages(built_site)
    assert len(pages) > 100
    assert built_site / ADMIN_FOLDER / "index.html" not in pages
    strict = render_meta(policy_from_settings(SETTINGS))
    found = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = soup(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        if meta is None or meta["content"] != strict:
            found.append(f"{page}: not the public policy")
        found += [f"{page}: {s}" for s in ADMIN_ONLY if s in html.replace("&#39;", "'")]
    assert found == []


def test_headers_give_admin_only_its_policy_and_every_other_path_the_strict_one(
    built_site: Path,
) -> None:
    rules = parse_headers_file((built_site / "_headers").read_text(encoding="utf-8"))
    strict = render_header(policy_from_settings(SETTINGS))
    admin = admin_policy(SETTINGS)
    # The admin rule must come after the public one, whose values it detaches.
    assert [rule.pattern for rule in rules][:2] == ["/*", "/admin/*"]

    def policies(path: str) -> list[str]:
        return [
            v for n, v in headers_for(rules, path) if n == "Content-Security-Policy"
        ]

    for path in ("/admin/", "/admin/config.yml", "/admin/decap-cms.js"):
        assert policies(path) == [admin], path
        headers = headers_for(rules, path)
        assert ("X-Robots-Tag", "noindex") in headers
        assert [v for n, v in headers if n == "Cross-Origin-Opener-Policy"] == [
            "same-origin-allow-popups"
        ]
    pages = [
        "/" + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in public_pages(built_site)
    ]
    for path in [*pages, "/admin", "/administration/", "/es/admin/"]:
        assert policies(path) == [strict], path


def test_the_production_admin_policy_talks_to_github_only() -> None:
    settings = load_settings(PUBLISH_SETTINGS)
    policy = admin_policy(settings)
    assert "connect-src 'self' https://api.github.com;" in policy
    assert "localhost" not in policy
    assert policy.endswith("; upgrade-insecure-requests")
    relayed = {**settings["CMS"], "base_url": "https://auth.example.org"}
    assert "connect-src 'self' https://api.github.com https://auth.example.org;" in (
        admin_policy({**settings, "CMS": relayed})
    )


def test_the_admin_page_is_checked_against_its_own_policy(built_site: Path) -> None:
    html = (built_site / ADMIN_FOLDER / "index.html").read_text(encoding="utf-8")
    admin = admin_policy_from_settings(SETTINGS)
    assert admin is not None
    assert find_blocked_code(html, admin) == []
    styled = html.replace("<body>", '<body><p style="color: red">x</p>')
    assert find_blocked_code(styled, admin) == []
    assert find_blocked_code(styled, policy_from_settings(SETTINGS)) != []
    scripted = html.replace("<body>", "<body><script>alert(1)</script>")
    [found] = find_blocked_code(scripted, admin)
    assert found.what == "an inline <script>"


def test_admin_is_in_no_sitemap_site_map_search_index_card_or_feed(
    built_site: Path,
) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/admin" not in sitemap
    assert "Allow: /" in (built_site / "robots.txt").read_text(encoding="utf-8")
    for site_map in (built_site / "site-map", built_site / "es" / "site-map"):
        hrefs = [a["href"] for a in soup(site_map / "index.html").find_all("a")]
        assert hrefs and not any("admin" in href for href in hrefs)
    urls = []
    for fragment in (built_site / PAGEFIND_FOLDER / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        urls.append(json.loads(data)["url"])
    assert urls and not any("admin" in url for url in urls)
    assert not [p for p in (built_site / "social").rglob("*") if "admin" in p.name]
    admin = soup(built_site / ADMIN_FOLDER / "index.html")
    assert admin.find("meta", attrs={"property": "og:image"}) is None
    assert admin.find("link", rel="canonical") is None
    for feed in (built_site / "feeds").glob("*.xml"):
        assert "/admin" not in feed.read_text(encoding="utf-8"), feed


def test_the_budget_leaves_admin_out_and_the_link_check_covers_it(
    built_site: Path, tmp_path: Path
) -> None:
    weighed = [weight.page for weight in measure_site(built_site)]
    assert "index.html" in weighed
    assert not [page for page in weighed if page.startswith(f"{ADMIN_FOLDER}/")]
    # The link check does read admin/: a script it names must be there.
    assert find_broken_references(built_site) == []
    copy = tmp_path / "site"
    (copy / ADMIN_FOLDER).mkdir(parents=True)
    shutil.copy(built_site / ADMIN_FOLDER / "index.html", copy / ADMIN_FOLDER)
    broken = {b.value for b in find_broken_references(copy)}
    assert broken == {"cms-setup.js", "decap-cms.js", "cms.js"}


def test_without_the_npm_packages_the_build_says_what_to_run(tmp_path: Path) -> None:
    overrides = {
        "CACHE_PATH": str(tmp_path / "cache"),
        "CMS_NODE_MODULES": str(tmp_path),
    }
    with pytest.raises(BuildError) as failure:
        build_site(DEV_SETTINGS, tmp_path / "output", overrides)
    [problem] = [p for p in failure.value.problems if "/admin/" in p]
    assert f"Run `{INSTALL_COMMAND}`" in problem
    assert str(tmp_path / "decap-cms" / "dist" / "decap-cms.js") in problem
    assert INSTALL_COMMAND == "npm ci --prefix tools/node"
    assert not (tmp_path / "output").exists()
