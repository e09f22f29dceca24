"""Production output: fingerprinted theme files and minified HTML and CSS.

A fingerprinted file (`site.3f2a9c1b7d.css`) never changes under its name, so
browsers may keep it for a year and never ask again; a new version is a new
name, so no visitor is ever served a stale stylesheet. Minified HTML and CSS
are fewer bytes on a slow phone connection. Both run on the built site, after
Pelican and before Pagefind indexes it, and only for production builds
(publishconf.py): previews stay readable and fast.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import minify_html

from security.headers import HEADERS_FILE, render_rules

from .errors import BuildError

DEFAULTS: dict[str, Any] = {
    # Rename every file in the theme's output folder to name.<hash>.ext and
    # rewrite every reference to it; the un-hashed files are removed.
    "ASSETS_FINGERPRINT": False,
    # Minify every HTML page and every theme stylesheet.
    "ASSETS_MINIFY": False,
}
HASH_LENGTH = 10
# Text files that may name theme files, outside the theme folder.
REFERRING_SUFFIXES = (".html", ".xml", ".webmanifest", ".json")
# Theme files that may name other theme files; fingerprinted after the rest so
# their own hash covers the rewritten names.
TEXT_ASSET_SUFFIXES = (".css", ".webmanifest", ".json", ".svg")
# Pagefind writes its own folder after this step and hashes its own index.
SKIPPED_FOLDERS = ("pagefind",)

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"

# minify-html 0.18 keeps the output spec-compliant by default (quoted attribute
# values where needed, spaces between attributes, the doctype as written); these
# keep the <html lang> and <head> tags the validator and screen readers expect.
_HTML_OPTIONS: dict[str, bool] = {
    "keep_html_and_head_opening_tags": True,
    "keep_closing_tags": True,
    "minify_css": True,
    # JSON-LD and the theme's scripts are left exactly as written.
    "minify_js": False,
}
# minify-html sorts attributes, putting the policy's content before http-equiv.
# The bundled checker then reports its known 'wasm-unsafe-eval' mistake (see
# sitebuild.html.CHECKER_OUTDATED) without the detail it is recognised by, so
# the tag gets its written order back.
_CSP_META = re.compile(
    r"<meta content=(?P<content>\"[^\"]*\"|'[^']*') "
    r"http-equiv=(?P<equiv>\"?Content-Security-Policy\"?)>"
)
_CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]+)(?P=q)\s*\)""")
_STYLE_OPEN = "<style>"
_STYLE_CLOSE = "</style>"


@dataclass(frozen=True)
class AssetsReport:
    fingerprinted: int
    rewritten: int
    minified: int


def settings_value(settings: Mapping[str, Any], name: str) -> Any:
    return settings.get(name, DEFAULTS[name])


def fingerprint_name(path: PurePosixPath, content: bytes) -> PurePosixPath:
    """`css/site.css` -> `css/site.<first 10 hex of sha256>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    return path.with_name(f"{path.stem}.{digest}{path.suffix}")


def minify_page(html: str) -> str:
    minified = minify_html.minify(html, **_HTML_OPTIONS)
    return _CSP_META.sub(
        r"<meta http-equiv=\g<equiv> content=\g<content>>", minified, count=1
    )


def minify_css(css: str) -> str:
    """The stylesheet minified by minify-html's CSS minifier (lightningcss)."""
    wrapped = minify_html.minify(f"{_STYLE_OPEN}{css}{_STYLE_CLOSE}", minify_css=True)
    if not (wrapped.startswith(_STYLE_OPEN) and wrapped.endswith(_STYLE_CLOSE)):
        raise ValueError("the CSS minifier returned something other than a stylesheet")
    return wrapped[len(_STYLE_OPEN) : -len(_STYLE_CLOSE)]


