"""The term finder as a reader uses it, in a real Chromium: typing, keys, mouse, screen readers.

The basic site's sidebar search box, served over HTTP; the ``page`` fixture fails a
test on any script error or failed request.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Locator, Page, Route, expect
from test_hubs import HOME

from conftest import ROOTS, build, serve

BOX = "form[role=search] input[name=q]"


def open_finder(page: Page, url: str) -> Locator:
    page.goto(url)
    box = page.locator(BOX).first
    expect(box).to_have_attribute("role", "combobox")
    return box


def listbox(page: Page, box: Locator) -> Locator:
    return page.locator("#" + (box.get_attribute("aria-controls") or "missing"))


def test_typing_suggests_terms_with_their_summaries(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "terms/alpha.html")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("a")
    options = listbox(page, box).get_by_role("option")
    expect(listbox(page, box)).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    expect(listbox(page, box)).to_have_accessible_name("Suggested terms")
    expect(page.get_by_role("listbox", name="Suggested terms")).to_have_count(1)
    # prefix matches first (Alpha), then the others containing an "a", in reading order
    expect(options.locator(".termfinder-title")).to_have_text(["Alpha", "Beta", "Éclair", "Gamma"])
    expect(options.first.locator(".termfinder-summary")).to_have_text(
        "Alpha is the first term, used to test every part of a term page."
    )
    box.press_sequentially("lp")
    expect(options).to_have_count(1)
    expect(page.locator(".termfinder-status").first).to_have_text("1 term suggested")
    box.fill("zzz")
    expect(listbox(page, box)).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator(".termfinder-status").first).to_have_text(
        "No term matches; press Enter to search the full text"
    )


@pytest.mark.parametrize(
    ("typed", "title"),
    [("eclair", "Éclair"), ("ÉCLAIR", "Éclair"), ("GAM", "Gamma"), ("ga-mma", "Gamma"),
     ("thirdterm", "Gamma"), ("third-term", "Gamma"), ("letter a", "Alpha"), ("  BETA ", "Beta")],
)  # fmt: skip
def test_case_accents_hyphens_and_spaces_are_forgiven(
    page: Page, served_site: str, typed: str, title: str
) -> None:
    box = open_finder(page, served_site + "index.html")
    box.fill(typed)
    expect(
        listbox(page, box).get_by_role("option").first.locator(".termfinder-title")
    ).to_contain_text(title)


def test_an_alias_match_names_the_alias(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "index.html")
    box.fill("third")
    option = listbox(page, box).get_by_role("option").first
    expect(option.locator(".termfinder-title")).to_have_text("Gamma (third term)")


def test_arrows_highlight_and_enter_opens_the_term(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "index.html")
    box.fill("a")
    options = listbox(page, box).get_by_role("option")
    expect(options).to_have_count(4)
    assert box.get_attribute("aria-activedescendant") is None
    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", options.nth(1).get_attribute("id") or "")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(page.locator("[role=option][aria-selected=true]")).to_have_count(1)
    box.press("ArrowUp")
    box.press("ArrowUp")  # from the first, up wraps to the last
    expect(options.nth(3)).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")  # and down wraps to the first
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/terms/beta.html")


def test_escape_closes_then_clears(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "index.html")
    box.fill("beta")
    expect(listbox(page, box)).to_be_visible()
    box.press("ArrowDown")
    box.press("Escape")
    expect(listbox(page, box)).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    assert box.get_attribute("aria-activedescendant") is None
    expect(box).to_have_value("beta")
    box.press("ArrowDown")  # the list opens again on the same query
    expect(listbox(page, box)).to_be_visible()
    box.press("Escape")
    box.press("Escape")
    expect(box).to_have_value("")
    expect(box).to_be_focused()


def test_enter_without_a_choice_goes_to_full_text_search(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "terms/alpha.html")
    box.fill("gamma")
    expect(listbox(page, box)).to_be_visible()
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=gamma(&|$)"))
    expect(page.locator("#search-results a[href*='terms/gamma']").first).to_be_visible(
        timeout=10_000
    )


def test_a_click_on_a_suggestion_opens_the_term(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "terms/alpha.html")
    box.fill("ecl")
    listbox(page, box).get_by_role("option").first.locator(".termfinder-summary").click()
    page.wait_for_url("**/terms/eclair.html")


def test_leaving_the_box_closes_the_list(page: Page, served_site: str) -> None:
    box = open_finder(page, served_site + "terms/alpha.html")
    box.fill("a")
    expect(listbox(page, box)).to_be_visible()
    page.locator("article h1").click()
    expect(listbox(page, box)).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")


def test_nothing_is_fetched_before_the_box_is_used(page: Page, served_site: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served_site + "terms/alpha.html")
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 400)
    page.keyboard.press("Tab")  # not into the search box: furo's skip link comes first
    page.wait_for_timeout(300)
    assert [url for url in requested if "/termfinder/" in url] == []
    assert any(url.split("?")[0].endswith("_static/termfinder.js") for url in requested)
    with page.expect_request("**/termfinder/index.json"):
        page.locator(BOX).first.focus()
    assert [url for url in requested if "/termfinder/s" in url] == []  # summaries wait
    with page.expect_request(re.compile(r"/termfinder/s0\.json\?v=[0-9a-f]{12}$")):
        page.locator(BOX).first.fill("al")


def test_without_javascript_the_box_is_a_plain_search_form(
    browser: Browser, served_site: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served_site + "terms/alpha.html")
    box = page.locator(BOX).first
    assert box.get_attribute("role") is None
    box.fill("gamma")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=gamma"))
    context.close()


def test_an_index_that_fails_to_load_leaves_the_plain_search_form(
    browser: Browser, served_site: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    failing = {"left": 1}

    def first_fails(route: Route) -> None:
        if failing["left"]:
            failing["left"] -= 1
            route.fulfill(status=503, body="busy")
        else:
            route.continue_()

    page.route("**/termfinder/index.json", first_fails)
    box = open_finder(page, served_site + "terms/alpha.html")
    box.fill("gam")
    page.wait_for_timeout(300)
    expect(listbox(page, box)).to_be_hidden()
    box.fill("gamm")  # the next use asks again, and the index arrives
    expect(listbox(page, box).get_by_role("option")).to_have_count(1)
    box.press("Escape")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=gamm(&|$)"))
    assert errors == []
    context.close()


@pytest.fixture(scope="module")
def served_hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The basic site with a term whose title and summary look like markup, and the home
    page's own search box (the hero) beside the sidebar's."""
    srcdir = tmp_path_factory.mktemp("finder") / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (srcdir / "index.md").write_text(HOME, encoding="utf-8")
    (srcdir / "terms" / "hostile.md").write_text(
        "---\ncategory: cat-two\nsummary: 'Says <img src=x onerror=\"window.hit=1\"> & more.'\n"
        "---\n\n# &lt;b&gt;Bold&lt;/b&gt; Claim\n\nText.\n",
        encoding="utf-8",
    )
    site = build(srcdir)
    assert site.warning_lines() == []
    yield from serve(site.outdir)


