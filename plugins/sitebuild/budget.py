"""Page weight: what a visitor's phone downloads for each page, against three limits.

- First round trip: the HTML plus its stylesheets (the critical CSS), gzipped,
  at most 14 KB. That is about what a server can send in the first round trip
  of a new connection (TCP's initial congestion window), so a page under it can
  render after one round trip even on a slow mobile network.
- Home page: everything it loads at once, at most 50 KB; images that load only
  when scrolled to (`loading=lazy`) are left out.
- Every page: everything it loads, lazy images included, at most 150 KB.

What a page loads: the HTML; every stylesheet, script (`defer` and module
scripts too, with the modules they import statically), icon, manifest and
preloaded file it names; the fonts and images its stylesheets name; and one
image per `<img>`. Text files count gzipped, as servers send them; images and
fonts count at their file size, being compressed already. The Open Graph image
is not counted: only link-preview crawlers fetch it. Nor is what a script loads
later (the search index loads when someone searches).

Which image a browser picks: the budget assumes a phone 360 CSS pixels wide at
1x. From a `srcset` with width descriptors it takes the smallest candidate at
least as wide as the slot (`sizes` evaluated at that width; 100vw without it),
or the widest if none is; with density descriptors, the 1x one. In a
`<picture>`, the first WebP `<source>` is taken, or else the `<img>`.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from cms.layout import public_pages

from .links import resolve_target

FIRST_ROUND_TRIP_BYTES = 14 * 1024
HOME_PAGE_BYTES = 50 * 1024
PAGE_BYTES = 150 * 1024
HOME_PAGE = "index.html"
# The phone the image choice assumes: 360 CSS pixels wide, one pixel per pixel.
PHONE_WIDTH = 360
_ROOT_FONT_SIZE = 16

# Sent gzipped by the hosts; everything else counts at its file size.
TEXT_SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".webmanifest", ".svg")
_FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")
# <link rel> values whose target the browser downloads with the page.
# apple-touch-icon is fetched only when the page is saved to a home screen.
_LINKED = {
    "stylesheet": "stylesheet",
    "icon": "icon",
    "manifest": "manifest",
    "preload": "preload",
    "modulepreload": "script",
}
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+?)["']?\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+["']([^"']+)["']""")
_JS_IMPORT = re.compile(
    r"""(?:^|[;\s])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']""",
    re.MULTILINE,
)
_SIZE_ENTRY = re.compile(r"^(?:(?P<media>\(.*\))\s+)?(?P<length>[^()\s]+)$")
_MEDIA_WIDTH = re.compile(
    r"^\(\s*(?P<kind>min|max)-width\s*:\s*(?P<value>[\d.]+)(?P<unit>px|em|rem)\s*\)$"
)


@dataclass(frozen=True)
class Resource:
    path: str  # inside the site
    kind: str  # stylesheet, script, icon, manifest, preload, image, font
    bytes: int
    lazy: bool = False


@dataclass(frozen=True)
class PageWeight:
    page: str
    html_bytes: int
    css_bytes: int
    resources: tuple[Resource, ...] = ()

    @property
    def total(self) -> int:
        """HTML plus critical CSS: what must arrive in the first round trip."""
        return self.html_bytes + self.css_bytes

    @property
    def eager_transfer(self) -> int:
        """Everything loaded at once, lazy images left out."""
        return self.html_bytes + sum(r.bytes for r in self.resources if not r.lazy)

    @property
    def transfer(self) -> int:
        """Everything the page loads, lazy images included."""
        return self.html_bytes + sum(r.bytes for r in self.resources)

    @property
    def image_bytes(self) -> int:
        return sum(r.bytes for r in self.resources if r.kind == "image")


