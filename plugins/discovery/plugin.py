"""Registers discovery: sitemap, robots.txt, page meta, structured data, feeds."""

from __future__ import annotations

from typing import Any

from pelican import signals

from languages.catalog import translator
from languages.model import run_language
from records.views import absolute_base
from sitebuild.memo import remembered

from .feeds import NEWS_FEED_TITLE, absolute_feed_fields, absolute_item, localize_feed
from .generator import CONTEXT_KEY, DiscoveryGenerator
from .site import SiteDiscovery

DEFAULTS: dict[str, Any] = {
    "DISCOVERY_SITEMAP_SAVE_AS": "sitemap.xml",
    "DISCOVERY_ROBOTS_SAVE_AS": "robots.txt",
    # The country of the address in structured data, and og:locale's territory
    # for a language whose locale names none (LANGUAGE_TERRITORY names it).
    "DISCOVERY_COUNTRY": "US",
    # {"hotline": <key in HOTLINES>, "always_open": bool}: the organization's
    # own contact point in its structured data; None leaves it out.
    "DISCOVERY_CONTACT": None,
    # Date pages by the last git commit of their source (see lastmod.py).
    "DISCOVERY_GIT_DATES": True,
}


def add_globals(generator: Any) -> None:
    """`page_meta`, `organization_json_ld` and `site_map` for templates."""
    discovery = generator.context.get(CONTEXT_KEY)
    if discovery is None:
        # One per build, shared by every generator, so git is asked once.
        discovery = SiteDiscovery(generator.context, {**DEFAULTS, **generator.settings})
        generator.context[CONTEXT_KEY] = discovery
    install_globals(generator.env, discovery)


def install_globals(env: Any, discovery: SiteDiscovery) -> None:
    # Remembered (sitebuild.memo): their answers follow the records, which
    # the preview can change without building every page again.
    env.globals["page_meta"] = remembered(
        "page_meta", discovery.page_meta, discovery.page_meta_inputs
    )
    for name in ("organization_json_ld", "site_map"):
        env.globals[name] = remembered(name, getattr(discovery, name))


def renew(generators: Any) -> SiteDiscovery:
    """A new SiteDiscovery for one language's run whose records were read again;
    returns the old one.

    Its index is made lazily from the context, so the old one would go on
    answering from the records as they were.
    """
    context = generators[0].context
    old: SiteDiscovery = context[CONTEXT_KEY]
    discovery = old.renewed()
    context[CONTEXT_KEY] = discovery
    for generator in generators:
        if hasattr(generator, "env"):
            install_globals(generator.env, discovery)
    return old


def get_generators(pelican: Any) -> type[DiscoveryGenerator]:
    return DiscoveryGenerator


def absolutize_feed(context: Any, feed: Any) -> None:
    """Give the news feed absolute links and ids in every build (see feeds.py),
    and the language and title of the run that writes it."""
    base = absolute_base(context)
    articles = {article.url: article for article in context.get("articles", ())}

    def content_of(link: str) -> str | None:
        article = articles.get(link)
        return article.get_content(base) if article is not None else None

    language = run_language(context)
    # Pelican names the feed of all articles after SITENAME alone.
    if feed.feed.get("title") == str(context.get("SITENAME")):
        title = translator(context).gettext(NEWS_FEED_TITLE)
    else:
        title = feed.feed.get("title")
    feed.feed = localize_feed(feed.feed, base, language.code, language.prefix, title)
    feed.feed = absolute_feed_fields(feed.feed, base)
    feed.items = [absolute_item(item, base, content_of) for item in feed.items]


def register() -> None:
    signals.generator_init.connect(add_globals)
    signals.get_generators.connect(get_generators)
    signals.feed_generated.connect(absolutize_feed)
