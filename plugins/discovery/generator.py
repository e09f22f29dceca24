"""Writes sitemap.xml and robots.txt once every page is known.

One of each for the whole site, every language in it: only the default
language's run writes them (SiteDiscovery.files), the others write none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator

from sitebuild.memo import check_by_memo

from .site import SiteDiscovery

# The one key this feature adds to Pelican's shared context: the view models
# that templates and this generator read.
CONTEXT_KEY = "discovery"
# Templates read it through page_meta(), site_map() and organization_json_ld().
check_by_memo(CONTEXT_KEY)


class DiscoveryGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        self.write_files(Path(self.output_path))

    def write_files(self, folder: Path, since: SiteDiscovery | None = None) -> None:
        """The files into `folder`; with `since`, only if they changed since."""
        discovery: SiteDiscovery = self.context[CONTEXT_KEY]
        for save_as, body in discovery.files(since).items():
            target = folder / save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
