"""The ``{term}`` role and the link node it resolves to; resolution itself is the domain's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.roles import XRefRole

from .frontmatter import TermEntry
from .lookup import fold, normalize

if TYPE_CHECKING:
    from docutils.nodes import Node, system_message
    from sphinx.writers.html5 import HTML5Translator

#: What ``dangling_warnings`` would say; termpages words it itself, with suggestions.
UNKNOWN_TERM = "unknown term %(target)r"


def is_term_reference(node: Node) -> bool:
    return (
        isinstance(node, addnodes.pending_xref)
        and node.get("refdomain") == "termpages"
        and node.get("reftype") == "term"
    )


class TermReferenceRole(XRefRole):
    """A pending reference to a term, resolved by ``TermpagesDomain.resolve_xref``.

    Unresolved ones go on to ``missing-reference`` (intersphinx gets its turn)
    and, when no one answers, to the domain's dangling-reference warning.
    """

    def __init__(self) -> None:
        super().__init__(lowercase=False, innernodeclass=nodes.inline, warn_dangling=True)

    def run(self) -> tuple[list[Node], list[system_message]]:
        # registered as std:term (for ``{term}``) and termpages:term; always ours
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


def written_as_slug(target: str, entry: TermEntry) -> bool:
    """True when the writer typed the slug, which then shows as the title.

    "fine-tuning" is the slug of Fine-Tuning but also its title in lower case:
    prose like that is shown as written.
    """
    names = {fold(entry.title), *(fold(alias) for alias in entry.aliases)}
    return normalize(target) == entry.slug and fold(target) not in names


def preview_id(slug: str) -> str:
    return f"termpages-preview-{slug}"
