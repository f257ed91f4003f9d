"""Drawing social preview images: the layout of a 1200×630 card, and its PNG bytes.

A pure function of a Card: no Sphinx here. A card is drawn in 8-bit palette
colour when its brand allows it, which is faster to encode and about half the
size of true colour; see ``_inks``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import struct
import unicodedata
import zlib
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from PIL.ImageFont import FreeTypeFont, ImageFont

    Font = FreeTypeFont | ImageFont

WIDTH, HEIGHT = 1200, 630
#: Part of every image's name: raise it when the drawing below changes.
LAYOUT_VERSION = 2

MARGIN = 80
TITLE_SIZES = (76, 68, 60, 52)
TITLE_MAX_LINES = 3
LABEL_SIZE = 30
BRAND_SIZE = 34
LOGO_SIZE = 64
BAND = 16
#: How far (of 255, in any channel) a logo pixel may move to fit a card's palette.
PALETTE_TOLERANCE = 8
#: Shades of the text colour on the background, and on the accent (the label's pill).
TEXT_SHADES, LABEL_SHADES = 96, 64


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
    def brand(self) -> Brand:
        return Brand(
            self.background,
            self.foreground,
            self.accent,
            self.site_name,
            self.logo,
            self.logo_digest,
        )

    @property
    def alt(self) -> str:
        return f"{self.title} — {self.site_name}"


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


# ---------------------------------------------------------------- layout


@dataclass(frozen=True)
class Text:
    """One line of text, where Pillow is to draw it."""

    xy: tuple[int, int]
    text: str
    font: Font
    anchor: str | None = None
    stroke: int = 0


@dataclass(frozen=True)
class Layout:
    """Where everything of one card goes; both renderers draw exactly this."""

    pill: tuple[int, int, int, int] | None
    label: Text | None
    title: list[Text]


@dataclass(frozen=True)
class Brand:
    """What every card of one brand shares: colours, logo and site name."""

    background: str
    foreground: str
    accent: str
    site_name: str
    #: Absolute path of the logo, or "" for none.
    logo: str
    #: The logo file's digest: a new file under the same name is a new brand.
    logo_digest: str


def layout(card: Card) -> Layout:
    width = WIDTH - 2 * MARGIN
    y = MARGIN
    pill = label = None
    if card.label:
        font = _font(LABEL_SIZE)
        padding_x, height = 20, LABEL_SIZE + 22
        text = fit_line(drawable(card.label), font, width - 2 * padding_x)
        right = MARGIN + int(font.getlength(text)) + 2 * padding_x
        pill = (MARGIN, y, right, y + height)
        label = Text((MARGIN + padding_x, y + height // 2), text, font, anchor="lm")
        y += height + 40
    font, lines = fit_title(drawable(card.title), width)
    size = int(getattr(font, "size", TITLE_SIZES[-1]))
    title = []
    for line in lines:
        # a one-pixel outline in the text colour: the bundled font has no bold
        title.append(Text((MARGIN, y), line, font, stroke=1))
        y += round(size * 1.18)
    return Layout(pill, label, title)


def _draw_text(draw: object, text: Text, fill: int | str) -> None:
    draw.text(  # type: ignore[attr-defined]
        text.xy,
        text.text,
        font=text.font,
        fill=fill,
        anchor=text.anchor,
        stroke_width=text.stroke,
        stroke_fill=fill if text.stroke else None,
    )


@functools.lru_cache(maxsize=8)
def _logo(path: str, digest: str) -> PILImage | None:
    """The logo, fitted to the card's logo box; None for none."""
    if not path:
        return None
    from PIL import Image

    with Image.open(path) as source:
        mark = source.convert("RGBA")
    mark.thumbnail((LOGO_SIZE * 4, LOGO_SIZE), Image.Resampling.LANCZOS)
    return mark


