"""The site map page for people: every page, grouped the way the menu is.

Each main-menu page is a section holding the pages below it (by their Parent,
at any depth), and the lists that live in its folder (news articles under
News, bills under the legislation tracker's section, partners under Partners).
Pages outside every section follow in one last section, footer pages first.

Each language has its own site map, of its own pages; headings that are not
page titles are catalog strings (marked with `N_`), translated by the caller.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from languages.catalog import N_

from .index import folders_of

OTHER_HEADING = N_("More about CAST")
PARTNERS_HEADING = N_("All coalition partners")
NEWS_HEADING = N_("All news")
# %(place)s: a jurisdiction's label ("California", "Federal").
BILLS_HEADING = N_("Bills and laws: %(place)s")


def sort_key(text: str) -> str:
    """Alphabetical order in any Latin-script language: "Ética" before "Zona"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    lang: str = ""  # set when the label is not in the page's language


@dataclass(frozen=True)
class LinkGroup:
    heading: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class PageEntry:
    """A published page, as the site map needs it."""

    slug: str
    url: str
    title: str
    nav_label: str
    parent: str | None
    lang: str = ""  # set when the page is not translated yet (its title is not)


@dataclass(frozen=True)
class Section:
    heading: str
    url: str | None  # None: a heading that is not a page
    pages: tuple[Link, ...]
    groups: tuple[LinkGroup, ...]
    lang: str = ""  # set when the heading is not in the page's language


@dataclass(frozen=True)
class SiteMap:
    sections: tuple[Section, ...]


def _section_slug(
    page: PageEntry, by_slug: Mapping[str, PageEntry], sections: set[str]
) -> str | None:
    """The main-menu page above `page`, following Parent upwards."""
    seen = {page.slug}
    parent = page.parent
    while parent is not None and parent in by_slug and parent not in seen:
        if parent in sections:
            return parent
        seen.add(parent)
        parent = by_slug[parent].parent
    return None


def _home_of(group: LinkGroup, owner_of_url: Mapping[str, str]) -> str | None:
    """The section holding the page whose folder the group's links are in."""
    for link in group.links:
        for folder in folders_of(link.url):
            if folder in owner_of_url:
                return owner_of_url[folder]
    return None


def build_site_map(
    pages: Sequence[PageEntry],
    navigation: Sequence[str],
    footer: Sequence[str],
    groups: Iterable[LinkGroup] = (),
    home_label: str = "Home",
    home_url: str = "",
    other_heading: str = OTHER_HEADING,
) -> SiteMap:
    """Sections in menu order, then everything else; each page appears once.

    `home_url` is the language's home page ("" or "es/"), and the labels are
    already in the page's language.
    """
    by_slug = {page.slug: page for page in pages}
    home = next((page for page in pages if page.url == home_url), None)
    section_slugs = [slug for slug in navigation if slug in by_slug]
    members: dict[str | None, list[PageEntry]] = {s: [] for s in section_slugs}
    members[None] = []
    for page in pages:
        if page is home or page.slug in members:
            continue
        members[_section_slug(page, by_slug, set(section_slugs))].append(page)

    # Which section each page's URL belongs to, so that a list of records can
    # join the section of the page that introduces it.
    owner: dict[str, str] = {}
    for slug in section_slugs:
        owner[by_slug[slug].url] = slug
        owner.update({page.url: slug for page in members[slug]})
    extra: dict[str | None, list[LinkGroup]] = {}
    for group in groups:
        if group.links:
            extra.setdefault(_home_of(group, owner), []).append(group)

    def links(entries: Iterable[PageEntry]) -> tuple[Link, ...]:
        return tuple(Link(page.title, page.url, page.lang) for page in entries)

    def by_title(entries: list[PageEntry]) -> list[PageEntry]:
        return sorted(entries, key=lambda page: sort_key(page.title))

    sections = []
    if home is not None:
        sections.append(Section(home_label, home.url, (), ()))
    for slug in section_slugs:
        page = by_slug[slug]
        sections.append(
            Section(
                page.nav_label,
                page.url,
                links(by_title(members[slug])),
                tuple(extra.get(slug, ())),
                page.lang,
            )
        )
    footer_order = {slug: i for i, slug in enumerate(footer)}
    rest = sorted(
        members[None],
        key=lambda p: (footer_order.get(p.slug, len(footer)), sort_key(p.title)),
    )
    if rest or extra.get(None):
        sections.append(
            Section(other_heading, None, links(rest), tuple(extra.get(None, ())))
        )
    return SiteMap(tuple(sections))
