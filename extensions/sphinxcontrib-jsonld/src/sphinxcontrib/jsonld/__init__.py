"""Schema.org JSON-LD for Sphinx: one graph per HTML page, from a page graph, blocks and events.

Every HTML page gets one ``<script type="application/ld+json">`` holding a
single ``@graph``: a WebSite, the page's WebPage and a BreadcrumbList of its
toctree ancestors (``jsonld_*`` settings), the objects of the page's
``jsonld`` blocks, and what extensions return from the ``jsonld-nodes``
event. ``jsonld-graph`` lets an extension change the merged graph last.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._config import setup_config
from ._directive import JsonLdDirective, jsonld_data, parse_block, setup_directive
from ._graph import page_url, ref, site_url
from ._output import SCHEMA_CONTEXT, merge_nodes, serialize, setup_output
from ._warnings import WARNING_TYPE, JsonLdWarning

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_CONTEXT",
    "WARNING_TYPE",
    "JsonLdDirective",
    "JsonLdWarning",
    "jsonld_data",
    "merge_nodes",
    "page_url",
    "parse_block",
    "ref",
    "serialize",
    "setup",
    "site_url",
]


def setup(app: Sphinx) -> dict[str, Any]:
    setup_config(app)
    setup_directive(app)
    setup_output(app)
    return {
        "version": __version__,
        # nothing is kept in the environment; every page's graph is a function of
        # its doctree, the toctree and conf.py (tests/test_parallel.py builds with -j 2)
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
