"""The authoring guide's examples, built as written: what it shows is what writers get."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import REPO, BuiltSite, run_in_background

GUIDE = REPO / "guide" / "authoring.md"
EXAMPLE = re.compile(
    r"<!-- example: (?P<name>[a-z-]+) -->\n```markdown\n(?P<source>.*?)```\n"
    r"(?:\n```text\n(?P<warnings>.*?)```\n)?",
    re.S,
)


def examples() -> dict[str, tuple[str, list[str]]]:
    found = {}
    for match in EXAMPLE.finditer(GUIDE.read_text(encoding="utf-8")):
        warnings = (match["warnings"] or "").strip().splitlines()
        found[match["name"]] = (match["source"], warnings)
    return found


def guide_site_command(folder: Path) -> list[str]:
    """The real site, with every example added as one more term page."""
    srcdir = folder / "site"
    shutil.copytree(REPO / "docs", srcdir, ignore=shutil.ignore_patterns("category"))
    shutil.copy(REPO / "conf.py", srcdir / "conf.py")
    for folder_name in ("_static", "_templates"):  # conf.py's brand files, beside it
        shutil.copytree(REPO / folder_name, srcdir / folder_name)
    for name, (source, _) in examples().items():
        (srcdir / f"guide-{name}.md").write_text(source, encoding="utf-8")
    # examples are new pages nobody links to yet: the editorial checks are not their point
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\ntermpages_checks = {}\n")
    return [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(folder / "doctrees"),
            str(srcdir), str(folder / "html")]  # fmt: skip


GUIDE_SITE = run_in_background("guide_site", guide_site_command)


@pytest.fixture(scope="module")
def guide_site() -> BuiltSite:
    folder, result = GUIDE_SITE.wait()
    assert result.returncode == 0, result.stderr
    return BuiltSite(folder / "site", folder / "html", result.stderr, result.stdout)


def test_the_guide_has_examples() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize("name", list(examples()))
def test_example_gives_exactly_the_warnings_shown(guide_site: BuiltSite, name: str) -> None:
    _, expected = examples()[name]
    prefix = f"guide-{name}.md"
    produced = [
        line.replace(prefix, "example.md")
        for line in guide_site.warning_lines()
        if line.startswith(prefix)
    ]
    assert produced == expected
    assert (guide_site.outdir / f"guide-{name}.html").is_file()


def test_the_rest_of_the_site_is_untouched_by_the_examples(guide_site: BuiltSite) -> None:
    others = [line for line in guide_site.warning_lines() if not line.startswith("guide-")]
    assert others == []


def test_guide_is_not_in_the_public_site() -> None:
    assert not any(Path(REPO / "docs").rglob("authoring*"))
