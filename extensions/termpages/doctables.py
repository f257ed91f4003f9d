"""The README's generated tables: settings and warnings, spliced between marker comments."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from .config import settings_table
from .warnings_ import warnings_table

#: Each generated block: the name in its markers, and what renders it.
TABLES: dict[str, Callable[[], str]] = {
    "settings-table": settings_table,
    "warnings-table": warnings_table,
}

COMMAND = "python -m termpages docs-tables README.md"


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)


def _filled_with(table: str) -> Callable[[re.Match[str]], str]:
    def fill(match: re.Match[str]) -> str:
        return match[1] + table + match[3]

    return fill


def regenerate(text: str) -> str:
    """``text`` with every marked table replaced by the freshly generated one."""
    for name, render in TABLES.items():
        block = _block(name)
        if len(block.findall(text)) > 1:
            raise ValueError(f"<!-- {name}:start --> is there more than once")
        text = block.sub(_filled_with(render()), text)
    return text


def main(files: list[Path], check: bool = False) -> int:
    """Rewrite each file's tables; with ``check``, only say which files are out of date."""
    stale = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not any(_block(name).search(text) for name in TABLES):
            print(f"error: {path} has no <!-- settings-table:start --> block", file=sys.stderr)
            return 2
        fresh = regenerate(text)
        if fresh == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(fresh, encoding="utf-8")
            print(f"updated the generated tables of {path}")
    if check and stale:
        print(f"out of date: {', '.join(map(str, stale))}; run {COMMAND}", file=sys.stderr)
        return 1
    return 0
