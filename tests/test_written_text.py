"""What the writer wrote is what every output shows: YAML words, empty titles, terms in links."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from conftest import ROOTS, BuiltSite, build, text_of

BASE = "https://glossary.example.com/"


def make_root(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str], conf: str) -> Path:
    srcdir = tmp_path_factory.mktemp("written") / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    for name, content in files.items():
        (srcdir / name).parent.mkdir(parents=True, exist_ok=True)
        (srcdir / name).write_text(content, encoding="utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as handle:
        handle.write(conf)
    return srcdir


def json_ld(page: BeautifulSoup) -> list[dict[str, Any]]:
    graph: list[dict[str, Any]] = []
    for script in page.select('script[type="application/ld+json"]'):
        data = json.loads(script.get_text())
        graph += data.get("@graph", [data]) if isinstance(data, dict) else data
    return graph


def of_type(page: BeautifulSoup, kind: str) -> dict[str, Any]:
    (found,) = [node for node in json_ld(page) if node.get("@type") == kind]
    return found


def heading(page: BeautifulSoup) -> str:
    """The page's h1 as a reader sees it, without its heading link."""
    h1 = page.select_one("h1")
    for link in h1.select("a.headerlink"):
        link.extract()
    return text_of(h1)


def inline_texts(markdown: str) -> list[str]:
    """The text of each paragraph or heading, as a CommonMark reader reads it back."""
    texts = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline":
            texts.append("".join(child.content for child in token.children or []))
    return texts


def glossary_term(site: BuiltSite, slug: str) -> dict[str, Any]:
    data = json.loads(site.text("glossary.json"))
    (found,) = [term for term in data["terms"] if term["slug"] == slug]
    return found


# ------------------------------------------------------------------ YAML words as written

#: Words YAML 1.1 reads as booleans, nulls, numbers, sexagesimals or dates.
ALIASES = ["No", "off", "y", "n", "True", "~", "3.10", "1e3", "0x1F", "0o17", "1:30", "1_000"]
ALIASES += [".inf", ".nan", "2024-01-01 10:00"]
#: Dates YAML 1.1 cannot build, so that a second YAML 1.1 reader (MyST's) would fail on them.
ALIASES += ["2026-02-30", "2026-01-01 25:00:00"]
#: Words that are also slugs: term files, related entries and category ids.
SLUGS = ["yes", "010", "null", "on", "2024-01-01"]


@pytest.fixture(scope="module")
def words(
    tmp_path_factory: pytest.TempPathFactory, shared_template_cache: dict[str, str]
) -> BuiltSite:
    files = {
        f"terms/{slug}.md": (
            f"---\ncategory: {slug}\nsummary: {summary}\nrelated: [words]\n---\n\n# {slug}\n\n"
            "Text.\n"
        )
        for slug, summary in zip(SLUGS, ["1:30", "off", "~", "3.10", "010"], strict=True)
    }
    files["terms/words.md"] = (
        "---\n"
        "category: yes\n"
        "summary: 1e3\n"
        f"aliases: [{', '.join(ALIASES)}]\n"
        f"related: [{', '.join(SLUGS)}]\n"
        "cta: false\n"
        "---\n\n# Words\n\nText.\n"
    )
    # MyST reads the page's own settings from the same block
    files["terms/substituted.md"] = (
        "---\ncategory: cat-one\nsummary: Substituted.\nmyst:\n  substitutions:\n"
        "    when: 2026-02-30\n    flag: yes\n---\n\n# Substituted\n\nOn {{ when }}, {{ flag }}.\n"
    )
    categories = [{"id": f"cat-{n}", "title": f"Category {n}"} for n in ("one", "two")]
    categories += [{"id": slug, "title": f"Category {slug}"} for slug in SLUGS]
    conf = f"\ntermpages_categories = {categories!r}\n"
    conf += 'myst_enable_extensions = ["colon_fence", "substitution"]\n'
    srcdir = make_root(tmp_path_factory, files, conf)
    return build(srcdir, confoverrides=dict(shared_template_cache))


def test_the_yaml_words_build_without_a_warning(words: BuiltSite) -> None:
    assert words.warning_lines() == []


def test_the_page_shows_every_word_as_written(words: BuiltSite) -> None:
    page = words.html("terms/words.html")
    assert text_of(page.select_one("p.termpages-definition")) == "1e3"
    also = page.select_one("p.termpages-also-called")
    also.select_one("strong").extract()
    assert [name.strip() for name in also.get_text().split(", ")] == ALIASES
    related = page.select("#related-terms a.termpages-item-title")
    assert [text_of(a) for a in related] == SLUGS
    assert [text_of(card.select_one(".termpages-summary")) for card in page.select(
        "#related-terms li"
    )] == ["1:30", "off", "~", "3.10", "010"]  # fmt: skip
    crumbs = page.select("nav.termpages-breadcrumbs li")
    assert text_of(crumbs[1]) == "Category yes"
    assert crumbs[1].select_one("a")["href"] == "../categories/yes.html"
    assert page.select_one("aside.termpages-cta") is None  # cta: false is still off
    for slug in SLUGS:
        other = words.html(f"terms/{slug}.html")
        assert heading(other) == slug
        hub = words.html(f"categories/{slug}.html")
        assert f"terms/{slug}.html" in [a["href"].lstrip("./") for a in hub.select("article a")]


