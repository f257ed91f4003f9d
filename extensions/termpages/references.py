"""``{term}`` references: mentions noted while reading, previews and the fallbacks.

``{term}`RAG```, ``{term}`retrieval-augmented generation```, ``{term}`LLMs```
and ``{term}`a tuned model <fine-tuning>``` all work; see lookup.py for the
resolution order. The domain resolves them (``TermpagesDomain.resolve_xref``);
a name no term of this site answers to goes to Sphinx's ``missing-reference``
event, where terms of Sphinx's own ``glossary`` directive and, with
intersphinx, terms of other sites (``std:term`` or ``termpages:term``) answer;
what is left is warned once, with suggestions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.ext.intersphinx import (
    missing_reference,
    resolve_reference_any_inventory,
    resolve_reference_in_inventory,
)
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .config import get_settings
from .domain import get_domain
from .lookup import did_you_mean
from .previews import term_previews
from .warnings_ import TermWarning, shown, warn
from .xref import (
    TermReferenceRole,
    depart_term_reference,
    is_term_reference,
    term_reference,
    visit_term_reference,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.domains import Domain
    from sphinx.environment import BuildEnvironment


def collect_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Remember what each page refers to, for backlinks and incremental rebuilds."""
    targets = [
        (node["reftarget"], node.line)
        for node in doctree.findall(addnodes.pending_xref)
        if is_term_reference(node)
    ]
    get_domain(app.env).note_mentions(app.env.docname, targets)


class UnlinkTermsInLinks(SphinxTransform):
    """A ``{term}`` inside a link shows as plain text: HTML has no link inside a link.

    ``[the {term}`beta` page](https://example.com/)`` would nest one ``<a>`` in
    another, which browsers split apart and which breaks the Markdown twin's outer
    link. Run while reading, before mentions are collected: such a mention links
    nowhere, so it gives no "Mentioned in" entry either.
    """

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            if not is_term_reference(node) or enclosing_link(node) is None:
                continue
            text = node.astext()
            quoted = text if len(text) <= 80 else text[:77] + "..."  # as shown() cuts
            warn(
                TermWarning.TERM_IN_LINK,
                f"{{term}}`{quoted}` is inside a link, and a link cannot hold another: "
                "it is shown as plain text",
                node,
            )
            node.replace_self(nodes.Text(text))


def enclosing_link(node: nodes.Node) -> nodes.Element | None:
    """The link (resolved or still pending) that holds ``node``, if any."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.reference, addnodes.pending_xref)):
            return parent
        parent = parent.parent
    return None


def ask_other_sites_as_glossary_terms(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """Let intersphinx try a plain Sphinx glossary's ``std:term`` entries too.

    Intersphinx looks for a ``{term}`` under this domain's own object type
    (``termpages:term``: another termpages site); plain Sphinx sites publish
    their glossaries as ``std:term``, so the same name is asked that way.
    """
    if not is_term_reference(node) or "sphinx.ext.intersphinx" not in app.extensions:
        return None
    as_glossary_term = node.deepcopy()
    as_glossary_term["refdomain"] = "std"
    return missing_reference(app, env, as_glossary_term, cast("nodes.TextElement", contnode))


class UnlinkPlainMentions(SphinxPostTransform):
    """Mentions that stay plain text: the page's own term, and repeats with link_first_only.

    Runs before Sphinx resolves references, in page order, so "first" means first
    on the page; each is replaced by its text (a typed slug shows the title).
    """

    default_priority = 7

    def run(self, **kwargs: Any) -> None:
        settings = get_settings(self.config)
        domain = get_domain(self.env)
        docname = self.env.docname
        linked: set[str] = set()
        for node in list(self.document.findall(addnodes.pending_xref)):
            if not is_term_reference(node) or "intersphinx" in node:
                continue
            match = domain.resolve_term(node["reftarget"])
            if not match.slugs:
                continue
            entry = domain.by_slug()[match.slugs[0]]
            own_term = entry.docname == docname and not settings.self_links
            repeated = settings.link_first_only and entry.slug in linked
            if own_term or repeated:
                domain.term_for(node)  # warns when the name is ambiguous, as a link would
                shown = cast("nodes.Element", node[0].deepcopy())
                node.replace_self(domain.shown_text(entry, node, shown))
            else:
                linked.add(entry.slug)


class ResolveExternalGlossaryTerms(SphinxPostTransform):
    """``{external+inv:term}``: let a plain Sphinx glossary's ``std:term`` entries answer.

    Intersphinx's ``external`` role calls the ``term`` role it finds (ours) and
    resolves the result under our domain's object type, which only termpages
    sites publish; plain Sphinx sites publish ``std:term``, tried here first.
    """

    # before intersphinx's IntersphinxRoleResolver (9), which would warn
    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        if "intersphinx_mapping" not in self.config:
            return  # intersphinx is not loaded
        for node in list(self.document.findall(addnodes.pending_xref)):
            # "intersphinx" and "inventory" are what the external role marks its nodes with;
            # tests/test_intersphinx.py fails loudly if that changes
            if "intersphinx" not in node or not is_term_reference(node):
                continue
            as_glossary_term = node.deepcopy()
            as_glossary_term["refdomain"] = "std"
            contnode = cast("nodes.TextElement", node[0].deepcopy())
            inventory = node.get("inventory")
            found = (
                resolve_reference_in_inventory(self.env, inventory, as_glossary_term, contnode)
                if inventory is not None
                else resolve_reference_any_inventory(self.env, False, as_glossary_term, contnode)
            )
            if found is not None:
                node.replace_self(found)


def warn_unknown_term(app: Sphinx, domain: Domain | None, node: addnodes.pending_xref) -> bool:
    """The dangling ``{term}`` warning, in termpages' words and type, with suggestions."""
    if domain is None or domain.name != "termpages" or node.get("reftype") != "term":
        return False
    target = node["reftarget"]
    suggestions = get_domain(app.env).term_index().suggestions(target)
    hint = did_you_mean(suggestions)
    warn(TermWarning.UNKNOWN_TERM, f"unknown term {shown(target)}{hint}", node)
    return True


class AddPreviewCards(SphinxPostTransform):
    """One hidden preview card per term the page links to, after references are resolved."""

    default_priority = 11  # right after Sphinx's ReferencesResolver (10)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if not get_settings(self.config).previews:
            return
        entries = get_domain(self.env).by_slug()
        first_links: dict[str, term_reference] = {}
        for link in self.document.findall(term_reference):
            first_links.setdefault(link["termslug"], link)
        cards = [
            (link["preview_id"], entries[slug].title, entries[slug].summary, link["refuri"])
            for slug, link in first_links.items()
            if slug in entries
        ]
        if cards:
            self.document += term_previews(cards=cards)


def setup_references(app: Sphinx) -> None:
    # ``{term}`` without a domain is looked up in the std domain's roles: ours replaces
    # Sphinx's there so writers keep the familiar name (the domain registers it too).
    app.add_role_to_domain("std", "term", TermReferenceRole(), override=True)
    app.add_node(term_reference, html=(visit_term_reference, depart_term_reference))
    app.connect("doctree-read", collect_mentions)
    # after intersphinx's own handler (500), which asks for termpages:term
    app.connect("missing-reference", ask_other_sites_as_glossary_terms, priority=600)
    app.connect("warn-missing-reference", warn_unknown_term)
    app.add_transform(UnlinkTermsInLinks)
    app.add_post_transform(UnlinkPlainMentions)
    app.add_post_transform(ResolveExternalGlossaryTerms)
    app.add_post_transform(AddPreviewCards)
