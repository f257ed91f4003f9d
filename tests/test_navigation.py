"""The sidebar: bounded glossary navigation, ordinary pages beside it as the theme shows them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import ROOTS, BuiltSite, SiteFactory, build, text_of

Outline = list[tuple[str, "Outline"]]


def outline(tree: Tag) -> Outline:
    """The link texts of a rendered toctree, nested as the lists nest them."""
    result: Outline = []
    for top in tree.find_all("ul", recursive=False):
        result.extend(list_outline(top))
    return result


def list_outline(ul: Tag) -> Outline:
    result: Outline = []
    for li in ul.find_all("li", recursive=False):
        sublist = li.find("ul", recursive=False)
        result.append((text_of(li.find("a")), list_outline(sublist) if sublist else []))
    return result


def sidebar(site: BuiltSite, page: str) -> Tag:
    tree = site.html(page).select_one(".sidebar-tree")
    assert tree is not None, page
    return tree


def shape(tag: Tag) -> str:
    """An element's markup without layout whitespace and with furo's checkbox numbers blanked.

    Sphinx's toctree HTML has a newline after each list item; ours has none.
    Checkbox numbers count the collapsible entries before, which differ where
    the glossary is bounded.
    """
    copy = BeautifulSoup(str(tag), "html.parser")
    for text in copy.find_all(string=True):
        if not text.strip():
            text.extract()
    for element in copy.find_all(True):
        for attribute in ("id", "name", "for"):
            value = element.get(attribute)
            if isinstance(value, str) and value.startswith("toctree-checkbox-"):
                element[attribute] = "toctree-checkbox-N"
    return str(copy)


def copy_root(tmp_path_factory: pytest.TempPathFactory, root: str) -> Path:
    srcdir = tmp_path_factory.mktemp(root) / "site"
    shutil.copytree(ROOTS / f"test-{root}", srcdir)
    return srcdir


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A guide (Install, Usage with a sub-page) with a glossary section, furo, our navigation."""
    return build(copy_root(tmp_path_factory, "mixed"))


