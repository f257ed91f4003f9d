"""The ``{term}`` role: links to term pages by any name a writer would use, with previews.

``{term}`RAG```, ``{term}`retrieval-augmented generation```, ``{term}`LLMs```
and ``{term}`a tuned model <fine-tuning>``` all work; see lookup.py for the
resolution order. The role replaces Sphinx's ``std:term`` so writers keep the
familiar name; terms of Sphinx's own ``glossary`` directive still resolve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.roles import XRefRole
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .config import get_settings
from .domain import get_domain
from .frontmatter import TermEntry
from .lookup import fold, normalize
from .previews import term_previews
from .shared import builder_format, current_builder
from .warnings_ import TermWarning, warn

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator


def is_term_reference(node: Node) -> bool:
    return (
        isinstance(node, addnodes.pending_xref)
        and node.get("refdomain") == "termpages"
        and node.get("reftype") == "term"
    )


class TermReferenceRole(XRefRole):
    """Creates a pending reference that ResolveTermReferences turns into a link."""

    def __init__(self) -> None:
        super().__init__(lowercase=False, innernodeclass=nodes.inline, warn_dangling=False)

    def run(self) -> tuple[list[Node], list[system_message]]:
        # registered both as std:term and termpages:term; always ours
        self.refdomain, self.reftype = "termpages", "term"
        self.classes = ["xref", "term"]
        if self.disabled:
            return self.create_non_xref_node()
        return self.create_xref_node()


class term_reference(nodes.reference):  # noqa: N801 - docutils node naming
    """An HTML link to a term page that names its preview card with aria-describedby."""


def visit_term_reference(self: HTML5Translator, node: term_reference) -> None:
    attributes = {"href": node["refuri"]}
    if node.get("preview_id"):
        attributes["aria-describedby"] = node["preview_id"]
    self.body.append(
        self.starttag(node, "a", "", CLASS="reference internal termpages-term", **attributes)
    )


def depart_term_reference(self: HTML5Translator, node: term_reference) -> None:
    self.body.append("</a>")


def collect_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Remember what each page refers to, for backlinks and incremental rebuilds."""
    targets = [
        (node["reftarget"], node.line)
        for node in doctree.findall(addnodes.pending_xref)
        if is_term_reference(node)
    ]
    get_domain(app.env).note_mentions(app.env.docname, targets)


def written_as_slug(target: str, entry: TermEntry) -> bool:
    """True when the writer typed the slug, which then shows as the title.

    "fine-tuning" is the slug of Fine-Tuning but also its title in lower case:
    prose like that is shown as written.
    """
    names = {fold(entry.title), *(fold(alias) for alias in entry.aliases)}
    return normalize(target) == entry.slug and fold(target) not in names


def preview_id(slug: str) -> str:
    return f"termpages-preview-{slug}"


class ResolveTermReferences(SphinxPostTransform):
    """Turn each pending ``{term}`` into a link, plain text or a warning, in page order."""

    # before Sphinx's own resolver (10), which would otherwise report them as missing
    default_priority = 5

    def run(self, **kwargs: Any) -> None:
        env: BuildEnvironment = self.env
        domain = get_domain(env)
        settings = get_settings(self.config)
        builder = current_builder(env)
        html = builder_format(env) == "html"
        docname = env.docname
        entries = domain.by_slug()
        linked: dict[str, None] = {}
        pending = [n for n in self.document.findall(addnodes.pending_xref) if is_term_reference(n)]
        for node in pending:
            target = node["reftarget"]
            shown = node.next_node(nodes.inline)
            shown = shown.deepcopy() if shown is not None else nodes.inline(target, target)
            match = domain.resolve_term(target)
            if not match.slugs:
                glossary_ref = env.get_domain("std").resolve_xref(
                    env, docname, builder, "term", target, node, shown
                )
                if glossary_ref is not None:  # a term of Sphinx's own glossary directive
                    node.replace_self(glossary_ref)
                    continue
                suggestions = domain.term_index().suggestions(target)
                hint = (
                    "; did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
                    if suggestions
                    else ""
                )
                warn(TermWarning.UNKNOWN_TERM, f"unknown term {target!r}{hint}", node)
                node.replace_self(shown)
                continue
            if len(match.slugs) > 1:
                warn(
                    TermWarning.AMBIGUOUS_TERM,
                    f"term {target!r} is ambiguous: it is the {match.how} of "
                    f"{', '.join(match.slugs)}; linking to {match.slugs[0]!r} "
                    "(write the slug to choose)",
                    node,
                )
            entry = entries[match.slugs[0]]
            if not node.get("refexplicit") and written_as_slug(target, entry):
                shown = nodes.inline(entry.title, entry.title, classes=shown["classes"])
            if entry.docname == docname and not settings.self_links:
                node.replace_self(shown)
                continue
            if settings.link_first_only and entry.slug in linked:
                node.replace_self(shown)
                continue
            linked.setdefault(entry.slug, None)
            link: nodes.reference
            if html:
                link = term_reference(
                    "",
                    "",
                    shown,
                    refuri=builder.get_relative_uri(docname, entry.docname) or "#",
                    preview_id=preview_id(entry.slug) if settings.previews else "",
                )
            else:
                link = make_refnode(builder, docname, entry.docname, None, shown)
            node.replace_self(link)
        if html and settings.previews and linked:
            self.document += term_previews(
                cards=[
                    (
                        preview_id(slug),
                        entries[slug].title,
                        entries[slug].summary,
                        builder.get_relative_uri(docname, entries[slug].docname),
                    )
                    for slug in linked
                ],
            )


def setup_references(app: Sphinx) -> None:
    role = TermReferenceRole()
    app.add_role_to_domain("std", "term", role, override=True)
    app.add_role_to_domain("termpages", "term", role)
    app.add_node(term_reference, html=(visit_term_reference, depart_term_reference))
    app.connect("doctree-read", collect_mentions)
    app.add_post_transform(ResolveTermReferences)
