"""discovery.robots: robots.txt allows everything and points to the sitemap."""

from __future__ import annotations

from pathlib import Path

import pytest

from discovery.robots import build_robots


def test_robots_allows_every_page_and_names_the_sitemap() -> None:
    text = build_robots("https://www.castla.org/sitemap.xml")
    assert text == (
        "User-agent: *\nAllow: /\n\nSitemap: https://www.castla.org/sitemap.xml\n"
    )


@pytest.mark.parametrize(
    "address",
    [
        "sitemap.xml",  # relative: crawlers need an absolute URL
        "/sitemap.xml",
        "ftp://www.castla.org/sitemap.xml",
        # A line break would add a rule of its own to the file.
        "https://www.castla.org/sitemap.xml\nDisallow: /",
    ],
)
def test_a_bad_sitemap_address_is_refused(address: str) -> None:
    with pytest.raises(ValueError, match=r"robots\.txt: the sitemap address"):
        build_robots(address)


def test_the_built_site_has_robots_txt(built_site: Path) -> None:
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert not any(line.startswith("Disallow") for line in lines)
    # Even a development build points to the published address.
    assert "Sitemap: https://www.castla.org/sitemap.xml" in lines
    assert (built_site / "sitemap.xml").is_file()
