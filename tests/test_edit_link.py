"""The "Edit this page" link: on term pages, to the file's edit page; never on hubs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_edit_link(tmp_path: Path) -> None:
    out = tmp_path / "html"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-c",
            str(ROOT),
            "-d",
            str(tmp_path / "doctrees"),
            str(ROOT / "docs"),
            str(out),
        ],
        check=True,
        cwd=ROOT,
    )
    term = _soup(out / "gptbot.html")
    edits = term.select('a[rel="edit"]')
    assert [a["href"] for a in edits] == [
        "https://github.com/geonimo/glossary/edit/main/docs/gptbot.md"
    ]
    assert not term.select(".view-this-page")
    hub = _soup(next((out / "category").glob("*.html")))
    assert not hub.select('a[rel="edit"]')
    assert not hub.select(".view-this-page")
