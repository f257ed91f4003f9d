"""JSON-LD for any Sphinx page: one ``@graph`` per page, fed by a directive and by an event.

Writers add nodes with the ``{jsonld}`` directive (a JSON object or array);
extensions add them by connecting to the ``jsonld-nodes`` event::

    def nodes_for_page(app, pagename, context, doctree):
        return [{"@type": "Thing", "@id": "...", "name": "..."}]

    app.connect("jsonld-nodes", nodes_for_page)

Each HTML page then carries a single ``<script type="application/ld+json">``
whose content cannot end the script element, whatever text it holds.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from .shared import LowerableElement
from .warnings_ import TermWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.writers.html5 import HTML5Translator

SCHEMA_CONTEXT = "https://schema.org"
HAS_JSONLD = "termpages-has-jsonld"


class jsonld_data(LowerableElement, nodes.General):  # noqa: N801 - docutils node naming
    """Invisible holder of the ``nodes`` (a list of dicts) a ``{jsonld}`` directive gave."""

    def lower(self, config: Config) -> list[nodes.Node]:
        return []


def skip_node(self: HTML5Translator, node: nodes.Node) -> None:
    raise nodes.SkipNode


class JsonLdDirective(SphinxDirective):
    """``{jsonld}``: JSON-LD nodes written by hand, added to this page's graph."""

    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        location = (self.env.docname, self.lineno)
        try:
            data = json.loads("\n".join(self.content))
        except json.JSONDecodeError as error:
            warn(
                TermWarning.JSONLD_INVALID,
                f"jsonld: not valid JSON: {error.msg} (line {error.lineno} of the block)",
                location,
            )
            return []
        items = data if isinstance(data, list) else [data]
        if not items or not all(isinstance(item, dict) and item for item in items):
            warn(
                TermWarning.JSONLD_INVALID,
                "jsonld: give a JSON object, or an array of objects, each with @type",
                location,
            )
            return []
        # lets pages without a {jsonld} block skip looking for one when written
        self.state.document[HAS_JSONLD] = True
        return [jsonld_data(nodes=items)]


def serialize(graph: list[dict[str, Any]]) -> str:
    """JSON that is safe inside <script>: no "<", ">" or "&" survive as such.

    json.dumps already escapes quotes and control characters; replacing the
    three HTML-significant characters by their \\u escapes means no text, not
    even "</script>" or "<!--", can end or confuse the script element.
    """
    text = json.dumps(
        {"@context": SCHEMA_CONTEXT, "@graph": graph}, ensure_ascii=False, separators=(",", ":")
    )
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def merge_nodes(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One node per @id (later contributions add properties), in first-seen order."""
    merged: dict[str, dict[str, Any]] = {}
    anonymous: list[dict[str, Any]] = []
    for node in found:
        node_id = node.get("@id")
        if not isinstance(node_id, str):
            anonymous.append(node)
        elif node_id in merged:
            merged[node_id] = {**node, **merged[node_id]}
        else:
            merged[node_id] = dict(node)
    return [*merged.values(), *anonymous]


def add_jsonld_to_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    found: list[dict[str, Any]] = []
    for result in app.events.emit("jsonld-nodes", pagename, context, doctree):
        found.extend(result or [])
    if doctree is not None and doctree.get(HAS_JSONLD):
        for holder in doctree.findall(jsonld_data):
            found.extend(holder["nodes"])
    if not found:
        return
    script = f'<script type="application/ld+json">{serialize(merge_nodes(found))}</script>\n'
    context["metatags"] = context.get("metatags", "") + script


def setup_jsonld(app: Sphinx) -> None:
    app.add_event("jsonld-nodes")
    app.add_node(jsonld_data, html=(skip_node, None))
    app.add_directive("jsonld", JsonLdDirective)
    # late, so that every other extension has filled the page context first
    app.connect("html-page-context", add_jsonld_to_page, priority=900)
