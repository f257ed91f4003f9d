"""The extension split by job: the glossary core, termpages.publish and termpages.speed.

Also the two promises the core makes to any site: it turns on the MyST
syntax it needs, and it never reads its own output back as sources.
"""

from __future__ import annotations

import gc
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOTS, BuiltSite, SiteFactory, build, html_files

CORE_ONLY = ["myst_parser", "sphinx_design", "termpages"]
PUBLISH_FILES = ["sitemap.xml", "robots.txt", "llms.txt", "llms-full.txt", "glossary.json"]


def test_the_core_alone_builds_term_pages_and_publishes_nothing_else(
    make_site: SiteFactory,
) -> None:
    site = make_site(confoverrides={"extensions": CORE_ONLY})
    assert site.warning_lines() == []
    alpha = site.html("terms/alpha.html")
    assert alpha.select_one("details.termpages-faq-item") is not None
    assert alpha.find("meta", attrs={"name": "description"}) is None  # publish's meta tags
    for name in PUBLISH_FILES:
        assert not (site.outdir / name).exists(), name
    assert list(site.outdir.rglob("*.html.md")) == []
    assert list(site.outdir.rglob("*.md")) == []


def test_publish_adds_the_files_for_crawlers_and_assistants(site: BuiltSite) -> None:
    for name in PUBLISH_FILES:
        assert (site.outdir / name).is_file(), name
    assert (site.outdir / "terms/alpha.html.md").is_file()


def test_each_part_declares_its_version_and_parallel_safety(tmp_path: Path) -> None:
    from sphinx.testing.util import SphinxTestApp

    import termpages

    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    # never built: the collector tuning would wait for a build-finished that never comes
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"termpages_gc_tuning": False})
    try:
        for name in ("termpages", "termpages.publish", "termpages.speed"):
            extension = app.extensions[name]
            assert extension.version == termpages.__version__, name
            assert extension.parallel_read_safe is True, name
            assert extension.parallel_write_safe is True, name
    finally:
        app.cleanup()


def test_publish_brings_the_core_along(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"extensions": ["myst_parser", "termpages.publish"]})
    assert site.warning_lines() == []
    assert site.html("terms/alpha.html").select_one("details.termpages-faq-item") is not None
    assert (site.outdir / "llms.txt").is_file()


GC_PROBE = """
import gc

RECORD = {"enabled_at_read": [], "frozen_at_write": []}


def at_read(app, docname, source):
    RECORD["enabled_at_read"].append(gc.isenabled())


def at_write(app, pagename, templatename, context, doctree):
    RECORD["frozen_at_write"].append(gc.get_freeze_count())


def setup(app):
    app.connect("source-read", at_read)
    app.connect("html-page-context", at_write)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


@pytest.mark.parametrize("speed", [False, True], ids=["without-speed", "with-speed"])
def test_speed_tunes_only_when_listed(tmp_path: Path, speed: bool) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (srcdir / "gc_probe.py").write_text(GC_PROBE)
    extensions = [*CORE_ONLY, "termpages.publish", "gc_probe"]
    if speed:
        extensions.append("termpages.speed")
    frozen_before = gc.get_freeze_count()
    sys.path.insert(0, str(srcdir))
    try:
        site = build(srcdir, freshenv=True, confoverrides={"extensions": extensions})
        record = sys.modules["gc_probe"].RECORD
    finally:
        sys.path.remove(str(srcdir))
        sys.modules.pop("gc_probe", None)
    assert site.warning_lines() == []
    assert gc.isenabled()
    cache = site.outdir.parent / "doctrees" / "termpages-templates"
    if speed:
        assert max(record["frozen_at_write"]) > frozen_before
        assert list(cache.glob("*.cache"))
    else:
        assert all(record["enabled_at_read"])
        assert set(record["frozen_at_write"]) == {frozen_before}
        assert not cache.exists()


def without_line(conf: Path, start: str) -> None:
    lines = conf.read_text().splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, f"conf.py has no single {start!r} line"
    conf.write_text("".join(kept))


def test_the_faq_needs_no_myst_setting(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    without_line(srcdir / "conf.py", "myst_enable_extensions")
    site = build(srcdir)
    assert site.warning_lines() == []
    alpha = site.html("terms/alpha.html")
    assert len(alpha.select("details.termpages-faq-item")) == 2
    assert "::::" not in alpha.get_text()


def test_a_sites_own_myst_extensions_are_kept(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/eclair.md": (ROOTS / "test-basic/terms/eclair.md").read_text() + "\nTerm\n: Def\n"},
        confoverrides={"myst_enable_extensions": ["deflist"]},
    )
    assert site.warning_lines() == []
    eclair = site.html("terms/eclair.html")
    assert eclair.find("dl") is not None  # deflist still on
    assert len(site.html("terms/alpha.html").select("details.termpages-faq-item")) == 2


def test_an_output_folder_inside_the_sources_is_never_read_back(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    without_line(srcdir / "conf.py", "exclude_patterns")
    first = build(srcdir)
    assert Path(srcdir) in first.outdir.parents
    assert list(first.outdir.rglob("*.html.md"))  # twins a later build could mistake for pages
    first_pages = html_files(first.outdir)
    second = build(srcdir)
    assert first.warning_lines() == [] and second.warning_lines() == []
    assert html_files(second.outdir) == first_pages
    assert not any("_build" in page for page in first_pages)
