"""The call-to-action box, configured once in conf.py: on every term page, and where
``{glossary-cta}`` asks for it (the generated hub pages, the home page).

Markup::

    ```{glossary-cta}
    ```

The site's default variant; ``{glossary-cta} enterprise`` names another one.
Wherever the directive is written, the box goes to the end of the page, as on
term pages (MyST has no way to end the last section before it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .config import CallToAction, get_settings
from .markdown import add_markdown_node, escape
from .shared import LowerableElement, main_section
from .warnings_ import TermWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

    from .markdown import MarkdownTranslator


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


class GlossaryCTADirective(SphinxDirective):
    """``{glossary-cta} [variant]``: the call to action on a page that is not a term page.

    ``{slug}`` in the variant's ``utm`` values becomes the page's name
    (``category/geo``, ``index``), so each placement is told apart.
    """

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        settings = get_settings(self.config)
        location = (self.env.docname, self.lineno)
        if settings.is_term(self.env.docname):
            warn(
                TermWarning.DIRECTIVE,
                "glossary-cta: a term page shows its call to action already "
                "(choose another one with `cta:` in the front matter)",
                location,
            )
            return []
        variant = self.arguments[0].strip() if self.arguments else settings.default_cta
        if variant is None:
            return []  # termpages_cta_default is "": no box unless a variant is named
        if variant not in settings.ctas:
            known = ", ".join(sorted(settings.ctas)) or "none"
            warn(
                TermWarning.DIRECTIVE,
                f"glossary-cta: unknown call-to-action variant {variant!r} (known: {known})",
                location,
            )
            return []
        node = call_to_action(variant=variant, slug=self.env.docname, placed=True)
        self.set_source_info(node)
        return [node]


class PlaceCallToAction(SphinxTransform):
    """Move each ``{glossary-cta}`` box to the end of the page's main section."""

    default_priority = 720  # after the term-page layout (710) has built the page

    def apply(self, **kwargs: Any) -> None:
        body = main_section(self.document)
        if body is None:
            return
        for node in list(self.document.findall(call_to_action)):
            if node.get("placed"):
                node.parent.remove(node)
                body += node


def visit_call_to_action(self: HTML5Translator, node: call_to_action) -> None:
    cta = _variant(node, self.config)
    if cta is None:
        raise nodes.SkipNode
    # one id per box, even on a page that shows two
    shown: set[str] = self.__dict__.setdefault("_termpages_cta_ids", set())
    heading_id = base = f"termpages-cta-{nodes.make_id(cta.name) or 'box'}"
    while heading_id in shown:
        heading_id = f"{base}-{len(shown) + 1}"
    shown.add(heading_id)
    heading = nodes.Element(ids=[heading_id])
    # by hand: starttag() sorts attributes, and the published box puts its class first
    aside = '<aside class="termpages-cta" aria-labelledby="' + self.attval(heading_id) + '">'
    self.body += [
        aside,
        self.starttag(nodes.Element(), "div", "", CLASS="termpages-cta-body"),
        self.starttag(heading, "h2", "", CLASS="termpages-cta-heading"),
        self.encode(cta.heading),
        "</h2>",
        self.starttag(nodes.Element(), "p", "", CLASS="termpages-cta-text"),
        self.encode(cta.text),
        "</p></div>",
        self.starttag(nodes.Element(), "p", "", CLASS="termpages-cta-action"),
        self.starttag(
            nodes.Element(), "a", "", CLASS="termpages-cta-button", href=cta.href(node["slug"])
        ),
        self.encode(cta.button),
        "</a></p></aside>\n",
    ]
    raise nodes.SkipNode


def markdown_call_to_action(self: MarkdownTranslator, node: call_to_action) -> None:
    """One plain line: heading, text and the button as a link (``termpages_markdown_cta``)."""
    cta = _variant(node, self.config) if self.config is not None else None
    if cta is not None and self.config is not None and get_settings(self.config).markdown_cta:
        # the node carries the slug its HTML button uses, on term, hub and home pages alike
        button = self.link(escape(cta.button), cta.href(node["slug"]))
        self.add(f"{escape(cta.heading)}: {escape(cta.text)} {button}\n\n")
    raise nodes.SkipNode


def setup_cta(app: Sphinx) -> None:
    app.add_node(call_to_action, html=(visit_call_to_action, None))
    add_markdown_node(call_to_action, markdown_call_to_action)
    app.add_directive("glossary-cta", GlossaryCTADirective)
    app.add_transform(PlaceCallToAction)
