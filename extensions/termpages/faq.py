"""The ``faq`` and ``question`` directives: an accessible, collapsible FAQ block.

Markup::

    ::::{faq}
    :::{question} What is the difference between fine-tuning and training?
    Any MyST here: paragraphs, lists, links, term references.
    :::
    ::::

Each question becomes ``<details id="anchor"><summary>``: keyboard operable
without script, and the answer stays in the HTML for crawlers. The question's
text sits in one ``<span>`` of the summary, so that termpages.css can lay it
out beside the open/close marker it draws. The block is
moved to the end of the page's main section, so it always follows the
writer's sections whatever heading it was typed under.

A fence typed wrong is reported once, at the fence: an outer fence of three
colons is closed by its first question's ``:::``, and an outer fence never
closed runs to the end of the page (MyST's colon fence does). Questions that
end up outside the block are moved into it, so the page and its FAQPage data
always list the same questions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .config import get_settings
from .domain import get_domain
from .frontmatter import read_source_file
from .markdown import MarkdownTranslator, add_markdown_node, skip_in_markdown
from .shared import LowerableElement, main_section, visible_text
from .warnings_ import TermWarning, shown, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator


#: Class of the "Frequently asked questions" section: a real section, so it is in the page TOC.
FAQ_SECTION_CLASS = "termpages-faq-section"


def is_faq_section(node: nodes.Node) -> bool:
    return isinstance(node, nodes.section) and FAQ_SECTION_CLASS in node["classes"]


class faq_block(LowerableElement, nodes.General):  # noqa: N801 - docutils node naming
    """Container of faq_question nodes."""


class faq_question(LowerableElement, nodes.General):  # noqa: N801
    """One question: a faq_question_text followed by a faq_answer."""

    def lower(self, config: Config) -> list[nodes.Node]:
        lowered: list[nodes.Node] = []
        for child in self.children:
            if isinstance(child, faq_question_text):
                paragraph = nodes.paragraph()
                paragraph += nodes.strong("", "", *child.children)
                lowered.append(paragraph)
            else:
                lowered.append(child)  # the answer, lowered in its turn
        return lowered


class faq_question_text(LowerableElement, nodes.TextElement):  # noqa: N801
    pass


class faq_answer(LowerableElement, nodes.General):  # noqa: N801
    pass


class faq_untitled(LowerableElement, nodes.General):  # noqa: N801
    """The answer of a question that has no question text: kept, shown as plain content."""


#: A one-line paragraph parsed as a directive's content, to see where the parser puts it.
_LINE_PROBE = "line probe"


def nested_line_skew(directive: SphinxDirective) -> int:
    """How far the parser numbers a directive's nested content from where it is written.

    MyST-Parser (checked with 4.x and 5.2) numbers content nested in a directive
    one line too far down, so a {question} on line 11 would be reported on line
    12. Measured with a one-line trial parse rather than by asking which parser
    runs, so a parser that fixes it, or numbers correctly already, gets no
    correction; tests/test_bad_input.py pins the exact lines.
    """
    trial = nodes.container()
    directive.state.nested_parse(StringList([_LINE_PROBE]), directive.content_offset, trial)
    probe = next(trial.findall(nodes.paragraph), None)
    if probe is None or probe.line is None:
        return 0
    # MyST counts the offset from the directive's line, docutils from the top of the file
    from_directive = directive.lineno + directive.content_offset
    from_file_start = directive.content_offset + 1
    if probe.line in (from_directive, from_file_start):
        return 0
    return from_directive - probe.line


#: The FAQ's opening fence as written, and any question's (inside it or not).
_FAQ_FENCE = re.compile(r"^\s*(:{3,})\s*\{faq\}")
_QUESTION_FENCE = re.compile(r"^\s*(:{3,})\s*\{question\}")


def _source_lines(directive: SphinxDirective) -> list[str]:
    """The writer's file as typed: MyST keeps no closing fence, so only the source tells."""
    source, _ = directive.get_source_info()
    text = read_source_file(Path(source))
    return text.splitlines() if text is not None else []  # a string source: no fence


