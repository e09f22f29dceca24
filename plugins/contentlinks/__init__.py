"""Fails the build on `{filename}`-style links to files that do not exist."""

from .plugin import register

__all__ = ["register"]
