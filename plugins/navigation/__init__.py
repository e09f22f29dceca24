"""Main navigation and breadcrumbs, built from the NAVIGATION setting."""

from .plugin import register

__all__ = ["register"]
