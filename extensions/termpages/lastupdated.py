"""The "Last updated" line of a term page, from its ``last_updated`` front-matter date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .markdown import add_markdown_node, escape
from .shared import LowerableElement

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

    from .markdown import MarkdownTranslator


class last_updated(LowerableElement, nodes.General):  # noqa: N801 - docutils node naming
    """Holds ``label`` and the ISO ``date``; rendered with a machine-readable <time>."""

    def lower(self, config: Config) -> list[nodes.Node]:
        text = f"{self['label']} {self['date']}"
        return [nodes.paragraph(text, text, classes=["termpages-last-updated"])]


def visit_last_updated(self: HTML5Translator, node: last_updated) -> None:
    self.body += [
        self.starttag(node, "p", "", CLASS="termpages-last-updated"),
        self.encode(node["label"]),
        " ",
        self.starttag(nodes.Element(), "time", "", datetime=node["date"]),
        self.encode(node["date"]),
        "</time></p>\n",
    ]
    raise nodes.SkipNode


def markdown_last_updated(self: MarkdownTranslator, node: last_updated) -> None:
    self.add(f"{escape(node['label'])} {node['date']}\n\n")
    raise nodes.SkipNode


def setup_last_updated(app: Sphinx) -> None:
    app.add_node(last_updated, html=(visit_last_updated, None))
    add_markdown_node(last_updated, markdown_last_updated)
