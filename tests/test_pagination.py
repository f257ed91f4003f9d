"""Light pages at any size: paginated hubs and an A–Z split into one page per letter.

tests/roots/test-paged sets the limits so low (two terms a page, the A–Z split above three
terms) that eight terms already need every kind of generated page.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from conftest import ROOTS, BuiltSite, build, html_files, serve, text_of

BASE = "https://paged.example.com/"
FRUIT = ["Alpha", "Apple", "Avocado", "Banana", "Beta"]  # by title, as the hub lists them


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    srcdir = tmp_path_factory.mktemp("paged") / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    return build(srcdir)


def listed(page: BeautifulSoup) -> list[str]:
    return [text_of(a) for a in page.select("ul.termpages-term-list a.termpages-item-title")]


def graph(page: BeautifulSoup) -> list[dict]:
    (script,) = page.select('script[type="application/ld+json"]')
    return json.loads(script.string)["@graph"]


def test_builds_without_warnings(paged: BuiltSite) -> None:
    assert paged.warning_lines() == []


def test_hub_pages_split_the_category_in_title_order(paged: BuiltSite) -> None:
    pages = ["categories/fruit.html", "categories/fruit-2.html", "categories/fruit-3.html"]
    assert [listed(paged.html(p)) for p in pages] == [FRUIT[:2], FRUIT[2:4], FRUIT[4:]]
    other = ["categories/other.html", "categories/other-2.html"]
    assert [listed(paged.html(p)) for p in other] == [["42 Answer", "Cherry"], ["Éclair"]]
    assert not (paged.outdir / "categories/fruit-4.html").exists()


def test_page_bar_is_an_accessible_nav(paged: BuiltSite) -> None:
    for number, name in enumerate(["fruit", "fruit-2", "fruit-3"], start=1):
        page = paged.html(f"categories/{name}.html")
        (bar,) = page.select("nav.termpages-pages")
        assert bar["aria-label"] == "Pages"
        links = bar.select("li > a")
        assert [text_of(a) for a in links] == ["1", "2", "3"]
        assert [a["href"] for a in links] == [
            "fruit.html" if number != 1 else "#",
            "fruit-2.html" if number != 2 else "#",
            "fruit-3.html" if number != 3 else "#",
        ]
        current = [a for a in links if a.get("aria-current") == "page"]
        assert [text_of(a) for a in current] == [str(number)]
        rels = {text_of(a): a.get("rel") for a in links if a.get("rel")}
        expected = {}
        if number > 1:
            expected[str(number - 1)] = ["prev"]
        if number < 3:
            expected[str(number + 1)] = ["next"]
        assert rels == expected
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"{BASE}categories/{name}.html"


def test_further_pages_say_which_page_they_are(paged: BuiltSite) -> None:
    page = paged.html("categories/fruit-2.html")
    assert text_of(page.select_one("h1")).rstrip("¶") == "Fruit, Page 2 of 3"
    crumbs = page.select("nav.termpages-breadcrumbs li")
    assert [text_of(li) for li in crumbs] == ["Glossary", "Fruit", "Page 2 of 3"]
    assert crumbs[1].a["href"] == "fruit.html"
    # the first page keeps the category's own title
    first = paged.html("categories/fruit.html")
    assert text_of(first.select_one("h1")).rstrip("¶") == "Fruit"


def test_home_keeps_categories_and_the_letter_bar_and_links_letter_pages(
    paged: BuiltSite,
) -> None:
    home = paged.html("index.html")
    assert [text_of(a) for a in home.select(".termpages-category-list a")] == [
        "Fruit",
        "Other things",
    ]
    (bar,) = home.select("nav.termpages-az-letters")
    assert [(text_of(a), a["href"]) for a in bar.select("a")] == [
        ("A", "categories/letters/a.html"),
        ("B", "categories/letters/b.html"),
        ("C", "categories/letters/c.html"),
        ("E", "categories/letters/e.html"),
        ("#", "categories/letters/other.html"),
    ]
    # the lists themselves are on the letter pages, not the home page; a letter on two
    # pages has a link to each, named by its first and last terms
    assert home.select("ul.termpages-az-list") == []
    assert [text_of(h) for h in home.select(".termpages-az-letter")] == ["A"]
    ranges = home.select("ul.termpages-az-pages a")
    assert [(text_of(a), a["href"]) for a in ranges] == [
        ("Alpha – Apple", "categories/letters/a.html"),
        ("Avocado – Avocado", "categories/letters/a-2.html"),
    ]


def test_letter_pages_list_their_letter_paginated(paged: BuiltSite) -> None:
    a1, a2 = paged.html("categories/letters/a.html"), paged.html("categories/letters/a-2.html")
    assert listed(a1) == ["Alpha", "Apple"] and listed(a2) == ["Avocado"]
    assert text_of(a1.select_one("h1")).rstrip("¶") == "Terms: A"
    assert text_of(a2.select_one("h1")).rstrip("¶") == "Terms: A, Page 2 of 2"
    assert listed(paged.html("categories/letters/e.html")) == ["Éclair"]
    assert listed(paged.html("categories/letters/other.html")) == ["42 Answer"]
    bar = a2.select_one("nav.termpages-az-letters")
    current = bar.select('a[aria-current="page"]')
    assert [(text_of(a), a["href"]) for a in current] == [("A", "a.html")]
    pages = a2.select_one("nav.termpages-pages")
    assert [(text_of(a), a.get("rel")) for a in pages.select("a")] == [("1", ["prev"]), ("2", None)]


def test_every_term_is_two_clicks_from_home(paged: BuiltSite) -> None:
    def links(page: str) -> set[str]:
        html = paged.html(page)
        article = html.select_one("article")
        found = set()
        for a in article.select("a[href]"):
            href = a["href"].split("#")[0]
            if href and "://" not in href:
                found.add(str(Path(urljoin(page, href))))
        return found

    one = links("index.html")
    two = one | {target for page in one for target in links(page)}
    terms = {f"terms/{p.stem}.html" for p in (paged.srcdir / "terms").glob("*.md")}
    assert len(terms) == 8 and terms <= two


def test_json_ld_lists_exactly_the_terms_each_page_shows(paged: BuiltSite) -> None:
    for page in [
        "categories/fruit.html",
        "categories/fruit-2.html",
        "categories/fruit-3.html",
        "categories/other-2.html",
        "categories/letters/a.html",
        "categories/letters/a-2.html",
        "categories/letters/other.html",
    ]:
        html = paged.html(page)
        nodes = {node["@id"]: node for node in graph(html)}
        (item_list,) = [n for n in nodes.values() if n["@type"] == "ItemList"]
        items = [nodes[element["item"]["@id"]] for element in item_list["itemListElement"]]
        assert [item["name"] for item in items] == listed(html), page
        assert item_list["numberOfItems"] == len(items)
        assert nodes[f"{BASE}{page}#webpage"]["mainEntity"] == {"@id": item_list["@id"]}
    # the home page no longer carries every term: its letter pages do
    home = graph(paged.html("index.html"))
    assert [n for n in home if n["@type"] == "DefinedTerm"] == []


def test_sitemap_lists_exactly_the_pages_written(paged: BuiltSite) -> None:
    tree = ElementTree.fromstring((paged.outdir / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = sorted(loc.text for loc in tree.findall("s:url/s:loc", ns))
    docs = sorted(
        p.relative_to(paged.srcdir).with_suffix(".html").as_posix()
        for p in paged.srcdir.rglob("*.md")
        if "_build" not in p.parts
    )
    assert locs == [BASE + doc for doc in docs]
    # a listing page's lastmod is the newest last_updated among the terms it shows
    lastmods = {
        url.find("s:loc", ns).text: getattr(url.find("s:lastmod", ns), "text", None)
        for url in tree.findall("s:url", ns)
    }
    assert lastmods[BASE + "categories/fruit-2.html"] == "2026-03-04"
    assert lastmods[BASE + "categories/letters/a.html"] == "2026-05-06"
    assert lastmods[BASE + "categories/fruit-3.html"] is None
    assert all((paged.outdir / doc).is_file() for doc in docs)
    assert len(docs) == 1 + 8 + 5 + 6  # home, terms, hub pages, letter pages


def test_twins_show_the_split_pages(paged: BuiltSite) -> None:
    twin = (paged.outdir / "categories/fruit-2.html.md").read_text(encoding="utf-8")
    assert twin.startswith("# Fruit, Page 2 of 3\n")
    assert "- [Avocado](https://paged.example.com/terms/avocado.html)" in twin
    assert "Alpha" not in twin
    home = (paged.outdir / "index.html.md").read_text(encoding="utf-8")
    assert "[A](https://paged.example.com/categories/letters/a.html)" in home


def test_small_glossary_keeps_everything_on_one_page(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    site = build(
        srcdir, confoverrides={"termpages_hub_page_size": 10, "termpages_az_inline_max": 10}
    )
    assert site.warning_lines() == []
    assert not (srcdir / "categories/letters").exists() or not list(
        (srcdir / "categories/letters").glob("*.md")
    )
    assert sorted(p.name for p in (srcdir / "categories").glob("*.md")) == ["fruit.md", "other.md"]
    home = site.html("index.html")
    assert [a["href"] for a in home.select("nav.termpages-az-letters a")] == [
        "#az-a",
        "#az-b",
        "#az-c",
        "#az-e",
        "#az-other",
    ]
    assert len(home.select("ul.termpages-az-list a.termpages-item-title")) == 8
    assert site.html("categories/fruit.html").select("nav.termpages-pages") == []


def test_bad_limits_warn_and_fall_back(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    site = build(srcdir, confoverrides={"termpages_hub_page_size": -3})
    assert [line for line in site.warning_lines() if "hub_page_size" in line] == [
        "conf.py:13: WARNING: termpages_hub_page_size must be a positive whole number, got -3; "
        "using 120 [termpages.config]"
    ]
    assert listed(site.html("categories/fruit.html")) == FRUIT


def test_parallel_and_incremental_builds_equal_a_clean_one(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    serial = build(srcdir, outname="serial", freshenv=True)
    parallel = build(srcdir, outname="parallel", parallel=2, freshenv=True)
    assert html_files(serial.outdir) == html_files(parallel.outdir)

    # retitle a term (it moves from A to Z, and within its hub), add one, remove one
    apple = srcdir / "terms/apple.md"
    apple.write_text(apple.read_text().replace("# Apple", "# Zucchini"))
    (srcdir / "terms/blueberry.md").write_text(
        "---\ncategory: fruit\nsummary: Blueberry is blue.\n---\n\n# Blueberry\n\nText.\n"
    )
    (srcdir / "terms/cherry.md").unlink()
    incremental = build(srcdir, outname="serial")
    assert incremental.warning_lines() == []
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", incremental.status))
    assert {
        "index",
        "categories/fruit",
        "categories/fruit-2",
        "categories/fruit-3",
        "categories/letters/a",
        "categories/letters/b",
        "categories/letters/b-2",
        "categories/letters/z",
    } <= written
    clean = build(srcdir, outname="clean", freshenv=True)
    assert html_files(incremental.outdir) == html_files(clean.outdir)
    assert listed(clean.html("categories/letters/a.html")) == ["Alpha", "Avocado"]
    assert not (clean.outdir / "categories/letters/a-2.html").exists()
    assert not (srcdir / "categories/letters/a-2.md").exists()
    assert listed(clean.html("categories/letters/z.html")) == ["Zucchini"]


def test_a_page_that_would_take_another_categorys_url_is_not_made(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text()
        + 'termpages_categories.append({"id": "fruit-3", "title": "Third", "description": "x"})\n'
    )
    site = build(srcdir)
    assert site.warning_lines() == [
        "WARNING: category 'fruit' needs 3 hub pages, but page 3 would be categories/fruit-3, "
        "another category's hub; its page 2 lists the rest (rename one of the categories) "
        "[termpages.config]"
    ]
    # fruit's second page takes the rest; fruit-3 is the other category's own hub
    assert listed(site.html("categories/fruit-2.html")) == FRUIT[2:]
    assert text_of(site.html("categories/fruit-3.html").select_one("h1")).rstrip("¶") == "Third"
    bar = site.html("categories/fruit.html").select_one("nav.termpages-pages")
    assert [text_of(a) for a in bar.select("a")] == ["1", "2"]
    nodes = graph(site.html("categories/fruit-2.html"))
    (item_list,) = [n for n in nodes if n["@type"] == "ItemList"]
    assert item_list["numberOfItems"] == 3


@pytest.fixture(scope="module")
def served_paged(paged: BuiltSite) -> Iterator[str]:
    yield from serve(paged.outdir)


@pytest.mark.parametrize(
    "path", ["index.html", "categories/fruit-2.html", "categories/letters/a-2.html"]
)
def test_split_pages_pass_axe(page: Page, served_paged: str, path: str) -> None:
    page.goto(served_paged + path)
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def test_a_keyboard_reader_goes_from_home_to_a_term_on_a_letters_second_page(
    page: Page, served_paged: str
) -> None:
    page.goto(served_paged + "index.html")
    link = page.get_by_role("navigation", name="Jump to letter").get_by_role("link", name="A")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/categories/letters/a.html")
    pages = page.get_by_role("navigation", name="Pages")
    assert pages.get_by_role("link", name="1").get_attribute("aria-current") == "page"
    pages.get_by_role("link", name="2").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/categories/letters/a-2.html")
    page.locator("article a.termpages-item-title", has_text="Avocado").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/terms/avocado.html")


def test_hostile_labels_and_titles_land_escaped_on_split_pages(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text().replace('"title": "Fruit"', '"title": "Fruit <i>&amp; *more*"')
        + "termpages_labels = {"
        '"az_letter_title": "<b>{letter}</b> `x` {{y}}", '
        '"pages_label": "\\"><script>alert(1)</script>", '
        '"page_number": "[p]({page}) of {pages}"}\n'
    )
    site = build(srcdir)
    assert site.warning_lines() == []
    hub = site.html("categories/fruit-2.html")
    assert text_of(hub.select_one("h1")).rstrip("¶") == "Fruit <i>&amp; *more*, [p](2) of 3"
    assert hub.select("article i, article script, article b") == []
    bar = hub.select_one("nav.termpages-pages")
    assert bar["aria-label"] == '"><script>alert(1)</script>'
    letter = site.html("categories/letters/a.html")
    assert text_of(letter.select_one("h1")).rstrip("¶") == "<b>A</b> `x` {y}"
    (item_list,) = [n for n in graph(letter) if n["@type"] == "ItemList"]
    assert item_list["name"] == "<b>A</b> `x` {y}"


def test_a_summary_edit_rewrites_only_its_hub_and_letter_pages(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-paged", srcdir)
    build(srcdir)
    banana = srcdir / "terms/banana.md"
    banana.write_text(banana.read_text().replace("a long fruit", "a yellow fruit"))
    site = build(srcdir)
    written = set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", site.status))
    listings = {w for w in written if w.startswith("categories/")}
    assert listings == {
        "categories/fruit",
        "categories/fruit-2",
        "categories/fruit-3",
        "categories/letters/b",
    }
    assert "Banana is a yellow fruit." in text_of(site.html("categories/fruit-2.html"))
    assert "Banana is a yellow fruit." in text_of(site.html("categories/letters/b.html"))
