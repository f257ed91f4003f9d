"""Social preview images: one 1200×630 PNG per term, hub and home page, named by what it shows.

A link shared in a chat or a feed shows the page's ``og:image``; without one
it is a bare line of text. sphinxext-opengraph can draw cards, but with
matplotlib (and numpy under it), in a fixed 1146×600 layout, at about 31 ms
a card; these are drawn with Pillow and the scalable font it bundles, in
about 9 ms. Each file is named by a hash of everything it shows (title,
category, brand, colours, size, renderer, logo bytes), so a card is drawn
once, never rewritten while what it shows stays the same, and comes out
byte-identical from a ``-j`` build: it is drawn while its page is written,
from that page's data alone. When the build ends, images no page shows any
more are deleted, so the published folder never holds a stale one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
import os
import struct
import unicodedata
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import get_settings, report_setting
from .domain import get_domain
from .seo import base_url, is_html_site_builder
from .shared import head_tag
from .urls import is_not_found_page
from .warnings_ import PATH_LENGTH, shown

if TYPE_CHECKING:
    from docutils import nodes
    from PIL.Image import Image as PILImage
    from PIL.ImageFont import FreeTypeFont, ImageFont
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    Font = FreeTypeFont | ImageFont

WIDTH, HEIGHT = 1200, 630
#: Where the images go, inside the output folder.
FOLDER = "_images/social"
#: Part of every image's name: raise it when the drawing below changes.
LAYOUT_VERSION = 1

MARGIN = 80
TITLE_SIZES = (76, 68, 60, 52)
TITLE_MAX_LINES = 3
LABEL_SIZE = 30
BRAND_SIZE = 34
LOGO_SIZE = 64
BAND = 16
#: What the previous build's cards looked like apart from their text (env attribute).
_FINGERPRINT = "termpages_social_cards_fingerprint"


@dataclass(frozen=True)
class Card:
    """Everything one image shows; its file name is a hash of these fields."""

    title: str
    #: The line above the title: the term's category, or a label on hub and home cards.
    label: str
    site_name: str
    background: str
    foreground: str
    accent: str
    #: Absolute path of the logo, or "" for none.
    logo: str
    logo_digest: str

    @property
    def filename(self) -> str:
        inputs = {**asdict(self), "logo": None, "size": [WIDTH, HEIGHT], **look_of_every_card()}
        text = json.dumps(inputs, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20] + ".png"

    @property
    def alt(self) -> str:
        return f"{self.title} — {self.site_name}"


@functools.cache
def pillow_available() -> bool:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def look_of_every_card() -> dict[str, str]:
    """What shapes the pixels besides a card's own fields: the drawing code and the renderer."""
    import PIL
    from PIL import features

    renderer = (
        f"Pillow {PIL.__version__}, FreeType {features.version('freetype2')}, "
        f"raqm {features.version('raqm')}, zlib {zlib.ZLIB_RUNTIME_VERSION}"
    )
    return {"layout": str(LAYOUT_VERSION), "renderer": renderer}


