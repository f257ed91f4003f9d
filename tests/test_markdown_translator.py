"""The Markdown translator on small doctrees: each construct's exact Markdown."""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree
from docutils.utils import new_document
from markdown_it import MarkdownIt

from conftest import SiteFactory
from termpages.markdown import MarkdownTranslator, add_markdown_node, render_markdown

PAGE = "https://glossary.example.com/terms/page.html"


def markdown_of_rst(source: str) -> str:
    # every section stays a section, as in a Sphinx page (no document title lifted out)
    settings = {"doctitle_xform": False, "report_level": 5, "halt_level": 5}
    return render_markdown(publish_doctree(source, settings_overrides=settings), PAGE)


def markdown_of(*children: nodes.Node) -> str:
    document = new_document("page")
    document.extend(children)
    return render_markdown(document, PAGE)


def paragraph(*children: nodes.Node) -> nodes.paragraph:
    return nodes.paragraph("", "", *children)


def link(text: str, target: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=target)


def test_headings_emphasis_and_code() -> None:
    source = (
        "Title\n=====\n\n"
        "Some *emphasis*, **strong**, ``code``, `a title` and :math:`a^2`.\n\n"
        "Part\n----\n\nText.\n\n"
        ".. rubric:: A rubric\n"
    )
    assert markdown_of_rst(source) == (
        "# Title\n\n"
        "Some *emphasis*, **strong**, `code`, *a title* and $a^2$.\n\n"
        "## Part\n\n"
        "Text.\n\n"
        "**A rubric**\n"
    )


def test_headings_stop_at_six_levels() -> None:
    underlines = "=-~^\"'+"
    source = "".join(f"Level {n}\n{mark * 7}\n\n" for n, mark in enumerate(underlines, 1))
    assert markdown_of_rst(source + "Text.\n") == (
        "# Level 1\n\n## Level 2\n\n### Level 3\n\n#### Level 4\n\n##### Level 5\n\n"
        "###### Level 6\n\n###### Level 7\n\nText.\n"
    )


def test_writer_text_is_escaped() -> None:
    source = (
        "Stars *here* \\*literal\\* [a](b) <b>tag</b> # hash | pipe\n\n"
        "\\- not a list\n\n\\1. not numbered\n"
    )
    markdown = markdown_of_rst(source)
    assert markdown == (
        "Stars *here* \\*literal\\* \\[a\\](b) \\<b\\>tag\\</b\\> \\# hash \\| pipe\n\n"
        "\\- not a list\n\n1\\. not numbered\n"
    )
    # a reader sees the writer's characters, and no backslash of ours
    assert MarkdownIt("commonmark").render(markdown) == (
        "<p>Stars <em>here</em> *literal* [a](b) &lt;b&gt;tag&lt;/b&gt; # hash | pipe</p>\n"
        "<p>- not a list</p>\n<p>1. not numbered</p>\n"
    )


def test_code_block_keeps_its_language_and_empty_lines() -> None:
    code = "print(1)\n\n\nprint(2)\n"
    markdown = markdown_of(
        paragraph(nodes.Text("Before.")),
        nodes.literal_block(code, code, language="python"),
        nodes.literal_block("```", "```", language="default"),
    )
    assert markdown == "Before.\n\n```python\nprint(1)\n\n\nprint(2)\n```\n\n````\n```\n````\n"


