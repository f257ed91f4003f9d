"""Social preview images: one per term, hub and home page, drawn once, never left stale."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from test_urls import published_problems

from conftest import ROOTS, BuiltSite, SiteFactory, build
from termpages.cardimage import (
    HEIGHT,
    LOGO_SIZE,
    MARGIN,
    TITLE_MAX_LINES,
    WIDTH,
    fit_title,
    wrap,
)

BASE = "https://glossary.example.com/terms/"
BRAND = "Clean Brand"
#: Every page of tests/roots/test-clean that shows a card, and its title.
CARD_PAGES = {
    "alpha.html": "Alpha",
    "beta.html": "Beta",
    "eclair.html": "Éclair",
    "gamma.html": "Gamma",
    "category/cat-one.html": "Category One",
    "category/cat-two.html": "Category Two",
    "index.html": "Glossary",
}
OPENGRAPH = """
extensions.append("sphinxext.opengraph")
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
"""


def conf(cards: str, opengraph: bool = True) -> str:
    """test-clean's conf.py, with raw HTML off (as the site has it) and these card settings."""
    text = (ROOTS / "test-clean" / "conf.py").read_text(encoding="utf-8")
    text += '\nmyst_disable_syntax = ["html_inline", "html_block"]\n'
    return text + (OPENGRAPH if opengraph else "") + f"termpages_social_cards = {cards}\n"


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    Image.new("RGBA", (128, 64), "#4338ca").save(path)
    return path


def brand(logo: Path) -> str:
    return (
        f'{{"background": "#111827", "foreground": "#fff", "accent": "#4338CA", '
        f'"logo": "{logo}", "site_name": "{BRAND}"}}'
    )


def head_meta(site: BuiltSite, page: str) -> dict[str, list[str]]:
    """Every meta tag of a page's head, by property or name, in order."""
    found: dict[str, list[str]] = {}
    for tag in site.html(page).head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content", ""))
    return found


def image_file(site: BuiltSite, page: str) -> Path:
    url = head_meta(site, page)["og:image"][0]
    assert url.startswith(BASE + "_images/social/"), url
    return site.outdir / url.removeprefix(BASE)


def images(site: BuiltSite) -> dict[str, int]:
    """The published images, by name, with their modification times."""
    folder = site.outdir / "_images" / "social"
    return {path.name: path.stat().st_mtime_ns for path in sorted(folder.iterdir())}


def test_every_term_hub_and_home_page_has_its_card(make_site: SiteFactory, logo: Path) -> None:
    site = make_site({"conf.py": conf(brand(logo))}, root="clean")
    assert site.warning_lines() == []
    files = set()
    for page, title in CARD_PAGES.items():
        meta = head_meta(site, page)
        path = image_file(site, page)
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630)), page
        files.add(path.name)
        assert meta["og:image"] == meta["twitter:image"], page
        assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"], page
        assert meta["og:image:type"] == ["image/png"], page
        assert meta["og:image:alt"] == [f"{title} — {BRAND}"] == meta["twitter:image:alt"], page
        assert meta["twitter:card"] == ["summary_large_image"], page
    assert set(images(site)) == files and len(files) == len(CARD_PAGES)
    for page in ("404.html", "search.html", "genindex.html"):
        meta = head_meta(site, page)
        assert "og:image" not in meta and "twitter:card" not in meta, page
    assert published_problems(site.outdir) == []


def test_a_page_without_a_card_is_a_summary_card(make_site: SiteFactory, logo: Path) -> None:
    site = make_site(
        {
            "conf.py": conf(brand(logo)),
            "guide/about.md": "---\norphan: true\n---\n\n# About\n\nNot a term.\n",
        },
        root="clean",
    )
    assert site.warning_lines() == []
    meta = head_meta(site, "guide/about.html")
    assert meta["twitter:card"] == ["summary"]
    assert "og:image" not in meta and "twitter:image" not in meta


def test_without_opengraph_the_tags_are_written_all_the_same(
    make_site: SiteFactory, logo: Path
) -> None:
    site = make_site({"conf.py": conf(brand(logo), opengraph=False)}, root="clean")
    assert site.warning_lines() == []
    meta = head_meta(site, "alpha.html")
    assert len(meta["og:image"]) == 1 and image_file(site, "alpha.html").is_file()
    assert meta["og:image:alt"] == [f"Alpha — {BRAND}"]
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    assert meta["twitter:card"] == ["summary_large_image"]


