"""Responsive, metadata-free images: `<picture>` for pages, logos for partners."""

from .plugin import register

__all__ = ["register"]
