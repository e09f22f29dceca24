"""Shared core for generated images (content images, social cards, icons)."""