def _brand_line(brand: Brand) -> Text:
    """The site name beside the logo, at the bottom."""
    mark = _logo(brand.logo, brand.logo_digest)
    x = MARGIN + (mark.width + 24 if mark is not None else 0)
    font = _font(BRAND_SIZE)
    text = fit_line(drawable(brand.site_name), font, WIDTH - MARGIN - x)
    return Text((x, HEIGHT - MARGIN - LOGO_SIZE // 2), text, font, anchor="lm")


def _logo_corner(mark: PILImage) -> tuple[int, int]:
    return MARGIN, HEIGHT - MARGIN - LOGO_SIZE + (LOGO_SIZE - mark.height) // 2


# ---------------------------------------------------------------- true colour


@functools.lru_cache(maxsize=8)
def _backdrop(brand: Brand) -> PILImage:
    """What every card of one brand shows the same, in true colour."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), brand.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=brand.accent)
    mark = _logo(brand.logo, brand.logo_digest)
    if mark is not None:
        image.paste(mark, _logo_corner(mark), mark)
    _draw_text(draw, _brand_line(brand), brand.foreground)
    return image


def _true_colour(card: Card, brand: Brand, plan: Layout) -> PILImage:
    from PIL import ImageDraw

    image = _backdrop(brand).copy()
    draw = ImageDraw.Draw(image)
    if plan.pill is not None and plan.label is not None:
        draw.rounded_rectangle(plan.pill, (plan.pill[3] - plan.pill[1]) // 2, brand.accent)
        _draw_text(draw, plan.label, brand.foreground)
    for line in plan.title:
        _draw_text(draw, line, brand.foreground)
    return image


# ---------------------------------------------------------------- palette colour


@dataclass(frozen=True)
class Inks:
    """A brand's 256 colours, and which of them each shade of text is drawn in."""

    #: 768 values: red, green, blue of each colour, in index order.
    palette: list[int]
    #: Index of the background, of the accent; the colour index of each text coverage
    #: (0 to 255) on the background and on the accent.
    background: int
    accent: int
    on_background: list[int]
    on_accent: list[int]
    #: What the cards share, drawn in these indices (mode "L": one index a pixel).
    backdrop: PILImage


def _ramp(start: tuple[int, ...], end: tuple[int, ...], steps: int) -> list[tuple[int, ...]]:
    return [
        tuple(round(a + (b - a) * step / (steps - 1)) for a, b in zip(start, end, strict=True))
        for step in range(steps)
    ]


def _coverage_lut(first: int, steps: int) -> list[int]:
    """Coverage 0 to 255 to the index of the nearest of ``steps`` shades starting at ``first``."""
    return [first + round(coverage * (steps - 1) / 255) for coverage in range(256)]


def _paint(indices: PILImage, text: Text, lut: list[int]) -> None:
    """Draw one line of text into an index plane: its coverage, coloured through ``lut``."""
    from PIL import Image, ImageDraw

    left, top, right, bottom = (
        int(edge)
        for edge in text.font.getbbox(text.text, stroke_width=text.stroke, anchor=text.anchor)
    )
    if right <= left or bottom <= top:
        return
    # a canvas the size of the line, not of the card: the same pixels, a tenth of the work
    coverage = Image.new("L", (right - left, bottom - top))
    _draw_text(ImageDraw.Draw(coverage), replace(text, xy=(-left, -top)), 255)
    corner = (text.xy[0] + left, text.xy[1] + top)
    indices.paste(coverage.point(lut), corner, coverage.point([0] + [255] * 255))


def _largest_difference(first: PILImage, second: PILImage) -> int:
    """How far apart two RGB images are in their most different pixel and channel."""
    from PIL import ImageChops

    extrema = ImageChops.difference(first, second).getextrema()
    return max(int(high) for _, high in extrema)  # type: ignore[misc]  # RGB: one pair a band


@functools.lru_cache(maxsize=8)
def _inks(brand: Brand) -> Inks | None:
    """The brand's palette and its backdrop drawn in it; None if the logo needs true colour.

    Every colour on a card but the logo's is known: the background, the
    accent, and the text colour blended with either at each coverage an
    antialiased edge takes. The palette holds those blends (TEXT_SHADES and
    LABEL_SHADES of them, a shade within a level or two of the exact blend),
    and the logo's colours reduced to what is left of 256. Text, pill and
    band are drawn as indices directly, so their colours are exact; only the
    logo is reduced, and a logo that can't keep within PALETTE_TOLERANCE (a
    photo, a gradient) draws the brand's cards in true colour instead.
    """
    from PIL import Image, ImageColor, ImageDraw

    back, text, accent = (
        ImageColor.getrgb(colour)[:3]
        for colour in (brand.background, brand.foreground, brand.accent)
    )
    colours = _ramp(back, text, TEXT_SHADES) + _ramp(accent, text, LABEL_SHADES)
    indices = Image.new("L", (WIDTH, HEIGHT), 0)
    accent_index = TEXT_SHADES
    ImageDraw.Draw(indices).rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=accent_index)
    mark = _logo(brand.logo, brand.logo_digest)
    if mark is not None:
        tile = Image.new("RGB", mark.size, brand.background)
        tile.paste(mark, (0, 0), mark)
        reduced = tile.quantize(256 - len(colours), method=Image.Quantize.MAXCOVERAGE)
        if _largest_difference(tile, reduced.convert("RGB")) > PALETTE_TOLERANCE:
            return None
        flat = reduced.getpalette() or []
        offset = len(colours)
        colours += [tuple(flat[i : i + 3]) for i in range(0, len(flat), 3)]
        plane = Image.frombytes("L", tile.size, reduced.tobytes())
        shown = mark.getchannel("A").point([0] + [255] * 255)
        indices.paste(
            plane.point([min(offset + i, 255) for i in range(256)]), _logo_corner(mark), shown
        )
    on_background = _coverage_lut(0, TEXT_SHADES)
    _paint(indices, _brand_line(brand), on_background)
    flat_palette = [value for colour in colours[:256] for value in colour]
    return Inks(
        palette=flat_palette + [0] * (768 - len(flat_palette)),
        background=0,
        accent=accent_index,
        on_background=on_background,
        on_accent=_coverage_lut(accent_index, LABEL_SHADES),
        backdrop=indices,
    )


def _palette_colour(inks: Inks, plan: Layout) -> PILImage:
    from PIL import ImageDraw

    indices = inks.backdrop.copy()
    if plan.pill is not None and plan.label is not None:
        draw = ImageDraw.Draw(indices)
        draw.rounded_rectangle(plan.pill, (plan.pill[3] - plan.pill[1]) // 2, inks.accent)
        _paint(indices, plan.label, inks.on_accent)
    for line in plan.title:
        _paint(indices, line, inks.on_background)
    return indices


# ---------------------------------------------------------------- PNG


def render_png(card: Card) -> bytes:
    """The card as PNG bytes; the same card gives the same bytes (no timestamp, no metadata)."""
    brand = card.brand
    plan = layout(card)
    inks = _inks(brand)
    if inks is None:
        return png(_true_colour(card, brand, plan))
    return png(_palette_colour(inks, plan), inks.palette)


def png(image: PILImage, palette: list[int] | None = None) -> bytes:
    """An RGB image, or an index plane and its palette, as the smallest valid PNG.

    Header, palette, pixels, end: no time, no metadata. Pillow's own PNG
    writer tries five filters on every row; unfiltered rows at zlib's fastest
    level made a true-colour card cost 7.7 ms instead of 12.9 ms, for files
    8% larger.
    """
    width, height = image.size
    if palette is not None:
        # one index a pixel: a zero column in front of the plane is each row's filter
        # byte (0: none), which saves slicing and joining 630 rows
        from PIL import Image

        framed = Image.new("L", (width + 1, height), 0)
        framed.paste(image, (1, 0))
        rows = framed.tobytes()
    else:
        stride = 3 * width
        pixels = memoryview(image.tobytes())
        # each row starts with its filter type, 0: none
        rows = b"\0".join([b"", *(pixels[y * stride : (y + 1) * stride] for y in range(height))])

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    # 8 bits a sample; colour type 3 is palette, 2 is RGB
    kind = 2 if palette is None else 3
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, kind, 0, 0, 0))
    colours = b"" if palette is None else chunk(b"PLTE", bytes(palette))
    if palette is None:
        data = zlib.compress(rows, 1)
    else:
        # run-length matches only: indices come in long runs, and this is both the
        # quickest and the smallest of zlib's strategies for them
        packer = zlib.compressobj(1, zlib.DEFLATED, 15, 8, zlib.Z_RLE)
        data = packer.compress(rows) + packer.flush()
    pixels_chunk = chunk(b"IDAT", data)
    return b"\x89PNG\r\n\x1a\n" + header + colours + pixels_chunk + chunk(b"IEND", b"")
