"""Which page gets which card, and where each card is published.

Pages ask for their card while they are written (the discovery plugin asks
with the title it prints in og:title); the generator draws the cards once
every page has asked. A card's address follows its page's, so it never
changes while the page's address does not: `about/` -> `social/about.png`,
the home page -> `social/index.png`. Each language's cards sit in its own
folder, as its pages do: `es/about/` -> `social/es/about.png`, and the Spanish
home page -> `social/es/index.png`; a run books only its own language's cards,
so it never redraws or replaces another language's.
"""

from __future__ import annotations

from discovery.meta import ShareImage
from sitebuild.journal import RenderJournal

from .card import HEIGHT, WIDTH
from .errors import SocialCardsError


def card_path(folder: str, url: str) -> str:
    """The site-relative file of the card for the page at `url`."""
    name = url.strip("/").removesuffix("index.html").rstrip("/")
    name = name.removesuffix(".html") or "index"
    return f"{folder.strip('/')}/{name}.png"


def language_card_path(folder: str, url: str, prefix: str) -> str:
    """The card of a page in the language whose pages are under `prefix`."""
    if prefix and url.startswith(prefix):
        return card_path(f"{folder.strip('/')}/{prefix}", url.removeprefix(prefix))
    return card_path(folder, url)


class CardCatalog(RenderJournal):
    """The cards this run publishes: {card file: title}."""

    def __init__(self, folder: str, prefix: str = "") -> None:
        super().__init__()
        self.folder = folder
        self.prefix = prefix  # this run's language's folder: "" or "es/"
        self.titles: dict[str, str] = {}
        self._owners: dict[str, str] = {}

    def image_for(self, url: str, title: str) -> ShareImage:
        """Book the card for the page at `url`; the generator draws it later."""
        path = language_card_path(self.folder, url, self.prefix)
        owner = self._owners.setdefault(path, url)
        if owner != url:
            raise SocialCardsError(
                f"social cards: the pages {owner or '/'} and {url or '/'} would "
                f"share the card {path}; give one of them another address"
            )
        self.titles[path] = title
        self.note((url, title))
        return ShareImage(path, WIDTH, HEIGHT)

    def replay(self, entry: tuple[str, str]) -> None:
        self.image_for(*entry)
