"""llms.txt, Markdown twins, llms-full.txt and glossary.json: complete, consistent, escaped."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document
from hypothesis import given
from hypothesis import strategies as st
from llms_txt import parse_llms_file
from markdown_it import MarkdownIt

from conftest import ROOTS, BuiltSite, SiteFactory, build, text_of
from termpages.markdown import code_span, render_markdown, shift_headings

BASE = "https://glossary.example.com/"
SCHEMA = json.loads(
    (ROOTS.parent.parent / "extensions/termpages/schemas/glossary.schema.json").read_text()
)


def local(site: BuiltSite, url: str) -> Path:
    assert url.startswith(BASE), url
    return site.outdir / url[len(BASE) :]


def test_llms_txt_format_and_links(site: BuiltSite) -> None:
    parsed = parse_llms_file((site.outdir / "llms.txt").read_text())
    assert parsed["title"] == "Test Glossary"
    assert parsed["summary"] == "Terms of the test glossary."
    assert list(parsed["sections"]) == ["Categories", "Category One", "Category Two", "Optional"]
    categories = parsed["sections"]["Categories"]
    assert [link["url"] for link in categories] == [
        BASE + "categories/cat-one/llms.txt",
        BASE + "categories/cat-two/llms.txt",
    ]
    assert categories[0]["desc"] == (
        f"Terms of the first kind. (2 terms; as one file: {BASE}categories/cat-one/llms-full.txt)"
    )
    one = parsed["sections"]["Category One"]
    assert [link["title"] for link in one] == ["Alpha", "Beta"]
    assert one[0]["url"] == BASE + "terms/alpha.html.md"
    assert one[0]["desc"] == "Alpha is the first term, used to test every part of a term page."
    optional = [link["title"] for link in parsed["sections"]["Optional"]]
    assert optional == ["Glossary", "Category One", "Category Two"]
    for section in parsed["sections"].values():
        for link in section:
            assert local(site, link["url"]).is_file(), link["url"]


def test_markdown_twin_of_a_term(site: BuiltSite) -> None:
    twin = (site.outdir / "terms/alpha.html.md").read_text()
    assert twin.startswith(
        "# Alpha\n\nAlpha is the first term, used to test every part of a term page.\n"
    )
    assert "## Frequently asked questions" in twin
    assert "### What is the difference between alpha and beta?" in twin
    assert "### Can alpha be *emphasised*?" in twin
    assert f"Alpha comes first. See [beta]({BASE}terms/beta.html) for the rest:" in twin
    assert f"Writers can say [Beta]({BASE}terms/beta.html), " in twin
    assert "- one point\n- another point" in twin
    assert f"- [Beta]({BASE}terms/beta.html) — Beta is the second term" in twin
    assert "Last updated: 2026-06-11" in twin
    assert "Track this for your brand: We watch what assistants say about you. " in twin
    assert "[Get your free audit](https://example.com/audit?utm_source=glossary" in twin
    assert "> **Note**\n>\n> Inside an admonition: [gamma]" in twin
    for myst in ("{term}", ":::", "```{", "{faq}", "{question}"):
        assert myst not in twin


def test_html_points_to_its_twin(site: BuiltSite) -> None:
    for page in ("terms/alpha.html", "index.html", "categories/cat-one.html"):
        link = site.html(page).find("link", rel="alternate", type="text/markdown")
        assert (site.outdir / page).parent.joinpath(link["href"]).is_file()


def test_llms_full_has_every_term_grouped(site: BuiltSite) -> None:
    full = (site.outdir / "llms-full.txt").read_text()
    order = [full.index(heading) for heading in (
        "## Category One", "### Alpha", "### Beta", "## Category Two", "### Éclair", "### Gamma"
    )]  # fmt: skip
    assert order == sorted(order)
    assert "##### What is the difference between alpha and beta?" in full
    assert f"Source: {BASE}terms/gamma.html" in full


def test_each_category_has_its_own_llms_txt_and_llms_full(site: BuiltSite) -> None:
    whole = (site.outdir / "llms-full.txt").read_text()
    for folder, title, terms in (
        ("cat-one", "Category One", ["Alpha", "Beta"]),
        ("cat-two", "Category Two", ["Éclair", "Gamma"]),
    ):
        parsed = parse_llms_file((site.outdir / "categories" / folder / "llms.txt").read_text())
        assert parsed["title"] == f"Test Glossary: {title}"
        assert list(parsed["sections"]) == ["Terms"]
        links = parsed["sections"]["Terms"]
        assert [link["title"] for link in links] == terms
        for link in links:
            assert local(site, link["url"]).is_file(), link["url"]
            assert link["desc"]
        full = (site.outdir / "categories" / folder / "llms-full.txt").read_text()
        assert full.startswith(f"# Test Glossary: {title}\n")
        assert [line for line in full.splitlines() if line.startswith("### ")] == [
            f"### {term}" for term in terms
        ]
        # the category's part of the whole file, word for word
        section = full.split(f"## {title}\n", 1)[1]
        assert section in whole


def test_a_removed_category_takes_its_llms_files_along(srcdir: Path) -> None:
    first = build(srcdir)
    assert (first.outdir / "categories/cat-two/llms-full.txt").is_file()
    conf = srcdir / "conf.py"
    text = conf.read_text()
    conf.write_text(text.replace(
        '{"id": "cat-two", "title": "Category Two", "description": "Terms of the second kind."},',
        "",
    ))  # fmt: skip
    site = build(srcdir)
    assert (site.outdir / "categories/cat-one/llms.txt").is_file()
    assert not (site.outdir / "categories/cat-two").exists()
    site = build(srcdir, confoverrides={"termpages_llms_full": False})
    assert not (site.outdir / "categories/cat-one/llms-full.txt").exists()
    assert (site.outdir / "categories/cat-one/llms.txt").is_file()


def test_a_large_glossary_lists_categories_not_terms_in_llms_txt(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_llms_txt_max_terms": 3})
    parsed = parse_llms_file((site.outdir / "llms.txt").read_text())
    assert list(parsed["sections"]) == ["Categories", "Optional"]
    assert "4 terms" in parsed["info"]
    assert [link["title"] for link in parsed["sections"]["Categories"]] == [
        "Category One",
        "Category Two",
    ]
    # every term is still one link away, in its category's llms.txt
    listed = []
    for link in parsed["sections"]["Categories"]:
        category = parse_llms_file(local(site, link["url"]).read_text())
        listed += [term["title"] for term in category["sections"]["Terms"]]
    assert sorted(listed) == ["Alpha", "Beta", "Gamma", "Éclair"]


def test_llms_txt_max_terms_must_be_a_count(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_llms_txt_max_terms": 0})
    assert (
        "termpages_llms_txt_max_terms must be a positive whole number, got 0; using 300"
        in site.warnings
    )
    assert "## Category One" in (site.outdir / "llms.txt").read_text()


def test_glossary_json_validates_and_agrees_with_the_pages(site: BuiltSite) -> None:
    data = json.loads((site.outdir / "glossary.json").read_text())
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert (site.outdir / "glossary.schema.json").is_file()
    assert [term["slug"] for term in data["terms"]] == ["alpha", "beta", "eclair", "gamma"]
    for term in data["terms"]:
        page = site.html(f"terms/{term['slug']}.html")
        graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
        defined = next(node for node in graph if node["@type"] == "DefinedTerm")
        assert (
            term["summary"]
            == defined["description"]
            == text_of(page.select_one("p.termpages-definition"))
        )
        visible_date = page.select_one("p.termpages-last-updated time")
        assert term["last_updated"] == (visible_date["datetime"] if visible_date else None)
        marked_up = [
            q for node in graph if isinstance(node.get("mainEntity"), list)
            for q in node["mainEntity"]
        ]  # fmt: skip
        assert len(term["faq"]) == len(marked_up) == len(page.select("details.termpages-faq-item"))
        assert term["url"] == defined["url"]
    alpha = data["terms"][0]
    assert alpha["related"] == ["beta", "gamma"]
    assert alpha["aliases"] == ["first term", "the letter A"]
    assert alpha["same_as"] == ["https://en.wikipedia.org/wiki/Alpha"]
    assert alpha["faq"][1] == {"question": "Can alpha be emphasised?", "answer": "Yes."}


def test_hostile_text_is_escaped_for_markdown(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/evil.md": (
                "---\ncategory: cat-one\n"
                "summary: 'Stars *here*, [a](javascript:x) and <b>tags</b> # not a heading'\n"
                "---\n\n"
                "# Evil \\*title\\* \\[x\\](y)\n\n"
                "::::{faq}\n:::{question} Why \\<script>?\n"
                "Because \\*really\\* \\_so\\_ \\`code\\`.\n:::\n::::\n"
            )
        }
    )
    assert site.warning_lines() == []
    twin = (site.outdir / "terms/evil.html.md").read_text()
    assert twin.startswith("# Evil \\*title\\* \\[x\\](y)\n")
    assert (
        "Stars \\*here\\*, \\[a\\](javascript:x) and \\<b\\>tags\\</b\\> \\# not a heading" in twin
    )
    assert "### Why \\<script\\>?" in twin
    assert "Because \\*really\\* \\_so\\_ \\`code\\`." in twin
    llms = (site.outdir / "llms.txt").read_text()
    assert "- [Evil \\*title\\* \\[x\\](y)](" in llms


#: A Markdown example a writer put in a term page, with what exports tend to
#: mangle: a line that is a heading, a fence of its own, several empty lines.
CODE = "# A heading inside the example\n```\nfenced\n```\n\n\nThe end."


def fenced_code(markdown: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [(token.info, token.content) for token in tokens if token.type == "fence"]


def headings(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    return [f"{opening.tag} {inline.content}" for opening, inline in itertools.pairwise(tokens)
            if opening.type == "heading_open"]  # fmt: skip


def test_code_reaches_the_twin_and_llms_full_exactly_as_written(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/coded.md": (
                "---\ncategory: cat-one\nsummary: A term with code.\n---\n\n"
                "# Coded\n\nIntro.\n\n## Example\n\n"
                f"````markdown\n{CODE}\n````\n\n"
                "Spans: `` `tick` `` and ``` a``b ```.\n"
            )
        }
    )
    assert site.warning_lines() == []
    twin = (site.outdir / "terms/coded.html.md").read_text()
    assert fenced_code(twin) == [("markdown", CODE + "\n")]
    spans = [
        child.content
        for token in MarkdownIt("commonmark").parse(twin)
        if token.type == "inline"
        for child in token.children or []
        if child.type == "code_inline"
    ]
    assert spans == ["`tick`", "a``b"]
    full = (site.outdir / "llms-full.txt").read_text()
    # the term's headings move under its category; the code does not change
    assert ("markdown", CODE + "\n") in fenced_code(full)
    coded = headings(full)
    assert "h3 Coded" in coded and "h4 Example" in coded
    assert not any("inside the example" in heading for heading in coded)


def test_exports_can_be_turned_off(make_site: SiteFactory) -> None:
    site = make_site(
        confoverrides={
            "termpages_llms_txt": False,
            "termpages_markdown_twins": False,
            "termpages_glossary_json": False,
        }
    )
    for name in ("llms.txt", "llms-full.txt", "glossary.json", "terms/alpha.html.md"):
        assert not (site.outdir / name).exists(), name
    assert site.html("terms/alpha.html").find("link", type="text/markdown") is None


def test_cta_line_is_optional(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_markdown_cta": False})
    assert "Get your free audit" not in (site.outdir / "terms/alpha.html.md").read_text()


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def test_deleted_term_leaves_all_four(srcdir: Path) -> None:
    first = build(srcdir)
    assert (first.outdir / "terms/eclair.html.md").exists()
    (srcdir / "terms" / "eclair.md").unlink()
    site = build(srcdir)
    # alpha still mentions it: told so, and the text stays
    assert site.warning_lines() == [
        "terms/alpha.md:18: WARNING: unknown term 'Éclairs' [termpages.unknown-term]"
    ]
    assert not (site.outdir / "terms/eclair.html.md").exists()
    for name in ("llms.txt", "llms-full.txt", "glossary.json"):
        assert "terms/eclair" not in (site.outdir / name).read_text(), name
    assert "### Éclair\n" not in (site.outdir / "llms-full.txt").read_text()
    assert "eclair" not in [t["slug"] for t in json.loads(site.text("glossary.json"))["terms"]]


def test_edited_summary_reaches_every_export(srcdir: Path) -> None:
    build(srcdir)
    beta = srcdir / "terms" / "beta.md"
    beta.write_text(beta.read_text().replace("and shows another call to action.", "reworded."))
    site = build(srcdir)
    assert "Beta is the second term reworded." in (site.outdir / "llms.txt").read_text()
    assert "Beta is the second term reworded." in (site.outdir / "llms-full.txt").read_text()
    alpha_twin = (site.outdir / "terms/alpha.html.md").read_text()
    assert "Beta is the second term reworded." in alpha_twin  # its related-terms list
    data = json.loads((site.outdir / "glossary.json").read_text())
    assert data["terms"][1]["summary"] == "Beta is the second term reworded."


def test_twin_of_the_home_page(site: BuiltSite) -> None:
    twin = (site.outdir / "index.html.md").read_text()
    soup = BeautifulSoup(site.text("index.html"), "html.parser")
    assert twin.startswith("# Glossary\n")
    for link in soup.select("div.termpages-az ul a"):
        assert f"[{text_of(link)}]({BASE}{link['href']})" in twin


def rendered_page(*children: nodes.Node) -> str:
    document = new_document("page")
    document.extend(children)
    return render_markdown(document, "https://glossary.example.com/terms/page.html")


@given(code=st.text(alphabet="`#\n ax", max_size=40).filter(lambda code: code.strip("\n")))
def test_any_code_block_reads_back_exactly_even_in_llms_full(code: str) -> None:
    # what a reader parses out of the fence is the code, whatever backticks,
    # heading-like lines or empty lines it holds
    page = rendered_page(nodes.paragraph(text="Before."), nodes.literal_block(code, code))
    expected = [("", code.rstrip("\n") + "\n")]
    assert fenced_code(page) == expected
    assert fenced_code(shift_headings("# Title\n\n" + page, 2)) == expected


@given(code=st.text(alphabet="`a ", min_size=1, max_size=20))
def test_any_code_span_reads_back_exactly(code: str) -> None:
    spans = [
        child.content
        for token in MarkdownIt("commonmark").parse(f"Text {code_span(code)} text.")
        if token.type == "inline"
        for child in token.children or []
        if child.type == "code_inline"
    ]
    assert spans == [code]


def test_backlinks_beside_a_writer_section_of_the_same_name(make_site: SiteFactory) -> None:
    eclair = (ROOTS / "test-basic" / "terms" / "eclair.md").read_text()
    site = make_site(
        {"terms/eclair.md": eclair + "\n## Mentioned in\n\nThe writer's own section.\n"}
    )
    assert site.warning_lines() == []
    page = site.html("terms/eclair.html")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    writer, generated = (
        page.select("section#mentioned-in"),
        page.select("section.termpages-backlinks"),
    )
    assert len(writer) == 1 and len(generated) == 1 and generated[0] is not writer[0]
    # the generated section's heading link points to that section, not the writer's
    assert generated[0].select_one("a.headerlink")["href"] == "#" + generated[0]["id"]
    twin = (site.outdir / "terms/eclair.html.md").read_text()
    assert twin.count("## Mentioned in\n") == 2


def test_a_toctree_in_a_twin_is_its_caption_and_a_list(make_site: SiteFactory) -> None:
    # resolved, a toctree is one compact_paragraph holding a title and lists: not one line
    page = (
        "---\norphan: true\n---\n\n# About\n\n```{toctree}\n:caption: Links\n\n"
        "One <https://example.com/one>\nTwo <https://example.com/two>\n```\n"
    )
    site = make_site({"about.md": page})
    assert site.warning_lines() == []
    assert site.text("about.html.md").startswith(
        "# About\n\n**Links**\n\n- [One](https://example.com/one)\n"
        "- [Two](https://example.com/two)\n"
    )
