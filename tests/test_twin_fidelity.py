"""Markdown twins and llms-full.txt, read back by markdown-it, say what the HTML page shows.

A property over generated MyST: paragraphs with emphasis, code spans full of backticks
and pipes, links with hostile destinations, lists, tables with code cells, headings and
code blocks, block quotes, definition lists, admonitions, hard and soft line breaks, images,
entities and tabs, in characters Markdown gives meaning to. One Sphinx app rebuilds the one
page of tests/roots/test-twins for every example; the profile is derandomized, so every
run (and CI) checks the same examples.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urljoin

import ada_url
import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString, Script, Stylesheet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS

PAGE_URL = "https://glossary.example.com/terms/prop.html"
START, END = "Startmarker", "Endmarker"
FRONT_MATTER = "---\ncategory: cat-one\nsummary: The page the property test writes.\n---\n\n"

settings.register_profile(
    "twins",
    max_examples=int(os.environ.get("TWIN_EXAMPLES", "25")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# ------------------------------------------------------------------ generated MyST

#: Everything Markdown reads as markup, letters, and some scripts beyond ASCII. No ``{}``
#: (MyST roles) nor ``^`` (footnotes, which move to the page's end: a known example).
WORD = (
    st.text(
        alphabet=st.sampled_from(
            list("abcxyzAB09 *_[]()<>|\\#!~&-+.=:'\"`$\t") + list("éß中😀\u00a0")
        ),
        min_size=1,
        max_size=10,
    )
    .map(str.strip)
    .filter(bool)
)
CODE = st.text(alphabet=st.sampled_from(list("ab |`\\*_<>&#")), min_size=1, max_size=12)
PATH = st.text(alphabet=st.sampled_from(list("ab()| '\"_-.~%é<>#?&=")), min_size=0, max_size=10)


def code_span(code: str) -> str:
    run = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * (run + 1)
    pad = " " if code.startswith("`") or code.endswith("`") or code.strip(" ") == "" else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def link(text: str, path: str, bare: bool) -> str:
    """A link to a hostile path: in ``<...>`` (``<`` and ``>`` escaped), or bare when it can be."""
    destination = "https://example.com/" + path.replace("\\", "")
    if bare and not re.search(r"[\s<>]", destination):
        return f"[{text}]({destination})"
    escaped = re.sub(r"([<>])", r"\\\1", destination)
    return f"[{text}](<{escaped}>)"


SPAN = st.one_of(
    WORD,
    CODE.filter(lambda c: c.strip(" `")).map(code_span),
    st.builds(link, WORD, PATH, st.booleans()),
    WORD.map(lambda w: f"[{w}](#startmarker)"),
    st.builds(lambda alt, path: f"![{alt}](https://example.com/{path}.png)", WORD, PATH),
    st.sampled_from(["&amp;", "&copy;", "&#42;", "&#x5b;", "&nbsp;", "*a**b*", "a_b_c", "\\*"]),
)
INLINE = st.one_of(
    SPAN,
    st.lists(SPAN, min_size=1, max_size=2).map(lambda s: f"*{' '.join(s)}*"),
    st.lists(SPAN, min_size=1, max_size=2).map(lambda s: f"**{' '.join(s)}**"),
    st.builds(link, st.lists(SPAN, min_size=1, max_size=2).map(" ".join), PATH, st.booleans()),
    st.sampled_from(
        ["<b>bold</b>", "<span>x</span>", "x<!-- c -->", "&amp; &lt; &#42;", "<script>x</script>"]
    ),
)
LINE = st.lists(INLINE, min_size=1, max_size=5).map(" ".join)
#: A paragraph of several lines: a soft or hard (``\\``) break, then a line that may start a block.
PARAGRAPH = st.lists(
    st.tuples(LINE, st.sampled_from(["\n", "\\\n", "  \n"])), min_size=2, max_size=3
).map(lambda parts: "".join(line + brk for line, brk in parts).rstrip("\\\n "))


def table(rows: list[list[str]]) -> str:
    width = len(rows[0])
    cells = [(row + ["x"] * width)[:width] for row in rows]
    # a pipe in a cell, in code too, is written \| in MyST as in GFM
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
    return "\n".join([lines[0], "|" + "---|" * width, *lines[1:]])


def code_block(code: str) -> str:
    run = max((len(m) for m in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, run + 1)
    return f"{fence}text\n{code}\n{fence}"


BLOCK = st.one_of(
    LINE,
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(2, 6), LINE),
    st.lists(LINE, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(LINE, min_size=1, max_size=3).map(
        lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
    ),
    st.lists(st.lists(INLINE, min_size=1, max_size=3), min_size=2, max_size=3).map(table),
    st.lists(CODE, min_size=1, max_size=3).map("\n".join).map(code_block),
    LINE.map(lambda line: "> " + line),
    st.builds(lambda a, b: f"- {a}\n  - {b}", LINE, LINE),
    st.builds(
        lambda item, code: f"- {item}\n\n  " + code_block(code).replace("\n", "\n  "),
        LINE,
        CODE,
    ),
)
BLOCK = st.one_of(
    BLOCK,
    PARAGRAPH,
    st.builds(lambda level, text: "#" * level + " " + text + " ##", st.integers(2, 6), LINE),
    st.builds(lambda a, b: f"> {a}\n>\n> > {b}", LINE, LINE),
    st.builds(lambda term, body: f"{term}\n: {body}", LINE, LINE),
    st.builds(lambda body: "```{note}\n" + body + "\n```", LINE),
    st.builds(lambda a, b: f"1) {a}\n   1) {b}", LINE, LINE),
    st.builds(lambda a, b: f"+ {a}\n\n  > {b}", LINE, LINE),
)
BODY = st.lists(BLOCK, min_size=1, max_size=6).map("\n\n".join)


# ------------------------------------------------------------------ what a reader gets


@dataclass
class Reading:
    """What a page says, in the order it says it."""

    text: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)

    def words(self) -> str:
        """All the text, spaces left out: where spaces fall is HTML's business."""
        return "".join("".join(self.text).split())


