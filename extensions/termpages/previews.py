"""Preview cards for term links: title, summary and link, built into the page at build time.

Each page carries one hidden card per term it links to (not the whole
glossary), referenced from every link to that term by aria-describedby.
termpages.js shows a card on hover or keyboard focus and hides it on
mouse-out, blur or Escape; without script the cards stay hidden and the
links work as ordinary links.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .markdown import add_markdown_node, skip_in_markdown
from .shared import LowerableElement

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator


class term_previews(LowerableElement, nodes.General):  # noqa: N801 - docutils node naming
    """``cards``: (element id, title, summary, relative URL) of each term linked on the page."""

    def lower(self, config: Config) -> list[nodes.Node]:
        return []  # previews are an HTML affordance; the links themselves carry the meaning


def visit_term_previews(self: HTML5Translator, node: term_previews) -> None:
    self.body.append(self.starttag(node, "div", CLASS="termpages-previews"))
    for element_id, title, summary, uri in node["cards"]:
        # by hand: starttag() sorts attributes and cannot write the valueless ``hidden``
        card = '<div class="termpages-preview" role="tooltip" id="' + self.attval(element_id)
        self.body += [
            card + '" hidden>',
            self.starttag(nodes.Element(), "p", "", CLASS="termpages-preview-title"),
            self.starttag(nodes.Element(), "a", "", href=uri, tabindex="-1"),
            self.encode(title),
            "</a></p>",
            self.starttag(nodes.Element(), "p", "", CLASS="termpages-preview-summary"),
            self.encode(summary),
            "</p></div>\n",
        ]
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_previews(app: Sphinx) -> None:
    app.add_node(term_previews, html=(visit_term_previews, None))
    # previews are an HTML affordance; the links themselves carry the meaning
    add_markdown_node(term_previews, skip_in_markdown)
