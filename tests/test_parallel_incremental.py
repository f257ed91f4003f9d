"""-j 2 gives the serial build's output; incremental builds update every page that shows a term."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, build, html_files, text_of


def test_parallel_build_equals_serial(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    for name in ("delta", "epsilon", "zeta", "eta"):  # enough pages to split between workers
        (srcdir / "terms" / f"{name}.md").write_text(
            f"---\ncategory: cat-two\nsummary: {name.title()} is filler.\nrelated: [alpha]\n---\n\n"
            f"# {name.title()}\n\nText.\n"
        )
    serial = build(srcdir, outname="serial", freshenv=True)
    parallel = build(srcdir, outname="parallel", parallel=2, freshenv=True)
    assert serial.warning_lines() == [] and parallel.warning_lines() == []
    # chunks ("a .. b") show that both reading and writing really ran in worker processes
    assert re.search(r"reading sources\.\.\. \[.*\] \S+ \.\. \S+", parallel.status)
    assert re.search(r"writing output\.\.\. \[.*\] \S+ \.\. \S+", parallel.status)
    assert html_files(serial.outdir) == html_files(parallel.outdir)
    # the term finder's index and summary shards are written once, from the whole environment
    assert finder_files(serial.outdir) == finder_files(parallel.outdir)
    assert len(finder_files(serial.outdir)) >= 2


def finder_files(outdir: Path) -> dict[str, str]:
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted((outdir / "termfinder").glob("*.json"))
    }


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def written(status: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def test_summary_and_title_change_reaches_every_page_showing_them(srcdir: Path) -> None:
    build(srcdir)
    beta = srcdir / "terms" / "beta.md"
    beta.write_text(
        beta.read_text()
        .replace("Beta is the second term and shows another call to action.", "Beta, reworded.")
        .replace("# Beta", "# Beta Prime")
    )
    site = build(srcdir)
    assert site.warning_lines() == []
    # alpha and gamma list beta as related; the hub and the home page list it too
    assert {"terms/alpha", "terms/gamma", "categories/cat-one", "index", "terms/beta"} <= written(
        site.status
    )
    assert "terms/eclair" not in written(site.status)
    related = site.html("terms/alpha.html").select_one("section#related-terms")
    assert "Beta Prime — Beta, reworded." in text_of(related)
    hub = site.html("categories/cat-one.html").select_one("ul.termpages-term-list")
    assert "Beta Prime — Beta, reworded." in text_of(hub)
    assert "Beta Prime" in text_of(site.html("index.html").select_one("div.termpages-az"))
    finder = finder_files(site.outdir)
    assert '["Beta Prime","beta"]' in finder["index.json"]
    assert "Beta, reworded." in finder["s0.json"]
    assert finder == finder_files(build(srcdir, outname="clean", freshenv=True).outdir)


def test_category_change_moves_the_term(srcdir: Path) -> None:
    build(srcdir)
    gamma = srcdir / "terms" / "gamma.md"
    gamma.write_text(gamma.read_text().replace("category: cat-two", "category: cat-one"))
    site = build(srcdir)
    one = [
        text_of(a) for a in site.html("categories/cat-one.html").select("ul.termpages-term-list a")
    ]
    two = [
        text_of(a) for a in site.html("categories/cat-two.html").select("ul.termpages-term-list a")
    ]
    assert one == ["Alpha", "Beta", "Gamma"] and two == ["Éclair"]
    crumbs = site.html("terms/gamma.html").select("nav.termpages-breadcrumbs a")
    assert crumbs[-1]["href"] == "../categories/cat-one.html"


def test_deleted_term_leaves_no_link_behind(srcdir: Path) -> None:
    build(srcdir)
    (srcdir / "terms" / "eclair.md").unlink()
    site = build(srcdir)
    assert "Éclair" not in text_of(site.html("index.html").select_one("div.termpages-az"))
    assert site.html("categories/cat-two.html").find("a", string="Éclair") is None


def test_unchanged_rebuild_writes_nothing(srcdir: Path) -> None:
    build(srcdir)
    site = build(srcdir)
    assert written(site.status) == set()


def test_body_edit_rewrites_only_that_page_and_its_hub(srcdir: Path) -> None:
    build(srcdir)
    eclair = srcdir / "terms" / "eclair.md"
    eclair.write_text(eclair.read_text() + "\nOne more sentence.\n")
    site = build(srcdir)
    # Sphinx rewrites a page's toctree parent too: the hub lists it in its hidden toctree
    assert written(site.status) == {"terms/eclair", "categories/cat-two"}


@pytest.fixture
def mentions_srcdir(tmp_path: Path) -> Path:
    """test-mentions: "star" shows 3 of the 8 pages that mention it, and links to the full list."""
    return Path(shutil.copytree(ROOTS / "test-mentions", tmp_path / "site"))


def test_a_parallel_incremental_build_rewrites_the_full_mentioned_in_lists(
    mentions_srcdir: Path,
) -> None:
    srcdir = mentions_srcdir
    build(srcdir)
    charlie = srcdir / "terms" / "charlie.md"
    charlie.write_text(charlie.read_text().replace("shares the category", "names the star"))
    (srcdir / "terms" / "india.md").write_text(
        "---\ncategory: cat-b\nsummary: India is new.\n---\n\n# India\n\nIndia and {term}`star`.\n"
    )
    site = build(srcdir, parallel=2)
    assert site.warning_lines() == []
    # -j 2 writes in chunks ("a .. b"): its own pages
    assert re.search(r"writing output\.\.\. \[.*\] \S+ \.\. \S+", site.status)
    listing = site.html("terms/star/mentioned-in.html")
    assert "Charlie — Charlie names the star." in text_of(listing)
    assert "India — India is new." in text_of(listing)
    clean = build(srcdir, outname="clean", freshenv=True)
    assert html_files(site.outdir) == html_files(clean.outdir)