@pytest.fixture(scope="module")
def mixed_as_furo_draws_it(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The same guide with furo's own whole-site navigation."""
    srcdir = copy_root(tmp_path_factory, "mixed")
    return build(srcdir, confoverrides={"termpages_navigation": False})


GUIDE = [("Install", []), ("Usage", [("Advanced tool usage", [])])]
HUBS = [("Basics", []), ("Advanced", [])]
BASICS_OPEN = [("Basics", [("Apple", []), ("Banana", []), ("Cherry", [])]), ("Advanced", [])]


def test_an_ordinary_page_keeps_its_entries_and_shows_the_glossary_bounded(
    mixed: BuiltSite,
) -> None:
    tree = sidebar(mixed, "install.html")
    assert [text_of(caption) for caption in tree.select("p.caption")] == ["Guide"]
    assert outline(tree) == [*GUIDE, ("Glossary", HUBS)]
    current = tree.select("li.current-page > a")
    assert [(text_of(a), a["href"]) for a in current] == [("Install", "#")]
    assert tree.select("input.toctree-checkbox[checked]") == []
    # a title's inline markup, as Sphinx draws it
    assert text_of(tree.select_one("li.toctree-l2 > a > code.literal")) == "tool"
    assert outline(sidebar(mixed, "usage/advanced.html")) == [*GUIDE, ("Glossary", HUBS)]
    checked = sidebar(mixed, "usage/advanced.html").select("input.toctree-checkbox[checked]")
    assert [box["aria-label"] for box in checked] == ["Toggle navigation of Usage"]


def test_a_term_page_shows_the_guide_and_its_own_categorys_terms(mixed: BuiltSite) -> None:
    tree = sidebar(mixed, "terms/banana.html")
    assert outline(tree) == [*GUIDE, ("Glossary", BASICS_OPEN)]
    current = tree.select_one("li.current-page")
    assert current["class"] == ["toctree-l3", "current", "current-page"]
    assert text_of(current.a) == "Banana" and current.a["href"] == "#"
    assert [" ".join(li["class"]) for li in tree.select("li.current")] == [
        "toctree-l1 current has-children",
        "toctree-l2 current has-children",
        "toctree-l3 current current-page",
    ]
    checked = [box["aria-label"] for box in tree.select("input.toctree-checkbox[checked]")]
    assert checked == ["Toggle navigation of Glossary", "Toggle navigation of Basics"]
    links = {text_of(a): a["href"] for a in tree.select("a.reference")}
    assert links["Install"] == "../install.html"
    assert links["Advanced tool usage"] == "../usage/advanced.html"
    assert links["Glossary"] == "../glossary.html"
    assert links["Apple"] == "apple.html"
    assert links["Advanced"] == "../categories/advanced.html"


def test_a_hub_page_is_current_and_lists_its_terms(mixed: BuiltSite) -> None:
    tree = sidebar(mixed, "categories/advanced.html")
    assert outline(tree) == [
        *GUIDE,
        ("Glossary", [("Basics", []), ("Advanced", [("Damson", []), ("Elder", [])])]),
    ]
    current = tree.select_one("li.current-page")
    assert text_of(current.a) == "Advanced" and current.a["href"] == "#"
    assert outline(sidebar(mixed, "glossary.html")) == [*GUIDE, ("Glossary", HUBS)]
    assert text_of(sidebar(mixed, "glossary.html").select_one("li.current-page > a")) == "Glossary"


def test_a_glossary_below_an_ordinary_page_is_bounded_too(make_site: SiteFactory) -> None:
    index = (ROOTS / "test-mixed/index.md").read_text().replace("glossary\n", "reference\n")
    built = make_site(
        {
            "index.md": index,
            "reference.md": "# Reference\n\n```{toctree}\nglossary\n```\n",
        },
        root="mixed",
    )
    assert built.warning_lines() == []
    assert outline(sidebar(built, "terms/banana.html")) == [
        *GUIDE,
        ("Reference", [("Glossary", BASICS_OPEN)]),
    ]
    tree = sidebar(built, "install.html")
    assert outline(tree) == [*GUIDE, ("Reference", [("Glossary", HUBS)])]
    assert tree.select_one("li.current-page > a")["href"] == "#"
    reference = sidebar(built, "reference.html").select_one("li.current-page")
    assert reference["class"] == ["toctree-l1", "current", "has-children", "current-page"]


def test_the_not_found_page_links_from_the_site_root(make_site: SiteFactory) -> None:
    conf = (ROOTS / "test-mixed/conf.py").read_text()
    built = make_site(
        {
            "conf.py": conf
            + 'extensions.append("notfound.extension")\nnotfound_urls_prefix = "/g/"\n'
        },
        root="mixed",
    )
    assert built.warning_lines() == []
    links = {text_of(a): a["href"] for a in sidebar(built, "404.html").select("a.reference")}
    assert links == {
        "Install": "/g/install.html",
        "Usage": "/g/usage.html",
        "Advanced tool usage": "/g/usage/advanced.html",
        "Glossary": "/g/glossary.html",
        "Basics": "/g/categories/basics.html",
        "Advanced": "/g/categories/advanced.html",
    }


@pytest.mark.parametrize("page", ["install.html", "usage/advanced.html", "terms/banana.html"])
def test_ordinary_entries_are_exactly_furos_own(
    mixed: BuiltSite, mixed_as_furo_draws_it: BuiltSite, page: str
) -> None:
    ours = sidebar(mixed, page)
    furos = sidebar(mixed_as_furo_draws_it, page)
    assert shape(ours.select_one("p.caption")) == shape(furos.select_one("p.caption"))
    guide = slice(0, 2)  # Install, Usage
    ours_guide = ours.select("ul > li.toctree-l1")[guide]
    furos_guide = furos.select("ul > li.toctree-l1")[guide]
    assert [shape(li) for li in ours_guide] == [shape(li) for li in furos_guide]
    assert ours.find("ul")["class"] == furos.find("ul")["class"]
    # furo itself lists every term on every page; we list the current category's only
    assert "Damson" in text_of(furos) and "Damson" not in text_of(ours)


def test_a_numbered_toctree_numbers_every_entry_as_sphinx_does(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    sidebars = []
    for navigation in (True, False):
        srcdir = copy_root(tmp_path_factory, "mixed")
        index = srcdir / "index.md"
        index.write_text(
            index.read_text().replace(":caption: Guide\n", ":caption: Guide\n:numbered:\n")
        )
        built = build(srcdir, confoverrides={"termpages_navigation": navigation})
        sidebars.append(sidebar(built, "terms/banana.html"))
    ours_tree, furos_tree = sidebars
    assert [text_of(a) for a in ours_tree.select("a.reference")] == [
        "1. Install",
        "2. Usage",
        "2.1. Advanced tool usage",
        "3. Glossary",
        "3.1. Basics",
        "3.1.1. Apple",
        "3.1.2. Banana",
        "3.1.3. Cherry",
        "3.2. Advanced",
    ]
    guide = [shape(li) for li in ours_tree.select("ul > li.toctree-l1")[:2]]
    assert guide == [shape(li) for li in furos_tree.select("ul > li.toctree-l1")[:2]]
    ours_basics = ours_tree.select("li.toctree-l2")[1]
    furos_basics = furos_tree.select("li.toctree-l2")[1]
    assert shape(ours_basics) == shape(furos_basics)


def test_the_current_category_is_drawn_as_furo_draws_it(
    site: BuiltSite, tmp_path_factory: pytest.TempPathFactory
) -> None:
    theirs = build(
        copy_root(tmp_path_factory, "basic"), confoverrides={"termpages_navigation": False}
    )
    for page, category in [("terms/alpha.html", 0), ("categories/cat-two.html", 1)]:
        ours = site.html(page).select(".sidebar-tree li.toctree-l1")[category]
        furos = theirs.html(page).select(".sidebar-tree li.toctree-l1")[category]
        assert shape(ours) == shape(furos), page


def test_furo_checkboxes_pair_with_their_labels(site: BuiltSite) -> None:
    tree = sidebar(site, "terms/alpha.html")
    boxes = tree.select("input.toctree-checkbox")
    assert [box["id"] for box in boxes] == ["toctree-checkbox-1"]
    assert [label["for"] for label in tree.select("label")] == ["toctree-checkbox-1"]
    assert boxes[0]["name"] == "toctree-checkbox-1" and boxes[0]["role"] == "switch"
    assert boxes[0].find_parent("li")["class"] == ["toctree-l1", "current", "has-children"]
    # the checkbox sits between the entry's link and its list, where furo's CSS expects it
    parts = [child.name for child in boxes[0].parent.children]
    assert parts == ["a", "input", "label", "ul"]


def test_titles_are_escaped_once(make_site: SiteFactory) -> None:
    categories: list[dict[str, Any]] = [
        {"id": "cat-one", "title": "Q&A <b>bold</b>", "description": "Odd."},
        {"id": "cat-two", "title": "Category Two", "description": "Fine."},
    ]
    built = make_site(confoverrides={"termpages_categories": categories})
    tree = sidebar(built, "terms/alpha.html")
    assert tree.find("b") is None
    assert text_of(tree.select_one("li.toctree-l1 > a")) == "Q&A <b>bold</b>"
    box = tree.select_one("input.toctree-checkbox")
    assert box["aria-label"] == "Toggle navigation of Q&A <b>bold</b>"
    raw = built.text("terms/alpha.html")
    assert raw.count("Q&amp;A &lt;b&gt;bold&lt;/b&gt;</a>") == 1
    assert 'aria-label="Toggle navigation of Q&amp;A &lt;b&gt;bold&lt;/b&gt;"' in raw


def test_alabaster_gets_the_bounded_tree_through_toctree(make_site: SiteFactory) -> None:
    built = make_site(root="mixed", confoverrides={"html_theme": "alabaster"})
    assert built.warning_lines() == []

    def navigation(page: str) -> Tag:
        heading = built.html(page).find("h3", string="Navigation")
        assert heading is not None, page
        return heading.parent

    # alabaster collapses the branches that do not hold the page and shows sections, as
    # Sphinx does
    assert outline(navigation("install.html")) == [
        ("Install", [("From source", [])]),
        ("Usage", []),
        ("Glossary", []),
    ]
    assert outline(navigation("terms/banana.html")) == [
        ("Install", []),
        ("Usage", []),
        ("Glossary", BASICS_OPEN),
    ]
    page = navigation("usage/advanced.html")
    assert outline(page) == [
        ("Install", []),
        ("Usage", [("Advanced tool usage", [])]),
        ("Glossary", []),
    ]
    assert page.select("input.toctree-checkbox, label") == []  # furo's alone
    assert text_of(page.select_one("li.current > a.current")) == "Advanced tool usage"


def test_the_basic_themes_global_toc_is_bounded(make_site: SiteFactory) -> None:
    built = make_site(
        confoverrides={"html_theme": "basic", "html_sidebars": {"**": ["globaltoc.html"]}}
    )
    toc = built.html("terms/alpha.html").select_one("div.sphinxsidebarwrapper")
    assert outline(toc) == [
        ("Category One", [("Alpha", []), ("Beta", [])]),
        ("Category Two", []),
    ]
    current = toc.select_one("a.current")
    assert text_of(current) == "Alpha" and current["href"] == "#"
    assert toc.select_one("ul")["class"] == ["current"]


def test_a_projects_own_sidebar_template_wins(make_site: SiteFactory) -> None:
    built = make_site(
        {
            "conf.py": (ROOTS / "test-basic/conf.py").read_text() + 'templates_path = ["_t"]\n',
            "_t/sidebar/navigation.html": '<nav class="own-navigation">Ours</nav>\n',
        }
    )
    page = built.html("terms/alpha.html")
    assert text_of(page.select_one("nav.own-navigation")) == "Ours"
    assert page.select_one(".sidebar-tree") is None
