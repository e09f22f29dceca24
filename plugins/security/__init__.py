"""Content-Security-Policy and security headers for every page."""

from .plugin import register

__all__ = ["register"]
