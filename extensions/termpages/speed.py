"""termpages.speed: build-speed tuning that a site turns on by listing it in ``extensions``.

Garbage collection shaped for big builds (collector.py) and the theme's
compiled templates kept between builds (templatecache.py). Neither changes
what is written; ``termpages_gc_tuning`` and ``termpages_template_cache``
switch each off again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import __version__
from .collector import setup_collector
from .templatecache import setup_template_cache

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    # the settings it reads are declared by the core
    app.setup_extension("termpages")
    setup_template_cache(app)
    setup_collector(app)
    return {
        "version": __version__,
        # nothing is shared between processes; each forked worker tunes its own collector
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
