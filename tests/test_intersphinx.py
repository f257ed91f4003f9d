"""Intersphinx both ways: {term} falls through to other sites' inventories, ours serves theirs.

A name no term of this site answers to goes through Sphinx's missing-reference
path, so a mapped inventory links it: a plain Sphinx glossary (``std:term``) or
another termpages site (``termpages:term``). Only what nothing answers is warned,
once, as termpages.unknown-term.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BuiltSite, SiteFactory, build, text_of

PLAIN_GLOSSARY = """\
Plain glossary
==============

.. glossary::

   Vector Database
      A store of embeddings.

   Prompt Injection
      Instructions smuggled into input.
"""


@pytest.fixture(scope="module")
def plain_inventory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """objects.inv of a stock Sphinx project whose only terms come from ``.. glossary::``."""
    srcdir = tmp_path_factory.mktemp("plain") / "site"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('project = "Plain"\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(PLAIN_GLOSSARY, encoding="utf-8")
    built = build(srcdir)
    assert built.warning_lines() == []
    return built.outdir / "objects.inv"


def mapping(**inventories: tuple[str, Path]) -> str:
    lines = "".join(
        f'    "{name}": ("{url}", "{inv}"),\n' for name, (url, inv) in inventories.items()
    )
    return 'extensions.append("sphinx.ext.intersphinx")\nintersphinx_mapping = {\n' + lines + "}\n"


def with_conf(extra: str) -> str:
    from conftest import ROOTS

    return (ROOTS / "test-basic" / "conf.py").read_text(encoding="utf-8") + extra


def term_page(body: str) -> str:
    return f"---\ncategory: cat-one\nsummary: A page.\n---\n\n# Page\n\n{body}\n"


def article_links(site: BuiltSite, page: str) -> list[tuple[str, str]]:
    """The links of the page's prose (the first paragraph after the summary)."""
    article = site.html(page).select_one("article")
    prose = article.select_one("section > p:not([class])")
    return [(text_of(a), a["href"]) for a in prose.select("a")]


def test_a_term_only_a_plain_glossary_defines_links_there(
    make_site: SiteFactory, plain_inventory: Path
) -> None:
    site = make_site(
        {
            "conf.py": with_conf(mapping(plain=("https://plain.example/", plain_inventory))),
            "terms/page.md": term_page(
                "Local {term}`alphas`, theirs {term}`Vector Database`, any case "
                "{term}`prompt injection`, and {external+plain:term}`Prompt Injection`."
            ),
        }
    )
    assert site.warning_lines() == []
    assert article_links(site, "terms/page.html") == [
        ("alphas", "alpha.html"),
        ("Vector Database", "https://plain.example/index.html#term-Vector-Database"),
        ("prompt injection", "https://plain.example/index.html#term-Prompt-Injection"),
        ("Prompt Injection", "https://plain.example/index.html#term-Prompt-Injection"),
    ]
    page = site.html("terms/page.html")
    # only the local term gets a preview card: the others are not ours to summarise
    assert [card["id"] for card in page.select(".termpages-preview")] == ["termpages-preview-alpha"]


@pytest.fixture(scope="module")
def glossary_inventory(site: BuiltSite) -> Path:
    """objects.inv of a termpages site (the basic test root)."""
    return site.outdir / "objects.inv"


OTHER_TERMPAGES_CONF = """\
extensions = ["myst_parser", "termpages", "sphinx.ext.intersphinx"]
myst_enable_extensions = ["colon_fence"]
project = "Other Glossary"
html_theme = "furo"
exclude_patterns = ["_build"]
termpages_categories = [{"id": "misc", "title": "Misc"}]
termpages_cta_default = ""
html_baseurl = "https://other.example/"
"""


def test_a_term_of_another_termpages_site_links_there(
    tmp_path: Path, glossary_inventory: Path
) -> None:
    srcdir = tmp_path / "other"
    (srcdir / "terms").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        OTHER_TERMPAGES_CONF
        + 'intersphinx_mapping = {"glossary": '
        + f'("https://glossary.example.com/", "{glossary_inventory}")}}\n',
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text(
        "# Other\n\n```{toctree}\n:glob:\nterms/*\ncategories/*\n```\n"
    )
    (srcdir / "terms" / "omega.md").write_text(
        "---\ncategory: misc\nsummary: The last one.\n---\n\n# Omega\n\n"
        "After {term}`Gamma`, by its alias {term}`third term`, by slug {term}`eclair`, "
        "and {external+glossary:term}`Beta`.\n",
        encoding="utf-8",
    )
    site = build(srcdir)
    assert site.warning_lines() == []
    assert article_links(site, "terms/omega.html") == [
        ("Gamma", "https://glossary.example.com/terms/gamma.html"),
        ("third term", "https://glossary.example.com/terms/gamma.html"),
        # written as the slug, shown as the title, as on the site itself
        ("Éclair", "https://glossary.example.com/terms/eclair.html"),
        ("Beta", "https://glossary.example.com/terms/beta.html"),
    ]


@pytest.mark.parametrize("nitpicky", [False, True])
def test_what_no_inventory_knows_is_warned_once_as_ours(
    make_site: SiteFactory, plain_inventory: Path, nitpicky: bool
) -> None:
    site = make_site(
        {
            "conf.py": with_conf(mapping(plain=("https://plain.example/", plain_inventory))),
            "terms/page.md": term_page("Nobody defines {term}`alphabet soup`."),
        },
        confoverrides={"nitpicky": nitpicky},
    )
    assert site.warning_lines() == [
        "terms/page.md:8: WARNING: unknown term 'alphabet soup' [termpages.unknown-term]"
    ]
    assert article_links(site, "terms/page.html") == []
    assert "alphabet soup" in text_of(site.html("terms/page.html").select_one("article"))


def test_unknown_term_warning_can_be_silenced(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/page.md": term_page("Nobody defines {term}`alphabet soup`.")},
        confoverrides={"suppress_warnings": ["termpages.unknown-term"]},
    )
    assert site.warning_lines() == []


def test_the_any_role_finds_terms_by_the_same_names(make_site: SiteFactory) -> None:
    site = make_site({"terms/page.md": term_page("See {any}`third term` and {any}`Betas`.")})
    assert site.warning_lines() == []
    assert article_links(site, "terms/page.html") == [
        ("third term", "gamma.html"),
        ("Betas", "beta.html"),
    ]


def test_a_plain_sphinx_project_links_to_the_real_glossary(
    real_site_dir: Path, tmp_path: Path
) -> None:
    """The published objects.inv serves projects that have never heard of termpages."""
    srcdir = tmp_path / "plain"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'project = "Notes"\nextensions = ["sphinx.ext.intersphinx"]\n'
        'intersphinx_mapping = {"geonimo": ("https://geonimo.com/glossary/", '
        f'"{real_site_dir / "objects.inv"}")}}\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(
        "Notes\n=====\n\nWe tune with :term:`fine-tuning`, ground with :term:`RAG`, "
        "and call :external+geonimo:term:`LLM` a model.\n",
        encoding="utf-8",
    )
    site = build(srcdir)
    assert site.warning_lines() == []
    links = [(text_of(a), a["href"]) for a in site.html("index.html").select("p a")]
    assert links == [
        ("fine-tuning", "https://geonimo.com/glossary/fine-tuning"),
        ("RAG", "https://geonimo.com/glossary/retrieval-augmented-generation"),
        ("LLM", "https://geonimo.com/glossary/large-language-model"),
    ]
