"""Per-page view model: canonical address, language alternates and social tags."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Protocol

from languages.model import Language

from .alternates import Alternate, alternates
from .index import IndexedPage
from .sitemap import absolute_url


@dataclass(frozen=True)
class PageMeta:
    indexed: bool  # False: the page asks search engines not to list it
    canonical: str
    title: str
    description: str
    type: str  # Open Graph type: "article" for news, "website" otherwise
    site_name: str
    locale: str  # Open Graph wants language_TERRITORY: en_US
    # The page in every language and x-default, absolute (hreflang links).
    alternates: tuple[Alternate, ...] = ()
    # og:locale:alternate: the locales of the page's other languages.
    locale_alternates: tuple[str, ...] = ()
    # The absolute URL of the image to share the page with (its social card);
    # empty when there is none, and then the macro prints no image tags.
    image: str = ""
    image_width: int = 0
    image_height: int = 0
    image_alt: str = ""


# The context key under which a plugin that makes share images (socialcards)
# puts its ShareImages; without one, pages have no image.
SHARE_IMAGES_KEY = "share_images"


@dataclass(frozen=True)
class ShareImage:
    path: str  # site-relative: "social/about.png"
    width: int
    height: int


class ShareImages(Protocol):
    def image_for(self, url: str, title: str) -> ShareImage:
        """The image for the page at `url`, whose og:title is `title`."""
        ...


class _DescriptionParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.description = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").lower() == "description":
            self.description = " ".join((values.get("content") or "").split())


def description_of(html: str) -> str:
    """The text of a rendered `<meta name="description">`; empty if there is none.

    Each template writes its description once, in its description block; the
    social tags repeat that text rather than build it a second way.
    """
    parser = _DescriptionParser()
    parser.feed(html)
    parser.close()
    return parser.description


def og_locale(language: str, country: str) -> str:
    """`en` + `US` -> `en_US`; a language that names its territory keeps it."""
    code = language.replace("-", "_")
    if "_" in code:
        lang, _, territory = code.partition("_")
        return f"{lang.lower()}_{territory.upper()}"
    return f"{code.lower()}_{country.upper()}"


def build_page_meta(
    page: IndexedPage | None,
    url: str,
    title: str,
    description_html: str,
    *,
    base: str,
    site_name: str,
    locale: str,
    image: str = "",
    languages: Sequence[Language] = (),
    country: str = "US",
) -> PageMeta:
    """The tags for the page at `url`; `page` is its index entry, if it has one.

    `languages` (the default first) gives the page's alternates; `locale` is
    the locale of the page's own language. A page outside the index has none:
    hreflang on a page that asks not to be indexed says nothing.
    """
    indexed = page is not None
    others = tuple(
        og_locale(language.locale, country)
        for language in languages
        if og_locale(language.locale, country) != locale
    )
    return PageMeta(
        indexed=indexed,
        canonical=absolute_url(base, url),
        title=" ".join(title.split()) or site_name,
        description=description_of(description_html),
        type="article" if page is not None and page.kind == "article" else "website",
        site_name=site_name,
        locale=locale,
        image=image,
        alternates=tuple(
            replace(alternate, url=absolute_url(base, alternate.url))
            for alternate in alternates(url, languages)
        )
        if indexed
        else (),
        locale_alternates=others if indexed else (),
    )


def with_image(meta: PageMeta, image: ShareImage, base: str) -> PageMeta:
    """`meta` sharing `image`, described by the page's title (og:image:alt)."""
    return replace(
        meta,
        image=absolute_url(base, image.path),
        image_width=image.width,
        image_height=image.height,
        image_alt=meta.title,
    )
