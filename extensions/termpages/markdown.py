"""Clean Markdown from a resolved doctree: what AI assistants and their tools read.

Directives and roles are already resolved, so the output holds no MyST syntax;
links are absolute; every piece of text is escaped, so a writer's ``*``, ``[``
or ``<`` stays literal text in Markdown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinxcontrib.jsonld import jsonld_data

from .backlinks import backlinks
from .breadcrumbs import breadcrumbs
from .cta import call_to_action
from .faq import faq_question, faq_question_text, faq_untitled
from .lastupdated import last_updated
from .previews import term_previews

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])(\s)", re.M)
_LIST_STARTS = frozenset("-+=0123456789")
_BACKTICK_RUN = re.compile(r"`+")
_EMPTY_LINE = re.compile(r"^$", re.M)
_LANGUAGE = re.compile(r"[\w+.#-]+")
#: A fenced code block at the start of a line, as ``code_block`` writes them.
_TOP_LEVEL_CODE = re.compile(r"^(`{3,})[^\n]*\n(?:.*?\n)??\1$", re.M | re.S)
#: Marks the empty lines of a code block while a page renders, so that the
#: tidying of blank lines between blocks leaves the writer's code as written.
_KEPT_EMPTY_LINE = "\x00"


def shift_headings(markdown: str, levels: int) -> str:
    """The same Markdown with every heading ``levels`` deeper; code blocks are left alone."""
    deeper = "\n" + "#" * (levels + 1)

    def shift(text: str) -> str:  # str.replace: the speed of C over a whole glossary
        return ("\n" + text).replace("\n#", deeper)[1:]

    if "```" not in markdown:
        return shift(markdown)
    parts, start = [], 0
    for block in _TOP_LEVEL_CODE.finditer(markdown):
        parts += [shift(markdown[start : block.start()]), block[0]]
        start = block.end()
    parts.append(shift(markdown[start:]))
    return "".join(parts)


def longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)


def code_block(code: str, language: str) -> str:
    """A fenced block that no line of the code can close: the fence outruns its backticks."""
    code = code.replace(_KEPT_EMPTY_LINE, "").rstrip("\n")
    fence = "`" * max(3, longest_backtick_run(code) + 1)
    code = _EMPTY_LINE.sub(_KEPT_EMPTY_LINE, code)
    return f"{fence}{language}\n{code}\n{fence}\n\n"


def code_span(code: str) -> str:
    """Inline code delimited, as CommonMark asks, by more backticks than it contains."""
    fence = "`" * (longest_backtick_run(code) + 1)
    # a reader drops one space from each end when both ends have one
    spaced = code[:1] == code[-1:] == " " and code.strip(" ")
    padding = " " if spaced or code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{padding}{code}{padding}{fence}"


#: Nodes with nothing for a reader of the Markdown: navigation, metadata, markup for machines.
_SKIPPED = (
    nodes.comment,
    nodes.raw,
    nodes.target,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.footnote_reference,
    nodes.citation_reference,
    addnodes.index,
    addnodes.toctree,
    breadcrumbs,
    term_previews,
    jsonld_data,
)


def escape(text: str) -> str:
    """Make text literal in Markdown."""
    text = _SPECIAL.sub(r"\\\1", text)
    if "\n" not in text and text.lstrip()[:1] not in _LIST_STARTS:
        return text  # the common case: no line can start a list
    return _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)}\\{m.group(3)}", text)


class MarkdownRenderer:
    """Renders one page; ``page_url`` makes relative links absolute."""

    def __init__(self, page_url: str, cta_line: Callable[[call_to_action], str] | None) -> None:
        self.page_url = page_url
        self.cta_line = cta_line
        parts = urlsplit(page_url)
        self._origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self._directory = posixpath.dirname(parts.path) or "/"

    # ------------------------------------------------------------------ blocks

    def render(self, document: nodes.document) -> str:
        text = self.blocks(document.children, level=0)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        return text.replace(_KEPT_EMPTY_LINE, "")

    def blocks(self, children: Sequence[nodes.Node], level: int) -> str:
        return "".join([self.block(child, level) for child in children])

    def block(self, node: nodes.Node, level: int) -> str:
        # the commonest kinds first: a page has hundreds of paragraphs and list items
        if type(node) is nodes.paragraph:
            return self.inline(node) + "\n\n"
        if isinstance(node, _SKIPPED):
            return ""
        if isinstance(node, nodes.section):
            return self.blocks(node.children, level + 1)
        if isinstance(node, nodes.title):
            return f"{'#' * max(1, min(level, 6))} {self.inline(node)}\n\n"
        if isinstance(node, faq_question):
            title = next(node.findall(faq_question_text), None)
            heading = "#" * max(1, min(level + 1, 6))
            question = self.inline(title) if title is not None else ""
            rest = [child for child in node.children if child is not title]
            return f"{heading} {question}\n\n" + self.blocks(rest, level)
        if isinstance(node, faq_untitled):
            return self.blocks(node.children, level)
        if isinstance(node, (nodes.paragraph, nodes.line)):
            return self.inline(node) + "\n\n"
        if isinstance(node, nodes.rubric):
            return f"**{self.inline(node)}**\n\n"
        if isinstance(node, backlinks):
            return f"{'#' * max(1, min(level + 1, 6))} {escape(node['heading'])}\n\n" + self.blocks(
                node.children, level
            )
        if isinstance(node, last_updated):
            return f"{escape(node['label'])} {node['date']}\n\n"
        if isinstance(node, call_to_action):
            line = self.cta_line(node) if self.cta_line else ""
            return f"{line}\n\n" if line else ""
        if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            return self.list(node) + "\n"
        if isinstance(node, nodes.definition_list):
            return "".join(self.definition(item) for item in node.children) + "\n"
        if isinstance(node, nodes.literal_block):
            language = node.get("language", "")
            if language in ("default", "none") or not _LANGUAGE.fullmatch(language):
                language = ""
            return code_block(node.astext(), language)
        if isinstance(node, nodes.Admonition) and isinstance(node, nodes.Element):
            return self.admonition(node, level)
        if isinstance(node, nodes.block_quote):
            return self.quote(self.blocks(node.children, level))
        if isinstance(node, nodes.table):
            return self.table(node)
        if isinstance(node, nodes.transition):
            return "---\n\n"
        if isinstance(node, nodes.image):
            return self.image(node) + "\n\n"
        if isinstance(node, nodes.field_list):
            return (
                "".join(
                    f"- **{self.inline(field.next_node(nodes.field_name))}**: "
                    f"{self.inline_blocks(field.next_node(nodes.field_body))}\n"
                    for field in node.findall(nodes.field)
                )
                + "\n"
            )
        if isinstance(node, nodes.TextElement):
            return self.inline(node) + "\n\n"
        if isinstance(node, nodes.Element):
            return self.blocks(node.children, level)
        return ""

    def inline_blocks(self, node: nodes.Element | None) -> str:
        if node is None:
            return ""
        return " ".join(self.block(child, 0).strip() for child in node.children)

    def list(self, node: nodes.Element) -> str:
        lines = []
        for number, item in enumerate(node.children, start=node.get("start", 1)):
            marker = f"{number}." if isinstance(node, nodes.enumerated_list) else "-"
            body = self.blocks(item.children, 0).strip()
            indent = " " * (len(marker) + 1)
            lines.append(f"{marker} " + body.replace("\n", "\n" + indent))
        return "\n".join(lines) + "\n"

    def definition(self, item: nodes.Node) -> str:
        term = next((c for c in item.children if isinstance(c, nodes.term)), None)
        body = next((c for c in item.children if isinstance(c, nodes.definition)), None)
        text = self.blocks(body.children, 0).strip() if body is not None else ""
        return f"**{self.inline(term) if term else ''}**\n: {text}\n\n"

    def admonition(self, node: nodes.Element, level: int) -> str:
        title_node = next((c for c in node.children if isinstance(c, nodes.title)), None)
        title = self.inline(title_node) if title_node else node.__class__.__name__.title()
        body = self.blocks([c for c in node.children if c is not title_node], level)
        return self.quote(f"**{title}:** {body.lstrip()}")

    @staticmethod
    def quote(text: str) -> str:
        lines = text.strip().split("\n")
        return "\n".join(("> " + line).rstrip() for line in lines) + "\n\n"

    def table(self, node: nodes.Element) -> str:
        rows = [
            [self.inline_blocks(entry).replace("\n", " ") for entry in row.findall(nodes.entry)]
            for row in node.findall(nodes.row)
        ]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines) + "\n\n"

    def image(self, node: nodes.Element) -> str:
        return f"![{escape(node.get('alt', ''))}]({self.url(node.get('uri', ''))})"

    # ------------------------------------------------------------------ inline

    def url(self, target: str) -> str:
        """Absolute URL of a link target relative to this page."""
        if not target or "://" in target or target.startswith(("/", "#", "mailto:")):
            return urljoin(self.page_url, target)
        path, _, fragment = target.partition("#")
        joined = posixpath.normpath(posixpath.join(self._directory, path))
        return self._origin + joined + (f"#{fragment}" if fragment else "")

    def inline(self, node: nodes.Node | None) -> str:
        if node is None:
            return ""
        return "".join([self.inline_node(child) for child in node.children]).strip()

    def inline_node(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(node.astext().replace("\n", " "))
        if isinstance(node, _SKIPPED):
            return ""
        if isinstance(node, nodes.reference):
            text = self.inline(node) or escape(node.get("refuri", ""))
            if "refuri" in node:
                return f"[{text}]({self.url(node['refuri'])})"
            if "refid" in node:
                return f"[{text}]({self.page_url}#{node['refid']})"
            return text
        if isinstance(node, nodes.literal):
            return code_span(node.astext())
        if isinstance(node, nodes.strong):
            return f"**{self.inline(node)}**"
        if isinstance(node, (nodes.emphasis, nodes.title_reference)):
            return f"*{self.inline(node)}*"
        if isinstance(node, nodes.math):
            return f"${node.astext()}$"
        if isinstance(node, nodes.image):
            return self.image(node)
        if isinstance(node, nodes.Element):
            return "".join([self.inline_node(child) for child in node.children])
        return ""
