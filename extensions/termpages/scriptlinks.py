"""Links in a page that a browser would run as script (``javascript:``): warned and unlinked.

MyST's parser refuses ``javascript:`` destinations already, but a reStructuredText
link, a raw ``refuri`` from another extension and a toctree's external entry
(Sphinx takes any ``scheme://...``, so ``javascript://%0aalert(1)`` too) reach the
HTML as written. Each is read by WHATWG rules, as the browser will read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .warnings_ import TermWarning, shown, warn
from .weburls import script_scheme

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _message(url: str, scheme: str) -> str:
    return f"link to {shown(url)} left out: a browser would run its {scheme} URL as a script"


def unlink_scripts(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the words of each such link stay, as text; the toctree drops the entry."""
    for reference in list(doctree.findall(nodes.reference)):
        url = reference.get("refuri")
        scheme = script_scheme(url) if isinstance(url, str) else None
        if scheme is not None:
            warn(TermWarning.INVALID_URL, _message(url, scheme), reference)
            reference.replace_self(nodes.inline("", "", *reference.children))
    for toctree in doctree.findall(addnodes.toctree):
        kept = []
        for title, ref in toctree["entries"]:
            scheme = script_scheme(ref) if isinstance(ref, str) and "://" in ref else None
            if scheme is None:
                kept.append((title, ref))
            else:
                warn(TermWarning.INVALID_URL, _message(ref, scheme), toctree)
        toctree["entries"] = kept


def setup_script_links(app: Sphinx) -> None:
    # early: before the navigation and the exports read the page's links
    app.connect("doctree-read", unlink_scripts, priority=100)
