"""The "Related terms" cards, and the one item shape every glossary list gives a term.

An item is ``Title — summary`` in a single paragraph: the title is the link,
and the dash is a separator that termpages.css hides once the title and the
summary are laid out as blocks (a card, or an A–Z entry). Text builders and
the Markdown twins keep the dash, so a line still reads as one sentence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .domain import get_domain
from .frontmatter import TermEntry
from .shared import page_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Class of a list shown as a grid of cards, each wholly clickable through its title link.
CARDS_CLASS = "termpages-cards"
#: Text between an item's parts that only a plain-text or Markdown reader needs.
SEPARATOR_CLASS = "termpages-sep"


class related_terms(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder holding ``slugs``; replaced at write time, when every term is known."""


def separator(text: str) -> nodes.inline:
    """Punctuation between an item's parts: read in text and Markdown, hidden by the CSS."""
    return nodes.inline(text, text, classes=[SEPARATOR_CLASS])


def list_item(
    link: nodes.reference, parts: list[tuple[str, str, str]], classes: list[str]
) -> nodes.list_item:
    """A titled item: its link, then each (separator, text, class) part that has text."""
    link["classes"].append("termpages-item-title")
    paragraph = nodes.paragraph()
    paragraph += link
    for before, text, css_class in parts:
        if text:
            paragraph += separator(before)
            paragraph += nodes.inline(text, text, classes=[css_class])
    return nodes.list_item("", paragraph, classes=classes)


def term_list_item(env: BuildEnvironment, entry: TermEntry, refdoc: str) -> nodes.list_item:
    """``Title — summary``: the one way every glossary list shows a term."""
    link = page_link(env, refdoc, entry.docname, entry.title)
    return list_item(link, [(" — ", entry.summary, "termpages-summary")], ["termpages-item"])


class ResolveRelatedTerms(SphinxPostTransform):
    """Runs before Sphinx's reference resolver, which then resolves the links it makes."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        terms = get_domain(self.env).by_slug()
        docname = self.env.docname
        for placeholder in list(self.document.findall(related_terms)):
            # other terms' summaries are not this page's words: keep them out of search
            items = nodes.bullet_list(classes=["termpages-related", CARDS_CLASS, "no-search"])
            for slug in shown_related(placeholder["slugs"], terms, docname):
                entry = terms.get(slug)
                if entry is None:
                    # unknown slug (already warned): keep what the writer wrote, unlinked
                    items += nodes.list_item("", nodes.paragraph(slug, slug))
                else:
                    items += term_list_item(self.env, entry, docname)
            placeholder.replace_self(items)


def shown_related(slugs: list[str], terms: dict[str, TermEntry], docname: str) -> list[str]:
    """The slugs a page's "Related terms" shows, in the writer's order, once each."""
    shown: list[str] = []
    for slug in slugs:
        entry = terms.get(slug)
        if slug in shown or (entry is not None and entry.docname == docname):
            continue  # warned about in TermpagesDomain.check_consistency
        shown.append(slug)
    return shown


def setup_related(app: Sphinx) -> None:
    app.add_node(related_terms)
    app.add_post_transform(ResolveRelatedTerms)
