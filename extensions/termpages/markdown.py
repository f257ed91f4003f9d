"""Clean Markdown from a resolved doctree: what AI assistants and their tools read.

Directives and roles are already resolved, so the output holds no MyST syntax;
links are absolute; every piece of text is escaped, so a writer's ``*``, ``[``
or ``<`` stays literal text in Markdown, and raw HTML never gets through.

``MarkdownTranslator`` knows docutils' and Sphinx's own nodes. A feature of the
extension says how its nodes read with ``add_markdown_node`` from its setup
function, as ``app.add_node`` does for HTML, so this module imports no feature.
A node nobody described keeps its text.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx import addnodes

from .weburls import link_url

if TYPE_CHECKING:
    from sphinx.config import Config

#: Characters that could start markup: escaped wherever a writer's text goes; ``<`` could
#: start an HTML tag or an autolink, the rest inline markup.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")
#: An ``&`` that a reader would take for the start of an entity (``&amp;``, ``&#42;``).
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)")
#: Characters no reader sees: C0 and C1 controls but tab and line ends, DEL, and the
#: separators that line-based tools (Python's ``splitlines``) take for a new line.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_READ_AS_LINE_BREAK = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
#: A line start that could open a list, a thematic break or a setext underline.
_LINE_START = re.compile(r"^(\s*)([-+=]|\d{1,9}[.)])", re.M)
_LIST_STARTS = frozenset("-+=0123456789")
_BACKTICK_RUN = re.compile(r"`+")
_EMPTY_LINE = re.compile(r"^$", re.M)
_LANGUAGE = re.compile(r"[\w+.#-]+")
#: What a bare link destination cannot hold (besides unbalanced parentheses):
#: spaces, control characters, and backslashes, which would escape what follows.
_UNSAFE_IN_DESTINATION = re.compile(r"[\s\\\x00-\x1f\x7f]")
#: Escaped inside ``<...>``; line breaks are not allowed there at all.
_ANGLE_DESTINATION_SPECIAL = re.compile(r"([<>\\])")
_LINE_BREAKS = {"\n": "%0A", "\r": "%0D"}
#: An ATX heading's marker, as ``heading`` writes it (the text's own ``#`` are escaped).
_HEADING = re.compile(r"^(#{1,6})(?= |$)", re.M)
#: A fenced code block at the start of a line, as ``code_block`` writes them.
_TOP_LEVEL_CODE = re.compile(r"^(`{3,})[^\n]*\n(?:.*?\n)??\1$", re.M | re.S)
#: Marks the empty lines of a code block while a page renders, so that the
#: tidying of blank lines between blocks leaves the writer's code as written.
_KEPT_EMPTY_LINE = "\x00"


def shift_headings(markdown: str, levels: int) -> str:
    """The same Markdown with every heading ``levels`` deeper, down to level 6 (Markdown's
    deepest: seven ``#`` are text); code blocks are left alone."""

    def shift(text: str) -> str:
        if "#" not in text:
            return text
        return _HEADING.sub(lambda m: "#" * min(6, len(m[1]) + levels), text)

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
    """Inline code delimited, as CommonMark asks, by more backticks than it contains.

    A line break becomes a space, as a reader shows it: inside a paragraph a new
    line that began with ``#`` or ``-`` would start a block before the span closes.
    """
    code = code.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    fence = "`" * (longest_backtick_run(code) + 1)
    # a reader drops one space from each end when both ends have one
    spaced = code[:1] == code[-1:] == " " and code.strip(" ")
    padding = " " if spaced or code.startswith("`") or code.endswith("`") else ""
    return f"{fence}{padding}{code}{padding}{fence}"


def escape(text: str) -> str:
    """Make text literal in Markdown, without characters no reader sees.

    A control character is left out, and one that a line-based tool reads as a
    line break (``\\x85``, U+2028) is a space, so an llms.txt entry stays one line.
    """
    text = _INVISIBLE.sub(_visible, _SPECIAL.sub(r"\\\1", text))
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    if "\n" not in text and text.lstrip()[:1] not in _LIST_STARTS:
        return text  # the common case: no line can start a list
    return _LINE_START.sub(_literal_line_start, text)


def _visible(match: re.Match[str]) -> str:
    return " " if match[0] in _READ_AS_LINE_BREAK else ""


def _literal_line_start(match: re.Match[str]) -> str:
    """``\\-``, ``\\+`` or ``1\\.``: a backslash only escapes punctuation, never a digit."""
    indent, marker = match.groups()
    return f"{indent}{marker[:-1]}\\{marker[-1]}"


def is_punctuation(char: str) -> bool:
    """Punctuation as CommonMark's emphasis rules count it: ASCII, Unicode P and S classes."""
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _flanks(outside: str, inside: str, only: bool) -> bool:
    """Whether a delimiter run between ``outside`` and ``inside`` (the span's first or last
    character) flanks the span, by CommonMark's rules read from the inside ("" is a
    block's edge); with ``only``, and does not flank the outside too.

    An opener must flank only its span: one that flanks both ways can close an
    enclosing span early. A closer is matched before it could open anything.
    """

    def space(char: str) -> bool:
        return not char or char.isspace()

    toward = not space(inside) and (
        not is_punctuation(inside) or space(outside) or is_punctuation(outside)
    )
    away = not space(outside) and (
        not is_punctuation(outside) or space(inside) or is_punctuation(inside)
    )
    return toward and not (only and away)


class _HTMLText(HTMLParser):
    """The text a browser shows of a piece of HTML: no tags, no script or style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    @property
    def hidden(self) -> bool:
        """Whether what follows is inside a script or style element."""
        return self._hidden > 0

    def text_of(self, markup: str) -> str:
        """The text a browser shows of this next piece of markup."""
        start = len(self.parts)
        self.feed(markup)
        return "".join(self.parts[start:])


def html_text(markup: str) -> str:
    """The visible text of raw HTML, so that an export says what the page shows, as text."""
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _balanced_parentheses(text: str) -> bool:
    if "(" not in text and ")" not in text:
        return True
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def link_destination(url: str) -> str:
    """A URL as a link destination; in ``<...>`` when spaces or parentheses would end it.

    Balanced parentheses, as in Wikipedia's ``Claude_(language_model)``, may stay bare.
    """
    if (
        not _UNSAFE_IN_DESTINATION.search(url)
        and not url.startswith("<")
        and _balanced_parentheses(url)
    ):
        return url
    for line_break, encoded in _LINE_BREAKS.items():
        url = url.replace(line_break, encoded)
    return "<" + _ANGLE_DESTINATION_SPECIAL.sub(r"\\\1", url) + ">"


def quote(text: str) -> str:
    """The text as a block quote, one ``>`` per line."""
    lines = text.strip().split("\n")
    return "\n".join(("> " + line).rstrip() for line in lines) + "\n\n"


# ---------------------------------------------------------------- the registry

_Node = TypeVar("_Node", bound=nodes.Node)
_Handler = Callable[[Any, Any], None]
_HANDLERS: dict[type[nodes.Node], tuple[_Handler, _Handler | None]] = {}


def add_markdown_node(
    node_class: type[_Node],
    visit: Callable[[MarkdownTranslator, _Node], None],
    depart: Callable[[MarkdownTranslator, _Node], None] | None = None,
) -> None:
    """How a feature's node reads in the Markdown twins: its visitor, called like a method.

    Handlers apply where blocks are written; inside a paragraph a node reads as
    its docutils base class. Node classes are the same in every build of a
    process, so one table serves all.
    """
    _HANDLERS[node_class] = (visit, depart)
    for table in _DISPATCH_TABLES:
        table.clear()


def skip_in_markdown(translator: MarkdownTranslator, node: nodes.Node) -> None:
    """For nodes with nothing for a reader: navigation, markup for machines."""
    raise nodes.SkipNode


def _do_nothing(translator: Any, node: nodes.Node) -> None:
    pass


#: Every translator class's dispatch table, emptied when a handler is added.
_DISPATCH_TABLES: list[dict[type[nodes.Node], tuple[_Handler, _Handler]]] = []


class _ClassDispatch(nodes.NodeVisitor):
    """Finds the visitor of a node's class, else of its nearest base class, as isinstance would.

    A registered handler comes before a method of the same class level, so a
    feature's subclass of a docutils node (a rubric, a reference) reads as the
    docutils node unless the feature says otherwise.
    """

    registry: ClassVar[dict[type[nodes.Node], tuple[_Handler, _Handler | None]]] = {}
    #: Node class -> (visit, depart), found once per translator class.
    _dispatch: ClassVar[dict[type[nodes.Node], tuple[_Handler, _Handler]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._dispatch = {}
        _DISPATCH_TABLES.append(cls._dispatch)

    @classmethod
    def _find(cls, node_class: type[nodes.Node]) -> tuple[_Handler, _Handler]:
        for base in node_class.__mro__:
            registered = cls.registry.get(base)
            if registered is not None:
                visit, depart = registered
                return visit, depart or _do_nothing
            method = getattr(cls, f"visit_{base.__name__}", None)
            if method is not None:
                return method, getattr(cls, f"depart_{base.__name__}", _do_nothing)
        return cls.unknown_visit, cls.unknown_departure

    def _visitors(self, node: nodes.Node) -> tuple[_Handler, _Handler]:
        found = self._dispatch.get(type(node))
        if found is None:
            found = self._dispatch[type(node)] = self._find(type(node))
        return found

    def dispatch_visit(self, node: nodes.Node) -> None:
        self._visitors(node)[0](self, node)

    def dispatch_departure(self, node: nodes.Node) -> None:
        self._visitors(node)[1](self, node)

    def unknown_visit(self, node: nodes.Node) -> None:
        raise nodes.SkipNode  # neither text nor element: nothing a reader could see

    def unknown_departure(self, node: nodes.Node) -> None:
        pass


class _Buffers:
    """Text being written, one buffer per open construct that reworks its content."""

    def __init__(self) -> None:
        self._stack: list[list[str]] = [[]]

    def add(self, text: str) -> None:
        self._stack[-1].append(text)

    def open(self) -> None:
        self._stack.append([])

    def close(self) -> str:
        return "".join(self._stack.pop())

    def last(self) -> str:
        """The last character of the open buffer; "" when it is empty."""
        top = self._stack[-1]
        return top[-1][-1:] if top and top[-1] else ""

    def text(self) -> str:
        return "".join(self._stack[0])


# ---------------------------------------------------------------- blocks


class MarkdownTranslator(_ClassDispatch):
    """Renders one page; ``page_url`` makes relative links absolute.

    ``config`` is the Sphinx configuration, for nodes whose Markdown comes from
    conf.py (the call to action); None outside a Sphinx build.
    """

    registry = _HANDLERS

    def __init__(
        self, document: nodes.document, page_url: str, config: Config | None = None
    ) -> None:
        super().__init__(document)
        self.page_url = page_url
        self.config = config
        #: Depth of the section being written: its title is a heading of this level.
        self.section_level = 0
        #: In a table cell a ``|`` ends the cell unless escaped, even in code and URLs.
        self.in_table_cell = False
        self._out = _Buffers()
        self._saved_levels: list[int] = []
        self._lists: list[_ListMarkers] = []
        self._admonition_titles: list[str] = []
        self._inline = _InlineMarkdown(self)
        parts = urlsplit(page_url)
        self._origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
        self._directory = posixpath.dirname(parts.path) or "/"

    # -------------------------------------------------------- for node handlers

    def add(self, markdown: str) -> None:
        """Write Markdown at the current place of the page."""
        self._out.add(markdown)

    def astext(self) -> str:
        """The page written so far, with one empty line between blocks."""
        text = re.sub(r"\n{3,}", "\n\n", self._out.text()).strip() + "\n"
        return text.replace(_KEPT_EMPTY_LINE, "")

    def inline(self, node: nodes.Node | None) -> str:
        """The node's children as one line of inline Markdown (links, code, emphasis)."""
        if node is None:
            return ""
        return self._inline.render(node.children)

    @staticmethod
    def heading(level: int, text: str) -> str:
        return f"{'#' * max(1, min(level, 6))} {text}\n\n"

    def url(self, target: str) -> str | None:
        """Absolute URL of a link target relative to this page, as browsers serialize it.

        None for a target a reader's browser would not open as a page or a mail
        address (``javascript:``, ``data:``): the twin keeps only its text.
        """
        if not target or ":" in target.split("/", 1)[0] or target.startswith(("/", "#")):
            joined = urljoin(self.page_url, target)
        else:
            path, _, fragment = target.partition("#")
            joined = posixpath.normpath(posixpath.join(self._directory, path))
            joined = self._origin + joined + (f"#{fragment}" if fragment else "")
        return link_url(joined)

    def destination(self, url: str) -> str:
        """A link destination for this spot of the page: in a table cell its pipes are escaped."""
        destination = link_destination(url)
        return destination.replace("|", "\\|") if self.in_table_cell else destination

    def link(self, text: str, target: str) -> str:
        """``[text](destination)``; only the text when the target is no page to go to."""
        url = self.url(target)
        return text if url is None else f"[{text}]({self.destination(url)})"

    def image(self, node: nodes.Element) -> str:
        alt = escape(node.get("alt", ""))
        url = self.url(node.get("uri", ""))
        return alt if url is None else f"![{alt}]({self.destination(url)})"

    def _rendered(self, node: nodes.Node, level: int) -> str:
        """One node alone, as if it began a page at ``level``, for constructs that join parts."""
        saved = self.section_level
        self.section_level = level
        self._out.open()
        try:
            node.walkabout(self)
        finally:
            self.section_level = saved
        return self._out.close()

    def _one_line(self, node: nodes.Node | None) -> str:
        """The blocks of a table cell or field body, side by side."""
        if node is None:
            return ""
        return " ".join(self._rendered(child, 0).strip() for child in node.children)

    def _open_item(self) -> None:
        """A list item is written like a page of its own, at level 0, then indented."""
        self._saved_levels.append(self.section_level)
        self.section_level = 0
        self._out.open()

    def _close_item(self) -> str:
        self.section_level = self._saved_levels.pop()
        return self._out.close().strip()

    # -------------------------------------------------------- structure

    def visit_Element(self, node: nodes.Element) -> None:  # noqa: N802 - docutils naming
        pass  # a container: its children are the blocks

    def visit_TextElement(self, node: nodes.TextElement) -> None:  # noqa: N802
        self.add(self.inline(node) + "\n\n")
        raise nodes.SkipNode

    visit_paragraph = visit_TextElement
    visit_line = visit_TextElement

    def visit_compact_paragraph(self, node: addnodes.compact_paragraph) -> None:
        """Sphinx's resolved toctree is a compact_paragraph holding a caption and lists:
        then it is a container, whose blocks are written apart; else a paragraph."""
        if all(isinstance(child, (nodes.Inline, nodes.Text)) for child in node.children):
            self.visit_TextElement(node)

    def visit_Text(self, node: nodes.Text) -> None:  # noqa: N802
        # text directly in a container (an unknown node's own text) is the writer's words
        text = escape(node.astext().replace("\n", " ")).strip()
        if text:
            self.add(text + "\n\n")

    def visit_section(self, node: nodes.section) -> None:
        self.section_level += 1

    def depart_section(self, node: nodes.section) -> None:
        self.section_level -= 1

    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph):  # a toctree's caption
            self.add(f"**{self.inline(node)}**\n\n")
            raise nodes.SkipNode
        if not isinstance(node.parent, nodes.Admonition):  # the admonition writes its title
            self.add(self.heading(self.section_level, self.inline(node)))
        raise nodes.SkipNode

    def visit_rubric(self, node: nodes.rubric) -> None:
        self.add(f"**{self.inline(node)}**\n\n")
        raise nodes.SkipNode

    def visit_transition(self, node: nodes.transition) -> None:
        self.add("---\n\n")
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        self.add(self.image(node) + "\n\n")
        raise nodes.SkipNode

    def visit_literal_block(self, node: nodes.literal_block) -> None:
        language = node.get("language", "")
        if language in ("default", "none") or not _LANGUAGE.fullmatch(language):
            language = ""
        self.add(code_block(node.astext(), language))
        raise nodes.SkipNode

    def visit_target(self, node: nodes.target) -> None:
        if not node.children:
            raise nodes.SkipNode  # an anchor: the twin links to pages, not to spots in them
        self.visit_TextElement(node)

    def _skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    def visit_raw(self, node: nodes.raw) -> None:
        """Raw HTML is never passed on: what a reader sees of it is text, escaped."""
        if "html" in node.get("format", "").split():
            text = escape(" ".join(html_text(node.astext()).split()))
            if text:
                self.add(text + "\n\n")
        raise nodes.SkipNode

    # nothing for a reader: comments, other formats' raw markup, metadata, navigation
    visit_comment = _skip
    visit_substitution_definition = _skip
    visit_system_message = _skip
    visit_footnote_reference = _skip
    visit_citation_reference = _skip
    visit_index = _skip
    visit_toctree = _skip

    # -------------------------------------------------------- lists

    def _visit_list(self, node: nodes.Element) -> None:
        numbered = isinstance(node, nodes.enumerated_list)
        self._lists.append(_ListMarkers(numbered, node.get("start", 1)))

    def _depart_list(self, node: nodes.Element) -> None:
        self.add("\n".join(self._lists.pop().items) + "\n\n")

    visit_bullet_list = visit_enumerated_list = _visit_list
    depart_bullet_list = depart_enumerated_list = _depart_list

    def visit_list_item(self, node: nodes.list_item) -> None:
        self._open_item()

    def depart_list_item(self, node: nodes.list_item) -> None:
        body = self._close_item()
        markers = self._lists[-1]
        marker = markers.next()
        indent = " " * (len(marker) + 1)
        lines = body.split("\n")
        lines[1:] = [indent + line if line else line for line in lines[1:]]
        markers.items.append(f"{marker} " + "\n".join(lines))

    def visit_definition_list(self, node: nodes.definition_list) -> None:
        pass

    def depart_definition_list(self, node: nodes.definition_list) -> None:
        self.add("\n")

    def visit_definition_list_item(self, node: nodes.definition_list_item) -> None:
        term = next((c for c in node.children if isinstance(c, nodes.term)), None)
        body = next((c for c in node.children if isinstance(c, nodes.definition)), None)
        classifiers = [c for c in node.children if isinstance(c, nodes.classifier)]
        label = "".join(f" *{self.inline(c)}*" for c in classifiers)
        text = ""
        if body is not None:
            text = "".join(self._rendered(child, 0) for child in body.children).strip()
        # CommonMark has no definition lists: the term in bold, its definition's blocks
        # after it (a ": " line would read as a colon the page never shows)
        self.add(f"**{self.inline(term)}**{label}\n\n{text}\n\n")
        raise nodes.SkipNode

    def visit_field_list(self, node: nodes.field_list) -> None:
        for field in node.findall(nodes.field):
            name = self.inline(field.next_node(nodes.field_name))
            self.add(f"- **{name}**: {self._one_line(field.next_node(nodes.field_body))}\n")
        self.add("\n")
        raise nodes.SkipNode

    # -------------------------------------------------------- quotes and notes

    def visit_block_quote(self, node: nodes.block_quote) -> None:
        self._out.open()

    def depart_block_quote(self, node: nodes.block_quote) -> None:
        self.add(quote(self._out.close()))

    def visit_Admonition(self, node: nodes.Element) -> None:  # noqa: N802
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        label = self.inline(title) if title is not None else type(node).__name__.title()
        self._admonition_titles.append(label)
        self._out.open()

    def depart_Admonition(self, node: nodes.Element) -> None:  # noqa: N802
        body = self._out.close()
        # the title as its own line, as the page shows it (a colon after it would be new text)
        self.add(quote(f"**{self._admonition_titles.pop()}**\n\n{body.lstrip()}"))

    # -------------------------------------------------------- tables

    def visit_table(self, node: nodes.table) -> None:
        self.in_table_cell, outer = True, self.in_table_cell
        try:
            rows = [
                [self._one_line(entry).replace("\n", " ") for entry in row.findall(nodes.entry)]
                for row in node.findall(nodes.row)
            ]
        finally:
            self.in_table_cell = outer
        title = next((c for c in node.children if isinstance(c, nodes.title)), None)
        if title is not None:
            self.add(f"**{self.inline(title)}**\n\n")  # Markdown tables have no caption
        if rows:
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
            self.add("\n".join(lines) + "\n\n")
        raise nodes.SkipNode