def test_cards_are_off_by_default(make_site: SiteFactory) -> None:
    site = make_site(root="clean")
    assert "og:image" not in head_meta(site, "alpha.html")
    assert "twitter:card" not in head_meta(site, "alpha.html")
    assert not (site.outdir / "_images").exists()


BACKGROUND, FOREGROUND, ACCENT = (0x11, 0x18, 0x27), (0xFF, 0xFF, 0xFF), (0x43, 0x38, 0xCA)
#: Where brand() puts the logo: bottom left, inside the margin.
LOGO_BOX = (MARGIN, HEIGHT - MARGIN - LOGO_SIZE, MARGIN + 128, HEIGHT - MARGIN)


def blends(start: tuple[int, ...], end: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every shade antialiased text of colour ``end`` can take on ``start``."""
    return [
        tuple(a + (b - a) * k / 255 for a, b in zip(start, end, strict=True)) for k in range(256)
    ]


def test_a_card_is_drawn_in_the_brand_colours_and_every_shade_of_its_text(
    make_site: SiteFactory, logo: Path
) -> None:
    site = make_site({"conf.py": conf(brand(logo))}, root="clean")
    with Image.open(image_file(site, "alpha.html")) as image:
        assert image.mode == "P"  # a flat logo: the card fits 256 colours
        card = image.convert("RGB")
    assert card.getpixel((MARGIN // 2, MARGIN // 2)) == BACKGROUND
    assert card.getpixel((WIDTH // 2, HEIGHT - 2)) == ACCENT  # the band
    assert card.getpixel((MARGIN + 64, HEIGHT - MARGIN - 32)) == ACCENT  # the logo's colour
    # the title, between the label and the logo: its edges keep their shades, each
    # one the text blended with the background, within a level or two
    title = card.crop((MARGIN, 2 * MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN - LOGO_SIZE))
    shades = {colour for _, colour in title.getcolors(1 << 24)}
    assert FOREGROUND in shades and len(shades) >= 30
    ramp = blends(BACKGROUND, FOREGROUND)
    for shade in shades:
        off = min(max(abs(a - b) for a, b in zip(shade, blend, strict=True)) for blend in ramp)
        assert off <= 2, shade
    # the label: the text blended with the accent, on a pill of exactly the accent
    pill = card.crop((MARGIN, MARGIN, MARGIN + 60, MARGIN + 52))
    shades = {colour for _, colour in pill.getcolors(1 << 24)} - {BACKGROUND}
    assert ACCENT in shades and FOREGROUND in shades and len(shades) >= 10
    ramp = blends(ACCENT, FOREGROUND)
    for shade in shades:
        off = min(max(abs(a - b) for a, b in zip(shade, blend, strict=True)) for blend in ramp)
        assert off <= 2, shade


def test_a_logo_a_palette_cannot_hold_is_drawn_in_true_colour(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    """A gradient has thousands of colours: the card keeps every one of them."""
    gradient = Image.new("RGB", (128, 64))
    gradient.putdata([(2 * x, 4 * y, 255 - 2 * x) for y in range(64) for x in range(128)])
    path = tmp_path / "gradient.png"
    gradient.save(path)
    site = make_site({"conf.py": conf(brand(path))}, root="clean")
    with Image.open(image_file(site, "alpha.html")) as image:
        assert image.mode == "RGB"
        assert image.crop(LOGO_BOX).tobytes() == gradient.tobytes()


def test_a_rebuild_with_nothing_changed_draws_nothing(make_site: SiteFactory, logo: Path) -> None:
    first = make_site({"conf.py": conf(brand(logo))}, root="clean")
    before = images(first)
    again = build(first.srcdir)
    assert again.warning_lines() == []
    assert images(again) == before  # the same files, not one of them written again


def test_a_retitled_term_gets_a_new_card_and_its_old_one_goes(
    make_site: SiteFactory, logo: Path
) -> None:
    first = make_site({"conf.py": conf(brand(logo))}, root="clean")
    before = images(first)
    old = image_file(first, "beta.html").name
    beta = first.srcdir / "beta.md"
    beta.write_text(beta.read_text().replace("# Beta\n", "# Beta Prime\n"))
    second = build(first.srcdir)
    assert second.warning_lines() == []
    new = image_file(second, "beta.html").name
    assert new != old and new in images(second) and old not in images(second)
    assert head_meta(second, "beta.html")["og:image:alt"] == [f"Beta Prime — {BRAND}"]
    unchanged = {name: mtime for name, mtime in before.items() if name != old}
    assert images(second) == {**unchanged, new: images(second)[new]}
    assert published_problems(second.outdir) == []


def test_moving_a_term_to_another_category_draws_its_card_again(
    make_site: SiteFactory, logo: Path
) -> None:
    first = make_site({"conf.py": conf(brand(logo))}, root="clean")
    old = image_file(first, "beta.html").name
    beta = first.srcdir / "beta.md"
    beta.write_text(beta.read_text().replace("category: cat-one", "category: cat-two"))
    second = build(first.srcdir)
    assert image_file(second, "beta.html").name != old
    assert old not in images(second)


def test_a_new_logo_file_draws_every_card_again(make_site: SiteFactory, logo: Path) -> None:
    """No page or setting changed, only the logo's bytes: every page links its new card."""
    first = make_site({"conf.py": conf(brand(logo))}, root="clean")
    before = images(first)
    Image.new("RGBA", (128, 64), "#16a34a").save(logo)
    second = build(first.srcdir)
    assert second.warning_lines() == []
    after = images(second)
    assert len(after) == len(before) and not set(after) & set(before)
    for page in CARD_PAGES:
        assert image_file(second, page).name in after, page


def test_turning_cards_off_removes_them(make_site: SiteFactory, logo: Path) -> None:
    first = make_site({"conf.py": conf(brand(logo))}, root="clean")
    (first.srcdir / "conf.py").write_text(conf("False"))
    second = build(first.srcdir)
    assert "og:image" not in head_meta(second, "alpha.html")
    assert not (second.outdir / "_images").exists()
    assert published_problems(second.outdir) == []


def test_a_parallel_build_draws_the_same_bytes(make_site: SiteFactory, logo: Path) -> None:
    extra = {
        f"{name}.md": f"---\ncategory: cat-two\nsummary: {name.title()} is filler.\n---\n\n"
        f"# {name.title()}\n\nText.\n"
        for name in ("delta", "epsilon", "zeta", "eta")  # enough pages to split between workers
    }
    serial = make_site({"conf.py": conf(brand(logo)), **extra}, root="clean")
    parallel = build(serial.srcdir, outname="parallel", parallel=2, freshenv=True)
    assert parallel.warning_lines() == []
    assert re.search(r"writing output\.\.\. \[.*\] \S+ \.\. \S+", parallel.status)

    def contents(site: BuiltSite) -> dict[str, bytes]:
        folder = site.outdir / "_images" / "social"
        return {path.name: path.read_bytes() for path in folder.iterdir()}

    assert contents(parallel) == contents(serial) and len(contents(serial)) == 11
    for page in ("alpha.html", "zeta.html", "index.html"):
        assert head_meta(parallel, page) == head_meta(serial, page)


HOSTILE_TITLE = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)> & co'
RTL_TITLE = "מילון מונחים של בינה מלאכותית"
LONG_TITLE = " ".join(["Supercalifragilistic"] * 14) + " " + "x" * 6


