"""The ``placeholder`` check: text marked ``TODO:`` (what ``make term`` writes) left in a page."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .config import get_settings
from .warnings_ import TermWarning, shown, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The marker the scaffold puts before each placeholder; a writer may use it too.
MARKER = "TODO:"
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
#: How much of a placeholder the notice quotes.
QUOTED = 60


def placeholders(text: str) -> list[tuple[int, str]]:
    """(line, text after the marker) of each placeholder, outside code blocks."""
    found = []
    fence = ""
    for number, line in enumerate(text.split("\n"), start=1):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1).startswith(fence) and not match.group(2).strip():
                fence = ""
            continue
        if match and not match.group(2).strip().startswith("{"):
            fence = match.group(1)  # code, not a directive: its text is an example
            continue
        _, marker, rest = line.partition(MARKER)
        if marker:
            quoted = " ".join(rest.split()).strip("\"'")
            found.append((number, quoted[:QUOTED] + ("…" if len(quoted) > QUOTED else "")))
    return found


def check_placeholders(app: Sphinx, docname: str, source: list[str]) -> None:
    settings = get_settings(app.config)
    if not (settings.checks.placeholders and settings.is_term(docname)):
        return
    for line, text in placeholders(source[0]):
        warn(
            TermWarning.PLACEHOLDER,
            f"placeholder still in the page: {MARKER} {shown(text)}; replace it with your own text",
            (docname, line),
        )


def setup_placeholders(app: Sphinx) -> None:
    # before termpage.py blanks a broken front matter: the summary's line is still there
    app.connect("source-read", check_placeholders, priority=400)
