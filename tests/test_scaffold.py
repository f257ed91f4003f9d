"""make term / python -m termpages new-term: a complete page that builds, and clear refusals."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOTS, build
from termpages.frontmatter import TERM_FIELDS, read_front_matter
from termpages.warnings_ import shown


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def new_term(srcdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "termpages", "new-term", *args,
         "--srcdir", str(srcdir), "--confdir", str(srcdir)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_creates_a_complete_page_that_builds(srcdir: Path) -> None:
    result = new_term(srcdir, "Query Fan-Out", "--category", "cat-two")
    assert result.returncode == 0, result.stderr
    path = srcdir / "terms" / "query-fan-out.md"
    assert result.stdout.startswith(f"created {path}")
    text = path.read_text()
    front = read_front_matter(text)
    assert front is not None
    assert set(TERM_FIELDS) - {"cta"} <= set(front.data)
    assert "# cta: false" in text
    assert front.data["category"] == "cat-two"
    assert front.data["last_updated"] == datetime.date.today().isoformat()
    assert "# Query Fan-Out\n" in text and "::::{faq}" in text
    site = build(srcdir)
    assert site.warning_lines() == []
    page = site.html("terms/query-fan-out.html")
    assert page.select_one("details.termpages-faq-item summary").get_text() == (
        "What is Query Fan-Out?"
    )


def test_refuses_an_existing_slug(srcdir: Path) -> None:
    result = new_term(srcdir, "Gamma", "--category", "cat-two")
    assert result.returncode == 2
    assert result.stderr == f"error: {srcdir / 'terms' / 'gamma.md'} already exists\n"


def test_refuses_a_name_that_is_another_terms_alias(srcdir: Path) -> None:
    result = new_term(srcdir, "Third Term", "--category", "cat-two", "--slug", "third")
    assert result.returncode == 2
    assert result.stderr == (
        "error: 'Third Term' is already the alias of gamma; edit that page or choose another name\n"
    )
    assert not (srcdir / "terms" / "third.md").exists()


def test_rejects_an_unknown_category_listing_the_valid_ones(srcdir: Path) -> None:
    result = new_term(srcdir, "Delta", "--category", "cat-nine")
    assert result.returncode == 2
    assert result.stderr == (
        "error: unknown category 'cat-nine'; choose one of: cat-one, cat-two\n"
    )


def test_make_term_uses_the_same_command() -> None:
    makefile = (Path(__file__).parent.parent / "Makefile").read_text()
    assert '-m termpages new-term "$(NAME)" --category "$(CATEGORY)"' in makefile


@pytest.mark.parametrize("name", ["C:\\temp \\x path", 'The "quoted" \\ term', "Café: yes # no"])
def test_the_name_is_written_as_it_is_into_the_summary(srcdir: Path, name: str) -> None:
    result = new_term(srcdir, name, "--category", "cat-two", "--slug", "named")
    assert result.returncode == 0, result.stderr
    front = read_front_matter((srcdir / "terms" / "named.md").read_text(encoding="utf-8"))
    assert front is not None
    assert front.data["summary"] == (
        f"TODO: {name} is the term this sentence should define, plainly and on its own."
    )


def test_a_name_too_long_for_a_file_name_is_refused(srcdir: Path) -> None:
    result = new_term(srcdir, "a" * 300, "--category", "cat-two")
    assert result.returncode == 2
    assert result.stderr == (
        f"error: the slug {shown('a' * 300)} is 300 characters long, more than a file name "
        "and a URL should be (100); pass a shorter one with --slug\n"
    )
    assert sorted(path.name for path in (srcdir / "terms").iterdir()) == [
        "alpha.md", "beta.md", "eclair.md", "gamma.md"
    ]  # fmt: skip


def test_a_relative_conf_folder_is_read(srcdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "termpages", "new-term", "Delta", "--category", "cat-two",
         "--srcdir", "site", "--confdir", "site"],
        capture_output=True, text=True, check=False, cwd=srcdir.parent,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (srcdir / "terms" / "delta.md").is_file()
