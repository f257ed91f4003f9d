"""The Geonimo look in a real browser: layout, contrast and accessibility on every kind of page.

Measured from the rendered page (bounding boxes, computed styles), at a desktop and a
phone width, in light and dark mode; screenshots of each go to tests/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

ARTIFACTS = Path(__file__).parent / "artifacts"
PAGES = {"home": "", "hub": "category/how-llms-work", "term": "fine-tuning", "404": "no-such-page"}
WIDTHS = {"desktop": 1280, "phone": 375}
SCHEMES = ("light", "dark")
#: open_page(kind, width=1280, scheme="light") -> the page, loaded
OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, served_real_site: str) -> Iterator[OpenPage]:
    contexts = []

    def opener(kind: str, width: int = 1280, scheme: str = "light") -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": 900},
            color_scheme=scheme,  # type: ignore[arg-type]
            is_mobile=width < 500,
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(served_real_site + PAGES[kind])
        page.wait_for_load_state("load")
        return page

    yield opener
    for context in contexts:
        context.close()


# ------------------------------------------------------------------ colour arithmetic

_RGB = re.compile(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)")


def parse_colour(text: str) -> tuple[float, float, float, float]:
    match = _RGB.match(text.strip())
    assert match, f"not an rgb() colour: {text!r}"
    red, green, blue, alpha = match.groups()
    return float(red), float(green), float(blue), float(alpha) if alpha is not None else 1.0


def luminance(colour: tuple[float, float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue, _ = colour
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(one: str, two: str) -> float:
    light, dark = sorted((luminance(parse_colour(one)), luminance(parse_colour(two))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


BACKGROUND_OF = """(element) => {
  // the colour painted behind an element: its own, or the first opaque one above it
  for (let node = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    const alpha = colour.match(/rgba\\(.*,\\s*([\\d.]+)\\)/);
    if (!alpha || parseFloat(alpha[1]) > 0.99) return colour;
  }
  return "rgb(255, 255, 255)";
}"""


def style(page: Page, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(selector, f"e => getComputedStyle(e).{prop}"))


def background(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, BACKGROUND_OF))


def page_background(page: Page) -> str:
    return str(page.evaluate(f"({BACKGROUND_OF})(document.querySelector('article'))"))


# ------------------------------------------------------------------ layout


@pytest.mark.parametrize("width", WIDTHS.values())
def test_breadcrumb_and_the_theme_icons_share_one_row(open_page: OpenPage, width: int) -> None:
    page = open_page("term", width)
    crumbs = page.locator("article nav.termpages-breadcrumbs").bounding_box()
    icons = [
        box
        for box in (page.locator(".content-icon-container").first.bounding_box(),)
        if box is not None and box["width"] > 0
    ]
    assert crumbs is not None
    assert crumbs["y"] > 4, "the breadcrumb touches the top edge"
    for box in icons:
        crumb_middle = crumbs["y"] + crumbs["height"] / 2
        assert box["y"] <= crumb_middle <= box["y"] + box["height"], (crumbs, box)
        assert crumbs["x"] + crumbs["width"] <= box["x"] + 1, "the breadcrumb runs under the icons"


@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.parametrize("width", WIDTHS.values())
def test_no_page_scrolls_sideways(open_page: OpenPage, kind: str, width: int) -> None:
    page = open_page(kind, width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, kind


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_call_to_action_stands_out(open_page: OpenPage, scheme: str) -> None:
    for kind in ("home", "hub", "term"):
        page = open_page(kind, scheme=scheme)
        assert page.locator("aside.termpages-cta").count() == 1, kind
        box = background(page, "aside.termpages-cta")
        edge = style(page, "aside.termpages-cta", "borderTopColor")
        against_page = max(
            contrast(box, page_background(page)), contrast(edge, page_background(page))
        )
        assert against_page >= 3, (kind, scheme, box, edge)
        for text in ("aside.termpages-cta h2", "aside.termpages-cta .termpages-cta-text"):
            assert contrast(style(page, text, "color"), box) >= 4.5, (kind, scheme, text)
        button = "aside.termpages-cta a.termpages-cta-button"
        assert contrast(style(page, button, "color"), background(page, button)) >= 4.5, kind


@pytest.mark.parametrize("scheme", SCHEMES)
def test_term_links_are_underlined_visibly(open_page: OpenPage, scheme: str) -> None:
    page = open_page("term", scheme=scheme)
    link = "article a.termpages-term"
    assert "underline" in style(page, link, "textDecorationLine")
    underline = style(page, link, "textDecorationColor")
    assert contrast(underline, page_background(page)) >= 3, (scheme, underline)
    assert contrast(style(page, link, "color"), page_background(page)) >= 4.5


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_preview_card_is_not_the_page(open_page: OpenPage, scheme: str) -> None:
    page = open_page("term", scheme=scheme)
    page.locator("article a.termpages-term").first.focus()
    card = ".termpages-preview:not([hidden])"
    page.wait_for_selector(card)
    assert style(page, card, "backgroundColor") != page_background(page)
    assert contrast(style(page, card, "color"), background(page, card)) >= 4.5


def test_faq_has_its_own_marker_and_wraps_beside_it(open_page: OpenPage) -> None:
    page = open_page("term", 375)
    summary = "details.termpages-faq-item > summary"
    assert style(page, summary, "display") != "list-item"  # the browser's own ▶ is gone
    marker = page.eval_on_selector(
        summary,
        "e => [getComputedStyle(e, '::before').content, getComputedStyle(e, '::after').content]",
    )
    assert any(value not in ("none", "normal", '""') for value in marker), marker
    # every line of a long question starts at the same x: text never wraps under the marker
    lefts = page.eval_on_selector_all(
        summary,
        """summaries => summaries.map(s => {
            const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            const lefts = [];
            while (walker.nextNode()) {
              if (!walker.currentNode.textContent.trim()) continue;
              range.selectNodeContents(walker.currentNode);
              for (const rect of range.getClientRects()) lefts.push(Math.round(rect.left));
            }
            return lefts;
        })""",
    )
    assert any(len(set(line)) == 1 and len(line) > 1 for line in lefts), lefts
    for line in lefts:
        assert max(line) - min(line) <= 1, lefts
    # the keyboard still opens it
    page.locator(summary).first.focus()
    page.keyboard.press("Enter")
    assert page.eval_on_selector("details.termpages-faq-item", "d => d.open")


def test_the_home_page_has_a_hero_category_cards_and_a_letter_bar(open_page: OpenPage) -> None:
    page = open_page("home", 375)
    form = page.locator("article form[role=search]")
    assert form.count() == 1 and form.locator("input[type=search]").is_visible()
    letters = page.locator("article nav ul li a[href^='#']")
    assert letters.count() >= 10
    for href in letters.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert page.locator(f"h3[id='{href[1:]}']").count() == 1, href


def test_the_404_page_offers_a_way_on(open_page: OpenPage) -> None:
    page = open_page("404", 375)
    assert page.locator("article form[role=search] input[type=search]").is_visible()
    hrefs = page.locator("article a[href]").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    assert "/glossary/" in hrefs
    assert sum(href.startswith("/glossary/category/") for href in hrefs) >= 4


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS.values())
@pytest.mark.parametrize("kind", PAGES)
def test_accessibility_and_screenshots(
    open_page: OpenPage, kind: str, width: int, scheme: str
) -> None:
    page = open_page(kind, width, scheme)
    if kind == "term":
        page.locator("details.termpages-faq-item summary").first.click()  # an answer open
        page.locator("article a.termpages-term").first.focus()  # a preview shown
        page.wait_for_selector(".termpages-preview:not([hidden])")
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"{kind}-{'desktop' if width > 500 else 'phone'}-{scheme}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    assert (ARTIFACTS / name).stat().st_size > 10_000
    results = Axe().run(page)
    serious = [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []


# ------------------------------------------------------------------ the guide's picture

GUIDE_PICTURE = Path(__file__).parent.parent / "guide" / "term-page.png"


def test_the_guide_shows_a_finished_term_page(open_page: OpenPage) -> None:
    """The guide's picture of a finished term page is taken from the built site."""
    page = open_page("term", 1280)
    page.screenshot(path=str(GUIDE_PICTURE))
    data = GUIDE_PICTURE.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000  # a drawn page, not a blank one
    assert "](term-page.png)" in GUIDE_PICTURE.with_name("authoring.md").read_text()
