"""Finding images in a page's HTML, planning their widths, printing `<picture>`."""

from __future__ import annotations

import pytest

from images.model import (
    ImageTag,
    Picture,
    Variant,
    content_path,
    find_images,
    is_eager,
    plan_widths,
    render_picture,
    replace_spans,
    source_lines,
)

WIDTHS = (480, 960, 1440)


def test_find_images_reads_attributes_and_spans() -> None:
    html = '<p>x <img alt="A &amp; B" src="{static}/images/a.jpg" title="T"></p>'
    (tag,) = find_images(html)
    assert html[tag.start : tag.end].startswith("<img")
    assert html[tag.end :] == "</p>"
    assert tag.get("alt") == "A & B"
    assert tag.get("src") == "{static}/images/a.jpg"
    assert tag.get("title") == "T"
    assert tag.get("class") is None


@pytest.mark.parametrize(
    ("src", "path"),
    [
        ("{static}/images/a.jpg", "images/a.jpg"),
        ("{static}images/team/b.png", "images/team/b.png"),
        ("{attach}/images/a.jpg", "images/a.jpg"),
        ("images/a.jpg", None),
        ("https://elsewhere.invalid/a.jpg", None),
    ],
)
def test_content_path(src: str, path: str | None) -> None:
    assert content_path(src) == path


@pytest.mark.parametrize(
    ("original", "planned"),
    [
        (2000, (480, 960, 1440)),
        (1440, (480, 960, 1440)),
        (1200, (480, 960, 1200)),
        (480, (480,)),
        (300, (300,)),
    ],
)
def test_widths_never_exceed_the_original(
    original: int, planned: tuple[int, ...]
) -> None:
    assert plan_widths(original, WIDTHS) == planned


def test_source_lines_follow_the_order_of_repeated_images() -> None:
    text = "Title: X\n\n![a](a.jpg)\n\n![b](b.jpg)\n![a again](a.jpg)\n"
    assert source_lines(text, ["a.jpg", "b.jpg", "a.jpg", "gone.jpg"]) == [3, 5, 6, 1]


def test_only_a_first_image_above_the_first_h2_is_eager() -> None:
    html = "<p><img src=a></p><h2>H</h2><p><img src=b></p>"
    first, second = find_images(html)
    assert is_eager(0, first, html)
    assert not is_eager(1, second, html)
    below = "<h2>H</h2><p><img src=a></p>"
    assert not is_eager(0, find_images(below)[0], below)
    no_heading = "<p><img src=a></p>"
    assert is_eager(0, find_images(no_heading)[0], no_heading)


def _picture() -> Picture:
    return Picture(
        webp=(Variant("images/a-480.h.webp", 480),
              Variant("images/a-960.h.webp", 960)),
        fallback=(Variant("images/a-480.h.jpg", 480),
                  Variant("images/a-960.h.jpg", 960)),
        fallback_type="image/jpeg",
        width=960,
        height=540,
        sizes="100vw",
    )  # fmt: skip


def test_render_picture_sets_size_and_loading_and_keeps_other_attributes() -> None:
    tag = ImageTag(0, 0, (("alt", 'Say "hi"'), ("src", "x"), ("class", "wide")))
    html = render_picture(_picture(), tag, prefix="../", eager=False)
    assert html == (
        '<picture><source type="image/webp" srcset="../images/a-480.h.webp 480w, '
        '../images/a-960.h.webp 960w" sizes="100vw">'
        '<img src="../images/a-960.h.jpg" srcset="../images/a-480.h.jpg 480w, '
        '../images/a-960.h.jpg 960w" sizes="100vw" width="960" height="540" '
        'alt="Say &quot;hi&quot;" loading="lazy" decoding="async" class="wide">'
        "</picture>"
    )
    assert 'loading="eager"' in render_picture(_picture(), tag, prefix="", eager=True)


def test_replace_spans() -> None:
    assert replace_spans("abcdef", [(1, 2, "X"), (4, 6, "")]) == "aXcd"
