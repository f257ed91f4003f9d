"""The {term} role: every resolution path, every warning, previews, backlinks, index entries."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.inventory import InventoryFile

from conftest import ROOTS, BuiltSite, SiteFactory, build, text_of
from termpages.lookup import number_variants


def term_links(site: BuiltSite, page: str) -> list[tuple[str, str]]:
    """(shown text, href) of every term link in a page's article, in order."""
    article = site.html(page).select_one("article")
    return [(text_of(a), a["href"]) for a in article.select("a.termpages-term")]


def inventory_uri(item: Any) -> str:
    """Sphinx 9 inventory items have attributes; Sphinx 8's are tuples."""
    return str(item.uri if hasattr(item, "uri") else item[2])


def page_with(body: str, front: str = "") -> str:
    return f"---\ncategory: cat-one\nsummary: A page.\n{front}---\n\n# Page\n\n{body}\n"


@pytest.mark.parametrize(
    ("written", "shown", "href"),
    [
        ("eclair", "Éclair", "eclair.html"),  # slug: the title is shown
        ("beta", "beta", "beta.html"),  # slug that is also the title in lower case: as written
        ("Beta", "Beta", "beta.html"),  # title
        ("third term", "third term", "gamma.html"),  # alias
        ("BETA", "BETA", "beta.html"),  # slug, any case
        ("Third Term", "Third Term", "gamma.html"),  # alias, any case
        ("betas", "betas", "beta.html"),  # plural of the slug
        ("Éclairs", "Éclairs", "eclair.html"),  # plural of the title, non-ASCII
        ("first terms", "first terms", "alpha.html"),  # plural of a multi-word alias
        ("the letter As", "the letter As", "alpha.html"),  # plural of the last word only
        ("a tuned model <gamma>", "a tuned model", "gamma.html"),  # explicit text, slug
        ("the A <the letter A>", "the A", "alpha.html"),  # explicit text, alias
    ],
)
def test_resolution(make_site: SiteFactory, written: str, shown: str, href: str) -> None:
    site = make_site({"terms/page.md": page_with(f"See {{term}}`{written}`.")})
    assert site.warning_lines() == []
    assert term_links(site, "terms/page.html") == [(shown, href)]


def test_exact_match_wins_over_case_and_number(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/apple.md": page_with("Text.", "aliases: [Pies]\n"),
            "terms/pie.md": page_with("Text."),
            "terms/page.md": page_with("{term}`Pies` and {term}`pie`."),
        }
    )
    assert site.warning_lines() == []
    assert term_links(site, "terms/page.html") == [("Pies", "apple.html"), ("Page", "pie.html")]


def test_works_everywhere_myst_is_allowed(site: BuiltSite) -> None:
    alpha = site.html("terms/alpha.html")
    assert alpha.select_one("div.admonition a.termpages-term")["href"] == "gamma.html"
    faq_answer = alpha.select_one("div.termpages-faq-answer")
    assert faq_answer.select_one("a.termpages-term")["href"] == "beta.html"
    home = site.html("index.html").select_one("article")
    assert home.select_one("a.termpages-term")["href"] == "terms/alpha.html"


def test_in_a_card_and_a_question(make_site: SiteFactory) -> None:
    body = (
        "::::{card} A card\nA card about {term}`gamma`.\n::::\n\n"
        "::::{faq}\n:::{question} How does {term}`beta` relate?\nClosely.\n:::\n::::\n"
    )
    site = make_site({"terms/page.md": page_with(body)})
    assert site.warning_lines() == []
    page = site.html("terms/page.html")
    assert page.select_one("div.sd-card a.termpages-term")["href"] == "gamma.html"
    assert page.select_one("summary a.termpages-term")["href"] == "beta.html"


def test_self_reference_is_plain_text(site: BuiltSite) -> None:
    paragraph = site.html("terms/alpha.html").find(string=re.compile("and mention")).parent
    assert paragraph.find("a", href="alpha.html") is None
    assert "and mention alpha itself" in text_of(paragraph)


