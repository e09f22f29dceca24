"""Registers social cards and icons: a generator that writes them after the pages."""

from __future__ import annotations

from typing import Any

from pelican import signals

from .generator import SocialCardsGenerator


def get_generators(pelican: Any) -> type[SocialCardsGenerator]:
    return SocialCardsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
