"""sphinx.testing's fixtures, the test roots, and reading a page's JSON-LD back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ["sphinx.testing.fixtures"]

BASE = "https://docs.example.org/notes/"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


def script_of(outdir: Path, page: str) -> str | None:
    """The text of the page's one JSON-LD script, or None when it has none."""
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) <= 1, f"{page} has {len(scripts)} JSON-LD blocks"
    return scripts[0].string if scripts else None


def graph_of(outdir: Path, page: str) -> list[dict[str, Any]]:
    """The page's ``@graph``, parsed as strictly as a crawler would."""
    text = script_of(outdir, page)
    assert text is not None, f"{page} has no JSON-LD"

    def no_constants(token: str) -> Any:
        raise AssertionError(f"{token} in the JSON-LD of {page}")

    data = json.loads(text, strict=True, parse_constant=no_constants)
    assert data["@context"] == "https://schema.org"
    graph: list[dict[str, Any]] = data["@graph"]
    return graph


def by_id(graph: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    ids = [node["@id"] for node in graph if "@id" in node]
    assert len(ids) == len(set(ids)), f"an @id repeats: {ids}"
    return {node["@id"]: node for node in graph if "@id" in node}


def warnings_of(app: Any) -> list[str]:
    """The build's warnings, one per line, paths made relative to the source folder."""
    text = strip_escape_sequences(app.warning.getvalue())
    return [line.replace(f"{app.srcdir}/", "") for line in text.splitlines() if line]
