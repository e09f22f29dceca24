"""The legislation tracker: one YAML record per bill or law."""

from .plugin import register

__all__ = ["register"]