def fence_fault(directive: SphinxDirective) -> tuple[str, str] | None:
    """What is wrong with the FAQ's outer fence ("short" or "unclosed"), and the message."""
    lines = _source_lines(directive)
    written = lines[directive.lineno - 1] if 0 < directive.lineno <= len(lines) else ""
    opening = _FAQ_FENCE.match(written)
    if opening is None:
        return None
    colons = len(opening.group(1))
    inner = [len(m.group(1)) for line in directive.content if (m := _QUESTION_FENCE.match(line))]
    if inner and max(inner) >= colons:
        fence = ":" * (max(inner) + 1)
        return (
            "short",
            "the FAQ's outer fence needs more colons than its questions': "
            f"write '{fence}{{faq}}', and close it with '{fence}'",
        )
    closing = re.compile(rf"^\s*:{{{colons},}}\s*$")
    if not any(closing.match(line) for line in lines[directive.lineno :]):
        fence = opening.group(1)
        return (
            "unclosed",
            f"the FAQ's fence '{fence}{{faq}}' is never closed, so the FAQ runs to the end "
            f"of the page; end it with a line '{fence}'",
        )
    return None


def question_anchor(text: str) -> str:
    return nodes.make_id(text) or "question"


def _without_raw_html(inline_nodes: list[nodes.Node]) -> list[nodes.Node]:
    """The question is text (it also feeds page metadata): inline HTML in it is shown, not run."""
    for node in inline_nodes:
        for raw in list(node.findall(nodes.raw)):
            raw.replace_self(nodes.Text(raw.astext()))
    return [
        nodes.Text(node.astext()) if isinstance(node, nodes.raw) else node for node in inline_nodes
    ]


class FAQDirective(SphinxDirective):
    """``{faq}``: holds ``{question}`` directives; the heading comes from termpages_labels."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        block = faq_block()
        self.set_source_info(block)
        offset = self.content_offset + nested_line_skew(self)
        self.state.nested_parse(self.content, offset, block)
        location = (self.env.docname, self.lineno)
        fault = fence_fault(self)
        trailing: list[nodes.Node] = []
        if fault is not None:
            kind, message = fault
            warn(TermWarning.FAQ_FENCE, message, location)
            # questions the short fence left outside are gathered back by RelocateFAQ
            block["fence_fault"] = kind
            if kind == "unclosed":
                # what follows the last question was meant for the page, not the FAQ
                last = max(
                    (i for i, c in enumerate(block.children) if isinstance(c, faq_question)),
                    default=-1,
                )
                trailing = list(block.children[last + 1 :])
                for child in trailing:
                    block.remove(child)
        if not any(isinstance(child, (faq_question, faq_untitled)) for child in block.children):
            warn(
                TermWarning.FAQ_EMPTY,
                "FAQ block has no questions; add {question} directives inside it",
                location,
            )
            if not block.children:
                return trailing
        for child in block.children:
            if not isinstance(child, (faq_question, faq_untitled)):
                warn(
                    TermWarning.FAQ_MISPLACED,
                    "content in an FAQ block outside any {question} (kept as is)",
                    child if child.line else location,
                )
        heading = get_settings(self.config).labels.faq_heading
        section = faq_section(heading, block, self.state.document)
        self.set_source_info(section)
        return [section, *trailing]


def faq_section(heading: str, block: faq_block, document: nodes.document) -> nodes.section:
    """The "Frequently asked questions" section around a block of questions."""
    section = nodes.section(classes=[FAQ_SECTION_CLASS])
    section += nodes.title(heading, heading)
    section["names"].append(nodes.fully_normalize_name(heading))
    section += block
    document.note_implicit_target(section, section)
    return section


class QuestionDirective(SphinxDirective):
    """``{question} <text>``: one FAQ entry; the body is the answer, in full MyST."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "anchor": directives.unchanged,
        "open": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        location = (self.env.docname, self.lineno)
        text = " ".join(self.arguments[0].split()) if self.arguments else ""
        answer = faq_answer()
        self.state.nested_parse(self.content, self.content_offset, answer)
        if not text:
            warn(
                TermWarning.FAQ_NO_QUESTION,
                "{question} has no question text; write it after the directive name",
                location,
            )
            # keep whatever answer was written, as ordinary content
            return [faq_untitled("", *answer.children)]
        if not answer.children:
            warn(
                TermWarning.FAQ_EMPTY_ANSWER, f"FAQ question {shown(text)} has no answer", location
            )

        question = faq_question(open="open" in self.options)
        self.set_source_info(question)
        inline_nodes, messages = self.parse_inline(text, lineno=self.lineno)
        # exactly as written (no curly quotes): the same text feeds page metadata
        question += faq_question_text(
            text, "", *_without_raw_html(inline_nodes), support_smartquotes=False
        )
        question += answer

        document = self.state.document
        anchor = question_anchor(self.options.get("anchor") or text)
        if anchor in document.ids:
            warn(
                TermWarning.FAQ_DUPLICATE_ANCHOR,
                f"FAQ anchor {shown(anchor)} is already used on this page; "
                "give this question its own :anchor:",
                location,
            )
            suffix = 2
            while f"{anchor}-{suffix}" in document.ids:
                suffix += 1
            anchor = f"{anchor}-{suffix}"
        question["ids"].append(anchor)
        document.set_id(question)
        return [question, *messages]


