"""Writes the social cards, the icons and the manifest once every page is written.

The generator is made before any page is written, so it loads the font and
the source icon first (a missing one stops the build before anything is
drawn) and puts its card catalog in the context for discovery's page_meta.
Its generate_output runs after the page, article and record generators
(plugin generators run in PLUGINS order, socialcards after them), when every
page has booked its card.

Each language's run draws its own pages' cards (plugins/languages runs Pelican
once per language into one folder). The icons and the manifest are the site's,
one of each at its root: only the default language's run writes them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from discovery.meta import SHARE_IMAGES_KEY
from imaging.cache import DerivedCache, digest, link_into
from languages.model import run_language
from sitewide.model import parse_sitewide

from .batch import make_cards, write_public
from .card import NAME_SIZES, TITLE_SIZES, CardPainter, load_font
from .catalog import CardCatalog
from .icons import (
    ICON_FILES,
    VERSION,
    IconFile,
    SourceIcon,
    build_manifest,
    load_source_icon,
    render_icon,
)

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    # Both under THEME; bundled with the theme, never served.
    "SOCIALCARDS_FONT": "fonts/LiberationSans-Bold.ttf",
    "SOCIALCARDS_ICON": "icons/icon.png",
    # Where the cards go in the output: social/<page address>.png.
    "SOCIALCARDS_FOLDER": "social",
    "SOCIALCARDS_MANIFEST_SAVE_AS": "site.webmanifest",
    # Draw in parallel processes when at least this many cards are missing.
    "SOCIALCARDS_PARALLEL_MIN": 50,
}

# theme/static/css/site.css: --cast-brand behind the icon (and as the
# browser's theme colour), --cast-bg behind the page while it loads.
THEME_COLOR = "#4a2c82"
BACKGROUND_COLOR = "#ffffff"


def _rgb(color: str) -> tuple[int, int, int]:
    value = int(color.removeprefix("#"), 16)
    return (value >> 16 & 0xFF, value >> 8 & 0xFF, value & 0xFF)


class SocialCardsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = {**DEFAULTS, **self.settings}
        self.options = settings
        theme = Path(self.theme)
        font = load_font(theme / settings["SOCIALCARDS_FONT"], TITLE_SIZES + NAME_SIZES)
        self.icon = load_source_icon(theme / settings["SOCIALCARDS_ICON"])
        self.organization = parse_sitewide(settings).organization
        self.painter = CardPainter(
            font, self.organization.name, self.organization.short_name
        )
        self.language = run_language(settings)
        self.catalog = CardCatalog(
            str(settings["SOCIALCARDS_FOLDER"]), self.language.prefix
        )
        self.context[SHARE_IMAGES_KEY] = self.catalog
        self.cache = DerivedCache(Path(settings["CACHE_PATH"]) / "social")

    def finish_output(self, writer: Any) -> None:
        """Once every page is written (sitebuild.build): pages book their cards
        as they are rendered, which is after the generators' generate_output."""
        output = Path(self.output_path)
        if self.language.default:
            self._write_icons(output)
        self.publish(output, self.catalog.titles)

    def publish(self, output: Path, titles: Mapping[str, str]) -> None:
        """Draw (or take from the cache) the cards `titles` names, into `output`.

        {card file: title}; the preview passes only the cards a save changed.
        """
        batch = make_cards(
            self.painter,
            self.cache,
            titles.values(),
            int(self.options["SOCIALCARDS_PARALLEL_MIN"]),
        )
        folders: set[Path] = set()
        for save_as, title in titles.items():
            _place(batch.files[title], output / save_as, folders)
        logger.info(
            "socialcards: %d pages, %d cards drawn in %d process(es), %d cached",
            len(titles),
            batch.drawn,
            batch.processes,
            len(batch.files) - batch.drawn,
        )

    def _write_icons(self, output: Path) -> None:
        """The icons and the manifest, at the site's root."""
        for icon in ICON_FILES:
            _place(self._icon(icon), output / icon.save_as)
        manifest = build_manifest(
            self.organization.name,
            self.organization.short_name,
            THEME_COLOR,
            BACKGROUND_COLOR,
        )
        target = output / str(self.options["SOCIALCARDS_MANIFEST_SAVE_AS"])
        target.write_text(manifest, encoding="utf-8")

    def _icon(self, icon: IconFile) -> Path:
        source: SourceIcon = self.icon
        key = digest(
            ("icon", VERSION, icon.save_as, str(icon.size), digest([source.data]))
        )
        suffix = Path(icon.save_as).suffix
        return self.cache.get(
            key,
            suffix,
            lambda path: write_public(
                path, render_icon(source, icon, _rgb(THEME_COLOR))
            ),
        )


def _place(cached: Path, target: Path, folders: set[Path] | None = None) -> None:
    """Put a cached file into the output (`folders`: those made already)."""
    if folders is None or target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    link_into(cached, target)
