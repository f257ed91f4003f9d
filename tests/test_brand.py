"""The Geonimo brand on the real site: logo, links to geonimo.com, footer, 404 page, assets.

The names, links and categories are read from conf.py, as the templates read them.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, parsed_page, site_pages, text_of

CONF = runpy.run_path(str(REPO / "conf.py"))
BRAND = CONF["termpages_publisher"]


@pytest.fixture(scope="module")
def pages(real_site_dir: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(real_site_dir).as_posix(): parsed_page(path)
        for path in site_pages(real_site_dir)
        if "_static" not in path.parts
    }


def test_every_page_carries_the_brand(pages: dict[str, BeautifulSoup]) -> None:
    assert "index.html" in pages and "404.html" in pages
    for name, page in pages.items():
        logos = page.select(".sidebar-brand img")
        assert logos and {img["alt"] for img in logos} == {BRAND["name"]}, name
        # the company site, under the logo and in the phone header
        for where in (".sidebar-drawer", ".mobile-header .header-right"):
            assert page.select(f"{where} a.geonimo-site-link[href='{BRAND['url']}']"), (name, where)
        footer = page.select_one("footer")
        publisher = footer.select_one(".geonimo-publisher a")
        assert (publisher["href"], text_of(publisher)) == (BRAND["url"], BRAND["name"]), name
        assert "Copyright © 2026, Geonimo" in text_of(footer), name
        assert "Made with" not in text_of(footer), name
        assert not footer.select("a[href*='pradyunsg'], a[href*='sphinx-doc.org']"), name
        assets = [tag.get("href") or tag.get("src") for tag in page.select("link, script")]
        assert not [url for url in assets if url and "design" in url], name
        assert any(url and "/geonimo.css" in url for url in assets), name


def test_term_pages_keep_furos_previous_and_next_links(pages: dict[str, BeautifulSoup]) -> None:
    links = pages["fine-tuning.html"].select("footer .related-pages a")
    assert {a["class"][0] for a in links} == {"prev-page", "next-page"}


def test_no_sphinx_design_file_is_published(real_site_dir: Path) -> None:
    assert not [path.name for path in (real_site_dir / "_static").rglob("*design*")]


def test_the_404_page_searches_and_lists_every_hub(pages: dict[str, BeautifulSoup]) -> None:
    article = pages["404.html"].select_one("article")
    prefix, suffix = CONF["notfound_urls_prefix"], CONF["html_link_suffix"]
    form = article.select_one("form[role=search]")
    assert (form["action"], form["method"]) == (f"{prefix}search{suffix}", "get")
    field = form.select_one("input[type=search][name=q]")
    assert text_of(form.select_one(f"label[for='{field['id']}']"))
    links = {a["href"]: text_of(a) for a in article.select("a[href]")}
    assert links[prefix] == "Glossary home"
    for category in CONF["termpages_categories"]:
        url = f"{prefix}{CONF['termpages_hubs_dir']}/{category['id']}{suffix}"
        assert links[url] == category["title"]
