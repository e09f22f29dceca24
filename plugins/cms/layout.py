"""Where the CMS lives in the built site, and which HTML files are the public site.

The admin page is for staff, not visitors: it has no theme, no exit bar and no
hotline, and it is never listed, indexed or shared. Whatever walks the built
site's pages for visitors (the page-weight budget, tests of the theme) walks
`public_pages`; checks that must cover every HTML file (the HTML validator,
the link check) walk everything.
"""

from __future__ import annotations

from pathlib import Path

ADMIN_FOLDER = "admin"


def is_admin(relative: str) -> bool:
    """Whether a path inside the site (`admin/index.html`) belongs to the CMS."""
    return relative == ADMIN_FOLDER or relative.startswith(f"{ADMIN_FOLDER}/")


def public_pages(root: Path) -> list[Path]:
    """Every HTML page under `root` that visitors see: all but admin/."""
    return sorted(
        page
        for page in root.rglob("*.html")
        if not is_admin(page.relative_to(root).as_posix())
    )
