"""Settings for development builds and previews. publishconf.py extends them.

The organization, the hotline numbers and the quick-exit destination are kept
here, in one place, so that staff can correct them without touching templates.
Sources for every number: ../shared/content-facts.md (sections 1.3 and 4.1).
"""

# --- The organization -------------------------------------------------------
ORGANIZATION = {
    "name": "Coalition to Abolish Slavery and Trafficking",
    "short_name": "CAST",
    # CAST's current mission wording, from its About page (content-facts 0.3).
    "tagline": {
        "en": "Ending human trafficking through education, advocacy and "
        "empowering survivors.",
        "es": "Poner fin a la trata de personas mediante la educación, la "
        "defensa de derechos y el empoderamiento de las personas sobrevivientes.",
    },
    "city": {"en": "Los Angeles, California", "es": "Los Ángeles, California"},
}
SITENAME = "CAST"
AUTHOR = "CAST"
# Empty during development so that links are relative and the preview works
# anywhere; publishconf.py sets the real address.
SITEURL = ""
PUBLISHED_SITEURL = "https://www.castla.org"
DEFAULT_LANG = "en"
# The languages the site is written in, the default first (at /); every other
# language is at /<code>/ (plugins/languages). Adding one is one more code here,
# its catalog in theme/translations/ and its content in content/*/<code>/.
LANGUAGES = ("en", "es")
TIMEZONE = "America/Los_Angeles"

# --- Safety -----------------------------------------------------------------
# Where the quick exit goes: a neutral page that gives nothing away.
QUICK_EXIT_URL = "https://www.weather.gov/"

# Every hotline the site shows, in the order shown. "number" is what the phone
# dials (digits only); "label" is what a visitor reads. Numbers are written
# once; "name" and "description" have a text per language in LANGUAGES.
# The contacts marked "primary": True make the one hotline line in the header
# of every page (a phone's first screen); all of them are in the footer and on
# Get help.
# A native Spanish speaker at CAST must approve the Spanish before launch.
HOTLINES = (
    {
        "key": "cast",
        "name": {
            "en": "CAST 24-hour hotline",
            "es": "Línea de ayuda de CAST, las 24 horas",
        },
        "description": {
            "en": "Toll-free and confidential, 24 hours a day, 7 days a week.",
            "es": "Gratuita y confidencial, las 24 horas del día, los 7 días "
            "de la semana.",
        },
        "contacts": (
            {
                "kind": "call",
                "label": "888-KEY-2-FREE (888-539-2373)",
                "number": "+18885392373",
                "primary": True,
            },
        ),
    },
    {
        "key": "national",
        # Its own Spanish name (content-facts 7).
        "name": {
            "en": "National Human Trafficking Hotline",
            "es": "Línea Nacional Contra la Trata de Personas",
        },
        "description": {
            "en": "Toll-free, 24 hours a day. Text in English or Spanish.",
            "es": "Gratuita, las 24 horas del día. Puede enviar mensajes de "
            "texto en inglés o en español.",
        },
        "contacts": (
            {"kind": "call", "label": "1-888-373-7888", "number": "+18883737888"},
            {
                "kind": "text",
                "label": "233733 (BeFree)",
                "number": "233733",
                "primary": True,
            },
        ),
    },
    {
        "key": "emergency",
        "name": {"en": "In an emergency", "es": "En caso de emergencia"},
        "description": {
            "en": "If you or someone else is in danger now.",
            "es": "Si usted u otra persona está en peligro ahora mismo.",
        },
        "contacts": ({"kind": "call", "label": "911", "number": "911"},),
    },
)
# The hotline that search engines show as CAST's own contact point (schema.org
# data on the home page), and whether it answers around the clock (content-facts
# 1.3: 24 hours a day, 7 days a week).
DISCOVERY_CONTACT = {"hotline": "cast", "always_open": True}

