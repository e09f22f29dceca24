"""The same page in every language, as hreflang alternates (pages and sitemap).

Every page exists in every language at the same path under the language's
folder (plugins/languages), so a page's alternates are computed from its
address alone, and the two directions always agree: `/about/` names
`/es/about/` and `/es/about/` names `/about/`. Each page names itself too, and
`x-default` names the default language's page, for visitors whose language
the site does not have.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from languages.model import Language, counterparts

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class Alternate:
    hreflang: str  # a language code, or "x-default"
    url: str  # site-relative in the index, absolute in a page's meta


def alternates(url: str, languages: Sequence[Language]) -> tuple[Alternate, ...]:
    """The page at site-relative `url` in every language, then x-default.

    A site in one language has no alternates: hreflang says nothing then.
    """
    if len(languages) < 2:
        return ()
    links = counterparts(url, languages)
    default = next(
        link
        for link, language in zip(links, languages, strict=True)
        if language.default
    )
    return (
        *(Alternate(link.code, link.url) for link in links),
        Alternate(X_DEFAULT, default.url),
    )
