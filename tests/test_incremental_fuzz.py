"""Incremental builds equal clean builds: a seeded differential fuzz of the real site.

``make test`` runs a few seeds, short; ``make fuzz`` runs many, long (FUZZ_SEEDS,
FUZZ_STEPS, FUZZ_EDITS). The examples below are the kinds of edit the fuzz found
diverging, each on the small test site, compared file by file with a clean build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fuzz_edits import FuzzRun, compare_builds, output_files, search_payload

from conftest import ROOTS, BuiltSite, build, text_of

#: "0,1" or "0-19": the seeds; an odd seed's incremental builds run with -j 2.
FUZZ_SEEDS = os.environ.get("FUZZ_SEEDS", "0,1")
FUZZ_STEPS = int(os.environ.get("FUZZ_STEPS", "2"))
FUZZ_EDITS = int(os.environ.get("FUZZ_EDITS", "3"))


def seeds(spec: str) -> list[int]:
    found: list[int] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        found += range(int(first), int(last or first) + 1)
    return found


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real site, copied and built once; each seed starts from a copy of that build."""
    work = tmp_path_factory.mktemp("fuzz")
    first = FuzzRun(-1, work)
    first.prepare()
    pristine = work / "pristine"
    for part in ("site", "out", "doctrees"):
        shutil.copytree(work / part, pristine / part, symlinks=True)
    return work, pristine


@pytest.mark.parametrize("seed", seeds(FUZZ_SEEDS))
def test_incremental_build_equals_clean_build(seed: int, fuzz_folder: tuple[Path, Path]) -> None:
    work, pristine = fuzz_folder
    run = FuzzRun(seed, work, FUZZ_STEPS, FUZZ_EDITS, jobs=2 if seed % 2 else 1)
    run.prepare(pristine)
    for step, divergences in run.steps_run():
        assert not divergences, run.report(step, divergences)


#: Limits low enough that the real site's hubs and A-Z letters are split into pages.
PAGED = ("termpages_hub_page_size=6", "termpages_az_inline_max=20")


def test_incremental_build_equals_clean_build_with_paginated_lists(tmp_path: Path) -> None:
    """Edits move terms between hub pages and letter pages; -j 2 incremental = clean."""
    run = FuzzRun(3, tmp_path, FUZZ_STEPS, FUZZ_EDITS, jobs=2, overrides=PAGED)
    run.prepare()
    assert len(list((run.site / "docs" / "category" / "letters").glob("*-2.md"))) > 0
    for step, divergences in run.steps_run():
        assert not divergences, run.report(step, divergences)


# --------------------------------------------------------------------------- stock Sphinx
# The fuzz forgives two differences in searchindex.js (fuzz_edits.STOCK_DIFFERENCES)
# because stock Sphinx makes them itself. These tests show it on a project with no
# extension at all; when a Sphinx release stops making one, its test fails and the
# forgiveness goes.


def stock_project(folder: Path) -> Path:
    folder.mkdir()
    (folder / "conf.py").write_text('project = "stock"\n')
    (folder / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   a\n   b\n")
    (folder / "a.rst").write_text("A\n=\n\n.. index:: single: apple\n\nText a.\n")
    (folder / "b.rst").write_text("B\n=\n\n.. index:: single: banana\n\nBanana words.\n")
    return folder


def stock_build(srcdir: Path, out: Path) -> dict[str, object]:
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(out)], check=True
    )
    return search_payload((out / "searchindex.js").read_bytes())


def test_stock_sphinx_drops_index_entries_of_pages_it_does_not_rewrite(tmp_path: Path) -> None:
    srcdir = stock_project(tmp_path / "stock")
    assert stock_build(srcdir, tmp_path / "out")["indexentries"] == {
        "apple": [[0, "index-0", False]],
        "banana": [[1, "index-0", False]],
    }
    (srcdir / "a.rst").write_text((srcdir / "a.rst").read_text() + "\nMore.\n")
    # b.rst was not rewritten: its entry is gone (the environment is pickled before writing)
    assert stock_build(srcdir, tmp_path / "out")["indexentries"] == {
        "apple": [[0, "index-0", False]]
    }


