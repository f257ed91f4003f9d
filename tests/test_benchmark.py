"""The benchmark still runs: a tiny glossary through every column of the table."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from types import ModuleType

import pytest

from conftest import REPO


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def without_colour_settings(environ: Mapping[str, str]) -> dict[str, str]:
    colour = {"CI", "FORCE_COLOR", "FORCE_COLOUR", "NO_COLOR", "NO_COLOUR"}
    return {key: value for key, value in environ.items() if key not in colour}


@pytest.mark.parametrize("environment", [{}, {"CI": "true"}, {"FORCE_COLOR": "1"}])
def test_benchmark_prints_a_full_row_for_a_small_glossary(environment: dict[str, str]) -> None:
    # CI=true and FORCE_COLOR make Sphinx colour its output and redraw its
    # progress line in place; the page count must survive both
    result = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--sizes", "12", "--edits", "1",
         "--stock-max", "12"],
        capture_output=True, text=True, check=False, cwd=REPO, timeout=600,
        env={**without_colour_settings(os.environ), **environment},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 12 |")]
    assert rows, result.stdout
    cells = [cell.strip() for cell in rows[-1].strip("|").split("|")]
    assert len(cells) == 12 and "—" not in cells  # stock furo was built too
    # the edit of one term's body rewrites that term and its hub, nothing else
    assert re.fullmatch(r"[\d.]+ \([\d.]+%, 2\)", cells[9])


def test_written_pages_are_read_from_plain_and_redrawn_progress() -> None:
    bench = load_bench()
    plain = "writing output... [ 50%] terms/a\nwriting output... [100%] index\n"
    redrawn = (
        "\x1b[2Kwriting output... \x1b[01m[ 50%] \x1b[39;49;00mterms/a\r"
        "\x1b[2Kwriting output... \x1b[01m[100%] \x1b[39;49;00mindex\r\n"
    )
    assert bench.pages_written(plain) == ["terms/a", "index"]
    assert bench.pages_written(redrawn) == ["terms/a", "index"]
    assert bench.pages_written("writing output... \n") == []
