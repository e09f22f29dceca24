"""What each field means, in words for staff, by language.

The fields themselves (names, required or optional, allowed values, defaults)
come from the definitions the build validates against: plugins/frontmatter for
pages and news, the pydantic models for records. Only the sentences live here;
tests/test_scaffold.py fails when a field has none, so a new field cannot be
added without saying what it is for.

A language with no sentences of its own falls back to English (`in_language`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel

from legislation.schema import Action, Bill, Link, Sponsor
from partners.schema import Partner, Phone

T = TypeVar("T")
DEFAULT_LANGUAGE = "en"

# Front matter of pages and news articles, by plugins/frontmatter's names.
PAGE_FIELDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "The heading (h1), also shown in the browser tab and in search "
        "results.",
        "summary": "One or two sentences on what it is about, shown in search "
        "results, in link previews and in lists of pages.",
        "nav_title": "A shorter label for menus and breadcrumbs, when the title "
        "is long.",
        "parent": "The page above this one, for breadcrumbs: the file name, "
        "without .md, of a page in content/pages/.",
        "template": "For a page of a special kind: a template in theme/templates/, "
        "without .html. Leave it out for an ordinary page.",
        "date": "A date written YYYY-MM-DD. A news article needs one: the day it "
        "is published (change it when you publish). A page rarely does.",
        "modified": "The date of the last change that matters to readers, "
        "YYYY-MM-DD; the sitemap tells search engines about it.",
        "slug": "An address to use instead of the file name. Rarely needed.",
        "save_as": "The exact file the build writes it to, overriding the "
        "address rules. Rarely needed.",
        "url": "The address other pages link to, to go with Save_as. Rarely needed.",
        "status": "Whether it is published.",
        "translation_of": "Only in a translation: the fingerprint of the English "
        "text it matches. Never write it yourself; ./dev translations --done "
        "writes it.",
    },
    "es": {
        "title": "El título de la página: es el encabezado principal y también "
        "aparece en la pestaña del navegador y en los resultados de búsqueda. "
        "Tradúzcalo del título en inglés.",
        "summary": "Una o dos oraciones que dicen de qué trata la página. "
        "Aparecen en los resultados de búsqueda y cuando alguien comparte el "
        "enlace. Tradúzcalas del resumen en inglés, con los mismos datos.",
        "nav_title": "Un nombre más corto para el menú. Escríbalo solo si la "
        "página en inglés tiene Nav_title.",
        "status": "Si la traducción se publica o no. Si borra esta línea, la "
        "traducción sigue a la página en inglés: se publica cuando la página "
        "en inglés está publicada.",
        "translation_of": "La huella del texto en inglés que usted tradujo. No la "
        "escriba usted: la escribe ./dev translations --done cuando termine la "
        "traducción.",
    },
}

# plugins/frontmatter's STATUSES, one sentence each.
STATUS_MEANINGS: dict[str, dict[str, str]] = {
    "en": {
        "published": "on the site (what a page without a Status line is)",
        "hidden": "on the site at its address, but left out of the sitemap and "
        "search, and marked noindex",
        "draft": "not published; a preview (./dev serve) shows it under drafts/",
    },
    "es": {
        "published": "publicada en el sitio",
        "hidden": "publicada en su dirección, pero fuera del mapa del sitio y de "
        "la búsqueda",
        "draft": "es un borrador y no se publica",
    },
}

# Record fields, by model and field name.
RECORD_FIELDS: dict[str, dict[type[BaseModel], dict[str, str]]] = {
    "en": {
        Partner: {
            "name": "The organization's name, as it writes it itself.",
            "category": "The kind of organization, for the directory's filters "
            "(PARTNERS_CATEGORIES in pelicanconf.py).",
            "description": "What the organization does with CAST, in a few "
            "sentences of Markdown, with facts only from CAST's own records. "
            "For more than one line, write `description: |` and indent the "
            "lines below it by two spaces.",
            "website": "The organization's own website; it must start with https://.",
            "service_areas": "The places it serves, one per line; each gets a "
            "filter page in the directory.",
            "languages": "The languages it works in, one per line, as two-letter "
            "ISO 639-1 codes (es is Spanish).",
            "services": "What it offers, one service per line.",
            "phones": "Phone numbers to show on its page.",
            "email": "A public email address for the organization.",
            "joined": "The year it began working with CAST, four digits.",
            "logo": "The file name of its logo in content/images/partners/; the "
            "build publishes resized copies.",
            "address": "Its street address, published only with show_address: true.",
            "show_address": "true publishes the address. Never publish a "
            "shelter's address.",
            "status": "Whether CAST works with the organization now.",
            "last_verified": "The day someone at CAST last checked this record "
            "against its sources, YYYY-MM-DD, not in the future.",
        },
        Phone: {
            "number": "The number as a visitor dials it: digits, spaces, hyphens "
            "or brackets, with + in front of an international number.",
            "type": "How to use it: voice (a call), text or tty.",
            "description": "When or why to use this number, in a few words.",
        },
        Bill: {
            "identifier": "The bill's number, or the law's short name, as the "
            "legislature writes it.",
            "title": "The bill's official title, or a short description if it "
            "has none.",
            "jurisdiction": "Where the law applies "
            "(LEGISLATION_JURISDICTIONS in pelicanconf.py).",
            "session": "The legislative session, as the legislature writes it.",
            "status": "Where the bill stands now.",
            "summary": "What the bill does, in plain language (Markdown). For "
            "more than one line, write `summary: |` and indent the lines below "
            "it by two spaces.",
            "position": "CAST's position on the bill.",
            "caucus_priority": "The year the Caucus of Survivors made this bill a "
            "priority, four digits.",
            "sponsors": "The people and organizations behind the bill.",
            "actions": "What happened to the bill, in date order, none in the future.",
            "chapter": "For a California law: its chapter in the Statutes.",
            "public_law": "For a federal law: its Public Law number.",
            "signed": "The day it was signed, YYYY-MM-DD.",
            "effective": "The day it takes effect, YYYY-MM-DD.",
            "links": "Links to the bill's text and other sources.",
            "related": "Other bills on the tracker that go with this one: the "
            "file names, without .yml, of their records in content/legislation/.",
            "take_action": "What a visitor can do about the bill (Markdown).",
            "last_verified": "The day someone at CAST last checked this record "
            "against its sources, YYYY-MM-DD, not in the future.",
        },
        Sponsor: {
            "name": "The person's or organization's name, as the bill lists it.",
            "role": "Their part in the bill: author, coauthor, sponsor, ...",
        },
        Action: {
            "date": "The day it happened, YYYY-MM-DD, not in the future.",
            "description": "What happened, in a few words.",
            "chamber": "Where it happened: Senate, Assembly, Governor, ...",
        },
        Link: {
            "label": "Words that say where the link goes.",
            "url": "The address; it must start with https://.",
        },
    },
    # Only what an `es:` block may hold: the fields marked TRANSLATABLE, and the
    # lists whose items have some.
    "es": {
        Partner: {
            "description": "Lo que la organización hace con CAST, traducido de la "
            "descripción en inglés (Markdown), con los mismos datos. Para más de "
            "una línea, escriba `description: |` y ponga dos espacios más al "
            "principio de cada línea de abajo.",
            "service_areas": "Los lugares donde trabaja, traducidos uno por uno: "
            "tantos como en inglés y en el mismo orden.",
            "services": "Lo que ofrece, traducido servicio por servicio: tantos "
            "como en inglés y en el mismo orden.",
            "phones": "Los teléfonos, en el mismo orden que en inglés; de cada "
            "uno, solo la descripción.",
        },
        Phone: {
            "description": "Cuándo o para qué usar este número, traducido.",
        },
        Bill: {
            "title": "El título, traducido del inglés.",
            "summary": "Lo que hace la ley, en palabras sencillas (Markdown), con "
            "los mismos datos que en inglés. Un nombre oficial en inglés va en "
            '<span lang="en">...</span>. Para más de una línea, escriba '
            "`summary: |` y ponga dos espacios más al principio de cada línea "
            "de abajo.",
            "sponsors": "Quienes impulsan el proyecto de ley, en el mismo orden "
            "que en inglés; de cada uno, solo su papel.",
            "actions": "Los pasos del proyecto de ley, en el mismo orden que en "
            "inglés; de cada uno, solo qué pasó y dónde.",
            "links": "Los enlaces, en el mismo orden que en inglés; de cada uno, "
            "solo el texto del enlace.",
            "take_action": "Lo que una persona puede hacer, traducido (Markdown).",
        },
        Sponsor: {
            "role": "Su papel, traducido: autor, coautor, patrocinador...",
        },
        Action: {
            "description": "Qué pasó, traducido.",
            "chamber": "Dónde pasó, traducido: Senado, Asamblea, Gobernador...",
        },
        Link: {
            "label": "El texto del enlace, traducido; debe decir adónde lleva.",
        },
    },
}


def in_language(table: Mapping[str, T], code: str) -> T:
    """`table[code]`, or the English entry for a language with none yet."""
    return table.get(code, table[DEFAULT_LANGUAGE])
