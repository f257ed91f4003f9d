"""The extension's own CSS and JS, shipped with the package (never from a CDN)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

STATIC_DIR = Path(__file__).parent / "static"


def add_static_path(app: Sphinx, config: Config) -> None:
    # config-inited, not builder-inited: a value changed after the environment has
    # compared the configuration reads as "the configuration has changed" next build.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path.append(str(STATIC_DIR))


def add_static_assets(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    app.add_css_file("termpages.css")
    app.add_js_file("termpages.js", loading_method="defer")


def setup_assets(app: Sphinx) -> None:
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", add_static_assets)
