"""The "Edit this page" link: on term pages, to the file's edit page; never on hubs."""

from __future__ import annotations

from pathlib import Path

from conftest import PREVIEW_EDIT_URL, parsed_page

DEFAULT_EDIT_URL = "https://github.com/geonimo/glossary/edit/main/docs/{filename}"


def edit_links(page: Path) -> list[str]:
    return [a["href"] for a in parsed_page(page).select('a[rel="edit"]')]


def test_a_term_page_links_to_its_file_on_the_repository_host(real_site_dir: Path) -> None:
    page = real_site_dir / "gptbot.html"
    assert edit_links(page) == [DEFAULT_EDIT_URL.format(filename="gptbot.md")]
    assert not parsed_page(page).select(".view-this-page")  # the raw file is not published


def test_the_edit_address_comes_from_the_environment(real_site_preview_dir: Path) -> None:
    page = real_site_preview_dir / "fine-tuning.html"
    assert edit_links(page) == [PREVIEW_EDIT_URL.format(filename="fine-tuning.md")]
    # the & of the setting is escaped where it lands in the attribute
    assert "?from=preview&amp;to=main" in page.read_text(encoding="utf-8")


def test_generated_pages_have_no_edit_link(real_site_dir: Path) -> None:
    hubs = sorted((real_site_dir / "category").glob("*.html"))
    assert hubs
    for hub in hubs:
        assert edit_links(hub) == []
        assert not parsed_page(hub).select(".view-this-page")
