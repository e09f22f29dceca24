"""Reads what Pelican's generators built and hands out the discovery view models.

This is the one module that knows the shape of Pelican's content objects and of
the record types' view models; the modules it calls take plain values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from navigation.model import url_of_output
from records.generator import CONTEXT_KEY as RECORDS_KEY
from records.views import absolute_base, json_ld
from sitewide.model import parse_sitewide

from .index import IndexedPage, PageSource, build_index
from .lastmod import git_commit_dates
from .meta import (
    SHARE_IMAGES_KEY,
    PageMeta,
    ShareImages,
    build_page_meta,
    og_locale,
    with_image,
)
from .organization import build_organization
from .robots import build_robots
from .site_map import Link, LinkGroup, PageEntry, SiteMap, build_site_map
from .sitemap import absolute_url, build_sitemap


def text_of(html: Any) -> str:
    """Plain text of a title that may hold markup or entities (`A &amp; B`)."""
    return " ".join(Markup(str(html)).striptags().split())


def content_sources(context: Mapping[str, Any]) -> Iterator[PageSource]:
    """Published pages and articles; hidden pages and drafts are not indexed."""
    for kind, key in (("page", "pages"), ("article", "articles")):
        for content in context.get(key, ()):
            if not content.save_as:
                continue
            yield PageSource(
                url_of_output(content.save_as),
                kind,
                (Path(content.source_path),),
                (content.metadata.get("date"), content.metadata.get("modified")),
            )


def record_sources(context: Mapping[str, Any]) -> Iterator[PageSource]:
    """Every page a record type wrote: one per record, and its filter pages."""
    for site in context.get(RECORDS_KEY, {}).values():
        for spec in site.pages:
            url = url_of_output(spec.save_as)
            own = site.sources.get(url)
            # A filter page has no file of its own: it changes when the
            # records it lists do.
            shown = [own] if own else [site.sources[u] for u in listed_urls(spec)]
            yield PageSource(
                url,
                "record",
                tuple(source.path for source in shown),
                # last_verified means someone checked the record and updated it.
                tuple(getattr(s.data, "last_verified", None) for s in shown),
            )


def listed_urls(spec: Any) -> list[str]:
    """The record pages a filter page lists (the partner directory's filters)."""
    page = spec.variables.get("directory_page")
    return [partner.url for partner in getattr(page, "partners", ())]


def record_groups(context: Mapping[str, Any]) -> Iterator[LinkGroup]:
    """The lists of partners and bills the site map shows."""
    sites = context.get(RECORDS_KEY, {})
    if "partners" in sites:
        directory = sites["partners"].index
        partners = sorted(
            (p for group in directory.groups for p in group.partners),
            key=lambda partner: partner.name.casefold(),
        )
        yield LinkGroup(
            "Coalition partners", tuple(Link(p.name, p.url) for p in partners)
        )
        for facet in directory.filters:
            yield LinkGroup(
                facet.heading, tuple(Link(f.label, f.url) for f in facet.links)
            )
    if "legislation" in sites:
        tracker = sites["legislation"].index
        # The tracker lists this year's priorities apart; here every bill sits
        # with the others of its jurisdiction, jurisdictions in settings order.
        rest = (bill for group in tracker.by_jurisdiction for bill in group.bills)
        by_place: dict[str, list[Link]] = {}
        for bill in (*tracker.priorities, *rest):
            link = Link(f"{bill.identifier}: {bill.title}", bill.url)
            by_place.setdefault(bill.jurisdiction_label, []).append(link)
        labels = context.get("LEGISLATION_JURISDICTIONS", {}).values()
        order = {label: i for i, label in enumerate(labels)}
        for place in sorted(by_place, key=lambda label: order.get(label, len(order))):
            yield LinkGroup(f"Bills and laws: {place}", tuple(by_place[place]))


class SiteDiscovery:
    """One per build; reads the context lazily, once every generator has run.

    Templates call it while pages are written, after Pelican has read all the
    content, so the index is complete by the first call.
    """

    def __init__(self, context: Mapping[str, Any], settings: Mapping[str, Any]):
        self._context = context
        self._settings = settings
        self.base = absolute_base(settings)

    @cached_property
    def pages(self) -> dict[str, IndexedPage]:
        settings = self._settings
        use_git = settings["DISCOVERY_GIT_DATES"]
        commits = git_commit_dates(Path(settings["PATH"])) if use_git else {}
        sources = [*content_sources(self._context), *record_sources(self._context)]
        return build_index(sources, commits, ZoneInfo(settings["TIMEZONE"]))

    @cached_property
    def _site_name(self) -> str:
        return parse_sitewide(self._settings).organization.name

    def page_meta(self, output_file: str, title: Any, description: Any) -> PageMeta:
        """Tags for the page being written; `description` is its rendered block."""
        url = url_of_output(output_file)
        meta = build_page_meta(
            self.pages.get(url),
            url,
            text_of(title),
            str(description),
            base=self.base,
            site_name=self._site_name,
            locale=og_locale(
                self._settings["DEFAULT_LANG"], self._settings["DISCOVERY_COUNTRY"]
            ),
        )
        images: ShareImages | None = self._context.get(SHARE_IMAGES_KEY)
        if not meta.indexed or images is None:
            return meta
        return with_image(meta, images.image_for(url, meta.title), self.base)

    def organization_json_ld(self) -> Markup:
        settings = self._settings
        return json_ld(
            build_organization(
                parse_sitewide(settings),
                self.base,
                settings["DISCOVERY_CONTACT"],
                settings["DISCOVERY_COUNTRY"],
            )
        )

    def site_map(self) -> SiteMap:
        settings = self._settings
        pages = [
            PageEntry(
                page.slug,
                url_of_output(page.save_as),
                text_of(page.title),
                text_of(page.metadata.get("nav_title") or page.title),
                page.metadata.get("parent"),
            )
            for page in self._context.get("pages", ())
            if page.save_as
        ]
        articles = LinkGroup(
            "News articles",
            tuple(
                Link(text_of(a.title), url_of_output(a.save_as))
                for a in self._context.get("articles", ())
            ),
        )
        return build_site_map(
            pages,
            settings.get("NAVIGATION", ()),
            settings.get("FOOTER_LINKS", ()),
            (articles, *record_groups(self._context)),
            home_label=settings.get("NAVIGATION_HOME_LABEL", "Home"),
        )

    def files(self) -> dict[str, str]:
        """sitemap.xml and robots.txt: {where to write: text}."""
        sitemap = str(self._settings["DISCOVERY_SITEMAP_SAVE_AS"])
        return {
            sitemap: build_sitemap(self.pages.values(), self.base),
            str(self._settings["DISCOVERY_ROBOTS_SAVE_AS"]): build_robots(
                absolute_url(self.base, sitemap)
            ),
        }
