"""The breadcrumb trail (Glossary › category › term) at the top of term and hub pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes

from .config import get_settings
from .shared import LowerableElement, doc_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

SEPARATOR = " › "


class breadcrumbs(LowerableElement, nodes.General):  # noqa: N801 - docutils node naming
    """``<nav>`` holding an ordered list of breadcrumb_item; the last one is the current page."""

    def lower(self, config: Config) -> list[nodes.Node]:
        paragraph = nodes.paragraph(classes=["termpages-breadcrumbs"])
        for index, item in enumerate(self.children):
            if index:
                paragraph += nodes.Text(SEPARATOR)
            paragraph.extend(item.children)
        return [paragraph]


class breadcrumb_item(LowerableElement, nodes.Inline, nodes.TextElement):  # noqa: N801
    pass


def build_breadcrumbs(
    env: BuildEnvironment, docname: str, trail: list[str], current_title: str
) -> breadcrumbs:
    """Links to each docname of ``trail`` (titles resolved at write time), then the current page."""
    settings = get_settings(env.config)
    nav = breadcrumbs(label=settings.labels.breadcrumb, classes=["no-search"])
    for target in trail:
        item = breadcrumb_item()
        item += doc_link(target, docname)
        nav += item
    current = breadcrumb_item(current=True)
    current += nodes.Text(current_title)
    nav += current
    return nav


def visit_breadcrumbs(self: HTML5Translator, node: breadcrumbs) -> None:
    # not starttag(): it sorts attributes, which would move aria-label before class on
    # every published page; attval() is the escaping starttag itself applies
    label = self.attval(node["label"])
    self.body.append(f'<nav class="termpages-breadcrumbs" aria-label="{label}"><ol>')


def depart_breadcrumbs(self: HTML5Translator, node: breadcrumbs) -> None:
    self.body.append("</ol></nav>\n")


def visit_breadcrumb_item(self: HTML5Translator, node: breadcrumb_item) -> None:
    current: dict[str, Any] = {"aria-current": "page"} if node.get("current") else {}
    self.body.append(self.starttag(node, "li", "", **current))


def depart_breadcrumb_item(self: HTML5Translator, node: breadcrumb_item) -> None:
    self.body.append("</li>")


def setup_breadcrumbs(app: Sphinx) -> None:
    app.add_node(breadcrumbs, html=(visit_breadcrumbs, depart_breadcrumbs))
    app.add_node(breadcrumb_item, html=(visit_breadcrumb_item, depart_breadcrumb_item))
