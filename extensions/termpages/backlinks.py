""" "Mentioned in": on each term page, the other terms whose pages link to it.

A page already listed under "Related terms" is left out: the reader has just
seen it, with its summary. What remains is a section of the page like the
writer's own, with its ``<h2>`` and heading link; it is filled in while the
page is written, so it is not in the page's table of contents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_id

from .config import get_settings
from .domain import get_domain
from .markdown import add_markdown_node, escape
from .shared import LowerableElement, page_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

    from .markdown import MarkdownTranslator


class backlinks_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Where the list goes; filled at write time, when every page's links are known."""


class backlinks(LowerableElement, nodes.General):  # noqa: N801
    """A titled section holding a list of links; ``heading`` is its title."""

    def lower(self, config: Config) -> list[nodes.Node]:
        heading = self["heading"]
        return [nodes.rubric(heading, heading), *self.children]


class RenderBacklinks(SphinxPostTransform):
    default_priority = 5  # before Sphinx resolves the links made here

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        docname = self.env.docname
        entry = domain.terms.get(docname)
        for placeholder in list(self.document.findall(backlinks_placeholder)):
            sources = domain.backlinks().get(entry.slug, []) if entry is not None else []
            if entry is not None and entry.related:
                # the page shows these as related cards already (incremental.py: a change
                # of the related list re-reads this very page, so it is rewritten too)
                related = {slug for slug, _ in entry.related}
                sources = [source for source in sources if source.slug not in related]
            if not sources:
                placeholder.parent.remove(placeholder)
                continue
            items = nodes.bullet_list(classes=["termpages-backlinks-list", "no-search"])
            for source in sources:
                items += nodes.list_item(
                    "",
                    nodes.paragraph(
                        "", "", page_link(self.env, docname, source.docname, source.title)
                    ),
                )
            heading = get_settings(self.config).labels.backlinks_heading
            # lower case, as docutils makes the ids of the writer's own sections
            term = nodes.make_id(heading) or "mentioned-in"
            block = backlinks(heading=heading, ids=[make_id(self.env, self.document, "", term)])
            self.document.set_id(block)  # taken: ids made after this one avoid it
            block += items
            placeholder.replace_self(block)


def visit_backlinks(self: HTML5Translator, node: backlinks) -> None:
    # the markup of the writer's own sections, heading link included
    heading_link = self.starttag(
        nodes.Element(),
        "a",
        "",
        CLASS="headerlink",
        href="#" + node["ids"][0],
        title=_("Link to this heading"),
    )
    self.body += [
        self.starttag(node, "section", CLASS="termpages-backlinks"),
        self.starttag(nodes.Element(), "h2", ""),
        self.encode(node["heading"]),
        heading_link,
        "¶</a></h2>\n",
    ]


def depart_backlinks(self: HTML5Translator, node: backlinks) -> None:
    self.body.append("</section>\n")


def markdown_backlinks(self: MarkdownTranslator, node: backlinks) -> None:
    self.add(self.heading(self.section_level + 1, escape(node["heading"])))


def setup_backlinks(app: Sphinx) -> None:
    app.add_node(backlinks_placeholder)
    app.add_node(backlinks, html=(visit_backlinks, depart_backlinks))
    add_markdown_node(backlinks, markdown_backlinks)
    app.add_post_transform(RenderBacklinks)