# --- Records (YAML) ---------------------------------------------------------
# One file per partner in content/partners/ and per bill in content/legislation/.
# The lists below are the only values their `category` and `jurisdiction`
# fields accept; the labels are what visitors read, one per language in
# LANGUAGES (a label missing for a language stops the build, naming it).
PARTNERS_CATEGORIES = {
    "community-based": {
        "en": "Community-based organizations",
        "es": "Organizaciones comunitarias",
    },
    "faith-based": {
        "en": "Faith-based organizations",
        "es": "Organizaciones religiosas",
    },
    "government": {"en": "Government agencies", "es": "Agencias del gobierno"},
    "law-enforcement": {"en": "Law enforcement", "es": "Fuerzas del orden"},
    "legal-services": {"en": "Legal services", "es": "Servicios legales"},
    "health": {"en": "Health care", "es": "Atención médica"},
    "education": {"en": "Education", "es": "Educación"},
    "business": {"en": "Business", "es": "Empresas"},
    "international": {
        "en": "International organizations",
        "es": "Organizaciones internacionales",
    },
}
LEGISLATION_JURISDICTIONS = {
    "federal": {"en": "Federal", "es": "Federal"},
    "california": {"en": "California", "es": "California"},
    "los-angeles-county": {"en": "Los Angeles County", "es": "Condado de Los Ángeles"},
    "city-of-los-angeles": {
        "en": "City of Los Angeles",
        "es": "Ciudad de Los Ángeles",
    },
}
# The year whose Caucus of Survivors priorities open the tracker; None means the
# year of the build.
LEGISLATION_CAUCUS_YEAR = None

# --- Content and URLs -------------------------------------------------------
PATH = "content"
OUTPUT_PATH = "output"
CACHE_PATH = ".cache/pelican"
# Previews keep readable, un-renamed theme files and pages; publishconf.py turns
# on fingerprinting and minifying (plugins/sitebuild/assets.py).
ASSETS_FINGERPRINT = False
ASSETS_MINIFY = False
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "languages",
    "markdowncache",
    "sitewide",
    "navigation",
    "frontmatter",
    "contentlinks",
    "images",
    "partners",
    "legislation",
    "discovery",
    "socialcards",
    "security",
    "cms",
]

# --- The CMS at /admin/ (plugins/cms) -------------------------------------
# Staff edit pages and records in the browser with Decap CMS. In development
# (`./dev edit`) it saves to this working copy through decap-server on
# local_backend_port; publishconf.py switches it to the GitHub repository.
CMS = {
    # PLACEHOLDER: the GitHub repository (owner/name) the published CMS saves
    # to. This checkout has no remote to take it from; set the real one
    # before staff log in on the live site.
    "repo": "OWNER/REPOSITORY",
    "branch": "main",
    # The OAuth relay that signs staff in to GitHub (Decap's base_url); "" for
    # none yet.
    "base_url": "",
    "local_backend_port": 8081,
    # On GitHub: changes wait as pull requests until someone publishes them.
    "publish_mode": "editorial_workflow",
}

# The main menu, by page slug, in order. An unknown slug stops the build.
NAVIGATION = (
    "get-help",
    "what-we-do",
    "policy-and-advocacy",
    "partners",
    "get-involved",
    "learn-about-trafficking",
    "news",
)
# Links in every page's footer, by page slug.
FOOTER_LINKS = (
    "about",
    "accomplishments",
    "coalition-building",
    "community-outreach",
    "legislation",
    "contact",
    "safety",
    "privacy",
    "accessibility",
    "search",
    "site-map",
)
NAVIGATION_HOME_LABEL = "Home"

PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["news"]
# Images in content/images/ are published only as resized copies without
# metadata (plugins/images), never as the originals.
STATIC_PATHS: list[str] = []
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_URL = "news/{slug}/"
ARTICLE_SAVE_AS = "news/{slug}/index.html"

# Only the pages this site has; Pelican's blog archives are switched off.
DIRECT_TEMPLATES: list[str] = []
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Feeds carry absolute links, so even a preview build points them at the
# published address.
FEED_DOMAIN = PUBLISHED_SITEURL
FEED_ALL_ATOM = "feeds/news.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

RELATIVE_URLS = True
DEFAULT_PAGINATION = False
SLUGIFY_SOURCE = "basename"

# Raw HTML in Markdown is left to Markdown's defaults for pages written by staff;
# record fields (YAML) are sanitised separately.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.smarty": {},
        # plugins/checklist: `{: .cast-checklist }` under a list styles the list.
        "checklist": {},
        # plugins/editornotes: `<!-- ... -->` in a page is a note for editors
        # (`./dev new` writes one) and never reaches a reader.
        "editornotes": {},
    },
    "output_format": "html5",
}

# Autoescape: record fields are data, never markup. Trusted HTML (a page's
# rendered Markdown, sanitised record Markdown) is marked safe explicitly.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}
