"""Gives every template `navigation(output_file)` and `breadcrumbs(...)`."""

from __future__ import annotations

from typing import Any

from pelican import signals

from languages.catalog import N_, translator
from languages.model import language_prefix

from .model import (
    Crumb,
    NavEntry,
    NavigationError,
    NavItem,
    build_breadcrumbs,
    build_navigation,
    index_pages,
    resolve_entries,
    url_of_output,
)

HOME_LABEL = N_("Home")


class SiteNavigation:
    """Resolves the menu once per generator, when its pages have been read."""

    def __init__(self, context: dict[str, Any], settings: dict[str, Any]) -> None:
        self._context = context
        self._slugs = tuple(settings.get("NAVIGATION", ()))
        self._footer_slugs = tuple(settings.get("FOOTER_LINKS", ()))
        # The home page of this run's language: "" or "es/".
        self._home_url = language_prefix(settings)
        self._home_label = translator(settings).gettext(
            settings.get("NAVIGATION_HOME_LABEL", HOME_LABEL)
        )
        self._by_slug: dict[str, NavEntry] | None = None
        self._by_url: dict[str, NavEntry] = {}
        self._entries: tuple[NavEntry, ...] = ()
        self._footer: tuple[NavEntry, ...] = ()

    def _resolve(self) -> None:
        if self._by_slug is None:
            pages = [
                *self._context.get("pages", ()),
                *self._context.get("hidden_pages", ()),
            ]
            self._by_slug = index_pages(pages)
            self._by_url = {entry.url: entry for entry in self._by_slug.values()}
            self._entries = resolve_entries(self._slugs, self._by_slug)
            self._footer = resolve_entries(self._footer_slugs, self._by_slug)

    def navigation(self, output_file: str) -> tuple[NavItem, ...]:
        self._resolve()
        return build_navigation(
            self._entries, url_of_output(output_file), self._home_url
        )

    def footer(self) -> tuple[NavEntry, ...]:
        self._resolve()
        return self._footer

    def url_for(self, slug: str) -> str:
        """The URL of the page with `slug`; a missing page fails the build."""
        self._resolve()
        assert self._by_slug is not None
        if slug not in self._by_slug:
            raise NavigationError(f"no page with slug {slug!r} for a theme link")
        return self._by_slug[slug].url

    def breadcrumbs(
        self, output_file: str, title: str, parent: str | None = None
    ) -> tuple[Crumb, ...]:
        self._resolve()
        assert self._by_slug is not None
        if parent is not None and parent not in self._by_slug:
            raise NavigationError(
                f"{output_file}: parent: no page with slug {parent!r}"
            )
        # Any page can be a section: partners/ holds partners/<slug>/.
        return build_breadcrumbs(
            self._home_label,
            self._by_url,
            url_of_output(output_file),
            title,
            self._by_slug.get(parent) if parent else None,
            self._home_url,
        )


def add_globals(generator: Any) -> None:
    view = SiteNavigation(generator.context, generator.settings)
    generator.env.globals["navigation"] = view.navigation
    generator.env.globals["breadcrumbs"] = view.breadcrumbs
    generator.env.globals["url_for"] = view.url_for
    generator.env.globals["footer_links"] = view.footer


def register() -> None:
    signals.generator_init.connect(add_globals)
