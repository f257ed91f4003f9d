"""Compiled theme templates kept between builds.

Every ``sphinx-build`` run compiles the theme's Jinja templates from
source before it writes its first page. In a full build that is noise; in
the rebuild after a writer edits one term, which writes two or three pages,
it is one of the largest costs. Jinja can store the compiled templates in a
bytecode cache, keyed by template file and checked against the source's
checksum, so an edited or upgraded template is compiled again. The cache
sits in the doctree folder, next to the rest of Sphinx's build state, and
``make clean`` removes it with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache

from .config import get_settings, made_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

CACHE_FOLDER = "termpages-templates"


def use_template_cache(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    # Sphinx has no public hook for its Jinja environment; tests/test_private_api.py guards it
    environment = getattr(templates, "environment", None)
    setting = get_settings(app.config).template_cache
    if environment is None or setting is False:
        return  # a builder without Jinja templates, or the cache is switched off
    # a shared folder is safe: Jinja keys each entry by template and checks its checksum
    folder = Path(app.confdir, setting) if isinstance(setting, str) else Path(app.doctreedir)
    folder = folder / CACHE_FOLDER
    consequence = "the templates are not kept"
    if not made_folder(app, folder, "termpages_template_cache", str(folder), consequence):
        return
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup_template_cache(app: Sphinx) -> None:
    app.connect("builder-inited", use_template_cache)
