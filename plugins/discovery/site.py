"""Reads what Pelican's generators built and hands out the discovery view models.

This is the one module that knows the shape of Pelican's content objects and of
the record types' view models; the modules it calls take plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from languages.catalog import translator
from languages.model import Language, parse_languages, run_language, translation_path
from navigation.model import url_of_output
from navigation.plugin import HOME_LABEL
from records.generator import CONTEXT_KEY as RECORDS_KEY
from records.views import absolute_base, json_ld
from sitewide.model import parse_sitewide

from .index import IndexedPage, PageSource, build_index
from .lastmod import RealPaths, git_commit_dates
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
from .site_map import (
    BILLS_HEADING,
    NEWS_HEADING,
    OTHER_HEADING,
    PARTNERS_HEADING,
    Link,
    LinkGroup,
    PageEntry,
    SiteMap,
    build_site_map,
    sort_key,
)
from .sitemap import absolute_url, build_sitemap


def text_of(html: Any) -> str:
    """Plain text of a title that may hold markup or entities (`A &amp; B`)."""
    return " ".join(Markup(str(html)).striptags().split())


def content_lang(content: Any) -> str:
    """The language a page's text is in when it is not the run's (untranslated)."""
    return str(getattr(content, "content_lang", "") or "")


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


def in_language(
    sources: Iterable[PageSource],
    language: Language,
    root: Path,
    known: dict[Path, Path] | None = None,
) -> list[PageSource]:
    """The default language's pages as `language`'s: under its folder, each
    read from its translation where it has one (`pages/es/about.md`).

    The default run lists every language's pages in the sitemap; it knows the
    other languages' addresses and files without their runs (plugins/languages:
    every page exists in every language, at the same path in its folder). A
    record page's source is the same file in every language: one YAML file
    holds every language's text.

    `known` ({file: its translation, or itself}) is filled as files are looked
    up, and may be passed again while no file was added or deleted.
    """

    # A record file is a source of every filter page that lists it: look
    # for each file's translation once, not once per page.
    known = {} if known is None else known

    def own(path: Path) -> Path:
        if language.default:
            return path
        found = known.get(path)
        if found is None:
            found = path
            if path.is_relative_to(root):
                translated = translation_path(path, root, language.code)
                if translated.is_file():
                    found = translated
            known[path] = found
        return found

    return [
        replace(
            source,
            url=language.prefix + source.url,
            files=tuple(own(path) for path in source.files),
        )
        for source in sources
    ]


def listed_urls(spec: Any) -> list[str]:
    """The record pages a filter page lists (the partner directory's filters)."""
    page = spec.variables.get("directory_page")
    return [partner.url for partner in getattr(page, "partners", ())]


def record_groups(
    context: Mapping[str, Any], gettext: Callable[[str], str]
) -> Iterator[LinkGroup]:
    """The lists of partners and bills the site map shows, in the run's language.

    The record types' view models are already in the run's language, each
    value with the lang it is in where that differs (`partner.lang`).
    """
    sites = context.get(RECORDS_KEY, {})
    if "partners" in sites:
        directory = sites["partners"].index
        partners = sorted(
            (p for group in directory.groups for p in group.partners),
            key=lambda partner: sort_key(partner.name),
        )
        yield LinkGroup(
            gettext(PARTNERS_HEADING),
            tuple(Link(p.name, p.url, p.lang.get("name", "")) for p in partners),
        )
        for facet in directory.filters:
            yield LinkGroup(
                facet.heading,
                tuple(
                    Link(f.label, f.url, getattr(f, "lang", "")) for f in facet.links
                ),
            )
    if "legislation" in sites:
        tracker = sites["legislation"].index
        # The tracker lists this year's priorities apart; here every bill sits
        # with the others of its jurisdiction, jurisdictions in settings order.
        rest = (bill for group in tracker.by_jurisdiction for bill in group.bills)
        by_place: dict[str, list[Link]] = {}
        labels: dict[str, str] = {}
        for bill in (*tracker.priorities, *rest):
            link = Link(
                f"{bill.identifier}: {bill.title}", bill.url, bill.lang.get("title", "")
            )
            by_place.setdefault(bill.jurisdiction, []).append(link)
            labels[bill.jurisdiction] = bill.jurisdiction_label
        keys = context.get("LEGISLATION_JURISDICTIONS", {})
        order = {key: i for i, key in enumerate(keys)}
        for place in sorted(by_place, key=lambda key: order.get(key, len(order))):
            yield LinkGroup(
                gettext(BILLS_HEADING) % {"place": labels[place]},
                tuple(by_place[place]),
            )


# What a renewed SiteDiscovery takes over: what only pages, articles and git
# give, which a record save leaves as they were, and which files have a
# translation (a record save adds and deletes none: that is a full build).
_KEPT_ON_RENEWAL = (
    "_commits",
    "_content_sources",
    "_translated_content",
    "_content_entries",
    "_translations",
)


class SiteDiscovery:
    """One per build; reads the context lazily, once every generator has run.

    Templates call it while pages are written, after Pelican has read all the
    content, so the index is complete by the first call.
    """

    def __init__(self, context: Mapping[str, Any], settings: Mapping[str, Any]):
        self._context = context
        self._settings = settings
        self.base = absolute_base(settings)
        # Every language, the default first, and the one this run writes.
        self.languages = parse_languages(settings)
        self.language = run_language(settings)

    @cached_property
    def _commits(self) -> Mapping[Path, Any]:
        settings = self._settings
        use_git = settings["DISCOVERY_GIT_DATES"]
        return git_commit_dates(Path(settings["PATH"])) if use_git else {}

    def renewed(self) -> SiteDiscovery:
        """A new one over the same context, once its records were read again.

        It keeps what only pages, articles and git give (`_KEPT_ON_RENEWAL`):
        git's dates (a save commits nothing), and the pages' and articles'
        sources and site map entries, which a record save leaves as they were
        (and which cost a Pelican address each).
        """
        new = SiteDiscovery(self._context, self._settings)
        for name in _KEPT_ON_RENEWAL:
            if name in self.__dict__:  # made already: cached_property's slot
                new.__dict__[name] = self.__dict__[name]
        return new

    @cached_property
    def _content_sources(self) -> list[PageSource]:
        return list(content_sources(self._context))

    @cached_property
    def _record_sources(self) -> list[PageSource]:
        return list(record_sources(self._context))

    @cached_property
    def _sources(self) -> list[PageSource]:
        return [*self._content_sources, *self._record_sources]

    def _index(self, sources: list[PageSource], home: str) -> dict[str, IndexedPage]:
        zone = ZoneInfo(self._settings["TIMEZONE"])
        # The memo is the index's own, not kept on SiteDiscovery: that object
        # is part of every page's render key (sitebuild.fingerprint), so it
        # must not gather state while pages are rendered.
        return build_index(sources, self._commits, zone, home=home, real=RealPaths())

    @cached_property
    def pages(self) -> dict[str, IndexedPage]:
        """The pages this run writes, in its language."""
        return self._index(self._sources, self.language.prefix)

    @cached_property
    def every_language(self) -> list[IndexedPage]:
        """Every page in every language, for the sitemap; the default run only.

        The other languages' pages are this run's under their folders, dated by
        their own source where they have one.
        """
        if not self.language.default:
            raise RuntimeError("the sitemap is the default language's run's to write")
        root = Path(self._settings["PATH"]).resolve()
        found = list(self.pages.values())
        for language in self.languages:
            if language.default:
                continue
            sources = [
                *self._translated_content[language.code],
                *in_language(
                    self._record_sources,
                    language,
                    root,
                    self._translations.setdefault(language.code, {}),
                ),
            ]
            found.extend(self._index(sources, language.prefix).values())
        return found

    @cached_property
    def _translations(self) -> dict[str, dict[Path, Path]]:
        """Each language's `in_language` lookups of the record files."""
        return {}

    @cached_property
    def _translated_content(self) -> dict[str, list[PageSource]]:
        """The pages' and articles' sources as each other language's."""
        root = Path(self._settings["PATH"]).resolve()
        return {
            language.code: in_language(self._content_sources, language, root)
            for language in self.languages
            if not language.default
        }

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
            locale=og_locale(self.language.locale, self._country),
            languages=self.languages,
            country=self._country,
        )
        images: ShareImages | None = self._context.get(SHARE_IMAGES_KEY)
        if not meta.indexed or images is None:
            return meta
        return with_image(meta, images.image_for(url, meta.title), self.base)

    def page_meta_inputs(self, output_file: str, title: Any, description: Any) -> Any:
        """What `page_meta`'s answer depends on besides its arguments and the
        run's settings: the page's index entry. Keep it in step with page_meta
        (sitebuild.memo checks this in place of the answer)."""
        return self.pages.get(url_of_output(output_file))

    @property
    def _country(self) -> str:
        return str(self._settings["DISCOVERY_COUNTRY"])

    def organization_json_ld(self) -> Markup:
        """For this language's home page, in this language (the settings' text)."""
        settings = self._settings
        return json_ld(
            build_organization(
                parse_sitewide(settings),
                self.base,
                settings["DISCOVERY_CONTACT"],
                self._country,
                home=self.language.prefix,
            )
        )

    def site_map(self) -> SiteMap:
        """This language's pages, with headings in this language."""
        settings = self._settings
        gettext = translator(settings).gettext
        pages, articles = self._content_entries
        return build_site_map(
            pages,
            settings.get("NAVIGATION", ()),
            settings.get("FOOTER_LINKS", ()),
            (articles, *record_groups(self._context, gettext)),
            home_label=gettext(settings.get("NAVIGATION_HOME_LABEL", HOME_LABEL)),
            home_url=self.language.prefix,
            other_heading=gettext(OTHER_HEADING),
        )

    @cached_property
    def _content_entries(self) -> tuple[list[PageEntry], LinkGroup]:
        """The site map's pages and its news group: a Pelican address costs
        about 0.1 ms, and a site of thousands of pages asks for each."""
        gettext = translator(self._settings).gettext
        pages = [
            PageEntry(
                page.slug,
                url_of_output(page.save_as),
                text_of(page.title),
                text_of(page.metadata.get("nav_title") or page.title),
                page.metadata.get("parent"),
                content_lang(page),
            )
            for page in self._context.get("pages", ())
            if page.save_as
        ]
        articles = LinkGroup(
            gettext(NEWS_HEADING),
            tuple(
                Link(text_of(a.title), url_of_output(a.save_as), content_lang(a))
                for a in self._context.get("articles", ())
            ),
        )
        return pages, articles

    def files(self, since: SiteDiscovery | None = None) -> dict[str, str]:
        """sitemap.xml and robots.txt: {where to write: text}.

        The site has one of each, for every language, so only the default
        language's run writes them; another run would overwrite them. With
        `since` (the one this one renewed), none when they would be the same.
        """
        if not self.language.default:
            return {}
        if since is not None and since.every_language == self.every_language:
            return {}
        sitemap = str(self._settings["DISCOVERY_SITEMAP_SAVE_AS"])
        return {
            sitemap: build_sitemap(self.every_language, self.base, self.languages),
            str(self._settings["DISCOVERY_ROBOTS_SAVE_AS"]): build_robots(
                absolute_url(self.base, sitemap)
            ),
        }