def test_self_links_option(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_self_links": True})
    assert ("alpha", "#") in term_links(site, "terms/alpha.html")


def test_link_first_mention_only(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_link_first_only": True})
    links = term_links(site, "terms/alpha.html")
    assert [href for _, href in links] == ["gamma.html", "beta.html", "eclair.html"]
    article = text_of(site.html("terms/alpha.html").select_one("article"))
    assert "Inside an admonition: gamma again." in article  # later mention kept as text


def test_unknown_term_warns_with_suggestions(make_site: SiteFactory) -> None:
    site = make_site({"terms/page.md": page_with("See {term}`gamme` and {term}`zzz`.")})
    assert site.warning_lines() == [
        "terms/page.md:8: WARNING: unknown term 'gamme'; did you mean 'gamma'? "
        "[termpages.unknown-term]",
        "terms/page.md:8: WARNING: unknown term 'zzz' [termpages.unknown-term]",
    ]
    assert "See gamme and zzz." in text_of(site.html("terms/page.html").select_one("article"))


def test_unknown_term_line_inside_faq_answer(make_site: SiteFactory) -> None:
    body = "::::{faq}\n:::{question} Why?\nBecause of {term}`nothing`.\n:::\n::::\n"
    site = make_site({"terms/page.md": page_with(body)})
    assert site.warning_lines() == [
        "terms/page.md:10: WARNING: unknown term 'nothing' [termpages.unknown-term]"
    ]


def test_shared_alias_warns_at_both_claims_and_references_are_ambiguous(
    make_site: SiteFactory,
) -> None:
    site = make_site(
        {
            "terms/one.md": page_with("Text.", "aliases:\n  - shared name\n"),
            "terms/two.md": page_with("Text.", "aliases: [other, shared name]\n"),
            "terms/page.md": page_with("See {term}`shared name`."),
        }
    )
    assert site.warning_lines() == [
        "terms/one.md:5: WARNING: alias 'shared name' is claimed by more than one term "
        "(one, two); references to it are ambiguous [termpages.duplicate-alias]",
        "terms/two.md:4: WARNING: alias 'shared name' is claimed by more than one term "
        "(one, two); references to it are ambiguous [termpages.duplicate-alias]",
        "terms/page.md:8: WARNING: term 'shared name' is ambiguous: it is the alias of "
        "one, two; linking to 'one' (write the slug to choose) [termpages.ambiguous-term]",
    ]
    assert term_links(site, "terms/page.html") == [("shared name", "one.html")]


def test_alias_naming_another_term_warns(make_site: SiteFactory) -> None:
    site = make_site({"terms/page.md": page_with("Text.", "aliases: [Beta]\n")})
    assert site.warning_lines() == [
        "terms/page.md:4: WARNING: alias 'Beta' is claimed by more than one term "
        "(beta, page); references to it are ambiguous [termpages.duplicate-alias]"
    ]


def test_sphinx_glossary_terms_still_resolve(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "other.md": "---\norphan: true\n---\n# Other\n\n"
            "```{glossary}\nwidget\n  A thing.\n```\n",
            "terms/page.md": page_with("A {term}`widget`."),
        }
    )
    assert site.warning_lines() == []
    link = site.html("terms/page.html").select_one("article a[href*='other.html']")
    assert text_of(link) == "widget"


def test_warnings_are_suppressible(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/page.md": page_with("See {term}`zzz`.")},
        confoverrides={"suppress_warnings": ["termpages.unknown-term"]},
    )
    assert site.warning_lines() == []


def test_preview_cards(site: BuiltSite) -> None:
    page = site.html("terms/alpha.html")
    cards = page.select(".termpages-previews > .termpages-preview")
    assert [card["id"] for card in cards] == [
        "termpages-preview-gamma",
        "termpages-preview-beta",
        "termpages-preview-eclair",
    ]
    for card in cards:
        assert card["role"] == "tooltip" and card.has_attr("hidden")
        assert card.select_one("a")["tabindex"] == "-1"
    beta = page.find(id="termpages-preview-beta")
    assert text_of(beta.select_one(".termpages-preview-title")) == "Beta"
    assert beta.select_one("a")["href"] == "beta.html"
    assert text_of(beta.select_one(".termpages-preview-summary")) == (
        "Beta is the second term and shows another call to action."
    )
    for link in page.select("a.termpages-term"):
        assert page.find(id=link["aria-describedby"]) is not None


def test_previews_can_be_turned_off(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_previews": False})
    page = site.html("terms/alpha.html")
    assert page.select_one(".termpages-previews") is None
    assert all(not a.has_attr("aria-describedby") for a in page.select("a.termpages-term"))


def mentioned_in(site: BuiltSite, page: str) -> list[str]:
    block = site.html(page).select_one("section.termpages-backlinks")
    return [] if block is None else [text_of(a) for a in block.select("ul a")]


def without_related(*names: str) -> dict[str, str | None]:
    """Term files of the basic root with their ``related`` lists taken out."""
    files: dict[str, str | None] = {}
    for name in names:
        text = (ROOTS / "test-basic" / "terms" / f"{name}.md").read_text(encoding="utf-8")
        files[f"terms/{name}.md"] = re.sub(r"(?m)^related:.*\n", "", text)
    return files


def test_backlinks(make_site: SiteFactory) -> None:
    site = make_site(without_related("alpha", "beta", "gamma"))
    assert mentioned_in(site, "terms/beta.html") == ["Alpha"]  # once, though alpha links it 3 times
    assert mentioned_in(site, "terms/gamma.html") == ["Alpha"]
    assert mentioned_in(site, "terms/alpha.html") == [
        "Gamma"
    ]  # not itself; the home page is no term
    assert mentioned_in(site, "terms/eclair.html") == ["Alpha"]


def test_backlinks_leave_out_the_related_terms(site: BuiltSite) -> None:
    # beta and gamma list alpha as related, alpha lists gamma: shown there already
    for page in ("terms/beta.html", "terms/gamma.html", "terms/alpha.html"):
        assert mentioned_in(site, page) == [], page
    assert mentioned_in(site, "terms/eclair.html") == ["Alpha"]


def test_backlinks_sorted_and_optional(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/aardvark.md": page_with("About {term}`beta`."), **without_related("beta")}
    )
    assert mentioned_in(site, "terms/beta.html") == ["Alpha", "Page"]
    off = make_site(without_related("beta"), confoverrides={"termpages_backlinks": False})
    assert off.html("terms/beta.html").select_one(".termpages-backlinks") is None


def test_terms_in_objects_inv(site: BuiltSite) -> None:
    with open(site.outdir / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://example.com", lambda *a: "/".join(a))
    terms = inventory["termpages:term"]
    for name in ("alpha", "Alpha", "first term", "third term", "eclair", "Éclair"):
        assert name in terms, name
    assert inventory_uri(terms["gamma"]).endswith("terms/gamma.html")
    assert inventory_uri(terms["third term"]).endswith("terms/gamma.html")


def test_search_finds_a_term_by_alias_as_the_page_itself(site: BuiltSite) -> None:
    text = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = index["docnames"]
    # an entry with no anchor: the search page merges it with the page's other hits
    assert [
        (docnames[file], anchor, main) for file, anchor, main in index["indexentries"]["third term"]
    ] == [("terms/gamma", "", True)]
    assert [docnames[file] for file, _, _ in index["indexentries"]["gamma"]] == ["terms/gamma"]
    # objects would be a second hit for the same page: they serve objects.inv only
    assert not any(
        entry[4] in ("third term", "gamma", "Gamma")
        for entries in index["objects"].values()
        for entry in entries
    )


def test_general_index_has_titles_and_aliases(site: BuiltSite) -> None:
    index = text_of(site.html("genindex.html").select_one("article"))
    assert "Gamma" in index
    assert "third term" in index and "see Gamma" in index


def test_non_html_builder_renders_references_as_text(make_site: SiteFactory) -> None:
    site = make_site(buildername="text")
    assert site.warning_lines() == []
    page = " ".join(site.text("terms/alpha.txt").split())
    # Sphinx's text writer marks every cross-reference with asterisks
    assert "Writers can say *Beta*, *the third term*, *Third Term*," in page
    assert "Mentioned in" in site.text("terms/eclair.txt")


def test_number_variants() -> None:
    assert number_variants("llms") == ["llm", "llmses"]  # a harmless extra form
    assert number_variants("policy") == ["policies"]
    assert "policy" in number_variants("policies")
    assert "box" in number_variants("boxes")
    assert number_variants("large language model") == ["large language models"]


# ---------------------------------------------------------------- incremental builds


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edited_summary_and_aliases_reach_mentioning_pages(srcdir: Path) -> None:
    build(srcdir)
    gamma = srcdir / "terms" / "gamma.md"
    edit(gamma, "Gamma is a term in the second category", "Gamma, reworded,")
    edit(gamma, "aliases: [third term]", "aliases: [fourth term]")
    site = build(srcdir)
    assert site.warning_lines() == [
        # "first term" and "fourth term" are too far from it to be suggested
        "terms/alpha.md:18: WARNING: unknown term 'Third Term' [termpages.unknown-term]"
    ]
    card = site.html("terms/alpha.html").find(id="termpages-preview-gamma")
    assert text_of(card.select_one(".termpages-preview-summary")).startswith("Gamma, reworded,")
    assert ("the third term", "gamma.html") in term_links(site, "terms/alpha.html")
    assert ("Third Term", "gamma.html") not in term_links(site, "terms/alpha.html")


def test_new_alias_fixes_a_reference_on_an_unchanged_page(srcdir: Path) -> None:
    (srcdir / "terms" / "page.md").write_text(page_with("See {term}`gimel`."))
    first = build(srcdir)
    assert "unknown term 'gimel'" in first.warnings
    edit(srcdir / "terms" / "gamma.md", "aliases: [third term]", "aliases: [third term, gimel]")
    site = build(srcdir)
    assert site.warning_lines() == []
    assert term_links(site, "terms/page.html") == [("gimel", "gamma.html")]


def test_removed_reference_removes_the_backlink(srcdir: Path) -> None:
    first = build(srcdir)
    assert mentioned_in(first, "terms/eclair.html") == ["Alpha"]
    edit(srcdir / "terms" / "alpha.md", "{term}`Éclairs`", "Éclairs")
    site = build(srcdir)
    assert site.html("terms/eclair.html").select_one(".termpages-backlinks") is None


def test_renamed_title_updates_backlinks_and_links(srcdir: Path) -> None:
    build(srcdir)
    edit(srcdir / "terms" / "alpha.md", "# Alpha", "# Alpha Prime")
    site = build(srcdir)
    assert mentioned_in(site, "terms/eclair.html") == ["Alpha Prime"]
    home_link = site.html("index.html").select_one("article a.termpages-term")
    assert text_of(home_link) == "Alpha Prime"


def test_another_project_links_to_a_term_with_intersphinx(site: BuiltSite, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx.ext.intersphinx"]\n'
        "intersphinx_mapping = {\n"
        f'    "glossary": ("https://glossary.example.com/", "{site.outdir / "objects.inv"}"),\n'
        "}\n"
    )
    (other / "index.md").write_text(
        "# Other\n\nSee {term}`Third Term` and {external+glossary:term}`eclair`.\n"
    )
    result = build(other, confoverrides={"extensions": ["myst_parser", "sphinx.ext.intersphinx"]})
    assert result.warning_lines() == []
    links = result.html("index.html").select("a.reference.external")
    assert [a["href"] for a in links] == [
        "https://glossary.example.com/terms/gamma.html",
        "https://glossary.example.com/terms/eclair.html",
    ]