@dataclass
class _Reference:
    url: str
    kind: str
    lazy: bool = False


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[_Reference] = []
        self._picture_source: str | None = None
        self._in_picture = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            self._link(values)
        elif tag == "script" and values.get("src"):
            self.references.append(_Reference(values["src"], "script"))
        elif tag == "picture":
            self._in_picture, self._picture_source = True, None
        elif tag == "source" and self._in_picture:
            webp = values.get("type", "").lower() == "image/webp"
            if webp and self._picture_source is None and values.get("srcset"):
                self._picture_source = chosen_candidate(
                    values["srcset"], values.get("sizes", "")
                )
        elif tag == "img":
            self._image(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self._in_picture, self._picture_source = False, None

    def _link(self, values: dict[str, str]) -> None:
        href = values.get("href")
        if not href:
            return
        for rel in values.get("rel", "").lower().split():
            if rel in _LINKED:
                self.references.append(_Reference(href, _LINKED[rel]))
                return

    def _image(self, values: dict[str, str]) -> None:
        lazy = values.get("loading", "").lower() == "lazy"
        url = self._picture_source if self._in_picture else None
        if url is None and values.get("srcset"):
            url = chosen_candidate(values["srcset"], values.get("sizes", ""))
        url = url or values.get("src", "")
        if url:
            self.references.append(_Reference(url, "image", lazy))


def chosen_candidate(srcset: str, sizes: str = "", width: int = PHONE_WIDTH) -> str:
    """The srcset candidate a browser `width` CSS pixels wide picks at 1x."""
    candidates: list[tuple[str, str]] = []
    for item in srcset.split(","):
        parts = item.split()
        if parts:
            candidates.append((parts[0], parts[1] if len(parts) > 1 else "1x"))
    widths = [(int(d[:-1]), url) for url, d in candidates if d.endswith("w")]
    if widths:
        slot = slot_width(sizes, width)
        wide_enough = sorted(w for w in widths if w[0] >= slot)
        return (wide_enough[0] if wide_enough else max(widths))[1]
    for url, descriptor in candidates:
        if descriptor == "1x":
            return url
    return candidates[0][0] if candidates else ""


def slot_width(sizes: str, width: int = PHONE_WIDTH) -> float:
    """The image's width from `sizes` in a `width`-pixel viewport (else 100vw).

    Only min-width/max-width conditions and px, em, rem and vw lengths are
    understood; anything else counts as the full viewport, the heaviest choice.
    """
    for entry in (e.strip() for e in sizes.split(",") if e.strip()):
        found = _SIZE_ENTRY.match(entry)
        if found is None:
            return width
        media = found["media"]
        if media is not None and not _media_matches(media, width):
            continue
        return _length(found["length"], width)
    return width


def _media_matches(media: str, width: int) -> bool:
    found = _MEDIA_WIDTH.match(media)
    if found is None:
        return False
    value = float(found["value"]) * (1 if found["unit"] == "px" else _ROOT_FONT_SIZE)
    return width >= value if found["kind"] == "min" else width <= value


def _length(length: str, width: int) -> float:
    number = re.match(r"^([\d.]+)(px|em|rem|vw)$", length)
    if number is None:
        return width
    value, unit = float(number[1]), number[2]
    if unit == "vw":
        return width * value / 100
    return value * (1 if unit == "px" else _ROOT_FONT_SIZE)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_file(root: Path, page: Path, url: str) -> Path | None:
    """The file in the site that a resource URL names, or None.

    An absolute http(s) URL is taken as the site's own: the site's
    Content-Security-Policy lets pages load nothing from any other origin, and
    production pages name their files with the full SITEURL.
    """
    parts = urlsplit(url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        url = parts.path or "/"
    target = resolve_target(root, page, url)
    if target is None or not target.is_relative_to(root) or not target.is_file():
        return None
    return target


class _Sizes:
    """Transfer sizes and sub-resources per file, worked out once per site."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._sizes: dict[Path, int] = {}
        self._children: dict[Path, tuple[tuple[Path, str], ...]] = {}

    def size(self, path: Path) -> int:
        if path not in self._sizes:
            data = path.read_bytes()
            text = path.suffix.lower() in TEXT_SUFFIXES
            self._sizes[path] = gzip_size(data) if text else len(data)
        return self._sizes[path]

    def children(self, path: Path) -> tuple[tuple[Path, str], ...]:
        """Files a stylesheet or module script loads in turn, with their kind."""
        if path not in self._children:
            self._children[path] = tuple(self._find_children(path))
        return self._children[path]

    def _find_children(self, path: Path) -> Iterable[tuple[Path, str]]:
        suffix = path.suffix.lower()
        if suffix == ".css":
            text = path.read_text(encoding="utf-8")
            for url in _CSS_IMPORT.findall(text):
                if (found := local_file(self.root, path, url)) is not None:
                    yield found, "stylesheet"
            for url in _CSS_URL.findall(text):
                found = local_file(self.root, path, url.strip())
                if found is not None:
                    kind = "font" if found.suffix.lower() in _FONT_SUFFIXES else "image"
                    yield found, "stylesheet" if found.suffix == ".css" else kind
        elif suffix in {".js", ".mjs"}:
            for url in _JS_IMPORT.findall(path.read_text(encoding="utf-8")):
                if url.startswith((".", "/")):
                    found = local_file(self.root, path, url)
                    if found is not None:
                        yield found, "script"


def measure_page(root: Path, page: Path, sizes: _Sizes | None = None) -> PageWeight:
    root = root.resolve()
    sizes = sizes or _Sizes(root)
    html = page.read_bytes()
    parser = _PageParser()
    parser.feed(html.decode("utf-8"))
    seen: dict[Path, Resource] = {}
    queue = [
        (found, ref.kind, ref.lazy)
        for ref in parser.references
        if (found := local_file(root, page, ref.url)) is not None
    ]
    while queue:
        path, kind, lazy = queue.pop(0)
        if path in seen:
            # Loaded eagerly anywhere on the page means loaded eagerly.
            if seen[path].lazy and not lazy:
                seen[path] = Resource(
                    seen[path].path, seen[path].kind, seen[path].bytes
                )
            continue
        name = path.relative_to(root).as_posix()
        seen[path] = Resource(name, kind, sizes.size(path), lazy)
        queue += [(child, k, lazy) for child, k in sizes.children(path)]
    resources = tuple(seen.values())
    css = sum(r.bytes for r in resources if r.kind == "stylesheet")
    name = page.relative_to(root).as_posix()
    return PageWeight(name, gzip_size(html), css, resources)


def measure_site(root: Path) -> list[PageWeight]:
    """The weight of every page visitors get.

    Not admin/: the CMS (plugins/cms) is a 5 MB application that only staff
    load, at their desks, once per session; it is no page a visitor's phone
    downloads, and no budget here could hold it.
    """
    root = root.resolve()
    sizes = _Sizes(root)
    return [measure_page(root, page, sizes) for page in public_pages(root)]


def budget_problems(weights: list[PageWeight]) -> list[str]:
    """One line for each page over each limit; empty when every page fits."""
    problems: list[str] = []
    for w in weights:
        if w.total > FIRST_ROUND_TRIP_BYTES:
            problems.append(
                f"{w.page}: {w.total} bytes of HTML+CSS gzipped, over the "
                f"{FIRST_ROUND_TRIP_BYTES}-byte first-round-trip budget"
            )
        if w.page == HOME_PAGE and w.eager_transfer > HOME_PAGE_BYTES:
            problems.append(
                f"{w.page}: the home page transfers {w.eager_transfer} bytes "
                f"without lazy images, over the {HOME_PAGE_BYTES}-byte budget"
            )
        if w.transfer > PAGE_BYTES:
            problems.append(
                f"{w.page}: transfers {w.transfer} bytes with its images, over the "
                f"{PAGE_BYTES}-byte page budget"
            )
    return problems


def format_report(weights: list[PageWeight]) -> str:
    header = (
        f"{'page':<52} {'html':>6} {'css':>6} {'1st':>6} {'images':>7} "
        f"{'eager':>7} {'all':>7}"
    )
    lines = [header]
    over = {problem.split(":", 1)[0] for problem in budget_problems(weights)}
    for w in weights:
        flag = "  OVER BUDGET" if w.page in over else ""
        lines.append(
            f"{w.page:<52} {w.html_bytes:>6} {w.css_bytes:>6} {w.total:>6} "
            f"{w.image_bytes:>7} {w.eager_transfer:>7} {w.transfer:>7}{flag}"
        )
    lines.append(
        "bytes as sent (text gzipped); 1st = HTML+CSS, eager = all but lazy "
        "images, all = everything"
    )
    for label, value, limit in _summary(weights):
        lines.append(f"{label}: {value}; limit {limit}")
    return "\n".join(lines)


def _summary(weights: list[PageWeight]) -> list[tuple[str, str, int]]:
    def heaviest(key: str) -> str:
        if not weights:
            return "no pages"
        page = max(weights, key=lambda w: getattr(w, key))
        return f"{getattr(page, key)} bytes ({page.page})"

    home = next((w for w in weights if w.page == HOME_PAGE), None)
    home_text = f"{home.eager_transfer} bytes" if home else "no home page"
    return [
        ("heaviest HTML+CSS", heaviest("total"), FIRST_ROUND_TRIP_BYTES),
        ("home page without lazy images", home_text, HOME_PAGE_BYTES),
        ("heaviest page with images", heaviest("transfer"), PAGE_BYTES),
    ]
