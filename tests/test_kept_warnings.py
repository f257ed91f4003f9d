"""Problems stay until fixed: a broken page fails every build, not only the one that read it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from conftest import ROOTS, built_site

GAMMA = (ROOTS / "test-basic" / "terms" / "gamma.md").read_text(encoding="utf-8")

#: The checks of the Geonimo site that the test root can meet, placeholders included.
CHECKS = '\ntermpages_checks = {"orphans": True, "require_faq": True, "placeholders": True}\n'


def copy_root(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return srcdir


def sphinx_build(srcdir: Path, *options: str) -> tuple[int, list[str], list[str]]:
    """Build as `make html` does; (exit code, warning lines, check notices), paths relative."""
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html", *options,
         "-d", str(srcdir / "_build" / "doctrees"), str(srcdir), str(srcdir / "_build" / "html")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    output = strip_escape_sequences(result.stdout + result.stderr).replace(f"{srcdir}/", "")
    lines = output.splitlines()
    warnings = [line for line in lines if "WARNING" in line]
    notices = [line for line in lines if ": check: " in line]
    return result.returncode, warnings, notices


BROKEN = {
    "unknown-category": (
        GAMMA.replace("category: cat-two", "category: cat-nine"),
        [
            "terms/gamma.md:2: WARNING: unknown category 'cat-nine' (declared in conf.py: "
            "cat-one, cat-two) [termpages.unknown-category]"
        ],
    ),
    "unknown-term": (
        GAMMA.replace("{term}`first term`", "{term}`firts term`"),
        [
            "terms/gamma.md:11: WARNING: unknown term 'firts term'; did you mean 'first term'? "
            "[termpages.unknown-term]"
        ],
    ),
    "unknown-related": (
        GAMMA.replace("related: [alpha, beta]", "related: [alpha, betta]"),
        [
            "terms/gamma.md:5: WARNING: related term 'betta' does not exist (no "
            "terms/betta.md); did you mean 'beta'? [termpages.unknown-related]"
        ],
    ),
    "invalid-date": (
        GAMMA.replace("cta: false", "cta: false\nlast_updated: 2026-02-30"),
        [
            "terms/gamma.md:7: WARNING: 'last_updated' must be an ISO date (YYYY-MM-DD), got "
            "'2026-02-30' [termpages.invalid-date]"
        ],
    ),
}


@pytest.mark.parametrize("parallel", [(), ("-j", "2")], ids=["serial", "parallel"])
@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_page_fails_every_build_until_fixed(
    tmp_path: Path, kind: str, parallel: tuple[str, ...]
) -> None:
    srcdir = copy_root(tmp_path)
    broken, expected = BROKEN[kind]
    gamma = srcdir / "terms" / "gamma.md"
    gamma.write_text(broken, encoding="utf-8")
    first = sphinx_build(srcdir, *parallel)
    assert first[0] == 1
    assert first[1] == expected
    # nothing changed: Sphinx reads and writes nothing, termpages reports the page again
    assert sphinx_build(srcdir, *parallel) == first
    # another page changed: the checks run again, gamma is still not read
    (srcdir / "terms" / "beta.md").touch()
    again = sphinx_build(srcdir, *parallel)
    assert (again[0], sorted(again[1])) == (1, sorted(expected))
    gamma.write_text(GAMMA, encoding="utf-8")
    assert sphinx_build(srcdir, *parallel) == (0, [], [])
    assert sphinx_build(srcdir, *parallel) == (0, [], [])


def test_a_warning_about_another_page_is_kept_with_the_page_it_names(tmp_path: Path) -> None:
    """gamma lists a slug that has no page; fixing it by writing that page clears it."""
    srcdir = copy_root(tmp_path)
    broken, expected = BROKEN["unknown-related"]
    (srcdir / "terms" / "gamma.md").write_text(broken, encoding="utf-8")
    assert sphinx_build(srcdir)[:2] == (1, expected)
    assert sphinx_build(srcdir)[:2] == (1, expected)
    (srcdir / "terms" / "betta.md").write_text(
        "---\ncategory: cat-one\nsummary: Betta is a fish.\n---\n\n# Betta\n\nA fish.\n",
        encoding="utf-8",
    )
    assert sphinx_build(srcdir) == (0, [], [])


def output_times(folder: Path) -> dict[str, int]:
    return {
        str(path.relative_to(folder)): path.stat().st_mtime_ns
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_replaying_writes_nothing(tmp_path: Path) -> None:
    """A build with nothing to do rewrites no page and no state, however many problems it reports.

    Sphinx's finishing step (indices, search, static files) and the site files
    rewrite themselves on every build; a broken site's no-op build rewrites
    exactly those, like a clean site's.
    """
    rewritten = {}
    for name, gamma in (("clean", GAMMA), ("broken", BROKEN["unknown-term"][0])):
        srcdir = copy_root(tmp_path / name)
        (srcdir / "conf.py").write_text(
            (srcdir / "conf.py").read_text(encoding="utf-8") + CHECKS, encoding="utf-8"
        )
        (srcdir / "terms" / "gamma.md").write_text(gamma, encoding="utf-8")
        sphinx_build(srcdir)
        build = srcdir / "_build"
        before = output_times(build)
        assert "doctrees/termpages-problems.json" in before
        result = sphinx_build(srcdir)
        after = output_times(build)
        assert after.keys() == before.keys()
        rewritten[name] = {path for path in after if after[path] != before[path]}
        # the build info Sphinx's HTML builder writes in every build; no environment, no problems
        assert {path for path in rewritten[name] if path.startswith("doctrees/")} <= {
            "doctrees/html.buildinfo"
        }
        assert not {path for path in rewritten[name] if path.startswith("html/terms/")}
        assert result[2], "the no-op build reports the checks again"
    assert rewritten["broken"] == rewritten["clean"]


def test_a_scaffolded_term_builds_with_notices_and_fails_the_strict_check(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + CHECKS, encoding="utf-8")
    created = subprocess.run(
        [sys.executable, "-m", "termpages", "new-term", "Query Fan-Out", "--category", "cat-two",
         "--srcdir", str(srcdir), "--confdir", str(srcdir)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    status, warnings, notices = sphinx_build(srcdir)
    assert (status, warnings) == (0, [])
    placeholders = [line for line in notices if line.endswith("[termpages.placeholder]")]
    assert [line.split(": check: ")[0] for line in placeholders] == [
        f"terms/query-fan-out.md:{line}" for line in (4, 21, 24, 26, 28, 30, 32, 34, 38)
    ]
    assert placeholders[-1] == (
        "terms/query-fan-out.md:38: check: placeholder still in the page: TODO: 'Answer the "
        "question readers ask most, in two or three senten…'; replace it with your own text "
        "[termpages.placeholder]"
    )
    assert (
        "terms/query-fan-out.md:1: check: no other page links to this term and no term lists "
        "it as related [termpages.orphan-term]"
    ) in notices
    # again, page untouched: the same notices, still no failure
    status_again, warnings_again, notices_again = sphinx_build(srcdir)
    assert (status_again, warnings_again) == (0, [])
    assert sorted(notices_again) == sorted(notices)
    # strict, as `make check` builds (the checks' strictness needs no re-read)
    strict = sphinx_build(srcdir, "-D", "termpages_checks_strict=1")
    assert strict[0] == 1
    assert strict[2] == []
    assert sorted(strict[1]) == sorted(line.replace(": check: ", ": WARNING: ") for line in notices)
    fresh = sphinx_build(srcdir, "-E", "-D", "termpages_checks_strict=1")
    assert (fresh[0], sorted(fresh[1])) == (1, sorted(strict[1]))


def test_notices_can_be_suppressed(tmp_path: Path) -> None:
    srcdir = copy_root(tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + CHECKS
        + 'suppress_warnings = ["termpages.no-faq", "termpages.orphan-term"]\n',
        encoding="utf-8",
    )
    (srcdir / "terms" / "orphan.md").write_text(
        "---\ncategory: cat-one\nsummary: Orphan is alone.\n---\n\n# Orphan\n\nAlone.\n",
        encoding="utf-8",
    )
    assert sphinx_build(srcdir) == (0, [], [])
    assert sphinx_build(srcdir) == (0, [], [])
    status, warnings, _ = sphinx_build(srcdir, "-D", "termpages_checks_strict=1")
    assert (status, warnings) == (0, [])
    conf.write_text(conf.read_text(encoding="utf-8") + "suppress_warnings = []\n")
    status, warnings, notices = sphinx_build(srcdir)
    assert (status, warnings) == (0, [])
    assert (
        "terms/orphan.md:1: check: no other page links to this term and no term lists it as "
        "related [termpages.orphan-term]"
    ) in notices


def test_a_second_build_of_the_same_application_reports_again(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    srcdir = copy_root(tmp_path)
    broken, expected = BROKEN["unknown-category"]
    (srcdir / "terms" / "gamma.md").write_text(broken, encoding="utf-8")
    app = make_app("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.build()
    assert built_site(app).warning_lines() == expected
    app.build()
    assert built_site(app).warning_lines() == expected * 2