def test_mysts_own_settings_read_the_words_as_written(words: BuiltSite) -> None:
    page = words.html("terms/substituted.html")
    assert "On 2026-02-30, yes." in [text_of(p) for p in page.select("article p")]


def test_the_json_ld_shows_every_word_as_written(words: BuiltSite) -> None:
    term = of_type(words.html("terms/words.html"), "DefinedTerm")
    assert term["description"] == "1e3"
    assert term["alternateName"] == ALIASES
    page = of_type(words.html("terms/010.html"), "DefinedTerm")
    assert (page["name"], page["termCode"], page["description"]) == ("010", "010", "off")


def test_the_twins_and_glossary_json_show_every_word_as_written(words: BuiltSite) -> None:
    twin = words.text("terms/words.html.md")
    assert inline_texts(twin)[:3] == ["Words", "1e3", f"Also called: {', '.join(ALIASES)}"]
    term = glossary_term(words, "words")
    assert (term["summary"], term["category"]) == ("1e3", "yes")
    assert (term["aliases"], term["related"]) == (ALIASES, SLUGS)
    assert glossary_term(words, "null")["summary"] == "~"
    assert "- [2024-01-01](" in words.text("llms.txt")


# ------------------------------------------------------------------ titles without text

#: Headings with nothing a reader could read, and the terms that carry them.
EMPTY_HEADINGS = {
    "bare": "#",
    "picture": "# ![](https://example.com/logo.png)",
    "blank": "# ` `",
    # Sphinx leaves footnote marks out of the page's title, so this one has none either
    "footnote": "# [^note]\n\n[^note]: A note.",
    "invisible": "# \u200b\u2060\u200c",
}


@pytest.fixture(scope="module")
def untitled(
    tmp_path_factory: pytest.TempPathFactory, shared_template_cache: dict[str, str]
) -> BuiltSite:
    files = {
        f"terms/{slug}.md": (
            f"---\ncategory: cat-one\nsummary: The {slug} term.\nrelated: [lister]\n---\n\n"
            f"{heading}\n\nMentions {{term}}`beta`.\n"
        )
        for slug, heading in EMPTY_HEADINGS.items()
    }
    # lister lists and mentions them; they mention beta, so "Mentioned in" on beta names them
    files["terms/lister.md"] = (
        "---\ncategory: cat-one\nsummary: It lists them.\n"
        f"related: [{', '.join(EMPTY_HEADINGS)}]\n---\n\n# Lister\n\n"
        + "".join(f"See {{term}}`{slug}`. " for slug in EMPTY_HEADINGS)
        + "\n"
    )
    srcdir = make_root(tmp_path_factory, files, "")
    return build(srcdir, confoverrides=dict(shared_template_cache))


def test_each_empty_title_is_one_warning_at_its_heading(untitled: BuiltSite) -> None:
    assert sorted(untitled.warning_lines()) == [
        f"terms/{slug}.md:7: WARNING: term page's '# Title' heading has no text; the slug is "
        "used as its title [termpages.empty-title]"
        for slug in sorted(EMPTY_HEADINGS)
    ]


