"""Quiet builds: no notices about optional features, no false configuration change, and a
build with nothing changed reads nothing and writes nothing."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from conftest import REPO, BackgroundRun, real_site_environment, run_in_background

#: The one file a build with nothing changed still writes: furo writes its pygments.css
#: again at build-finished, whatever happened. Everything else keeps its modification time.
REWRITTEN_BY_THE_THEME = {"_static/pygments.css"}


def twice_command(folder: Path) -> list[str]:
    """The real site built as `make html` does, then again with nothing changed."""
    build = shlex.join([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-b", "html",
                        "-c", str(REPO), "-d", str(folder / "doctrees"), str(REPO / "docs"),
                        str(folder / "html")])  # fmt: skip
    marker, changed = shlex.quote(str(folder / "marker")), shlex.quote(str(folder / "changed"))
    second = shlex.quote(str(folder / "second.txt"))
    return ["sh", "-c", f"{build} > /dev/null 2>&1 && sleep 1.1 && touch {marker} && "
            f"{build} > {second} 2>&1 && find {shlex.quote(str(folder))} -type f -newer {marker}"
            f" ! -name second.txt ! -name stdout.txt ! -name stderr.txt ! -name returncode"
            f" > {changed}"]  # fmt: skip


TWICE = run_in_background("built_twice", twice_command, real_site_environment())


@pytest.fixture(scope="module")
def built_twice() -> tuple[Path, BackgroundRun]:
    folder, result = TWICE.wait()
    assert result.returncode == 0, (folder / "second.txt").read_text()
    return folder, TWICE


def second_build_output(folder: Path) -> str:
    # CI=true makes Sphinx colour its output: the words are what the tests read
    return strip_escape_sequences((folder / "second.txt").read_text(encoding="utf-8"))


def test_first_build_prints_no_notice_about_optional_features() -> None:
    # the notice came from importing sphinxext-opengraph, which conf.py now does quietly
    folder, result = TWICE.wait()
    assert "matplotlib" not in result.stdout + result.stderr
    assert "social cards will not be generated" not in second_build_output(folder)


def test_nothing_changed_reads_nothing(built_twice: tuple[Path, BackgroundRun]) -> None:
    output = second_build_output(built_twice[0])
    assert "updating environment: 0 added, 0 changed, 0 removed" in output
    assert "no targets are out of date." in output
    assert "The configuration has changed" not in output
    assert "matplotlib" not in output
    assert "WARNING" not in output


def test_nothing_changed_writes_nothing(
    built_twice: tuple[Path, BackgroundRun],
) -> None:
    folder = built_twice[0]
    rewritten = set()
    for line in (folder / "changed").read_text().splitlines():
        path = Path(line)
        for root in (folder / "html", folder / "doctrees"):
            if path.is_relative_to(root):
                rewritten.add(path.relative_to(root).as_posix())
    # pages, twins, hubs, redirect stubs, exports, Sphinx's indices, search index,
    # inventory and static files, the build state: all kept their time
    assert rewritten == REWRITTEN_BY_THE_THEME


def test_a_static_file_edit_alone_is_copied(tmp_path: Path) -> None:
    """The finishing step is skipped only while the static files are unchanged too."""
    srcdir = tmp_path / "src"
    shutil.copytree(REPO / "tests" / "roots" / "test-basic", srcdir)
    static = srcdir / "_static"
    static.mkdir(exist_ok=True)
    (static / "site.css").write_text("a { color: red }\n", encoding="utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhtml_static_path = ["_static"]\n')
    build = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d", str(tmp_path / "d"),
             str(srcdir), str(tmp_path / "html")]  # fmt: skip
    for css in ("a { color: red }\n", "a { color: blue }\n"):
        (static / "site.css").write_text(css, encoding="utf-8")
        subprocess.run(build, check=True, capture_output=True)
        assert (tmp_path / "html" / "_static" / "site.css").read_text(encoding="utf-8") == css
