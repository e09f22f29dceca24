"""Social cards (an Open Graph image per page) and the site's icons."""

from .plugin import register

__all__ = ["register"]