def reference_pattern(folder: str, renamed: Mapping[str, str]) -> re.Pattern[str]:
    """Matches `folder/<old name>` in a URL, absolute or relative, in any file.

    The lookahead keeps `theme/css/site.css` from matching the start of a
    longer name; a query or fragment after the name is kept as it is. The
    pattern starts with plain text, which the regex engine scans for quickly.
    """
    names = "|".join(re.escape(old) for old in sorted(renamed, key=len, reverse=True))
    return re.compile(rf"{re.escape(folder)}/(?P<name>{names})(?=[\"'\s)?#,>&]|$)")


def rewrite_references(
    text: str, pattern: re.Pattern[str], folder: str, renamed: Mapping[str, str]
) -> str:
    def replace(match: re.Match[str]) -> str:
        start = match.start()
        # Part of a longer name, such as "mytheme/css/site.css": not ours.
        if start and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
            return match[0]
        return f"{folder}/{renamed[match['name']]}"

    return pattern.sub(replace, text)


def rewrite_css_urls(
    css: str, location: PurePosixPath, renamed: Mapping[str, str]
) -> str:
    """`url(../favicon.svg)` in theme's css/site.css -> `url(../favicon.<hash>.svg)`.

    `location` and the keys of `renamed` are paths inside the theme folder.
    """

    def replace(match: re.Match[str]) -> str:
        url = match["url"].strip()
        path, sep, rest = _split_url(url)
        if not path or "://" in url or url.startswith(("data:", "/", "#")):
            return match[0]
        target = _normalise(location.parent / path)
        if target is None or target not in renamed:
            return match[0]
        depth = len(location.parent.parts)
        new = "../" * depth + renamed[target]
        return f"url({match['q']}{new}{sep}{rest}{match['q']})"

    return _CSS_URL.sub(replace, css)


def _split_url(url: str) -> tuple[str, str, str]:
    for sep in ("?", "#"):
        if sep in url:
            path, _, rest = url.partition(sep)
            return path, sep, rest
    return url, "", ""


