"""The "Related terms" list: front-matter slugs turned into links with each term's summary."""

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


class related_terms(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder holding ``slugs``; replaced at write time, when every term is known."""


def term_list_item(env: BuildEnvironment, entry: TermEntry, refdoc: str) -> nodes.list_item:
    """``Title — summary``: the one way every glossary list shows a term."""
    paragraph = nodes.paragraph()
    paragraph += page_link(env, refdoc, entry.docname, entry.title)
    if entry.summary:
        paragraph += nodes.Text(" — ")
        paragraph += nodes.inline(entry.summary, entry.summary, classes=["termpages-summary"])
    return nodes.list_item("", paragraph)


class ResolveRelatedTerms(SphinxPostTransform):
    """Runs before Sphinx's reference resolver, which then resolves the links it makes."""

    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        terms = get_domain(self.env).by_slug()
        docname = self.env.docname
        for placeholder in list(self.document.findall(related_terms)):
            # other terms' summaries are not this page's words: keep them out of search
            items = nodes.bullet_list(classes=["termpages-related", "no-search"])
            seen: set[str] = set()
            for slug in placeholder["slugs"]:
                entry = terms.get(slug)
                if slug in seen or (entry is not None and entry.docname == docname):
                    continue  # warned about in TermpagesDomain.check_consistency
                seen.add(slug)
                if entry is None:
                    # unknown slug (already warned): keep what the writer wrote, unlinked
                    items += nodes.list_item("", nodes.paragraph(slug, slug))
                else:
                    items += term_list_item(self.env, entry, docname)
            placeholder.replace_self(items)


def setup_related(app: Sphinx) -> None:
    app.add_node(related_terms)
    app.add_post_transform(ResolveRelatedTerms)
