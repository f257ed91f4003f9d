"""The benchmark still runs: a tiny glossary through every column of the table."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO


def test_benchmark_prints_a_full_row_for_a_small_glossary() -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--sizes", "12", "--edits", "1",
         "--stock-max", "12"],
        capture_output=True, text=True, check=False, cwd=REPO, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 12 |")]
    assert rows, result.stdout
    cells = [cell.strip() for cell in rows[-1].strip("|").split("|")]
    assert len(cells) == 12 and "—" not in cells  # stock furo was built too
    # the edit of one term's body rewrites that term and its hub, nothing else
    assert re.fullmatch(r"[\d.]+ \([\d.]+%, 2\)", cells[9])
