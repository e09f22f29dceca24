"""Markdown read once per change, on every core: a content-addressed cache."""

from .plugin import register

__all__ = ["register"]
