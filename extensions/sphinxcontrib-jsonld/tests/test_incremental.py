"""A breadcrumb names every ancestor: when one's title changes, the pages below it are rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from conftest import BASE, graph_of


def _trail(outdir: Path, page: str) -> list[str]:
    graph = graph_of(outdir, page)
    (crumbs,) = [node for node in graph if node["@type"] == "BreadcrumbList"]
    return [item["name"] for item in crumbs["itemListElement"]]


def test_renamed_ancestor_rewrites_the_pages_below(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert _trail(app.outdir, "details.html") == [
        "Field Notes",
        "User guide",
        "Details & <caveats>",
    ]
    untouched = app.outdir / "intro.html"
    before = (untouched.stat().st_mtime_ns, untouched.read_bytes())

    guide = srcdir / "guide.rst"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace(
            "User guide\n==========", "Reading guide\n============="
        ),
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert _trail(app.outdir, "details.html") == [
        "Field Notes",
        "Reading guide",
        "Details & <caveats>",
    ]
    page = graph_of(app.outdir, "details.html")[0]
    assert page["@id"] == BASE + "details.html#webpage"
    # a page elsewhere in the toctree is not written again
    assert (untouched.stat().st_mtime_ns, untouched.read_bytes()) == before


def test_an_edit_that_keeps_titles_rewrites_nothing_more(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    details = app.outdir / "details.html"
    before = details.stat().st_mtime_ns
    guide = srcdir / "guide.rst"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert details.stat().st_mtime_ns == before
