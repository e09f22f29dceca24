"""Shared core for YAML records: loading with line numbers, validation, errors,
slugs, safe Markdown, record links and a generic generator.

Not a Pelican plugin by itself: each record type (partners, legislation) is a
plugin that builds on it.
"""