def test_stock_sphinx_keeps_the_words_of_a_removed_page(tmp_path: Path) -> None:
    srcdir = stock_project(tmp_path / "stock")
    stock_build(srcdir, tmp_path / "out")
    (srcdir / "b.rst").unlink()
    (srcdir / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   a\n")
    terms = stock_build(srcdir, tmp_path / "out")["terms"]
    assert isinstance(terms, dict) and terms["banana"] == []


# --------------------------------------------------------------------------- examples


def same_as_clean(srcdir: Path, edit: Callable[[Path], None], **options: object) -> BuiltSite:
    """Build, edit, build again; the second build must equal a clean build of the edit."""
    first = build(srcdir, **options)  # type: ignore[arg-type]
    assert first.warning_lines() == []
    edit(srcdir)
    incremental = build(srcdir, **options)  # type: ignore[arg-type]
    shutil.rmtree(srcdir / "_build" / "clean", ignore_errors=True)
    clean = build(srcdir, outname="clean", freshenv=True, **options)  # type: ignore[arg-type]
    assert compare_builds(incremental.outdir, clean.outdir) == []
    return incremental


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    """The basic site, with three terms in a category of their own that name no other term:
    all a sibling shows of them is the sidebar and Previous/Next."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text()
        + 'termpages_categories.append({"id": "cat-three", "title": "Three", '
        '"description": "Fillers."})\n'
    )
    for name in ("kappa", "lambda", "mu"):
        filler(srcdir, name)
    return srcdir


def filler(srcdir: Path, name: str, category: str = "cat-three") -> None:
    (srcdir / "terms" / f"{name}.md").write_text(
        f"---\ncategory: {category}\nsummary: {name.title()} is filler.\n---\n\n"
        f"# {name.title()}\n\nText.\n"
    )


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def neighbour_title(site: BuiltSite, page: str, which: str) -> str:
    """The title furo's Previous or Next link shows."""
    link = site.html(page).select_one(f"a.{which}-page .title")
    assert link is not None
    return text_of(link)


def sidebar_titles(site: BuiltSite, page: str) -> list[str]:
    return [text_of(a) for a in site.html(page).select(".sidebar-tree li.toctree-l2 > a")]


def test_a_retitled_term_reaches_its_siblings_sidebar_and_previous_next(srcdir: Path) -> None:
    site = same_as_clean(
        srcdir, lambda s: rewrite(s / "terms" / "kappa.md", "# Kappa", "# Zeta Kappa")
    )
    # Previous/Next follow the titles, as the sidebar does: Kappa moved from first to last
    assert neighbour_title(site, "terms/lambda.html", "prev") == "Three"
    assert neighbour_title(site, "terms/mu.html", "next") == "Zeta Kappa"
    assert neighbour_title(site, "terms/kappa.html", "prev") == "Mu"
    assert sidebar_titles(site, "terms/mu.html") == ["Lambda", "Mu", "Zeta Kappa"]


def next_titles(site: BuiltSite, hub: str) -> list[str]:
    """The titles Next leads through from a hub, up to the page after its last term."""
    titles, page = [], hub
    for _ in range(10):
        link = site.html(page).select_one("a.next-page")
        if link is None:
            break
        titles.append(text_of(link.select_one(".title")))
        page = os.path.normpath(Path(page).parent / link["href"])
        if not page.startswith("terms/"):
            break
    return titles


def test_previous_next_follow_the_sidebars_title_order_when_titles_reorder(srcdir: Path) -> None:
    """File order kappa, lambda, mu; retitling mu "Aardvark" puts it first by title.

    The hub's source is unchanged (the same terms), so only its recorded toctree's
    order can move mu; a clean build must agree."""
    site = same_as_clean(srcdir, lambda s: rewrite(s / "terms" / "mu.md", "# Mu", "# Aardvark"))
    assert sidebar_titles(site, "terms/kappa.html") == ["Aardvark", "Kappa", "Lambda"]
    assert next_titles(site, "categories/cat-three.html")[:3] == ["Aardvark", "Kappa", "Lambda"]
    assert neighbour_title(site, "terms/mu.html", "prev") == "Three"
    assert neighbour_title(site, "terms/kappa.html", "prev") == "Aardvark"


def test_an_added_term_reaches_its_siblings(srcdir: Path) -> None:
    site = same_as_clean(srcdir, lambda s: filler(s, "kiwi"))
    assert neighbour_title(site, "terms/lambda.html", "prev") == "Kiwi"
    assert neighbour_title(site, "terms/kappa.html", "next") == "Kiwi"
    assert sidebar_titles(site, "terms/mu.html") == ["Kappa", "Kiwi", "Lambda", "Mu"]


def test_a_deleted_term_leaves_its_siblings_and_no_output(srcdir: Path) -> None:
    site = same_as_clean(
        srcdir,
        lambda s: (s / "terms" / "lambda.md").unlink(),
        confoverrides={"html_copy_source": True},
    )
    assert neighbour_title(site, "terms/mu.html", "prev") == "Kappa"
    assert sidebar_titles(site, "terms/kappa.html") == ["Kappa", "Mu"]
    for gone in ("terms/lambda.html", "terms/lambda.html.md", "_sources/terms/lambda.md.txt"):
        assert not (site.outdir / gone).exists(), gone


def test_a_moved_term_leaves_its_old_siblings(srcdir: Path) -> None:
    site = same_as_clean(
        srcdir,
        lambda s: rewrite(s / "terms" / "lambda.md", "category: cat-three", "category: cat-one"),
    )
    assert neighbour_title(site, "terms/kappa.html", "next") == "Mu"
    assert sidebar_titles(site, "terms/mu.html") == ["Kappa", "Mu"]


def test_a_renamed_term_moves_and_its_old_stub_goes_when_no_longer_claimed(srcdir: Path) -> None:
    def rename(s: Path) -> None:
        old = s / "terms" / "eclair.md"
        text = old.read_text().replace("---\n", "---\nredirect_from: [eclair]\n", 1)
        (s / "terms" / "eclair-pastry.md").write_text(text)
        old.unlink()

    site = same_as_clean(srcdir, rename)
    assert 'http-equiv="refresh"' in site.text("terms/eclair.html")
    assert not (site.outdir / "terms" / "eclair.html.md").exists()

    # renamed back: the stub's name is a page again, then the page goes with its stub
    def delete(s: Path) -> None:
        (s / "terms" / "eclair-pastry.md").unlink()

    again = same_as_clean(srcdir, delete)
    assert not (again.outdir / "terms" / "eclair.html").exists()


def test_a_question_asked_first_elsewhere_leaves_the_first_page_s_faq_data(srcdir: Path) -> None:
    """gamma asks a question; then alpha (first in page order) asks it and takes it over."""

    def ask_on_gamma(s: Path) -> None:
        (s / "terms" / "gamma.md").write_text(
            (s / "terms" / "gamma.md").read_text()
            + "\n::::{faq}\n:::{question} Is gamma greek?\nYes.\n:::\n::::\n"
        )

    same_as_clean(srcdir, ask_on_gamma)

    def ask_on_alpha(s: Path) -> None:
        rewrite(
            s / "terms" / "alpha.md",
            ":::{question} Can alpha",
            ":::{question} Is gamma greek?\nIt is.\n:::\n\n:::{question} Can alpha",
        )

    site = same_as_clean(srcdir, ask_on_alpha)
    data = site.text("terms/gamma.html")
    assert '"FAQPage"' not in data


def test_a_removed_alias_changes_the_text_of_a_mention_that_used_it(srcdir: Path) -> None:
    """A slug typed as a mention shows as written while an alias reads so, else the title."""

    def add(s: Path) -> None:
        (s / "terms" / "delta.md").write_text(
            "---\ncategory: cat-two\nsummary: Delta is new.\naliases: [delta]\n---\n\n"
            "# Delta Force\n\nDelta is near {term}`gamma`.\n"
        )
        rewrite(s / "terms" / "beta.md", "Beta text.", "Beta text, see {term}`delta`.")

    same_as_clean(srcdir, add)
    site = same_as_clean(
        srcdir, lambda s: rewrite(s / "terms" / "delta.md", "aliases: [delta]\n", "")
    )
    assert "Delta Force" in text_of(site.html("terms/beta.html").select_one("article"))
    assert "Delta Force" in site.text("llms-full.txt")


#: What stock Sphinx writes whenever it writes any page: the index pages, the
#: inventory, the search index, and the static files it renders from templates.
WRITTEN_WITH_ANY_PAGE = {"genindex.html", "search.html", "objects.inv", "searchindex.js"}


def test_a_file_saved_unchanged_rewrites_only_what_sphinx_itself_rewrites(srcdir: Path) -> None:
    """A new modification time only: Sphinx re-reads the page and writes it and its toctree
    parent again; no page that shows it, no export, no twin is written again."""
    first = build(srcdir)
    before = {name: path.stat().st_mtime_ns for name, path in output_files(first.outdir).items()}
    os.utime(srcdir / "terms" / "lambda.md")
    site = same_as_clean(srcdir, lambda s: None)
    rewritten = {
        name
        for name, path in output_files(site.outdir).items()
        if path.stat().st_mtime_ns != before.get(name) and not name.startswith("_static/")
    }
    assert rewritten == {"terms/lambda.html", "categories/cat-three.html"} | WRITTEN_WITH_ANY_PAGE