def spaced(text: str) -> str:
    return " ".join(text.split())


def href(url: str) -> str:
    """A link as a browser follows it: resolved, serialized, then read (percent-decoded)."""
    return unquote(ada_url.URL(urljoin(PAGE_URL, url)).href)


def read_html(html: str) -> Reading:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("a.headerlink"):
        hidden.decompose()
    start = soup.find("p", string=START)
    end = soup.find("p", string=END)
    assert isinstance(start, Tag) and isinstance(end, Tag)
    reading = Reading()
    for item in start.next_elements:
        if item is end:
            break
        if isinstance(item, NavigableString):
            if item.parent is start or isinstance(item, (PreformattedString, Script, Stylesheet)):
                continue  # the marker, a comment, a script or style: no text a reader sees
            reading.text.append(str(item))
        elif item.name == "a" and item.find_parent("a") is None:  # a link in a link: text
            reading.links.append((href(str(item.get("href", ""))), spaced(item.get_text())))
        elif item.name == "code" and item.find_parent("pre") is None:
            reading.code.append(spaced(item.get_text()))
        elif item.name == "tr":
            reading.cells.append([spaced(cell.get_text()) for cell in item.find_all(["th", "td"])])
        elif item.name == "pre":
            reading.blocks.append(item.get_text().rstrip("\n"))
    return reading


MARKDOWN = MarkdownIt("commonmark").enable("table")


def read_markdown(markdown: str) -> Reading:
    tokens = MARKDOWN.parse(markdown)
    html = [t for t in tokens if t.type == "html_block"] + [
        child for t in tokens for child in t.children or [] if child.type == "html_inline"
    ]
    assert not html, f"raw HTML in the Markdown: {[t.content for t in html]}"
    tokens = tokens[inline_index(tokens, START) + 2 : inline_index(tokens, END) - 1]
    reading = Reading()
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            reading.cells.append(row)
            row = None
        elif token.type in ("fence", "code_block"):
            reading.text.append(token.content)
            reading.blocks.append(token.content.rstrip("\n"))
        elif token.type == "inline":
            read_inline(token.children or [], reading)
            if row is not None:
                row.append(spaced(inline_text(token.children or [])))
    return reading


def inline_index(tokens: list[Token], content: str) -> int:
    return next(i for i, t in enumerate(tokens) if t.type == "inline" and t.content == content)


def inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type == "image":
            continue  # an image's alt text is no text of the page
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def read_inline(children: list[Token], reading: Reading) -> None:
    reading.text.append(inline_text(children))
    open_links: list[tuple[str, list[Token]]] = []
    for child in children:
        if child.type == "link_open":
            open_links.append((str(child.attrs["href"]), []))
            continue
        if child.type == "link_close":
            url, inner = open_links.pop()
            reading.links.append((href(url), spaced(inline_text(inner))))
            continue
        for _, inner in open_links:
            inner.append(child)
        if child.type == "code_inline":
            reading.code.append(spaced(child.content))


def assert_reads_as(page: Reading, export: Reading, markdown: str) -> None:
    assert export.words() == page.words(), markdown
    assert export.links == page.links, markdown
    assert export.code == page.code, markdown
    assert export.cells == page.cells, markdown
    assert export.blocks == page.blocks, markdown


# ------------------------------------------------------------------ the site


@dataclass
class TwinSite:
    app: SphinxTestApp
    page: Path
    generation: int = 0

    def build(self, body: str) -> tuple[str, str, str]:
        """The page's HTML, its twin and llms-full.txt after writing ``body`` into it."""
        self.page.write_text(f"{FRONT_MATTER}# Prop\n\n{START}\n\n{body}\n\n{END}\n", "utf-8")
        # a later modification time than the last read, however fast the examples come
        self.generation += 1
        stamp = self.page.stat().st_mtime_ns + self.generation * 10**9
        os.utime(self.page, ns=(stamp, stamp))
        self.app.build()
        out = Path(self.app.outdir)
        return tuple(  # type: ignore[return-value]
            (out / name).read_text(encoding="utf-8")
            for name in ("terms/prop.html", "terms/prop.html.md", "llms-full.txt")
        )


@pytest.fixture(scope="module")
def twin_site(
    tmp_path_factory: pytest.TempPathFactory, shared_template_cache: dict[str, str]
) -> Iterator[TwinSite]:
    srcdir = tmp_path_factory.mktemp("twins") / "site"
    shutil.copytree(ROOTS / "test-twins", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        builddir=srcdir.parent / "build",
        confoverrides=dict(shared_template_cache),
        status=StringIO(),
        warning=StringIO(),
    )
    try:
        yield TwinSite(app, srcdir / "terms" / "prop.md")
    finally:
        app.cleanup()


def term_section(llms_full: str) -> str:
    """The one term's part of llms-full.txt: after its category heading."""
    return llms_full.split("\n## Category One\n", 1)[1]


@settings(settings.get_profile("twins"))
@given(body=BODY)
def test_twin_and_llms_full_read_as_the_page(twin_site: TwinSite, body: str) -> None:
    html, twin, llms_full = twin_site.build(body)
    page = read_html(html)
    assert_reads_as(page, read_markdown(twin), twin)
    assert_reads_as(page, read_markdown(term_section(llms_full)), llms_full)


@pytest.mark.parametrize(
    "body",
    [
        # the examples: a pipe in a table cell's code, a parenthesis in a destination
        "| Name | Example |\n|---|---|\n| Pipe | `a\\|b` |",
        "[wiki](<https://example.com/a)b>) and [spaced](<https://example.com/a b(c>)",
        "Text *(aside)*x and **bold**y, `` `tick` `` and <b>raw</b> <script>x</script>",
        "###### Deepest\n\n1.\n\n---x\n\n&amp; &copy;",
        # a link in a link (the outer keeps the inner one's words), an empty link
        "[[\\](<https://example.com/>)](<https://example.com/>) [](https://example.com/e)",
        # a definition list and an admonition: no colon the page does not show
        "Term\n: Its definition.\n\n```{note}\nCareful.\n```",
        # "_" cannot close a span before a letter: "__a__b" would be words, not strong
        "***a**b***",
        # a footnote's number is text and a link of the page
        "Text[^1] here.\n\n[^1]: The note.",
    ],
)
def test_known_examples_read_as_the_page(twin_site: TwinSite, body: str) -> None:
    html, twin, llms_full = twin_site.build(body)
    page = read_html(html)
    assert_reads_as(page, read_markdown(twin), twin)
    assert_reads_as(page, read_markdown(term_section(llms_full)), llms_full)
