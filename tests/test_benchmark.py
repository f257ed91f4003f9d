"""The benchmark still runs: a tiny glossary through every column of the table."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO, BackgroundRun, run_in_background


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


# CI=true and FORCE_COLOR make Sphinx colour its output and redraw its progress
# line in place; the page count must survive both
ENVIRONMENTS = {"plain": {}, "ci": {"CI": "true"}, "force-color": {"FORCE_COLOR": "1"}}
# two terms: the smallest glossary with a link between terms and a full row
SIZE = 2


def benchmark_command(folder: Path) -> list[str]:
    return [sys.executable, "benchmarks/bench.py", "--corpus", "uniform", "--sizes", str(SIZE),
            "--edits", "1", "--stock-max", str(SIZE), "--preview-sizes"]  # fmt: skip


def preview_command(folder: Path) -> list[str]:
    """The preview table only: the preview server and a browser, on two terms."""
    return [sys.executable, "benchmarks/bench.py", "--corpus", "uniform", "--sizes", "--edits",
            "1", "--preview-sizes", str(SIZE)]  # fmt: skip


# one run per environment, all started when collection ends: each is a chain of
# builds that waits on itself, not on the others or on the tests before it
BENCHMARK_RUNS = {
    name: run_in_background(
        "benchmark_runs",
        benchmark_command,
        {**without_colour_settings(os.environ), **environment},
        name=f"benchmark_{name}",
    )
    for name, environment in ENVIRONMENTS.items()
}


PREVIEW_RUN = run_in_background(
    "benchmark_runs", preview_command, without_colour_settings(os.environ), name="benchmark_preview"
)


@pytest.fixture(scope="module")
def benchmark_runs() -> dict[str, BackgroundRun]:
    return {**BENCHMARK_RUNS, "preview": PREVIEW_RUN}


@pytest.mark.parametrize("environment", list(ENVIRONMENTS))
def test_benchmark_prints_a_full_row_for_a_small_glossary(
    benchmark_runs: dict[str, BackgroundRun], environment: str
) -> None:
    _, result = benchmark_runs[environment].wait(timeout=600)
    stdout = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in stdout.splitlines() if line.startswith(f"| {SIZE} |")]
    assert rows, stdout
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


def test_benchmark_measures_the_preview_server_for_both_kinds_of_edit(
    benchmark_runs: dict[str, BackgroundRun],
) -> None:
    _, result = benchmark_runs["preview"].wait(timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "body edit: save to visible s" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith(f"| {SIZE} |")]
    assert rows, result.stdout
    cells = [cell.strip() for cell in rows[-1].strip("|").split("|")]
    assert len(cells) == 5
    assert all(re.fullmatch(r"\d+\.\d\d", cell) for cell in cells[1:]), cells
