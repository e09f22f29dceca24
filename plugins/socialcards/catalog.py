"""Which page gets which card, and where each card is published.

Pages ask for their card while they are written (the discovery plugin asks
with the title it prints in og:title); the generator draws the cards once
every page has asked. A card's address follows its page's, so it never
changes while the page's address does not: `about/` -> `social/about.png`,
the home page -> `social/index.png`.
"""

from __future__ import annotations

from discovery.meta import ShareImage

from .card import HEIGHT, WIDTH
from .errors import SocialCardsError


def card_path(folder: str, url: str) -> str:
    """The site-relative file of the card for the page at `url`."""
    name = url.strip("/").removesuffix("index.html").rstrip("/")
    name = name.removesuffix(".html") or "index"
    return f"{folder.strip('/')}/{name}.png"


class CardCatalog:
    """The cards this build publishes: {card file: title}."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.titles: dict[str, str] = {}
        self._owners: dict[str, str] = {}

    def image_for(self, url: str, title: str) -> ShareImage:
        """Book the card for the page at `url`; the generator draws it later."""
        path = card_path(self.folder, url)
        owner = self._owners.setdefault(path, url)
        if owner != url:
            raise SocialCardsError(
                f"social cards: the pages {owner or '/'} and {url or '/'} would "
                f"share the card {path}; give one of them another address"
            )
        self.titles[path] = title
        return ShareImage(path, WIDTH, HEIGHT)