def test_hostile_titles_draw_and_stay_escaped(make_site: SiteFactory, logo: Path) -> None:
    def term(title: str) -> str:
        return f"---\ncategory: cat-one\nsummary: A hostile title.\n---\n\n# {title}\n\nText.\n"

    assert len(LONG_TITLE) == 300
    site = make_site(
        {
            "conf.py": conf(brand(logo)),
            "hostile.md": term(HOSTILE_TITLE),
            "rtl.md": term(RTL_TITLE),
            "long.md": term(LONG_TITLE),
            "word.md": term("W" * 300),
        },
        root="clean",
    )
    assert site.warning_lines() == []
    for page, title in {
        "hostile.html": HOSTILE_TITLE,
        "rtl.html": RTL_TITLE,
        "long.html": LONG_TITLE,
        "word.html": "W" * 300,
    }.items():
        meta = head_meta(site, page)
        # the visible title: Sphinx makes quotes typographic ('">' may become '”>')
        shown = meta["twitter:title"][0]
        assert shown.replace("”", '"').replace("“", '"') == title, page
        assert meta["og:image:alt"] == [f"{shown} — {BRAND}"] == meta["twitter:image:alt"], page
        with Image.open(image_file(site, page)) as image:
            assert image.size == (1200, 630), page
    page = site.html("hostile.html")
    assert page.find_all("img", src="x") == []
    assert "alert(1)" not in [(script.string or "").strip() for script in page.find_all("script")]
    head = site.text("hostile.html").split("</head>", 1)[0]
    alt = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'property="og:image:alt" content="{alt}' in head
    assert f'name="twitter:image:alt" content="{alt}' in head


