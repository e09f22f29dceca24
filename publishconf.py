"""Production settings: absolute URLs and no drafts (feeds are on in both)."""

import sys
from pathlib import Path

# Pelican loads this file by path, so its folder is not importable by default.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403
from pelicanconf import CMS, PUBLISHED_SITEURL

SITEURL = PUBLISHED_SITEURL
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL

# The published CMS saves to GitHub; only a development build talks to
# decap-server on this machine.
CMS = {**CMS, "local_backend_port": None}

# Drafts are for previews only.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# Theme files renamed by content hash (cached for a year, see _headers), and
# HTML and CSS minified.
ASSETS_FINGERPRINT = True
ASSETS_MINIFY = True

# Where `./dev publish` deploys unless `--target` names another place:
# local:FOLDER, gh-pages:REMOTE (a remote's name, a URL or a path) or
# rsync:[USER@]HOST:PATH. Never put a password or token here; the README's
# "Publishing" section lists the environment variables that carry them.
PUBLISH_TARGET = "gh-pages:origin"
