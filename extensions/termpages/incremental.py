"""Incremental builds: rewrite the pages that show a term when that term changes.

A term's title, summary and category appear on other pages (its hub, the
home page's lists, the related-terms lists of other terms). Sphinx only
rewrites pages whose own source changed, so after reading we compare what
each term shows to others with what it showed at the end of the last build,
and hand Sphinx the pages that display a changed term.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import get_settings
from .domain import get_domain
from .frontmatter import TermEntry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def public_face(entry: TermEntry) -> tuple[str, ...]:
    """What other pages show of a term; a change here means they need rewriting."""
    return (entry.docname, entry.title, entry.summary, entry.category or "")


def pages_showing_changed_terms(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    settings = get_settings(env.config)
    current = {slug: public_face(entry) for slug, entry in domain.by_slug().items()}
    previous: dict[str, tuple[str, ...]] = domain.data["published"]
    changed = {
        slug for slug in current.keys() | previous.keys() if current.get(slug) != previous.get(slug)
    }
    domain.data["published"] = current
    if not changed:
        return []
    pages = {settings.home_doc}
    for slug in changed:
        for face in (current.get(slug), previous.get(slug)):
            if face is not None and face[3]:
                pages.add(settings.hub_docname(face[3]))
    for entry in domain.terms.values():
        if any(slug in changed for slug, _ in entry.related):
            pages.add(entry.docname)
    return sorted(pages & env.found_docs)


def setup_incremental(app: Sphinx) -> None:
    app.connect("env-get-updated", pages_showing_changed_terms)
