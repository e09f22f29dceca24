"""Writes sitemap.xml and robots.txt once every page is known.

One of each for the whole site, every language in it: only the default
language's run writes them (SiteDiscovery.files), the others write none.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pelican.generators import Generator

from .site import SiteDiscovery

# The one key this feature adds to Pelican's shared context: the view models
# that templates and this generator read.
CONTEXT_KEY = "discovery"


class DiscoveryGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        discovery: SiteDiscovery = self.context[CONTEXT_KEY]
        for save_as, body in discovery.files().items():
            target = Path(self.output_path) / save_as
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
