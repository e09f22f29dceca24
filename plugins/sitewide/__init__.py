"""Site-wide settings (organization, hotlines, quick exit) as template globals."""

from .plugin import register

__all__ = ["register"]