class RelocateFAQ(SphinxTransform):
    """Move the FAQ to the end of the main section; merge extra FAQ blocks into the first."""

    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        before, after = self.stray_questions()
        sections = [s for s in self.document.findall(nodes.section) if is_faq_section(s)]
        if not sections and (before or after):
            heading = get_settings(self.config).labels.faq_heading
            stray = (before or after)[0]
            section = faq_section(heading, faq_block(), self.document)
            section.source, section.line = stray.source, stray.line
            stray.parent.insert(stray.parent.index(stray), section)
            sections = [section]
        if not sections:
            return
        first = sections[0]
        first_block = next(first.findall(faq_block))
        # shown in the FAQ, in the order written: the page and its FAQPage data agree
        for question in before:
            question.parent.remove(question)
        first_block[0:0] = before
        for question in after:
            question.parent.remove(question)
            first_block += question
        for extra in sections[1:]:
            warn(
                TermWarning.FAQ_MULTIPLE,
                "page has more than one FAQ block; its questions are merged into the first",
                extra,
            )
            for block in extra.findall(faq_block):
                first_block.extend(block.children)
            extra.parent.remove(extra)
        body = main_section(self.document)
        if body is not None:
            first.parent.remove(first)
            body += first

    def stray_questions(self) -> tuple[list[faq_question], list[faq_question]]:
        """Questions outside every FAQ block, written before the first block and after it.

        Each is reported at its fence, unless it follows an FAQ whose short outer
        fence left it outside: that fence's one warning already says so.
        """
        before: list[faq_question] = []
        after: list[faq_question] = []
        seen_block = explained = False
        for node in list(self.document.findall(lambda n: isinstance(n, (faq_block, faq_question)))):
            if isinstance(node, faq_block):
                seen_block = True
                explained = node.get("fence_fault") == "short"
                continue
            if not isinstance(node, faq_question) or isinstance(node.parent, faq_block):
                continue
            inside_answer = any(isinstance(a, faq_answer) for a in _ancestors(node))
            if inside_answer:
                message = (
                    "{question} inside another question's answer (moved into the FAQ); "
                    "close the question before it with ':::'"
                )
            else:
                message = (
                    "{question} outside an {faq} block (moved into the page's FAQ); "
                    "write it between '::::{faq}' and '::::'"
                )
            if not explained or inside_answer:
                warn(TermWarning.FAQ_MISPLACED, message, node)
            (after if seen_block else before).append(node)
        return before, after


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def enable_colon_fence(app: Sphinx, config: Config) -> None:
    """``::::{faq}`` is MyST's colon fence: without it the FAQ would print as literal text."""
    enabled = config.myst_enable_extensions
    if "colon_fence" not in enabled:
        # of the type the site wrote (MyST takes a list or a set)
        added = {*enabled, "colon_fence"} if isinstance(enabled, set) else [*enabled, "colon_fence"]
        config.myst_enable_extensions = added