@pytest.mark.parametrize("slug", list(EMPTY_HEADINGS))
def test_the_slug_stands_in_wherever_the_title_lands(untitled: BuiltSite, slug: str) -> None:
    own = untitled.html(f"terms/{slug}.html")
    assert heading(own) == slug
    assert own.select_one("title").get_text().startswith(f"{slug} ")
    assert text_of(own.select("nav.termpages-breadcrumbs li")[-1]) == slug
    assert of_type(own, "DefinedTerm")["name"] == slug
    assert of_type(own, "WebPage")["name"] == slug
    assert of_type(own, "BreadcrumbList")["itemListElement"][-1]["name"] == slug
    assert untitled.text(f"terms/{slug}.html.md").startswith(f"# {slug}\n")
    assert glossary_term(untitled, slug)["title"] == slug
    assert f"- [{slug}]({BASE}terms/{slug}.html.md)" in untitled.text("llms.txt")
    # every link to the page, on every page: hub, A-Z list, sidebar, Previous/Next,
    # related cards, "Mentioned in", the mention itself, the general index
    places: set[str] = set()
    for path in sorted(untitled.outdir.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in page.select(f'a[href$="{slug}.html"]'):
            assert slug in text_of(link), (path, link)
            places.add(where(link))
    assert {"hub", "a-z", "sidebar", "prev-next", "related", "mentioned-in", "mention"} <= places


def where(link: Tag) -> str:
    """Which part of a page a link is in, named as the test above names it."""
    for name, selector in [
        ("sidebar", ".sidebar-tree"),
        ("prev-next", ".related-pages"),
        ("related", "#related-terms"),
        ("mentioned-in", "#mentioned-in"),
        ("a-z", ".termpages-az"),
        ("hub", ".termpages-term-list"),
    ]:
        if link.css.closest(selector) is not None:
            return name
    return "mention" if "termpages-term" in link.get("class", []) else "other"


def test_no_page_has_an_empty_heading_or_an_empty_link(untitled: BuiltSite) -> None:
    for path in sorted(untitled.outdir.rglob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for heading in page.select("h1"):
            assert text_of(heading).strip("¶ "), path
        for link in page.select("a.reference, .termpages-az a, .related-pages a"):
            assert text_of(link).strip("¶#"), (path, link)


# ------------------------------------------------------------------ a term inside a link

IN_LINKS = (
    "See [the {term}`beta` page](https://example.com/).\n\n"
    "Also [our {term}`gamma` notes](alpha.md), [this {term}`beta` part](#text) and "
    "[a {term}`gamma <gamma>` link][ref].\n\n"
    "[ref]: https://example.org/\n\n"
    "## Text\n\nText.\n"
)


@pytest.fixture(scope="module")
def linked(
    tmp_path_factory: pytest.TempPathFactory, shared_template_cache: dict[str, str]
) -> BuiltSite:
    files = {
        "terms/linker.md": (
            "---\ncategory: cat-one\nsummary: Links around terms.\n---\n\n# Linker\n\n" + IN_LINKS
        )
    }
    files["terms/framer.md"] = (
        "---\ncategory: cat-two\nsummary: Terms in every frame that links.\n---\n\n# Framer\n\n"
        + IN_FRAMES
    )
    srcdir = make_root(tmp_path_factory, files, "")
    return build(srcdir, confoverrides=dict(shared_template_cache))


#: Mentions in each place that is, or is near, a link: headings the page's table of contents
#: links to, footnotes, table cells, figures with a target, FAQ questions, cards and buttons.
IN_FRAMES = """## About {term}`beta` and [a site](https://example.com/)

Text with a footnote[^n] and {term}`gamma`.

[^n]: A note with {term}`beta` and [a link](https://example.com/n).

| a | b |
| --- | --- |
| [cell {term}`beta`](https://example.com/c) | {term}`gamma` |

:::{figure} https://example.com/i.png
:target: https://example.com/t

Caption with {term}`beta`.
:::

::::{faq}
:::{question} What is {term}`beta` to [a site](https://example.com/q)?
It is {term}`gamma`.
:::
::::

::::{grid} 1
:::{grid-item-card} Card {term}`beta`
:link: https://example.com/card

Body {term}`gamma`.
:::
::::

```{button-link} https://example.com/b
Button {term}`beta`
```

```{button-ref} beta
:ref-type: doc

Ref button {term}`gamma`
```
"""


def test_a_term_in_a_link_is_one_warning_at_its_line(linked: BuiltSite) -> None:
    assert linked.warning_lines() == [
        f"terms/{page}.md:{line}: WARNING: {{term}}`{text}` is inside a link, and a link "
        "cannot hold another: it is shown as plain text [termpages.term-in-link]"
        for page, line, text in [
            ("framer", 16, "beta"),
            ("framer", 39, "beta"),
            ("framer", 45, "gamma"),
            ("linker", 8, "beta"),
            ("linker", 10, "gamma"),
            ("linker", 10, "beta"),
            ("linker", 10, "gamma"),
        ]
    ]


def test_no_built_page_nests_a_link_in_a_link(linked: BuiltSite) -> None:
    pages = sorted(linked.outdir.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.select("a a") == [], path


def test_a_term_in_a_link_never_nests_anchors(linked: BuiltSite) -> None:
    page = linked.html("terms/linker.html")
    assert page.select("a a") == []
    article = page.select_one("article")
    links = {text_of(a): a["href"] for a in article.select("p a")}
    assert links["the beta page"] == "https://example.com/"
    assert links["our gamma notes"] == "alpha.html"
    assert links["this beta part"] == "#text"
    assert links["a gamma link"] == "https://example.org/"


def test_a_term_in_a_link_keeps_the_twins_link_whole(linked: BuiltSite) -> None:
    twin = linked.text("terms/linker.html.md")
    tokens = MarkdownIt("commonmark").parse(twin)
    paragraphs = [token for token in tokens if token.type == "inline"]
    (first,) = [token for token in paragraphs if token.content.startswith("See ")]
    children = first.children or []
    opens = [child for child in children if child.type == "link_open"]
    assert [child.attrGet("href") for child in opens] == ["https://example.com/"]
    start = children.index(opens[0])
    end = next(i for i, child in enumerate(children) if child.type == "link_close")
    assert "".join(child.content for child in children[start + 1 : end]) == "the beta page"
    (second,) = [token for token in paragraphs if token.content.startswith("Also ")]
    texts = re.findall(r"\[([^\]]*)\]", second.content)
    assert texts == ["our gamma notes", "this beta part", "a gamma link"]


def test_a_term_in_a_link_is_no_mention(linked: BuiltSite) -> None:
    """It links nowhere, so it gives the term no "Mentioned in" entry."""
    for slug in ("beta", "gamma"):
        section = linked.html(f"terms/{slug}.html").select_one("section#mentioned-in")
        names = [text_of(a) for a in section.select("ul a")] if section is not None else []
        assert "Linker" not in names
