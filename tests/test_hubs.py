"""Category hubs, the category list and the A–Z index: generated from the term files alone."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from conftest import BuiltSite, SiteFactory, build, text_of


def test_hub_lists_its_terms_with_summaries(site: BuiltSite) -> None:
    hub = site.html("categories/cat-one.html")
    assert text_of(hub.select_one("h1")).startswith("Category One")
    assert text_of(hub.select_one("p.termpages-category-description")) == "Terms of the first kind."
    items = hub.select("ul.termpages-term-list > li")
    assert [text_of(li.find("a")) for li in items] == ["Alpha", "Beta"]
    assert [li.find("a")["href"] for li in items] == ["../terms/alpha.html", "../terms/beta.html"]
    assert "Alpha is the first term" in text_of(items[0])
    crumbs = hub.select("nav.termpages-breadcrumbs li")
    assert [text_of(li) for li in crumbs] == ["Glossary", "Category One"]


def test_home_lists_categories_in_declared_order(site: BuiltSite) -> None:
    home = site.html("index.html")
    items = home.select("ul.termpages-category-list > li")
    assert [text_of(li.find("a")) for li in items] == ["Category One", "Category Two"]
    assert [li.find("a")["href"] for li in items] == [
        "categories/cat-one.html",
        "categories/cat-two.html",
    ]
    assert "(2 terms)" in text_of(items[0])


def test_a_to_z_has_every_term_and_working_letter_links(site: BuiltSite) -> None:
    home = site.html("index.html")
    az = home.select_one("div.termpages-az")
    letters = [a.get_text() for a in az.select("p.termpages-az-letters a")]
    assert letters == ["A", "B", "E", "G"]
    for link in az.select("p.termpages-az-letters a"):
        assert home.find(id=link["href"].lstrip("#")) is not None
    terms = [text_of(a) for a in az.select("ul.termpages-term-list a")]
    assert terms == ["Alpha", "Beta", "Éclair", "Gamma"]


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


def test_theme_navigation_can_be_kept(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_navigation": False})
    links = nav_links(site.html("terms/alpha.html"))
    assert "Gamma" in links  # the theme's whole-site tree, every term everywhere


def test_new_term_needs_no_other_edit(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/delta.md": "---\ncategory: cat-two\nsummary: Delta is new.\n---\n\n"
            "# Delta\n\nText.\n"
        }
    )
    assert site.warning_lines() == []
    hub = site.html("categories/cat-two.html")
    assert "Delta" in [text_of(a) for a in hub.select("ul.termpages-term-list a")]
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


def test_hub_files_are_generated_and_cleaned(make_site: SiteFactory) -> None:
    site = make_site()
    hubs = site.srcdir / "categories"
    assert sorted(p.name for p in hubs.glob("*.md")) == ["cat-one.md", "cat-two.md"]
    assert (hubs / ".gitignore").read_text().splitlines()[-1] == "*"
    stale = hubs / "old.md"
    stale.write_text((hubs / "cat-one.md").read_text())
    kept = hubs / "mine.md"
    kept.write_text("# Not generated\n")
    build(site.srcdir)
    assert not stale.exists()
    assert kept.exists()


def test_hub_title_is_escaped_markdown(make_site: SiteFactory) -> None:
    site = make_site(
        confoverrides={
            "termpages_categories": [
                {"id": "cat-one", "title": "*Not* `code` {term}`x` <b>"},
                {"id": "cat-two", "title": "Two"},
            ]
        }
    )
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