def collect_questions(app: Sphinx, doctree: nodes.document) -> None:
    """Remember each page's FAQ: to find a question asked twice, and for data exports."""
    questions = []
    for question in doctree.findall(faq_question):
        text = next(question.findall(faq_question_text), None)
        answer = next(question.findall(faq_answer), None)
        questions.append(
            (
                visible_text(text) if text is not None else "",
                question.line,
                visible_text(answer) if answer is not None else "",
            )
        )
    get_domain(app.env).note_questions(app.env.docname, questions)


def visit_faq_block(self: HTML5Translator, node: faq_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="termpages-faq"))


def depart_faq_block(self: HTML5Translator, node: faq_block) -> None:
    self.body.append("</div>\n")


def visit_faq_question(self: HTML5Translator, node: faq_question) -> None:
    if node.get("open"):
        self.body.append(self.starttag(node, "details", CLASS="termpages-faq-item", open="open"))
    else:
        self.body.append(self.starttag(node, "details", CLASS="termpages-faq-item"))


def depart_faq_question(self: HTML5Translator, node: faq_question) -> None:
    self.body.append("</details>\n")


def visit_faq_question_text(self: HTML5Translator, node: faq_question_text) -> None:
    self.body.append(
        '<summary class="termpages-faq-question"><span class="termpages-faq-question-text">'
    )


def depart_faq_question_text(self: HTML5Translator, node: faq_question_text) -> None:
    self.body.append("</span></summary>\n")


def visit_faq_answer(self: HTML5Translator, node: faq_answer) -> None:
    self.body.append('<div class="termpages-faq-answer">\n')


def depart_faq_answer(self: HTML5Translator, node: faq_answer) -> None:
    self.body.append("</div>\n")


def visit_faq_untitled(self: HTML5Translator, node: faq_untitled) -> None:
    self.body.append('<div class="termpages-faq-untitled">\n')


def depart_faq_untitled(self: HTML5Translator, node: faq_untitled) -> None:
    self.body.append("</div>\n")


def markdown_faq_question(self: MarkdownTranslator, node: faq_question) -> None:
    """The question as a heading under the FAQ's; its answer follows as the section's text."""
    question = next(node.findall(faq_question_text), None)
    self.add(self.heading(self.section_level + 1, self.inline(question)))


def setup_faq(app: Sphinx) -> None:
    add_markdown_node(faq_question, markdown_faq_question)
    add_markdown_node(faq_question_text, skip_in_markdown)  # already the heading
    app.add_node(faq_block, html=(visit_faq_block, depart_faq_block))
    app.add_node(faq_question, html=(visit_faq_question, depart_faq_question))
    app.add_node(faq_question_text, html=(visit_faq_question_text, depart_faq_question_text))
    app.add_node(faq_answer, html=(visit_faq_answer, depart_faq_answer))
    app.add_node(faq_untitled, html=(visit_faq_untitled, depart_faq_untitled))
    app.add_directive("faq", FAQDirective)
    app.add_directive("question", QuestionDirective)
    app.add_transform(RelocateFAQ)
    # MyST reads its settings when the builder starts
    app.connect("config-inited", enable_colon_fence)
    app.connect("doctree-read", collect_questions)