class _ListMarkers:
    """The items of a list being written, and the marker of the next one."""

    def __init__(self, numbered: bool, start: int) -> None:
        self.numbered = numbered
        self.number = start
        self.items: list[str] = []

    def next(self) -> str:
        marker = f"{self.number}." if self.numbered else "-"
        self.number += 1
        return marker


# ---------------------------------------------------------------- inline


class _InlineMarkdown(_ClassDispatch):
    """The inline content of a paragraph, title or cell: only text-level markup counts here.

    Any other element adds its children's text, so no writer text is lost.
    """

    def __init__(self, page: MarkdownTranslator) -> None:
        super().__init__(page.document)
        self.page = page
        self._out = _Buffers()
        self._html = _HTMLText()

    def render(self, children: Iterable[nodes.Node]) -> str:
        self._out = _Buffers()
        # one reading of the line's raw HTML, as a browser reads it: MyST makes a node of
        # each tag, so a script's text is a Text node between two raw ones
        self._html = _HTMLText()
        for child in children:
            child.walkabout(self)
        return self._out.text().strip()

    def _inner(self) -> str:
        return self._out.close().strip()

    def _code(self, code: str) -> str:
        return code.replace("|", "\\|") if self.page.in_table_cell else code

    def visit_Text(self, node: nodes.Text) -> None:  # noqa: N802
        if not self._html.hidden:  # inside a <script> or <style> a browser shows nothing
            self._out.add(escape(node.astext().replace("\n", " ")))

    def visit_Element(self, node: nodes.Element) -> None:  # noqa: N802
        pass

    def visit_reference(self, node: nodes.reference) -> None:
        self._out.open()

    def depart_reference(self, node: nodes.reference) -> None:
        inner = self._out.close()
        text = inner.strip()  # a link without words has none in the twin either
        # spaces at the ends of the words go outside the link, where a reader still sees them
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        if any(isinstance(outer, nodes.reference) for outer in _ancestors(node)):
            link = text  # Markdown has no link in a link: the outer one keeps the words
        elif "refuri" in node:
            link = self.page.link(text, node["refuri"])
        elif "refid" in node:
            link = self.page.link(text, f"#{node['refid']}")
        else:
            link = text
        self._out.add(lead + link + trail)

    def visit_strong(self, node: nodes.strong) -> None:
        self._out.open()

    def depart_strong(self, node: nodes.strong) -> None:
        self._delimit(node, "**")

    def visit_emphasis(self, node: nodes.Element) -> None:
        self._out.open()

    def depart_emphasis(self, node: nodes.Element) -> None:
        self._delimit(node, "*")

    def _delimit(self, node: nodes.Element, marker: str) -> None:
        """``*text*``, when CommonMark will read it back as emphasis; else the text alone.

        Each delimiter must flank the span by CommonMark's rules, an opener only the
        span (a ``*`` between two punctuation marks could close an outer span early),
        and must not touch another run of the same character
        (the runs would merge); ``_`` is tried where ``*`` fails, and not before a letter
        or digit, where CommonMark does not close it. A span that neither
        can mark keeps its words. Spaces at its ends go outside it.
        """
        inner = self._out.close()
        core = inner.strip()
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
        before = " " if lead else self._out.last() or _preceding(node)
        after = " " if trail else _following(node)
        chosen = ""
        for char in ("*", "_") if core else ():
            if (
                char not in (core[0], core[-1], before, after)
                and _flanks(before, core[0], only=True)
                and _flanks(after, core[-1], only=False)
                # "_" never closes before a letter or digit (no emphasis inside words)
                and (char == "*" or not after or after.isspace() or is_punctuation(after))
            ):
                chosen = char * len(marker)
                break
        self._out.add(f"{lead}{chosen}{core}{chosen}{trail}")

    visit_title_reference = visit_emphasis
    depart_title_reference = depart_emphasis

    def visit_literal(self, node: nodes.literal) -> None:
        self._out.add(self._code(code_span(node.astext())))
        raise nodes.SkipNode

    def visit_math(self, node: nodes.math) -> None:
        self._out.add(escape(f"${node.astext()}$"))
        raise nodes.SkipNode

    def visit_raw(self, node: nodes.raw) -> None:
        if "html" in node.get("format", "").split():  # its text, as the browser shows it
            self._out.add(escape(self._html.text_of(node.astext()).replace("\n", " ")))
        raise nodes.SkipNode

    def visit_image(self, node: nodes.image) -> None:
        self._out.add(self.page.image(node))
        raise nodes.SkipNode

    def visit_target(self, node: nodes.target) -> None:
        pass  # an inline target's words are part of the sentence

    def visit_footnote_reference(self, node: nodes.Element) -> None:
        """A footnote's number, linked to the note as on the page: a reader sees it, in
        brackets unless the HTML writer sets it as a superscript."""
        style = getattr(self.document.settings, "footnote_references", "brackets")
        number = escape(node.astext() if style == "superscript" else f"[{node.astext()}]")
        self._out.add(self.page.link(number, f"#{node['refid']}") if "refid" in node else number)
        raise nodes.SkipNode

    visit_citation_reference = visit_footnote_reference

    def _skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    visit_comment = _skip
    visit_substitution_definition = _skip
    visit_system_message = _skip
    visit_index = _skip
    visit_toctree = _skip