@functools.lru_cache(maxsize=16)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def logo_digest(path: str) -> str:
    if not path:
        return ""
    stat = os.stat(path)
    return _file_digest(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _readable_image(path: str, mtime_ns: int, size: int) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        return False
    return True


def logo_path(app: Sphinx) -> str:
    """The configured logo's absolute path, or "" when there is none that Pillow can read."""
    style = get_settings(app.config).social_cards
    if style is None or not style.logo:
        return ""
    path = str(Path(app.confdir, style.logo))
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return path if _readable_image(path, stat.st_mtime_ns, stat.st_size) else ""


def card_for_page(app: Sphinx, pagename: str) -> Card | None:
    """The card a page shows, from the environment and the settings alone; None for none."""
    settings = get_settings(app.config)
    style = settings.social_cards
    if style is None or not pillow_available() or not base_url(app):
        return None
    entry = get_domain(app.env).terms.get(pagename)
    if entry is not None:
        category = settings.categories.get(entry.category or "")
        label = category.title if category is not None else settings.labels.uncategorized
    elif pagename == settings.home_doc or pagename in {
        settings.hub_docname(category_id) for category_id in settings.categories
    }:
        label = settings.labels.social_card_label
    else:
        return None
    heading = app.env.titles.get(pagename)
    title = " ".join(heading.astext().split()) if heading is not None else ""
    title = title or (entry.title if entry is not None else "")
    if not title:
        return None
    logo = logo_path(app)
    return Card(
        title=title,
        label="" if label.casefold() == title.casefold() else label,
        site_name=style.site_name or str(app.config.project),
        background=style.background,
        foreground=style.foreground,
        accent=style.accent,
        logo=logo,
        logo_digest=logo_digest(logo),
    )


def card_pages(app: Sphinx) -> list[str]:
    """Every page that may have a card: terms, hubs and the home page."""
    settings = get_settings(app.config)
    pages = set(get_domain(app.env).terms)
    pages.update(settings.hub_docname(category_id) for category_id in settings.categories)
    pages.add(settings.home_doc)
    return sorted(pages & app.env.found_docs)


# ---------------------------------------------------------------- drawing


@functools.lru_cache(maxsize=16)
def _font(size: int) -> Font:
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


@functools.lru_cache(maxsize=4096)
def _has_glyph(char: str) -> bool:
    """Whether the bundled font draws ``char`` as itself rather than as its empty box."""
    if char.isspace():
        return True
    return _glyph_pixels(char) != _glyph_pixels("\uffff")  # U+FFFF: never a character


def _glyph_pixels(char: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (2 * LABEL_SIZE, 2 * LABEL_SIZE))
    ImageDraw.Draw(image).text((0, 0), char, font=_font(LABEL_SIZE), fill=255)
    return image.tobytes()


_PUNCTUATION = {"—": "-", "–": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-", "\u00a0": " "}


def drawable(text: str) -> str:
    """The text with each character the font lacks replaced by its plain form, if it has one.

    The bundled font covers ASCII and a little more: "É" is drawn as "E". A
    character with no plain form (Hebrew, Arabic, CJK) stays, and is drawn as
    the font's box; the alt text and the page carry the real title.
    """
    out: list[str] = []
    for char in text:
        if _has_glyph(char):
            out.append(char)
            continue
        plain = "".join(
            c
            for c in unicodedata.normalize("NFKD", char)
            if not unicodedata.combining(c) and _has_glyph(c)
        )
        out.append(plain or _PUNCTUATION.get(char, char))
    return "".join(out)


def _ellipsis() -> str:
    return "…" if _has_glyph("…") else "..."


def fit_line(text: str, font: Font, width: int, cut: bool = False) -> str:
    """One line of at most ``width`` pixels: the text, or its start and an ellipsis.

    With ``cut``, the ellipsis is there even if the text fits: more text follows.
    """
    if not cut and font.getlength(text) <= width:
        return text
    mark = _ellipsis()
    low, high = 0, len(text)
    while low < high:  # the longest start that fits with the mark
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip() + mark) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + mark


def wrap(text: str, font: Font, width: int, limit: int | None = None) -> list[str]:
    """Greedy word wrap; a word wider than a line is broken where it reaches the edge.

    With ``limit``, wrapping stops once there are more lines than that: a title of a
    hundred thousand characters is not measured line by line for a card that shows three.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        if limit is not None and len(lines) > limit:
            return lines
        candidate = f"{line} {word}" if line else word
        # no glyph is narrower than a pixel, so a line never holds more than width characters
        if len(candidate) <= width and font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word[: width + 1]) > width and (limit is None or len(lines) <= limit):
            low, high = 1, min(len(word), width)
            while low < high:
                middle = (low + high + 1) // 2
                if font.getlength(word[:middle]) <= width:
                    low = middle
                else:
                    high = middle - 1
            lines.append(word[:low])
            word = word[low:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit_title(text: str, width: int) -> tuple[Font, list[str]]:
    """Up to three lines at the largest size that holds the title, else cut at the smallest."""
    for size in TITLE_SIZES:
        font = _font(size)
        lines = wrap(text, font, width, limit=TITLE_MAX_LINES)
        if len(lines) <= TITLE_MAX_LINES:
            return font, lines
    kept = lines[:TITLE_MAX_LINES]
    kept[-1] = fit_line(kept[-1], font, width, cut=True)
    return font, kept


@functools.lru_cache(maxsize=8)
def _backdrop(
    background: str, foreground: str, accent: str, site_name: str, logo: str, digest: str
) -> PILImage:
    """What every card of one brand shares: colours, accent band, logo and site name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=accent)
    x = MARGIN
    top = HEIGHT - MARGIN - LOGO_SIZE
    if logo:
        with Image.open(logo) as source:
            mark = source.convert("RGBA")
        mark.thumbnail((LOGO_SIZE * 4, LOGO_SIZE), Image.Resampling.LANCZOS)
        image.paste(mark, (x, top + (LOGO_SIZE - mark.height) // 2), mark)
        x += mark.width + 24
    font = _font(BRAND_SIZE)
    draw.text(
        (x, top + LOGO_SIZE // 2),
        fit_line(drawable(site_name), font, WIDTH - MARGIN - x),
        font=font,
        fill=foreground,
        anchor="lm",
    )
    return image


def render_png(card: Card) -> bytes:
    """The card as PNG bytes; the same card gives the same bytes (no timestamp, no metadata)."""
    from PIL import ImageDraw

    image = _backdrop(
        card.background,
        card.foreground,
        card.accent,
        card.site_name,
        card.logo,
        card.logo_digest,
    ).copy()
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    if card.label:
        font = _font(LABEL_SIZE)
        padding_x, height = 20, LABEL_SIZE + 22
        label = fit_line(drawable(card.label), font, width - 2 * padding_x)
        pill = int(font.getlength(label)) + 2 * padding_x
        draw.rounded_rectangle((MARGIN, y, MARGIN + pill, y + height), height // 2, card.accent)
        draw.text(
            (MARGIN + padding_x, y + height // 2),
            label,
            font=font,
            fill=card.foreground,
            anchor="lm",
        )
        y += height + 40
    font, lines = fit_title(drawable(card.title), width)
    size = int(getattr(font, "size", TITLE_SIZES[-1]))
    for line in lines:
        # a one-pixel outline in the text colour: the bundled font has no bold
        draw.text(
            (MARGIN, y),
            line,
            font=font,
            fill=card.foreground,
            stroke_width=1,
            stroke_fill=card.foreground,
        )
        y += round(size * 1.18)
    return png(image)


def png(image: PILImage) -> bytes:
    """An RGB image as the smallest valid PNG: header, pixels, end; no time, no metadata.

    Pillow's own PNG writer tries five filters on every row. In a build,
    unfiltered rows at zlib's fastest level made a card cost 7.7 ms instead
    of 12.9 ms, for files 8% larger (about 45 KB).
    """
    width, height = image.size
    stride = 3 * width
    pixels = memoryview(image.tobytes())
    # each row starts with its filter type, 0: none
    rows = b"\0".join([b"", *(pixels[y * stride : (y + 1) * stride] for y in range(height))])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 1))
        + chunk(b"IEND", b"")
    )


def write_card(outdir: Path, card: Card) -> None:
    """Draw the card into the output folder, unless a file of its name is there already."""
    path = outdir / FOLDER / card.filename
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # -j workers may draw one card at once; each renames a whole file into place
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(render_png(card))
    os.replace(temporary, path)


# ---------------------------------------------------------------- page tags


def _tag(attribute: str, key: str, value: str) -> str:
    # a string: html-page-context hands the template its <head> tags as text
    return head_tag("meta", **{attribute: key, "content": value})


def add_card_tags(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """og:image and Twitter's large card for a page with a card; Twitter's summary otherwise.

    Runs after seo.add_meta_tags (100) and before sphinxext-opengraph (500),
    which writes the ``og:*`` values of ``context["meta"]`` as tags.
    """
    settings = get_settings(app.config)
    if settings.social_cards is None or not is_html_site_builder(app):
        return
    if doctree is None or is_not_found_page(app, pagename):
        return  # no OpenGraph tags on these pages either
    card = card_for_page(app, pagename)
    if card is None:
        context["metatags"] = (
            context.get("metatags", "") + _tag("name", "twitter:card", "summary") + "\n"
        )
        return
    if not settings.preview:  # the tags stay: the previewed page is the published one
        write_card(Path(app.outdir), card)
    url = f"{base_url(app)}{FOLDER}/{card.filename}"
    image = {
        "og:image": url,
        "og:image:type": "image/png",
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
        "og:image:alt": card.alt,
    }
    tags = [
        _tag("name", "twitter:card", "summary_large_image"),
        _tag("name", "twitter:image", url),
        _tag("name", "twitter:image:alt", card.alt),
    ]
    if "sphinxext.opengraph" in app.extensions:
        meta = dict(context.get("meta") or {})  # a copy: never write into env.metadata
        # sphinxext-opengraph escapes only quotes in what it writes; give it escaped text
        meta.update({key: html.escape(value, quote=False) for key, value in image.items()})
        context["meta"] = meta
    else:
        tags = [_tag("property", key, value) for key, value in image.items()] + tags
    context["metatags"] = context.get("metatags", "") + "".join(tag + "\n" for tag in tags)


# ---------------------------------------------------------------- builds


def check_requirements(app: Sphinx) -> None:
    """What the settings can't tell: Pillow, the site's address, a logo Pillow can read."""
    style = get_settings(app.config).social_cards
    if style is None or not is_html_site_builder(app):
        return
    report = report_setting(app)
    if not pillow_available():
        report(
            "termpages_social_cards needs Pillow, which is not installed "
            "(pip install 'pillow>=10.1'); no social cards are made"
        )
    elif not base_url(app):
        report(
            "termpages_social_cards needs html_baseurl (og:image must be an absolute URL); "
            "no social cards are made"
        )
    elif style.logo and not logo_path(app):
        report(
            f"termpages_social_cards.logo {shown(style.logo, PATH_LENGTH)} is not an image "
            "Pillow can read; no logo is shown"
        )


def fingerprint(app: Sphinx) -> str:
    """What every card depends on that Sphinx does not watch: the renderer and the logo's bytes.

    (A change in conf.py already makes Sphinx rewrite every page.)
    """
    settings = get_settings(app.config)
    style = settings.social_cards
    if style is None or not pillow_available() or not base_url(app):
        return ""
    logo = logo_path(app)
    return json.dumps([look_of_every_card(), logo_digest(logo)], sort_keys=True)


def rewrite_when_the_look_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A new logo file or Pillow changes every card, though no page or setting changed."""
    new = fingerprint(app)
    old = getattr(env, _FINGERPRINT, None)
    setattr(env, _FINGERPRINT, new)
    if old is None or old == new or not new:
        return []  # a first build writes every page anyway
    return card_pages(app)


def remove_unused_cards(app: Sphinx, exception: BaseException | None) -> None:
    """Keep exactly the images the pages show: draw a missing one, delete every other."""
    if exception is not None or not is_html_site_builder(app):
        return
    if get_settings(app.config).preview:
        return  # no images in the preview; the next ordinary build draws the missing ones
    outdir = Path(app.outdir)
    wanted: set[str] = set()
    for pagename in card_pages(app):
        card = card_for_page(app, pagename)
        if card is not None:
            write_card(outdir, card)  # present already, unless someone deleted it
            wanted.add(card.filename)
    folder = outdir / FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name not in wanted:
            path.unlink()
    for empty in (folder, folder.parent):  # Sphinx makes _images again when it needs it
        with contextlib.suppress(OSError):
            empty.rmdir()


def setup_social_cards(app: Sphinx) -> None:
    app.connect("builder-inited", check_requirements)
    app.connect("env-updated", rewrite_when_the_look_changes)
    app.connect("html-page-context", add_card_tags, priority=200)
    app.connect("build-finished", remove_unused_cards)
