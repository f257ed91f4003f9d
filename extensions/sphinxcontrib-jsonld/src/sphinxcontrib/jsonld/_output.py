"""One ``<script type="application/ld+json">`` per page: gather, merge, check, escape."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ._directive import blocks_of, lone_surrogate
from ._graph import JsonNode, ToctreeAncestors, page_graph, page_url, site_url
from ._warnings import JsonLdWarning, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

SCHEMA_CONTEXT = "https://schema.org"


def merge_nodes(found: list[JsonNode]) -> list[JsonNode]:
    """One node per ``@id``, in first-seen order; nodes without an id follow, as given.

    A property keeps the value of the first node that gave it; later nodes with
    the same id only add what is missing. That is what lets an extension or a
    writer override the page graph's defaults: their nodes come first.
    """
    merged: dict[str, JsonNode] = {}
    anonymous: list[JsonNode] = []
    for node in found:
        node_id = node.get("@id")
        if not isinstance(node_id, str):
            anonymous.append(node)
            continue
        known = merged.get(node_id)
        if known is None:
            merged[node_id] = dict(node)
            continue
        combined = {**known, **{key: value for key, value in node.items() if key not in known}}
        # a node made of parts still reads as one: its type and id lead
        leading: JsonNode = {key: combined[key] for key in ("@type", "@id") if key in combined}
        merged[node_id] = {**leading, **combined}
    return [*merged.values(), *anonymous]


class NotStrictJsonError(ValueError):
    """A value ``json.dumps`` writes but strict JSON parsers refuse."""


def _dumps(value: Any) -> str:
    """Strict JSON, or NotStrictJsonError (or TypeError, for what JSON has no form of)."""
    try:
        # allow_nan=False: NaN and Infinity are not JSON, and strict parsers reject the block
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError as error:
        raise NotStrictJsonError("NaN or Infinity") from error
    surrogate = lone_surrogate(text)
    if surrogate is not None:
        # ensure_ascii would write it as "\\ud800", which strict parsers refuse too
        raise NotStrictJsonError(f"the lone surrogate {surrogate}")
    return text


def serialize(graph: list[JsonNode]) -> str:
    """The graph as JSON that cannot end or confuse a ``<script>`` element.

    ``json.dumps`` escapes quotes and control characters; replacing "<", ">"
    and "&" by their ``\\u`` escapes means no text, not even ``</script>`` or
    ``<!--``, reads as markup. Raises ValueError or TypeError on a value strict
    JSON cannot hold (NaN, Infinity, a lone surrogate).
    """
    text = _dumps({"@context": SCHEMA_CONTEXT, "@graph": graph})
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _warn_on_page(app: Sphinx, pagename: str, message: str) -> None:
    """A document's warning names its file; a generated page (search, genindex) has none."""
    if pagename in app.env.all_docs:
        warn(JsonLdWarning.INVALID, message, (pagename, None))
    else:
        warn(JsonLdWarning.INVALID, f"{message} (on the generated page {pagename!r})", None)


def _json_ready(app: Sphinx, graph: list[JsonNode], pagename: str) -> list[JsonNode]:
    """The nodes JSON can hold; each other one is warned about and left out."""
    kept = []
    for node in graph:
        try:
            _dumps(node)
        except (TypeError, ValueError) as error:
            label = " ".join(str(node[key]) for key in ("@type", "@id") if key in node)
            # strict parsers refuse it: NotStrictJsonError; json knows nothing of it: TypeError
            problem = str(error)
            _warn_on_page(
                app,
                pagename,
                f"jsonld: node {label} holds a value JSON cannot write ({problem}); it is left out",
            )
        else:
            kept.append(node)
    return kept


def _resolve_fragment_ids(value: Any, url: str) -> Any:
    """``"#x"`` ids made absolute against the page, as JSON-LD reads them anyway."""
    if isinstance(value, dict):
        return {
            key: url + item
            if key == "@id" and isinstance(item, str) and item.startswith("#")
            else _resolve_fragment_ids(item, url)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_resolve_fragment_ids(item, url) for item in value]
    return value


def _contributed(app: Sphinx, pagename: str, context: dict[str, Any], doctree: Any) -> list[Any]:
    found: list[Any] = []
    for result in app.events.emit("jsonld-nodes", pagename, context, doctree):
        if result is None:
            continue
        if not isinstance(result, list) or not all(isinstance(node, dict) for node in result):
            _warn_on_page(
                app,
                pagename,
                f"jsonld: a jsonld-nodes handler returned {type(result).__name__}, "
                "not a list of dicts; it is left out",
            )
            continue
        found.extend(result)
    return found


class PageScript:
    """The ``html-page-context`` handler; runs late, once the page context is complete."""

    def __init__(self) -> None:
        self.ancestors = ToctreeAncestors()

    def __call__(
        self,
        app: Sphinx,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: nodes.document | None,
    ) -> None:
        found = _contributed(app, pagename, context, doctree)
        blocks = blocks_of(doctree)
        if blocks and site_url(app) is not None:
            blocks = _resolve_fragment_ids(blocks, page_url(app, pagename))
        found.extend(blocks)
        found.extend(page_graph(app, pagename, context, self.ancestors))
        graph = merge_nodes(found)
        app.events.emit("jsonld-graph", pagename, graph, context)
        if not graph:
            return
        try:
            text = serialize(graph)  # the usual case: the whole graph at once, written once
        except (TypeError, ValueError):
            graph = _json_ready(app, graph, pagename)
            if not graph:
                return
            text = serialize(graph)
        script = f'<script type="application/ld+json">{text}</script>\n'
        context["metatags"] = context.get("metatags", "") + script


def setup_output(app: Sphinx) -> None:
    app.add_event("jsonld-nodes")
    app.add_event("jsonld-graph")
    page_script = PageScript()
    app.connect("env-before-read-docs", page_script.ancestors.remember)
    app.connect("env-get-updated", page_script.ancestors.stale)
    app.connect("env-updated", page_script.ancestors.forget)
    # late, so that every other extension has filled the page context first
    app.connect("html-page-context", page_script, priority=900)
