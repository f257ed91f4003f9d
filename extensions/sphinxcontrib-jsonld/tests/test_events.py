"""The event API: another extension adds nodes, overrides the page graph, and edits the result."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import BASE, by_id, graph_of, warnings_of


@pytest.mark.sphinx("html", testroot="extension", freshenv=True)
def test_an_extension_adds_and_alters_nodes(app: Any) -> None:
    app.build()
    nodes = by_id(graph_of(app.outdir, "index.html"))
    website = BASE + "#website"
    assert nodes[website + "-app"] == {
        "@type": "SoftwareApplication",
        "@id": website + "-app",
        "name": "Notes app",
    }
    # the extension's name wins over the page graph's, which adds what it left out
    assert nodes[website] == {
        "@type": "WebSite",
        "@id": website,
        "name": "Field Notes, the site",
        "alternateName": "FN",
        "url": BASE,
        "inLanguage": "en",
    }


@pytest.mark.sphinx("html", testroot="extension", freshenv=True)
def test_jsonld_graph_handlers_edit_the_merged_graph(app: Any) -> None:
    app.build()
    graph = graph_of(app.outdir, "page.html")
    assert [node["@type"] for node in graph] == ["WebPage", "WebSite"]
    assert "breadcrumb" not in graph[0]


@pytest.mark.sphinx("html", testroot="extension", freshenv=True)
def test_a_node_json_cannot_hold_is_left_out_and_warned(app: Any) -> None:
    app.build()
    end = "; it is left out [jsonld.invalid]"
    assert warnings_of(app) == [
        "page.rst: WARNING: jsonld: node Rating #rating holds a value JSON cannot write "
        "(NaN or Infinity)" + end,
        "page.rst: WARNING: jsonld: node Rating #huge holds a value JSON cannot write "
        "(NaN or Infinity)" + end,
        "page.rst: WARNING: jsonld: node Thing #half holds a value JSON cannot write "
        "(the lone surrogate \\ud800)" + end,
    ]
    types = {node["@type"] for node in graph_of(app.outdir, "page.html")}
    assert "Rating" not in types and "Thing" not in types


def _return_a_string(app: Any, pagename: str, context: Any, doctree: Any) -> Any:
    return "not a list"


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_a_handler_returning_no_list_is_warned(app: Any) -> None:
    app.connect("jsonld-nodes", _return_a_string)
    app.build()
    message = "WARNING: jsonld: a jsonld-nodes handler returned str, not a list of dicts; it "
    message += "is left out"
    tag = " [jsonld.invalid]"
    # a generated page has no file to name, so the message names the page
    assert sorted(warnings_of(app)) == sorted(
        [
            *(f"{doc}.rst: {message}{tag}" for doc in ("details", "guide", "index", "intro")),
            *(
                f"{message} (on the generated page {page!r}){tag}"
                for page in ("genindex", "search")
            ),
        ]
    )