def _normalise(path: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def fingerprint_theme(
    theme: Path, *, minify: bool
) -> tuple[dict[str, str], dict[str, bytes]]:
    """Hashed names for every file under `theme`, and the new files' contents.

    Nothing is written here. Binary files are named first, then text files
    (stylesheets, manifests, SVG), whose references are rewritten (and CSS
    minified) before their own hash is taken.
    """
    files = sorted(p for p in theme.rglob("*") if p.is_file())
    renamed: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    texts = [p for p in files if p.suffix in TEXT_ASSET_SUFFIXES]
    for path in [p for p in files if p.suffix not in TEXT_ASSET_SUFFIXES]:
        key = PurePosixPath(path.relative_to(theme).as_posix())
        data = path.read_bytes()
        new = fingerprint_name(key, data).as_posix()
        renamed[key.as_posix()], contents[new] = new, data
    # Stylesheets last: one may name an SVG or a manifest, never the reverse.
    texts.sort(key=lambda p: (p.suffix == ".css", p.as_posix()))
    for path in texts:
        key = PurePosixPath(path.relative_to(theme).as_posix())
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            text = rewrite_css_urls(text, key, renamed)
            if minify:
                text = minify_css(text)
        data = text.encode("utf-8")
        new = fingerprint_name(key, data).as_posix()
        renamed[key.as_posix()], contents[new] = new, data
    return renamed, contents


def referring_files(root: Path, theme: Path) -> list[Path]:
    skipped = {theme, *(root / name for name in SKIPPED_FOLDERS)}
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = [name for name in subfolders if here / name not in skipped]
        found += [here / name for name in names if name.endswith(REFERRING_SUFFIXES)]
    return sorted(found)


def process_site(
    root: Path, theme_folder: str, *, fingerprint: bool, minify: bool
) -> AssetsReport:
    """Fingerprint the theme's files and/or minify the pages of a built site.

    Each page is read, rewritten and minified in one pass. Raises BuildError
    naming the file if a page or stylesheet cannot be processed.
    """
    theme = root / theme_folder
    renamed: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    if fingerprint and theme.is_dir():
        try:
            renamed, contents = fingerprint_theme(theme, minify=minify)
        except (ValueError, UnicodeDecodeError) as error:
            raise BuildError([f"{theme_folder}/: {error}"]) from None
    elif minify and theme.is_dir():
        for css in sorted(theme.rglob("*.css")):
            _minify_in_place(css, root, minify_css)
    pattern = reference_pattern(theme_folder, renamed) if renamed else None
    rewritten = minified = 0
    for path in referring_files(root, theme):
        text = path.read_text(encoding="utf-8")
        new = text
        if pattern is not None:
            new = rewrite_references(new, pattern, theme_folder, renamed)
            rewritten += new != text
        if minify and path.suffix == ".html":
            new = _minify(new, path, root, minify_page)
            minified += 1
        if new != text:
            _replace(path, new)
    if renamed:
        for old in renamed:
            (theme / old).unlink()
        for new_name, data in contents.items():
            (theme / new_name).write_bytes(data)
    return AssetsReport(len(renamed), rewritten, minified)


def _minify(text: str, path: Path, root: Path, minifier: Any) -> str:
    try:
        return str(minifier(text))
    except Exception as error:  # minify-html raises its own (Rust) error types
        name = path.relative_to(root).as_posix()
        raise BuildError([f"{name}: could not be minified: {error}"]) from None


def _minify_in_place(path: Path, root: Path, minifier: Any) -> None:
    text = path.read_text(encoding="utf-8")
    _replace(path, _minify(text, path, root, minifier))


def _replace(path: Path, text: str) -> None:
    """A new file under `path`'s name: a built page may be a hard link to the
    render cache's copy (imaging.cache.link_into), which must not change."""
    partial = path.with_name(f".{path.name}.new")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def cache_rules(theme_folder: str) -> dict[str, dict[str, str]]:
    """`_headers` rules for how long browsers may keep each kind of file.

    No two rules give one path a Cache-Control: Cloudflare Pages joins the
    values of every matching rule, which would mix "immutable" with "max-age=0".
    So HTML has no rule of its own: both hosts already send `public, max-age=0,
    must-revalidate` for it, and for anything else without a rule.
    """
    return {
        # Every file here is fingerprinted: a new version has a new name.
        f"/{theme_folder}/*": {"Cache-Control": IMMUTABLE},
        # Pagefind names its index and fragments by their content.
        "/pagefind/index/*": {"Cache-Control": IMMUTABLE},
        "/pagefind/fragment/*": {"Cache-Control": IMMUTABLE},
        # pagefind.js and its entry file keep their names across builds and
        # name the current index, so an old copy would ask for deleted files.
        "/pagefind/pagefind.js": {"Cache-Control": REVALIDATE},
        "/pagefind/pagefind-entry.json": {"Cache-Control": REVALIDATE},
    }


def add_cache_rules(headers_file: Path, theme_folder: str) -> None:
    """Add the cache rules to the `_headers` file the security plugin wrote."""
    if not headers_file.is_file():
        return
    text = headers_file.read_text(encoding="utf-8")
    comment = "# Cache lifetimes (plugins/sitebuild/assets.py); others revalidate.\n"
    rules = render_rules(cache_rules(theme_folder))
    headers_file.write_text(f"{text}{comment}{rules}", encoding="utf-8")


def finish_site(root: Path, settings: Mapping[str, Any]) -> AssetsReport | None:
    """Apply the ASSETS_* settings to a site Pelican has just built in `root`."""
    fingerprint = bool(settings_value(settings, "ASSETS_FINGERPRINT"))
    minify = bool(settings_value(settings, "ASSETS_MINIFY"))
    if not (fingerprint or minify):
        return None
    theme_folder = str(settings.get("THEME_STATIC_DIR", "theme")).strip("/")
    report = process_site(root, theme_folder, fingerprint=fingerprint, minify=minify)
    # The security plugin's own default: "" there means it writes no file.
    headers = str(settings.get("SECURITY_HEADERS_FILE", HEADERS_FILE))
    if fingerprint and headers:
        add_cache_rules(root / headers, theme_folder)
    return report
