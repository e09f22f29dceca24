"""Discovery: sitemap.xml, robots.txt, canonical and social meta, the site map page."""

from .plugin import register

__all__ = ["register"]
