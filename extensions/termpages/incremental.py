"""Incremental builds: rewrite every page that shows something another page changed.

Pages show other terms in four ways: lists of a category (hubs, home page),
related-terms lists, ``{term}`` links with their previews, and "Mentioned
in" lists. Sphinx only rewrites pages whose own source changed, so after
reading we take a snapshot of what each page shows of others, compare it
with the previous build's, and hand Sphinx the pages whose inputs differ.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import get_settings
from .domain import TermpagesDomain, get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def take_snapshot(domain: TermpagesDomain) -> dict[str, Any]:
    return {
        # what lists, previews and links show of each term
        "faces": {
            slug: (entry.docname, entry.title, entry.summary, entry.category or "")
            for slug, entry in domain.by_slug().items()
        },
        # which term each written {term} target resolves to (aliases come and go)
        "links": {
            docname: tuple((target, tuple(domain.resolve_term(target).slugs)) for target, _ in refs)
            for docname, refs in domain.mentions.items()
        },
        # who mentions each term
        "backlinks": {
            slug: tuple(entry.docname for entry in sources)
            for slug, sources in domain.backlinks().items()
        },
    }


def start_build(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    get_domain(env).read_this_build = False
    return []


def note_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Called for every page about to be re-read and every removed page."""
    get_domain(env).read_this_build = True


def pages_showing_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    domain = get_domain(env)
    if not domain.read_this_build and domain.data["snapshot"]:
        return []  # nothing was read or removed: nothing another page shows can have changed
    domain.warm_caches()
    settings = get_settings(env.config)
    new = take_snapshot(domain)
    old: dict[str, Any] = domain.data["snapshot"]
    domain.data["snapshot"] = new
    if not old:
        return []  # first build: every page is written anyway

    faces_old, faces_new = old["faces"], new["faces"]
    changed = {
        s for s in faces_old.keys() | faces_new.keys() if faces_old.get(s) != faces_new.get(s)
    }
    changed_docs = {
        face[0] for slug in changed for face in (faces_old.get(slug), faces_new.get(slug)) if face
    }
    pages: set[str] = set()
    if changed:
        pages.add(settings.home_doc)
        for slug in changed:
            for face in (faces_old.get(slug), faces_new.get(slug)):
                if face is not None and face[3]:
                    pages.add(settings.hub_docname(face[3]))
        for entry in domain.terms.values():
            if any(slug in changed for slug, _ in entry.related):
                pages.add(entry.docname)

    links_old, links_new = old["links"], new["links"]
    for docname in links_old.keys() | links_new.keys():
        refs = links_new.get(docname, ())
        if links_old.get(docname) != refs or any(s in changed for _, slugs in refs for s in slugs):
            pages.add(docname)

    back_old, back_new = old["backlinks"], new["backlinks"]
    for slug in back_old.keys() | back_new.keys():
        sources = back_new.get(slug, ())
        if back_old.get(slug) != sources or changed_docs.intersection(sources):
            face = faces_new.get(slug)
            if face is not None:
                pages.add(face[0])
    return sorted(pages & env.found_docs)


def setup_incremental(app: Sphinx) -> None:
    app.connect("env-get-outdated", start_build)
    app.connect("env-purge-doc", note_purge)
    # env-updated: after every page is read, and before collector.py freezes the
    # environment (priority 900), so the snapshot and caches are frozen with it
    app.connect("env-updated", pages_showing_changes, priority=800)