@pytest.mark.parametrize(
    "title", ["T" * 100_000, "Title " * 16_000, "W" * 300 + " word" * 20_000], ids=len
)
def test_a_title_of_any_length_is_fitted_quickly(title: str) -> None:
    # measured line by line to the end, a 100,000-character title took minutes per card
    started = time.perf_counter()
    font, lines = fit_title(title, WIDTH - 2 * MARGIN)
    assert time.perf_counter() - started < 1
    assert len(lines) == TITLE_MAX_LINES and lines[-1].endswith(("…", "..."))
    full = wrap(title[:2_000], font, WIDTH - 2 * MARGIN)
    assert lines[:-1] == full[: TITLE_MAX_LINES - 1]


def conf_line(site: BuiltSite) -> int:
    lines = (site.srcdir / "conf.py").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith("termpages_social_cards"))


@pytest.mark.parametrize(
    ("cards", "message", "drawn"),
    [
        (
            '{"background": "navy"}',
            "termpages_social_cards.background must be a colour like '#4338ca', got 'navy'; "
            "using '#111827'",
            True,
        ),
        (
            '{"accent": "#12345"}',
            "termpages_social_cards.accent must be a colour like '#4338ca', got '#12345'; "
            "using '#2563eb'",
            True,
        ),
        (
            '{"logo": "missing.png"}',
            "termpages_social_cards.logo 'missing.png' is not a file in the configuration "
            "folder; no logo is shown",
            True,
        ),
        (
            '{"logo": "index.md"}',
            "termpages_social_cards.logo must be a PNG, JPEG, GIF or WebP file, got 'index.md'; "
            "no logo is shown",
            True,
        ),
        (
            '{"site_name": 7}',
            "termpages_social_cards.site_name must be text, got 7; using the project name",
            True,
        ),
        (
            '{"colour": "#ffffff"}',
            "termpages_social_cards has unknown keys: colour; "
            "known: accent, background, foreground, logo, site_name",
            True,
        ),
        (
            '"yes"',
            "termpages_social_cards must be False or a dict (background, foreground, accent, "
            "logo, site_name), got 'yes'; no social cards are made",
            False,
        ),
    ],
)
def test_bad_settings_warn_once_and_fall_back(
    make_site: SiteFactory, cards: str, message: str, drawn: bool
) -> None:
    site = make_site({"conf.py": conf(cards)}, root="clean")
    assert site.warning_lines() == [
        f"conf.py:{conf_line(site)}: WARNING: {message} [termpages.config]"
    ]
    assert ("og:image" in head_meta(site, "alpha.html")) is drawn
    if drawn:
        assert image_file(site, "alpha.html").is_file()
        assert head_meta(site, "alpha.html")["og:image:alt"] == ["Alpha — Clean Glossary"]


def test_a_logo_pillow_cannot_read_warns_and_is_left_out(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.png"
    broken.write_text("not a PNG")
    site = make_site({"conf.py": conf(f'{{"logo": "{broken}"}}')}, root="clean")
    assert site.warning_lines() == [
        f"conf.py:{conf_line(site)}: WARNING: termpages_social_cards.logo '{broken}' is not an "
        "image Pillow can read; no logo is shown [termpages.config]"
    ]
    with Image.open(image_file(site, "alpha.html")) as image:
        assert image.size == (1200, 630)


def test_the_real_site_shows_its_cards(real_site_dir: Path) -> None:
    page = BeautifulSoup((real_site_dir / "fine-tuning.html").read_text(), "html.parser")
    url = page.find("meta", property="og:image")["content"]
    assert url.startswith("https://geonimo.com/glossary/_images/social/")
    assert page.find("meta", property="og:image:alt")["content"] == (
        "Fine-Tuning — Geonimo Glossary"
    )
    assert [tag["content"] for tag in page.find_all("meta", attrs={"name": "twitter:card"})] == [
        "summary_large_image"
    ]
    with Image.open(real_site_dir / url.removeprefix("https://geonimo.com/glossary/")) as image:
        assert image.size == (1200, 630)
