"""Previews and FAQ as a reader uses them, in a real Chromium driven by Playwright.

The site is served over HTTP on 127.0.0.1. The browser is Debian's
/usr/bin/chromium (.ci/run installs it): a missing browser fails these tests,
it is never a reason to skip them.
"""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect


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
