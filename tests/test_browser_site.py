"""The real site in a real browser: what a reader sees, search, phones, dark mode, accessibility."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from conftest import parsed_page

ARTIFACTS = Path(__file__).parent / "artifacts"


def test_term_page_shows_every_element(page: Page, served_real_site: str) -> None:
    page.goto(served_real_site + "fine-tuning")
    article = page.locator("article")
    expect(article.locator("nav.termpages-breadcrumbs")).to_have_text(
        re.compile(r"Glossary\s*›?\s*How LLMs Work\s*›?\s*Fine-Tuning")
    )
    expect(article.locator("h1")).to_contain_text("Fine-Tuning")
    expect(article.locator("p.termpages-definition")).to_be_visible()
    expect(article.locator("details.termpages-faq-item summary")).to_have_count(3)
    expect(article.locator("section#related-terms li a").first).to_be_visible()
    expect(article.locator("p.termpages-last-updated")).to_have_text("Last updated: 2026-12-02")
    button = article.locator("a.termpages-cta-button")
    expect(button).to_have_text("Get your free audit")
    url = urlsplit(button.get_attribute("href") or "")
    assert (url.netloc, url.path) == ("geonimo.com", "/audit")
    assert parse_qs(url.query)["utm_content"] == ["fine-tuning"]
    assert parse_qs(url.query)["utm_source"] == ["glossary"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Retrieval", "retrieval-augmented-generation"), ("RAG", "retrieval-augmented-generation"),
     ("Fine-Tuning", "fine-tuning"), ("foundation model", "base-model")],
)  # fmt: skip
def test_search_finds_terms_by_title_and_alias(
    page: Page, served_real_site: str, query: str, expected: str
) -> None:
    page.goto(f"{served_real_site}search?q={query}")
    link = page.locator(f"#search-results a[href^='{expected}']").first
    expect(link).to_be_visible(timeout=10_000)


@pytest.mark.parametrize(
    ("query", "first"),
    [("Large Language Model", "large-language-model"), ("LLM", "large-language-model"),
     ("llm", "large-language-model"), ("large-language-model", None),
     ("RAG", "retrieval-augmented-generation"), ("Fine-Tuning", "fine-tuning"),
     ("finetuning", "fine-tuning")],
)  # fmt: skip
def test_search_lists_each_term_once(
    page: Page, served_real_site: str, query: str, first: str | None
) -> None:
    """A slug is the term finder's to match; here it only must not list a page twice."""
    page.goto(f"{served_real_site}search?q={query}")
    expect(page.locator("#search-results > p.search-summary")).to_be_visible(timeout=10_000)
    hrefs = page.locator("#search-results ul.search > li > a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    pages = [href.split("#")[0].split("?")[0] for href in hrefs]
    assert pages, f"no results for {query!r}"
    assert len(pages) == len(set(pages)), f"{query!r} lists a page twice: {hrefs}"
    titles = page.locator("#search-results ul.search > li > a").all_inner_texts()
    assert len(titles) == len(set(titles)), f"{query!r} lists a title twice: {titles}"
    assert first is None or pages[0] == first, f"{query!r} does not list the term first: {hrefs}"


def test_phone_width_has_no_horizontal_scroll_and_the_menu_opens(
    browser: Browser, served_real_site: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    for path in ("", "fine-tuning", "category/how-llms-work"):
        page.goto(served_real_site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways ({width}px)"
    drawer = page.locator(".sidebar-drawer")
    assert drawer.bounding_box() is None or drawer.bounding_box()["x"] < 0  # hidden off-screen
    page.locator(".mobile-header label[for='__navigation']").click()
    expect(page.locator(".sidebar-drawer a", has_text="How LLMs Work").first).to_be_in_viewport()
    context.close()


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(page: Page, selector: str, background_selector: str | None = None) -> float:
    colors = page.evaluate(
        """([selector, backgroundSelector]) => {
            const element = document.querySelector(selector);
            let holder = document.querySelector(backgroundSelector || selector);
            let background = getComputedStyle(holder).backgroundColor;
            while (background === 'rgba(0, 0, 0, 0)' && holder.parentElement) {
                holder = holder.parentElement;
                background = getComputedStyle(holder).backgroundColor;
            }
            return [getComputedStyle(element).color, background];
        }""",
        [selector, background_selector],
    )
    foreground, background = (
        tuple(float(n) for n in re.findall(r"[\d.]+", color)) for color in colors
    )
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cta_and_preview_are_legible(browser: Browser, served_real_site: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(served_real_site + "fine-tuning")
    assert contrast(page, ".termpages-cta-text") >= 4.5
    assert contrast(page, ".termpages-cta-heading") >= 4.5
    assert contrast(page, "a.termpages-cta-button") >= 4.5
    link = page.locator("article a.termpages-term").first
    link.hover()
    card = page.locator(f"#{link.get_attribute('aria-describedby')}")
    expect(card).to_be_visible()
    card_id = card.get_attribute("id")
    assert contrast(page, f"#{card_id} .termpages-preview-summary") >= 4.5
    context.close()


def test_no_page_has_a_script_error_or_failed_request(
    page: Page, served_real_site: str, real_site_dir: Path
) -> None:
    pages = sorted(
        re.sub(r"(^|/)index$", r"\1", path.relative_to(real_site_dir).as_posix()[: -len(".html")])
        for path in real_site_dir.rglob("*.html")
        if "_static" not in path.parts
    )  # at their public URLs
    assert len(pages) > 40
    # a renamed term's redirect stub sends readers to the public address; the public host
    # is this server here, so the test follows the redirect without the network
    public = parsed_page(real_site_dir / "index.html").find("link", rel="canonical")["href"]
    page.route(
        public + "**",
        lambda route: route.fulfill(
            response=page.request.get(served_real_site + route.request.url.removeprefix(public))
        ),
    )
    for path in pages:
        page.goto(served_real_site + path)
        page.wait_for_load_state("load")
    # the page fixture fails the test on any console error, page error or failed request


def test_screenshots_for_people_to_look_at(browser: Browser, served_real_site: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "term-light.png": {"color_scheme": "light", "viewport": {"width": 1280, "height": 900}},
        "term-dark.png": {"color_scheme": "dark", "viewport": {"width": 1280, "height": 900}},
        "term-mobile.png": {"viewport": {"width": 375, "height": 800}, "is_mobile": True},
    }
    for name, options in shots.items():
        context = browser.new_context(**options)  # type: ignore[arg-type]
        page = context.new_page()
        page.goto(served_real_site + "fine-tuning")
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        context.close()
        assert (ARTIFACTS / name).stat().st_size > 10_000


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements)"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["", "category/how-llms-work", "fine-tuning", "large-language-model/mentioned-in"]
)
def test_accessibility(browser: Browser, served_real_site: str, path: str, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_real_site + path)
    if path == "fine-tuning":
        page.locator("details.termpages-faq-item summary").first.click()  # an answer open
        page.locator("article a.termpages-term").first.focus()  # a preview shown
        expect(page.locator(".termpages-preview:not([hidden])")).to_have_count(1)
    if path.endswith("/mentioned-in"):
        heading = "Pages that mention Large Language Model (LLM)"
        expect(page.locator("article h1")).to_have_text(heading)
    assert serious_violations(page) == []
    context.close()