def test_links_are_absolute_and_their_destinations_safe() -> None:
    markdown = markdown_of(
        paragraph(link("balanced", "https://en.wikipedia.org/wiki/Claude_(language_model)")),
        paragraph(link("unbalanced", "https://example.com/a)b")),
        paragraph(link("spaced", "other page.html#part two")),
        paragraph(link("relative", "../hubs/geo.html")),
        paragraph(link("", "https://example.com/bare")),
        paragraph(nodes.reference("anchor", "anchor", refid="faq")),
    )
    assert markdown == (
        "[balanced](https://en.wikipedia.org/wiki/Claude_(language_model))\n\n"
        "[unbalanced](<https://example.com/a)b>)\n\n"
        "[spaced](https://glossary.example.com/terms/other%20page.html#part%20two)\n\n"
        "[relative](https://glossary.example.com/hubs/geo.html)\n\n"
        "[](https://example.com/bare)\n\n"
        "[anchor](https://glossary.example.com/terms/page.html#faq)\n"
    )
    # what a reader's parser makes of them: the URLs as given, parentheses and spaces included
    hrefs = [
        token.attrs["href"]
        for block in MarkdownIt("commonmark").parse(markdown)
        for token in block.children or []
        if token.type == "link_open"
    ]
    assert hrefs[:3] == [
        "https://en.wikipedia.org/wiki/Claude_(language_model)",
        "https://example.com/a)b",
        "https://glossary.example.com/terms/other%20page.html#part%20two",
    ]


def test_table_with_a_pipe_in_code_text_and_link() -> None:
    source = (
        "=======  ============\n"
        "Name     Example\n"
        "=======  ============\n"
        "Code     ``a|b``\n"
        "Text     x | y\n"
        "Link     `l <https://example.com/a|b>`_\n"
        "=======  ============\n"
    )
    markdown = markdown_of_rst(source)
    assert markdown == (
        "| Name | Example |\n"
        "|---|---|\n"
        "| Code | `a\\|b` |\n"
        "| Text | x \\| y |\n"
        "| Link | [l](https://example.com/a\\|b) |\n"
    )
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells = [token.children for token in tokens if token.type == "inline"]
    assert [len(row) for row in (cells[2:4], cells[4:6], cells[6:8])] == [2, 2, 2]
    code = [child.content for row in cells for child in row or [] if child.type == "code_inline"]
    assert code == ["a|b"]
    assert cells[5][0].content == "x | y"
    assert cells[7][0].attrs["href"] == "https://example.com/a%7Cb"


def test_a_table_title_is_kept_above_it() -> None:
    source = ".. list-table:: Prices *today*\n\n   * - Plan\n     - Price\n"
    assert markdown_of_rst(source) == "**Prices *today***\n\n| Plan | Price |\n|---|---|\n"


def test_lists_nested_and_numbered() -> None:
    source = "- one\n- two\n\n  - nested\n\n3. three\n4. four\n"
    # no line of spaces between an item's blocks
    assert markdown_of_rst(source) == "- one\n- two\n\n  - nested\n\n3. three\n4. four\n"


def test_definition_and_field_lists() -> None:
    source = "term : kind\n  The *definition*.\n\n:Author: Someone\n"
    assert markdown_of_rst(source) == (
        # no ": " before the definition: CommonMark would read it as a colon the page lacks
        "**term** *kind*\n\nThe *definition*.\n\n- **Author**: Someone\n"
    )


def test_admonitions_and_quotes() -> None:
    source = (
        ".. note:: Be careful.\n\n   Second thought.\n\n"
        ".. admonition:: Custom title\n\n   Body.\n\n"
        "Before the quote.\n\n    Quoted *words*.\n"
    )
    assert markdown_of_rst(source) == (
        "> **Note**\n>\n> Be careful.\n>\n> Second thought.\n\n"
        "> **Custom title**\n>\n> Body.\n\n"
        "Before the quote.\n\n"
        "> Quoted *words*.\n"
    )


def test_raw_html_never_reaches_the_markdown() -> None:
    source = (
        ".. role:: html(raw)\n   :format: html\n\n"
        "Inline :html:`<b onclick=x>` markup.\n\n"
        ".. raw:: html\n\n   <script>alert(1)</script>\n\n"
        "After.\n"
    )
    assert markdown_of_rst(source) == "Inline  markup.\n\nAfter.\n"