#: Inline nodes whose Markdown starts (and ends) with punctuation: ``*``, ``[``, a backtick.
_MARKED_UP = (nodes.emphasis, nodes.strong, nodes.reference, nodes.literal, nodes.image)


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _preceding(node: nodes.Node) -> str:
    """What precedes a span at the start of its buffer: an enclosing span's delimiter
    (``*`` or ``[``, punctuation), or the block's start ("")."""
    return "*" if any(isinstance(outer, _MARKED_UP) for outer in _ancestors(node)) else ""


def _following(node: nodes.Node) -> str:
    """The first character written after ``node`` in its block ("" at the block's end).

    Markup counts as punctuation (``*``); an element of unknown Markdown gives its text.
    """
    current: nodes.Node = node
    while current.parent is not None:
        parent: nodes.Element = current.parent
        index = parent.index(current)
        if index + 1 < len(parent.children):
            sibling = parent[index + 1]
            if isinstance(sibling, _MARKED_UP):
                return "*"
            text = sibling.astext()
            return escape(text[:1])[:1] if text else " "
        if isinstance(parent, _MARKED_UP):
            return "*"
        if not isinstance(parent, nodes.Inline):
            return ""
        current = parent
    return ""


def render_markdown(document: nodes.document, page_url: str, config: Config | None = None) -> str:
    """The page as Markdown."""
    translator = MarkdownTranslator(document, page_url, config)
    document.walkabout(translator)
    return translator.astext()
