"""Our furo sidebar markup is exactly what furo makes of the toctree-shaped navigation."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from furo.navigation import get_navigation_tree
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS
from termpages.navigation import Navigation


@pytest.mark.parametrize("nav_terms", [25, 1])
def test_furo_markup_equals_furos_own_processing(tmp_path: Path, nav_terms: int) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=StringIO(),
        warning=StringIO(),
        confoverrides={"termpages_nav_terms": nav_terms},
    )
    try:
        app.build()
        pages = ["index", "terms/alpha", "terms/beta", "terms/eclair", "categories/cat-one"]
        for pagename in pages:
            navigation = Navigation(app, pagename)
            assert navigation.furo_html() == get_navigation_tree(navigation.sphinx_html())
            built = (app.outdir / f"{pagename}.html").read_text(encoding="utf-8")
            assert navigation.furo_html() in built
    finally:
        app.cleanup()