class mystery_block(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """A node no feature described to the translator."""


class mystery_inline(nodes.Inline, nodes.TextElement):  # noqa: N801
    pass


class mystery_leaf(nodes.General, nodes.TextElement):  # noqa: N801
    pass


def test_unknown_nodes_keep_their_text() -> None:
    block = mystery_block()
    block += paragraph(nodes.Text("Inside "), mystery_inline("", "*glowing*"), nodes.Text("."))
    block += mystery_leaf("", "A leaf.")
    block += nodes.Text("Loose text.")
    assert markdown_of(block) == "Inside \\*glowing\\*.\n\nA leaf.\n\nLoose text.\n"


class boxed(nodes.General, nodes.Element):  # noqa: N801
    """Registered below, as a feature registers its nodes from its setup function."""


class starred_rubric(nodes.rubric):  # noqa: N801
    pass


def markdown_boxed(self: MarkdownTranslator, node: boxed) -> None:
    self.add(self.heading(self.section_level + 1, "Boxed"))


def test_a_registered_node_renders_through_its_handler_and_a_subclass_as_its_base() -> None:
    add_markdown_node(boxed, markdown_boxed)
    box = boxed()
    box += paragraph(nodes.Text("Inside the box."))
    assert markdown_of(box, starred_rubric("", "Starred")) == (
        "# Boxed\n\nInside the box.\n\n**Starred**\n"
    )


def test_a_myst_page_through_sphinx(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/tabled.md": (
                "---\ncategory: cat-one\nsummary: A term with a table.\n---\n\n"
                "# Tabled\n\n"
                "Intro with <b>inline HTML</b> and a [spaced link](<https://example.com/a b>).\n\n"
                "<div>block HTML</div>\n\n"
                "| Name | Example |\n|---|---|\n| Pipe | `a\\|b` |\n"
            )
        },
        # MyST parses the HTML into raw nodes, as on a site that allows it
        confoverrides={"myst_disable_syntax": []},
    )
    assert site.warning_lines() == []
    twin = (site.outdir / "terms/tabled.html.md").read_text()
    assert twin.startswith(
        "# Tabled\n\nA term with a table.\n\n"
        "Intro with inline HTML and a [spaced link](https://example.com/a%20b).\n\n"
        # raw HTML reads as the words a browser shows of it, never as markup
        "block HTML\n\n"
        "| Name | Example |\n|---|---|\n| Pipe | `a\\|b` |\n\n"
    )
    assert "<" not in twin.replace("\\<", "")


def test_markup_that_would_not_read_back_keeps_its_words() -> None:
    markdown = markdown_of(
        paragraph(
            nodes.Text("a"),
            nodes.emphasis("", "(b)"),
            nodes.Text("c "),
            nodes.emphasis("", "", nodes.emphasis("", "d"), nodes.Text(":")),
            nodes.Text(" "),
            nodes.strong("", " spaced "),
            nodes.emphasis("", "e"),
            nodes.emphasis("", "f"),
        ),
        paragraph(nodes.Text("--- 1. & &amp; <b>")),
        paragraph(nodes.Text("1.")),
        nodes.raw("", "<div class='x'>shown <script>run()</script></div>", format="html"),
        paragraph(link("click", "javascript:alert(1)"), nodes.Text(" "), link("d", "data:x")),
    )
    assert markdown == (
        # no * can open before "(" after a letter; nested * runs would merge, so _ marks
        "a(b)c *_d_:*  **spaced** _e_*f*\n\n"
        "\\--- 1. & \\&amp; \\<b\\>\n\n"
        "1\\.\n\n"
        "shown\n\n"
        "click d\n"
    )
    rendered = MarkdownIt("commonmark").render(markdown)
    assert rendered == (
        "<p>a(b)c <em><em>d</em>:</em>  <strong>spaced</strong> <em>e</em><em>f</em></p>\n"
        "<p>--- 1. &amp; &amp;amp; &lt;b&gt;</p>\n<p>1.</p>\n<p>shown</p>\n"
        "<p>click d</p>\n"
    )
