"""The coalition partner directory: one YAML record per organization."""

from .plugin import register

__all__ = ["register"]
