"""Category hubs, the category list and the A–Z index: generated from the term files alone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, BuiltSite, SiteFactory, build, built_site, text_of

#: A home page with every home directive, as docs/index.md uses them.
HOME = """# Glossary

```{glossary-hero}
Welcome to the *test* glossary.
```

## Categories

```{glossary-categories}
```

## All terms A–Z

```{glossary-az}
```

```{glossary-cta}
```
"""


def test_hub_lists_its_terms_as_cards_then_the_cta(site: BuiltSite) -> None:
    hub = site.html("categories/cat-one.html")
    assert text_of(hub.select_one("h1")).startswith("Category One")
    lede = hub.select_one("p.termpages-category-description")
    assert text_of(lede) == "Terms of the first kind." and "termpages-lede" in lede["class"]
    cards = hub.select("ul.termpages-term-list.termpages-cards > li")
    titles = [li.select_one("a.termpages-item-title") for li in cards]
    assert [text_of(a) for a in titles] == ["Alpha", "Beta"]
    assert [a["href"] for a in titles] == ["../terms/alpha.html", "../terms/beta.html"]
    assert [text_of(li.select_one(".termpages-summary")) for li in cards] == [
        "Alpha is the first term, used to test every part of a term page.",
        "Beta is the second term and shows another call to action.",
    ]
    for card in cards:
        assert len(card.select("a, button, input, [tabindex]")) == 1
    crumbs = hub.select("nav.termpages-breadcrumbs li")
    assert [text_of(li) for li in crumbs] == ["Glossary", "Category One"]
    # the site's default call to action ends the page, after the cards
    article = hub.select_one("article")
    cta = article.select_one("aside.termpages-cta")
    assert text_of(cta.find("h2")) == "Track this for your brand"
    assert cta.find_previous("ul", class_="termpages-cards") is not None
    assert article.select("section")[-1].find_all(True, recursive=False)[-1] == cta
    href = urlsplit(cta.select_one("a.termpages-cta-button")["href"])
    assert parse_qs(href.query)["utm_content"] == ["categories/cat-one"]


def test_home_lists_categories_as_cards_in_declared_order(site: BuiltSite) -> None:
    home = site.html("index.html")
    cards = home.select("ul.termpages-category-list.termpages-cards > li")
    titles = [li.select_one("a.termpages-item-title") for li in cards]
    assert [text_of(a) for a in titles] == ["Category One", "Category Two"]
    assert [a["href"] for a in titles] == ["categories/cat-one.html", "categories/cat-two.html"]
    assert text_of(cards[0].select_one(".termpages-summary")) == "Terms of the first kind."
    assert text_of(cards[0].select_one(".termpages-card-count")) == "2 terms"
    # text readers (and the Markdown twin) read one line
    assert text_of(cards[0]) == "Category One — Terms of the first kind. (2 terms)"


def test_a_to_z_has_letter_headings_and_a_bar_of_letter_links(site: BuiltSite) -> None:
    home = site.html("index.html")
    bar = home.select_one("nav.termpages-az-letters")
    assert bar["aria-label"] == "Jump to letter"
    links = bar.select(":scope > ul > li > a")
    assert [a.get_text() for a in links] == ["A", "B", "E", "G"]
    az = home.select_one("div.termpages-az")
    # the letters are headings one level below the "## All terms" section, with the ids
    headings = az.select("h3.termpages-az-letter")
    assert [h.get_text() for h in headings] == ["A", "B", "E", "G"]
    assert [f"#{h['id']}" for h in headings] == [a["href"] for a in links]
    assert home.select_one("section#all-terms").find("h2") is not None
    for heading in headings:
        assert heading.find_parent("section")["id"] == "all-terms"
        assert heading.find_next_sibling()["class"][:2] == [
            "termpages-term-list",
            "termpages-az-list",
        ]
    terms = [text_of(a) for a in az.select("ul.termpages-term-list a")]
    assert terms == ["Alpha", "Beta", "Éclair", "Gamma"]
    assert az.select_one("a.termpages-item-title + .termpages-sep + .termpages-summary")


def test_home_hero_has_the_count_line_and_a_search_form(make_site: SiteFactory) -> None:
    site = make_site({"index.md": HOME})
    assert site.warning_lines() == []
    home = site.html("index.html")
    hero = home.select_one("article div.termpages-hero")
    assert hero.find_previous("h1") is not None
    assert text_of(hero.select_one("p.termpages-lede")) == "Welcome to the test glossary."
    count = hero.select_one("p.termpages-hero-count")
    assert text_of(count) == "4 terms, from Alpha to Gamma"
    assert [a["href"] for a in count.select("a")] == ["terms/alpha.html", "terms/gamma.html"]
    form = hero.select_one("form.termpages-search")
    assert (form["role"], form["method"], form["action"]) == ("search", "get", "search.html")
    assert (site.outdir / form["action"]).is_file()
    field = form.select_one("input")
    assert (field["type"], field["name"]) == ("search", "q")
    label = form.select_one("label")
    assert label["for"] == field["id"] and text_of(label) == "Search the glossary"
    assert text_of(form.select_one("button[type=submit]")) == "Search"
    # the call to action comes last, after the A-Z list
    cta = home.select_one("aside.termpages-cta")
    assert cta.find_previous("div", class_="termpages-az") is not None
    assert parse_qs(urlsplit(cta.select_one("a")["href"]).query)["utm_content"] == ["index"]


def test_home_wording_comes_from_the_labels(make_site: SiteFactory) -> None:
    site = make_site(
        {"index.md": HOME},
        confoverrides={
            "termpages_labels": {
                "glossary_count": "{terms} here, {first} first, {last} last, {unknown}",
                "term_count_many": "{count} entries",
                "search_label": "Find",
                "search_placeholder": "Type a term",
                "search_button": "Go",
                "az_letters_label": "Letters",
            }
        },
    )
    home = site.html("index.html")
    count = home.select_one("p.termpages-hero-count")
    assert text_of(count) == "4 entries here, Alpha first, Gamma last, {unknown}"
    form = home.select_one("form.termpages-search")
    assert text_of(form.label) == "Find" and text_of(form.button) == "Go"
    assert form.input["placeholder"] == "Type a term"
    assert home.select_one("nav.termpages-az-letters")["aria-label"] == "Letters"
    one = make_site(
        {
            "index.md": HOME,
            **{f"terms/{name}.md": None for name in ("beta", "gamma", "eclair")},
            "terms/alpha.md": "---\ncategory: cat-one\nsummary: Alone.\n---\n\n# Alpha\n\nText.\n",
        }
    )
    assert text_of(one.html("index.html").select_one("p.termpages-hero-count")) == "1 term: Alpha"


def test_glossary_cta_directive_variants_and_misuse(make_site: SiteFactory) -> None:
    page = "# Page\n\n```{glossary-cta} alt\n```\n\n```{glossary-cta} nope\n```\n"
    term = (ROOTS / "test-basic/terms/eclair.md").read_text() + "\n```{glossary-cta}\n```\n"
    listed = HOME.replace("## Categories", "```{toctree}\n:hidden:\npage\n```\n\n## Categories")
    site = make_site({"index.md": listed, "page.md": page, "terms/eclair.md": term})
    assert site.warning_lines() == [
        "page.md:6: WARNING: glossary-cta: unknown call-to-action variant 'nope' "
        "(known: alt, default) [termpages.directive]",
        "terms/eclair.md:10: WARNING: glossary-cta: a term page shows its call to action "
        "already (choose another one with `cta:` in the front matter) [termpages.directive]",
    ]
    boxes = site.html("page.html").select("aside.termpages-cta")
    assert [text_of(box.h2) for box in boxes] == ["Talk to us"]
    assert len(site.html("terms/eclair.html").select("aside.termpages-cta")) == 1
    # with no default variant, hubs and the home page show none
    none = make_site({"index.md": HOME}, confoverrides={"termpages_cta_default": ""})
    assert none.warning_lines() == []
    for name in ("index.html", "categories/cat-one.html"):
        assert none.html(name).select_one("aside.termpages-cta") is None, name


def nav_links(page: BeautifulSoup) -> list[str]:
    return [text_of(a) for a in page.select(".sidebar-tree a.reference")]


def test_navigation_holds_categories_and_the_current_categorys_terms(site: BuiltSite) -> None:
    page = site.html("terms/alpha.html")
    assert nav_links(page) == ["Category One", "Alpha", "Beta", "Category Two"]
    current = page.select_one(".sidebar-tree li.current-page > a")
    assert text_of(current) == "Alpha" and current["href"] == "#"
    # furo turns the expanded category into a collapsible, checked (open) entry
    assert page.select_one(".sidebar-tree li.has-children input.toctree-checkbox[checked]")
    assert nav_links(site.html("index.html")) == ["Category One", "Category Two"]
    hub = site.html("categories/cat-two.html")
    assert nav_links(hub) == ["Category One", "Category Two", "Éclair", "Gamma"]


def test_navigation_stays_small_in_a_large_category(make_site: SiteFactory) -> None:
    extra = {
        f"terms/t{number:02d}.md": (
            f"---\ncategory: cat-one\nsummary: Term {number}.\n---\n\n# T{number:02d}\n\nText.\n"
        )
        for number in range(40)
    }
    site = make_site(extra, confoverrides={"termpages_nav_terms": 5})
    page = site.html("terms/t20.html")
    links = nav_links(page)
    assert links == ["Category One", "T18", "T19", "T20", "T21", "T22", "All 42 terms",
                     "Category Two"]  # fmt: skip
    more = page.select_one(".sidebar-tree li.termpages-nav-all a")
    assert more["href"] == "../categories/cat-one.html"
    first = nav_links(site.html("terms/alpha.html"))
    assert first[:3] == ["Category One", "Alpha", "Beta"]


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="hubs-theme-navigation",
    confoverrides={"termpages_navigation": False},
)
def test_theme_navigation_can_be_kept(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    links = nav_links(site.html("terms/alpha.html"))
    assert "Gamma" in links  # the theme's whole-site tree, every term everywhere


# Sphinx drops a leading byte-order mark (as editors on Windows write); the hub's own
# read of the category must too, or the page leaves the hub's toctree and navigation
@pytest.mark.parametrize("mark", ["", "\ufeff"], ids=["plain", "byte-order-mark"])
def test_new_term_needs_no_other_edit(make_site: SiteFactory, mark: str) -> None:
    site = make_site(
        {
            "terms/delta.md": f"{mark}---\ncategory: cat-two\nsummary: Delta is new.\n---\n\n"
            "# Delta\n\nText.\n"
        }
    )
    assert site.warning_lines() == []
    hub = site.html("categories/cat-two.html")
    assert "Delta" in [text_of(a) for a in hub.select("ul.termpages-cards a")]
    assert "Delta" in [text_of(a) for a in hub.select(".sidebar-tree a")]
    assert site.html("terms/delta.html").select(".related-pages a") != []
    home = site.html("index.html")
    assert "Delta" in [text_of(a) for a in home.select("div.termpages-az a")]


def test_empty_category_says_so(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/gamma.md": None,
            "terms/eclair.md": None,
            "terms/alpha.md": None,
            "terms/beta.md": None,
        }
    )
    hub = site.html("categories/cat-two.html")
    assert text_of(hub.select_one("p.termpages-empty")) == "No terms in this category yet."


# its own copy of the test root: the test writes into the source folder
@pytest.mark.sphinx("html", testroot="basic", srcdir="hubs-generated-and-cleaned")
def test_hub_files_are_generated_and_cleaned(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    hubs = site.srcdir / "categories"
    assert sorted(p.name for p in hubs.glob("*.md")) == ["cat-one.md", "cat-two.md"]
    # the .gitignore names the generated files only: a file of the maintainer's stays tracked
    assert (hubs / ".gitignore").read_text().splitlines()[1:] == [
        "/.gitignore",
        "/cat-one.md",
        "/cat-two.md",
    ]
    stale = hubs / "old.md"
    stale.write_text((hubs / "cat-one.md").read_text())
    kept = hubs / "mine.md"
    kept.write_text("# Not generated\n")
    build(site.srcdir)
    assert not stale.exists()
    assert kept.exists()
    assert "/mine.md" not in (hubs / ".gitignore").read_text().splitlines()


def test_an_ignore_everything_file_of_earlier_versions_is_replaced(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "categories/.gitignore": "# generated by termpages\n*\n",
            "categories/notes.txt": "The maintainer's own file.\n",
        }
    )
    lines = (site.srcdir / "categories/.gitignore").read_text().splitlines()
    assert lines[1:] == ["/.gitignore", "/cat-one.md", "/cat-two.md"]


def test_a_gitignore_of_the_maintainers_is_left_alone(make_site: SiteFactory) -> None:
    site = make_site({"categories/.gitignore": "*.bak\n"})
    assert (site.srcdir / "categories/.gitignore").read_text() == "*.bak\n"
    assert (site.outdir / "categories/cat-one.html").is_file()


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="hubs-escaped-title",
    confoverrides={
        "termpages_categories": [
            {"id": "cat-one", "title": "*Not* `code` {term}`x` <b>"},
            {"id": "cat-two", "title": "Two"},
        ]
    },
)
def test_hub_title_is_escaped_markdown(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    assert site.warning_lines() == []
    hub = site.html("categories/cat-one.html")
    assert text_of(hub.select_one("h1")).startswith("*Not* `code` {term}`x` <b>")
    assert hub.select_one("h1 b") is None and hub.select_one("h1 em") is None


def test_hubs_are_in_the_source_tree_only_as_generated_files(site: BuiltSite) -> None:
    for path in Path(site.srcdir, "categories").glob("*.md"):
        assert path.read_text().startswith("% Generated by termpages")


def test_a_writers_file_in_the_hub_folder_is_never_overwritten(make_site: SiteFactory) -> None:
    mine = "---\norphan: true\n---\n# My own page\n\nHand written.\n"
    site = make_site({"categories/cat-one.md": mine})
    # the category's terms are then in no toctree, which Sphinx reports in its turn
    assert site.warning_lines()[0] == (
        "WARNING: categories/cat-one.md was not written by termpages; it is left as it is, so "
        "the category has no generated hub (move the file or set termpages_hubs_dir) "
        "[termpages.config]"
    )
    assert (site.srcdir / "categories/cat-one.md").read_text() == mine


def test_home_wording_and_cta_are_escaped(make_site: SiteFactory) -> None:
    hostile = '"><img src=x onerror=alert(1)> & <b>'
    cta = {
        "default": {
            "heading": hostile,
            "text": hostile,
            "button": hostile,
            "url": "https://example.com/?q=<x>",
        }
    }
    labels = {key: hostile for key in ("search_label", "search_placeholder", "search_button")}
    labels["az_letters_label"] = hostile
    labels["glossary_count"] = hostile + " {first}"
    site = make_site(
        {"index.md": HOME}, confoverrides={"termpages_labels": labels, "termpages_cta": cta}
    )
    for name in ("index.html", "categories/cat-one.html"):
        page = site.html(name)
        article = page.select_one("article")
        assert article.select("img, b") == [], name
        for tag in article.find_all(True):
            assert not any(attribute.startswith("on") for attribute in tag.attrs), name
    home = site.html("index.html")
    assert home.select_one("input.termpages-search-input")["placeholder"] == hostile
    assert home.select_one("nav.termpages-az-letters")["aria-label"] == hostile
    assert text_of(home.select_one("p.termpages-hero-count")) == " ".join(
        f"{hostile} Alpha".split()
    )
    assert text_of(home.select_one("aside.termpages-cta h2")) == " ".join(hostile.split())
