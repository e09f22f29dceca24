"""Checks every page's and article's front matter (and a few writing rules)."""

from .plugin import register

__all__ = ["register"]
