"""The shared call-to-action box at the foot of term pages, configured once in conf.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from .config import CallToAction, get_settings
from .shared import LowerableElement

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator


class call_to_action(LowerableElement, nodes.General):  # noqa: N801 - docutils node naming
    """Names a CTA ``variant`` and the page ``slug``; the text comes from conf.py at write time.

    Rendering from the configuration (not copying it into the doctree) keeps
    every page in step with conf.py: a changed CTA rewrites all pages.
    """

    def lower(self, config: Config) -> list[nodes.Node]:
        cta = _variant(self, config)
        if cta is None:
            return []
        href = cta.href(self["slug"])
        box = nodes.container(classes=["termpages-cta"])
        box += nodes.rubric(cta.heading, cta.heading)
        box += nodes.paragraph(cta.text, cta.text)
        link = nodes.paragraph()
        link += nodes.reference(cta.button, cta.button, refuri=href)
        box += link
        return [box]


def _variant(node: call_to_action, config: Config) -> CallToAction | None:
    return get_settings(config).ctas.get(node["variant"])


def cta_for_term(config: Config, choice: str | None, slug: str) -> call_to_action | None:
    """The CTA node a term page gets: its own choice, the site default, or none."""
    settings = get_settings(config)
    variant = settings.default_cta if choice is None else choice
    if not variant or variant not in settings.ctas:
        return None
    return call_to_action(variant=variant, slug=slug)


def visit_call_to_action(self: HTML5Translator, node: call_to_action) -> None:
    cta = _variant(node, self.config)
    if cta is None:
        raise nodes.SkipNode
    heading_id = f"termpages-cta-{self.attval(cta.name)}"
    self.body.append(
        f'<aside class="termpages-cta" aria-labelledby="{heading_id}">'
        f'<h2 class="termpages-cta-heading" id="{heading_id}">{self.encode(cta.heading)}</h2>'
        f'<p class="termpages-cta-text">{self.encode(cta.text)}</p>'
        f'<p><a class="termpages-cta-button" href="{self.attval(cta.href(node["slug"]))}">'
        f"{self.encode(cta.button)}</a></p></aside>\n"
    )
    raise nodes.SkipNode


def setup_cta(app: Sphinx) -> None:
    app.add_node(call_to_action, html=(visit_call_to_action, None))
