""" "Mentioned in": on each term page, the other terms whose pages link to it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .config import get_settings
from .domain import get_domain
from .shared import LowerableElement, page_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator


class backlinks_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Where the list goes; filled at write time, when every page's links are known."""


class backlinks(LowerableElement, nodes.General):  # noqa: N801
    """A titled list of links; a navigation block, so not part of the page's own TOC."""

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
            block = backlinks(heading=get_settings(self.config).labels.backlinks_heading)
            block += items
            placeholder.replace_self(block)


def visit_backlinks(self: HTML5Translator, node: backlinks) -> None:
    self.body.append(
        '<nav class="termpages-backlinks" aria-labelledby="termpages-backlinks-heading">'
        f'<h2 id="termpages-backlinks-heading">{self.encode(node["heading"])}</h2>\n'
    )


def depart_backlinks(self: HTML5Translator, node: backlinks) -> None:
    self.body.append("</nav>\n")


def setup_backlinks(app: Sphinx) -> None:
    app.add_node(backlinks_placeholder)
    app.add_node(backlinks, html=(visit_backlinks, depart_backlinks))
    app.add_post_transform(RenderBacklinks)
