"""Previews and FAQ as a reader uses them, in a real Chromium driven by Playwright.

The site is served over HTTP on 127.0.0.1. The browser is Debian's
/usr/bin/chromium (.ci/run installs it): a missing browser fails these tests,
it is never a reason to skip them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from test_hubs import HOME

from conftest import ROOTS, build, serve


def first_link_to(page: Page, slug: str):
    return page.locator(f"article a.termpages-term[href='{slug}.html']").first


def test_hover_shows_preview_and_it_is_hoverable(page: Page, served_site: str) -> None:
    page.goto(served_site + "terms/alpha.html")
    card = page.locator("#termpages-preview-beta")
    expect(card).to_be_hidden()
    first_link_to(page, "beta").hover()
    expect(card).to_be_visible()
    expect(card).to_contain_text("Beta is the second term")
    card.hover()  # moving onto the card keeps it open
    page.wait_for_timeout(400)
    expect(card).to_be_visible()
    page.mouse.move(5, 5)
    expect(card).to_be_hidden()


def test_focus_shows_preview_escape_hides_it_and_focus_stays(page: Page, served_site: str) -> None:
    page.goto(served_site + "terms/alpha.html")
    link = first_link_to(page, "gamma")
    card = page.locator("#termpages-preview-gamma")
    link.focus()
    expect(card).to_be_visible()
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    assert page.evaluate("document.activeElement.getAttribute('href')") == "gamma.html"
    link.blur()
    link.focus()
    expect(card).to_be_visible()
    page.keyboard.press("Tab")  # focus moves on, never into the card
    expect(card).to_be_hidden()
    assert page.evaluate("document.activeElement.closest('.termpages-preview')") is None


def test_keyboard_user_reaches_preview_by_tab(page: Page, served_site: str) -> None:
    page.goto(served_site + "terms/alpha.html")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('termpages-term')"):
            break
    described_by = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    expect(page.locator(f"#{described_by}")).to_be_visible()


def test_touch_first_tap_previews_second_tap_follows(browser: Browser, served_site: str) -> None:
    context = browser.new_context(
        has_touch=True, is_mobile=True, viewport={"width": 375, "height": 800}
    )
    page = context.new_page()
    page.goto(served_site + "terms/alpha.html")
    link = first_link_to(page, "beta")
    link.scroll_into_view_if_needed()
    link.tap()
    expect(page.locator("#termpages-preview-beta")).to_be_visible()
    assert page.url.endswith("terms/alpha.html")
    link.tap()
    page.wait_for_url("**/terms/beta.html")
    context.close()


def test_links_work_without_javascript(browser: Browser, served_site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "terms/alpha.html")
    expect(page.locator("#termpages-preview-beta")).to_be_hidden()
    first_link_to(page, "beta").click()
    page.wait_for_url("**/terms/beta.html")
    context.close()


def test_faq_opens_with_mouse_enter_and_space(page: Page, served_site: str) -> None:
    page.goto(served_site + "terms/alpha.html")
    item = page.locator("details.termpages-faq-item").first
    summary = item.locator("summary")
    answer = item.locator(".termpages-faq-answer")
    expect(answer).to_be_hidden()
    summary.click()
    expect(answer).to_be_visible()
    summary.focus()
    page.keyboard.press("Enter")
    expect(answer).to_be_hidden()
    page.keyboard.press("Space")
    expect(answer).to_be_visible()
    assert item.evaluate("element => element.open") is True


def test_question_anchor_opens_its_answer(page: Page, served_site: str) -> None:
    page.goto(served_site + "terms/alpha.html#emphasis")
    expect(page.locator("#emphasis .termpages-faq-answer")).to_be_visible()


# ---------------------------------------------------------------- the look, with furo's own colours
# The basic site has no stylesheet of its own: what follows is termpages.css on
# furo's defaults. The real site's colours are checked in test_look.py.

BACKGROUND_OF = """element => {
    for (let node = element; node; node = node.parentElement) {
        const colour = getComputedStyle(node).backgroundColor;
        const alpha = colour.match(/rgba\\(.*,\\s*([\\d.]+)\\)/);
        if (!alpha || parseFloat(alpha[1]) > 0.99) return colour;
    }
    return "rgb(255, 255, 255)";
}"""


def ratio(one: str, two: str) -> float:
    def luminance(colour: str) -> float:
        def channel(value: float) -> float:
            value /= 255
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        red, green, blue = (float(n) for n in re.findall(r"[\d.]+", colour)[:3])
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)

    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def computed(page: Page, selector: str, prop: str, pseudo: str = "") -> str:
    return str(
        page.eval_on_selector(
            selector, f"(e, p) => getComputedStyle(e, p || null).{prop}", pseudo or None
        )
    )


def new_page(browser: Browser, width: int = 1280, scheme: str = "light") -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        color_scheme=scheme,  # type: ignore[arg-type]
        is_mobile=width < 500,
    )
    return context.new_page()


def test_faq_draws_its_own_marker_and_wraps_the_question_beside_it(
    browser: Browser, served_site: str
) -> None:
    page = new_page(browser, 375)
    page.goto(served_site + "terms/alpha.html")
    summary = "details.termpages-faq-item > summary"
    assert computed(page, summary, "display") == "flex"  # no native list-item marker
    assert computed(page, summary, "listStyleType") == "none"
    # a plus that turns into a cross; its alternative text is empty, so it is not read out
    assert computed(page, summary, "content", "::after") == '"+" / ""'
    assert float(computed(page, summary, "width", "::after").removesuffix("px")) > 4
    closed = computed(page, summary, "transform", "::after")
    # each line of the question starts at the same x, never under the marker
    lines = page.eval_on_selector(
        summary + " > span",
        """span => {
            const range = document.createRange();
            range.selectNodeContents(span);
            return [...range.getClientRects()].map(r => [Math.round(r.left), Math.round(r.right)]);
        }""",
    )
    marker = page.eval_on_selector(summary, "s => parseFloat(getComputedStyle(s, '::after').width)")
    assert len({left for left, _ in lines}) == 1 and len(lines) > 1, lines
    box = page.locator(summary).first.bounding_box()
    assert box is not None
    assert max(right for _, right in lines) <= box["x"] + box["width"] - marker
    page.locator(summary).first.focus()
    page.keyboard.press("Enter")
    assert page.eval_on_selector("details.termpages-faq-item", "d => d.open")
    page.wait_for_function(  # the chevron turns (a short transition)
        "([selector, closed]) => getComputedStyle(document.querySelector(selector), '::after')"
        ".transform !== closed",
        arg=[summary, closed],
    )
    assert computed(page, summary, "outlineStyle") == "solid"  # the focus ring
    page.context.close()


def test_a_related_card_is_one_link_across_its_whole_box(
    browser: Browser, served_site: str
) -> None:
    page = new_page(browser)
    page.goto(served_site + "terms/alpha.html")
    card = page.locator("section#related-terms li").first
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    assert box is not None
    expect(card.locator(".termpages-summary")).to_be_visible()
    expect(card.locator(".termpages-sep")).to_be_hidden()  # the dash is for text readers
    card.locator("a").focus()
    ring = "section#related-terms li a"
    assert computed(page, ring, "outlineStyle", "::after") == "solid"
    # a click anywhere on the card, here its bottom-right corner, follows the title link
    page.mouse.click(box["x"] + box["width"] - 6, box["y"] + box["height"] - 6)
    page.wait_for_url("**/terms/beta.html")
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_breadcrumb_and_furos_icons_share_one_row(
    browser: Browser, served_site: str, width: int
) -> None:
    page = new_page(browser, width)
    page.goto(served_site + "terms/alpha.html")
    crumbs = page.locator("article nav.termpages-breadcrumbs").bounding_box()
    icons = page.locator(".content-icon-container").bounding_box()
    header = page.locator(".mobile-header").bounding_box()
    title = page.locator("article h1").bounding_box()
    assert crumbs is not None and icons is not None and title is not None
    top = header["y"] + header["height"] if header and header["height"] else 0
    assert crumbs["y"] >= top + 12, "the breadcrumb touches the top edge or the header"
    if icons["width"] > 0:  # on phones furo moves the icons into the header
        middle = crumbs["y"] + crumbs["height"] / 2
        assert icons["y"] <= middle <= icons["y"] + icons["height"], (crumbs, icons)
        assert crumbs["x"] + crumbs["width"] <= icons["x"], "the breadcrumb runs under the icons"
    assert title["y"] >= max(crumbs["y"] + crumbs["height"], icons["y"] + icons["height"])
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cta_term_links_and_previews_with_furos_colours(
    browser: Browser, served_site: str, scheme: str
) -> None:
    page = new_page(browser, scheme=scheme)
    page.goto(served_site + "terms/alpha.html")
    ground = page.evaluate(f"({BACKGROUND_OF})(document.querySelector('article'))")
    cta = "aside.termpages-cta"
    panel = page.eval_on_selector(cta, BACKGROUND_OF)
    edge = computed(page, cta, "borderTopColor")
    assert max(ratio(panel, ground), ratio(edge, ground)) >= 3
    for text in (cta + " h2", cta + " .termpages-cta-text"):
        assert ratio(computed(page, text, "color"), panel) >= 4.5, text
    button = cta + " a.termpages-cta-button"
    assert (
        ratio(computed(page, button, "color"), page.eval_on_selector(button, BACKGROUND_OF)) >= 4.5
    )
    assert float(computed(page, cta + " h2", "fontSize").removesuffix("px")) >= 24
    link = "article a.termpages-term"
    assert computed(page, link, "textDecorationLine") == "underline"
    assert ratio(computed(page, link, "textDecorationColor"), ground) >= 3
    assert float(computed(page, link, "textDecorationThickness").removesuffix("px")) >= 1
    page.locator(link).first.focus()
    card = ".termpages-preview:not([hidden])"
    page.wait_for_selector(card)
    assert computed(page, card, "backgroundColor") != ground
    assert computed(page, card, "borderTopStyle") == "solid"
    page.context.close()


@pytest.fixture(scope="module")
def served_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The basic site with the home page docs/index.md has: hero, cards, A–Z, CTA."""
    srcdir = tmp_path_factory.mktemp("home") / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (srcdir / "index.md").write_text(HOME, encoding="utf-8")
    site = build(srcdir)
    assert site.warning_lines() == []
    yield from serve(site.outdir)


@pytest.mark.parametrize("width", [1280, 375])
def test_home_search_box_takes_a_query_to_the_search_page(
    browser: Browser, served_home: str, width: int
) -> None:
    page = new_page(browser, width)
    page.goto(served_home)
    # a search box, which the term finder makes a combobox
    field = page.get_by_role("combobox", name="Search the glossary")
    expect(field).to_be_in_viewport()  # on a phone too, not only in the menu
    field.fill("Gamma")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=Gamma")
    expect(page.locator("#search-results a[href*='terms/gamma']").first).to_be_visible(
        timeout=10_000
    )
    page.goto(served_home)
    page.locator("nav.termpages-az-letters a", has_text="G").click()
    page.wait_for_url("**#az-g")
    expect(page.locator("h3#az-g")).to_be_in_viewport()
    page.context.close()