def test_writer_text_shows_as_text_never_as_markup(page: Page, served_hostile: str) -> None:
    box = open_finder(page, served_hostile + "terms/alpha.html")
    box.fill("bold")
    option = listbox(page, box).get_by_role("option").first
    expect(option.locator(".termfinder-title")).to_have_text("<b>Bold</b> Claim")
    expect(option.locator(".termfinder-summary")).to_have_text(
        'Says <img src=x onerror="window.hit=1"> & more.'
    )
    assert option.locator("b, img").count() == 0
    assert page.evaluate("window.hit") is None


def test_each_search_box_on_a_page_has_its_own_list(page: Page, served_hostile: str) -> None:
    page.goto(served_hostile)
    boxes = page.locator(BOX)
    expect(boxes).to_have_count(2)
    ids = {boxes.nth(n).get_attribute("aria-controls") for n in range(2)}
    assert len(ids) == 2 and None not in ids
    hero = page.get_by_role("combobox", name="Search the glossary")
    hero.fill("gam")
    expect(listbox(page, hero).get_by_role("option")).to_have_text([re.compile("^Gamma")])
    hero.press("ArrowDown")
    hero.press("Enter")
    page.wait_for_url("**/terms/gamma.html")


def test_on_a_phone_the_home_pages_list_fits_the_screen(
    browser: Browser, served_hostile: str
) -> None:
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(served_hostile)
    hero = page.get_by_role("combobox", name="Search the glossary")
    hero.fill("a")
    options = listbox(page, hero).get_by_role("option")
    expect(options.first.locator(".termfinder-summary")).not_to_be_empty()
    expect(options.first).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = listbox(page, hero).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    options.filter(has_text="Beta").tap()
    page.wait_for_url("**/terms/beta.html")
    context.close()


def violations(page: Page) -> set[str]:
    return {
        f"{v['id']} ({v['impact']}): {v['help']} {n['target']}"
        for v in Axe().run(page).response["violations"]
        for n in v["nodes"]
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_finder_passes_axe(browser: Browser, served_hostile: str, scheme: str) -> None:
    """No violation in the open finder; the page's own (furo's moderate ones) are not its to fix."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for url, box_selector in (
        (served_hostile + "terms/alpha.html", BOX),
        (served_hostile, "#termpages-search-q"),
    ):
        page.goto(url)
        before = violations(page)
        box = page.locator(box_selector).first
        box.fill("a")
        options = listbox(page, box).get_by_role("option")
        expect(options.first).to_be_visible()  # the index is fetched on first use
        box.press("ArrowDown")
        expect(options.first).to_have_attribute("aria-selected", "true")
        expect(options.first.locator(".termfinder-summary")).not_to_be_empty()
        after = violations(page)
        assert after - before == set(), url
        assert [v for v in after if "(serious)" in v or "(critical)" in v] == [], url
    context.close()


# ---------------------------------------------------------------- the real site, as published


@pytest.mark.parametrize(
    ("path", "typed", "expected"),
    [("fine-tuning", "finetuning", "fine-tuning"), ("", "rag", "retrieval-augmented-generation"),
     ("category/how-llms-work", "Fine Tuning", "fine-tuning"),
     ("no/such/page", "fine-tun", "fine-tuning")],
)  # fmt: skip
def test_the_real_sites_search_box_finds_terms_at_clean_urls(
    browser: Browser, served_real_site: str, path: str, typed: str, expected: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_real_site + path)
    box = page.locator(BOX + ":visible").first
    expect(box).to_have_attribute("role", "combobox")
    box.fill(typed)
    options = listbox(page, box).get_by_role("option")
    expect(options.first.locator(".termfinder-summary")).not_to_be_empty()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(served_real_site + expected)
    expect(page.locator("article h1")).to_be_visible()
    context.close()
