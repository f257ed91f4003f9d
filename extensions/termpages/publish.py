"""termpages.publish: what a glossary publishes besides its pages, for crawlers and assistants.

sitemap.xml, robots.txt, redirect stubs for renamed terms, meta and social
tags with their preview images, the Markdown twin of every page, llms.txt,
llms-full.txt and glossary.json. A site that only wants the pages lists
``termpages`` alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import __version__
from .exports import setup_exports
from .seo import setup_seo
from .socialcards import setup_social_cards

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("termpages")
    setup_seo(app)
    setup_social_cards(app)
    setup_exports(app)
    return {
        "version": __version__,
        # everything here is written from the environment in the main process, or
        # per page from that page alone (tests/test_parallel_incremental.py)
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
