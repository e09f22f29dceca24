"""What output/admin/ holds: the page, config.yml, and the files it loads.

```
admin/index.html       no theme: the CMS is for staff, never listed or indexed
admin/config.yml       the Decap config (plugins/cms/config.py)
admin/cms-setup.js ... our own scripts, from plugins/cms/admin/
admin/vendor/yaml/     the yaml package's browser build, imported by cms.js
admin/decap-cms.js     Decap's bundle, with the chunks and WebAssembly it loads
```

Everything is served from the site itself, as the public pages are: nothing
comes from a CDN. No Pelican imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from markupsafe import escape

INDEX = "index.html"
CONFIG = "config.yml"
OWN_SCRIPTS = Path(__file__).resolve().parent / "admin"
SETUP_SCRIPT = "cms-setup.js"
ENTRY_SCRIPT = "cms.js"
DECAP_SCRIPT = "decap-cms.js"
DECAP_DIST = PurePosixPath("decap-cms/dist")
YAML_DIST = PurePosixPath("yaml/browser/dist")
YAML_FOLDER = PurePosixPath("vendor/yaml")
# `./dev build` and `./dev test` run this when tools/node/ has no node_modules.
INSTALL_COMMAND = "npm ci --prefix tools/node"


class MissingBundleError(FileNotFoundError):
    """A file the admin page loads is not installed; the message says what to run."""


def render_index(meta_policy: str, title: str, language: str) -> str:
    """admin/index.html: Decap's page, under its own policy.

    The scripts run in this order, after parsing (classic `defer` scripts and
    module scripts keep document order): the flag that holds Decap back,
    Decap, then our module, which registers the formats and starts it.
    """
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(meta_policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Staff only: never in search engines, never a Referer to other sites.
        '<meta name="robots" content="noindex">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        f'<script src="{SETUP_SCRIPT}" defer></script>\n'
        f'<script src="{DECAP_SCRIPT}" defer></script>\n'
        f'<script src="{ENTRY_SCRIPT}" type="module"></script>\n'
        "</head>\n"
        "<body>\n"
        "<noscript><p>The content manager needs JavaScript.</p></noscript>\n"
        "</body>\n"
        "</html>\n"
    )


def render_config(config: Mapping[str, Any]) -> str:
    """config.yml: the config in block style, keys in the order given."""
    header = (
        "# Decap CMS config, written by the build (plugins/cms/config.py) from the\n"
        "# front-matter definitions, the record schemas and the settings.\n"
        "# Do not edit: change those instead.\n"
    )
    # libyaml's emitter where PyYAML was built with it: the same text, and the
    # config lists every page and record, so the pure-Python one is slow.
    body = yaml.dump(
        dict(config),
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )
    return header + body


def bundle_files(node_modules: Path) -> list[tuple[Path, PurePosixPath]]:
    """Each file to copy into admin/: (source, path inside admin/).

    Raises MissingBundleError naming what is missing and the command to run.
    """
    decap = node_modules / DECAP_DIST
    yaml_dist = node_modules / YAML_DIST
    own = sorted(OWN_SCRIPTS.glob("*.js"))
    missing = [
        path
        for path in (
            decap / DECAP_SCRIPT,
            yaml_dist / "index.js",
            OWN_SCRIPTS / SETUP_SCRIPT,
            OWN_SCRIPTS / ENTRY_SCRIPT,
        )
        if not path.is_file()
    ]
    if missing:
        shown = ", ".join(str(path) for path in missing)
        raise MissingBundleError(
            f"The CMS at /admin/ needs files that are not installed: {shown}. "
            f"Run `{INSTALL_COMMAND}` (./dev build does it for you)."
        )
    files = [(path, PurePosixPath(path.name)) for path in own]
    files += [
        (path, YAML_FOLDER / path.relative_to(yaml_dist).as_posix())
        for path in sorted(yaml_dist.rglob("*"))
        if path.is_file()
    ]
    license_file = node_modules / "yaml" / "LICENSE"
    if license_file.is_file():
        files.append((license_file, YAML_FOLDER / "LICENSE"))
    # The chunks and WebAssembly webpack loads beside decap-cms.js; not the
    # source maps, nor the other build (cms.js*) that shares the folder.
    decap_files = [
        decap / DECAP_SCRIPT,
        decap / f"{DECAP_SCRIPT}.LICENSE.txt",
        *sorted(decap.glob(f"[0-9]*.{DECAP_SCRIPT}")),
        *sorted(decap.glob("*.wasm")),
    ]
    files += [
        (path, PurePosixPath(path.name)) for path in decap_files if path.is_file()
    ]
    return files
