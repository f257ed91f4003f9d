"""termpages: one-page-per-term glossaries for Sphinx and MyST (the glossary core).

What the site publishes besides its pages is ``termpages.publish``; the
build-speed tuning is ``termpages.speed``. Each is a Sphinx extension of
its own, listed in ``extensions`` when wanted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .assets import setup_assets
from .backlinks import setup_backlinks
from .breadcrumbs import setup_breadcrumbs
from .checks import setup_checks
from .config import setup_config
from .cta import setup_cta
from .domain import TermpagesDomain
from .faq import setup_faq
from .finder import setup_finder
from .hubs import setup_hubs
from .incremental import setup_incremental
from .lastupdated import setup_last_updated
from .mentionlists import setup_mention_lists
from .navigation import setup_navigation
from .placeholders import setup_placeholders
from .previews import setup_previews
from .problems import setup_problems
from .references import setup_references
from .related import setup_related
from .scriptlinks import setup_script_links
from .shared import setup_shared
from .structured_data import setup_structured_data
from .termpage import setup_term_pages
from .textchecks import setup_text_checks
from .urls import setup_urls

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.add_domain(TermpagesDomain)
    setup_config(app)
    setup_problems(app)
    setup_shared(app)
    setup_breadcrumbs(app)
    setup_faq(app)
    setup_related(app)
    setup_references(app)
    setup_script_links(app)
    setup_previews(app)
    setup_backlinks(app)
    setup_mention_lists(app)
    setup_last_updated(app)
    setup_cta(app)
    setup_hubs(app)
    setup_term_pages(app)
    setup_incremental(app)
    app.setup_extension("sphinxcontrib.jsonld")
    setup_structured_data(app)
    setup_urls(app)
    setup_navigation(app)
    setup_checks(app)
    setup_text_checks(app)
    setup_placeholders(app)
    setup_assets(app)
    setup_finder(app)
    return {
        "version": __version__,
        "env_version": TermpagesDomain.data_version,
        # proven by tests/test_parallel.py: -j 2 output equals the serial build's
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
