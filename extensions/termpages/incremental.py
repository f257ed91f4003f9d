"""Incremental builds: rewrite every page that shows something another page changed.

Pages show other pages in many ways: lists of a category (hubs, home page),
related-terms lists, ``{term}`` links with their text and previews, "Mentioned
in" lists, the sidebar's window of the category's terms, Previous/Next links,
and the FAQ questions a page marks up as its own (a question asked on several
pages belongs to the first). Sphinx only rewrites pages whose own source
changed (and their toctree parents), so after reading we take a snapshot of
what each page shows of others, compare it with the previous build's, and hand
Sphinx the pages whose inputs differ. tests/test_incremental_fuzz.py checks the
result against clean builds after random edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .backlinks import chosen_sources
from .config import Settings, get_settings
from .domain import TermpagesDomain, get_domain
from .hubs import initial_letter
from .lookup import fold
from .navigation import shown_terms
from .xref import written_as_slug

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def take_snapshot(
    env: BuildEnvironment, domain: TermpagesDomain, settings: Settings
) -> dict[str, Any]:
    return {
        # what lists, previews and links show of each term
        "faces": {
            slug: (entry.docname, entry.title, entry.summary, entry.category or "")
            for slug, entry in domain.by_slug().items()
        },
        # which term each written {term} target resolves to (aliases come and go), and
        # whether it shows the term's title (a typed slug does, unless an alias reads so)
        "links": {
            docname: tuple(mention_face(domain, target) for target, _ in refs)
            for docname, refs in domain.mentions.items()
        },
        # who mentions each term
        "backlinks": {
            slug: tuple(entry.docname for entry in sources)
            for slug, sources in domain.backlinks().items()
        },
        # which of them a shortened "Mentioned in" shows: it depends on how often
        # each of them is mentioned in turn (backlinks.py)
        "chosen": chosen_mentions(domain, settings),
        # what each page shows of its neighbours: sidebar, Previous/Next, FAQ ownership
        "views": page_views(env, domain, settings),
        # the generated listing pages (hub pages, letter pages), which link each other
        "listings": tuple(
            sorted(d for d in env.found_docs if d.startswith(settings.hubs_dir + "/"))
        ),
    }


def chosen_mentions(domain: TermpagesDomain, settings: Settings) -> dict[str, tuple[str, ...]]:
    chosen: dict[str, tuple[str, ...]] = {}
    for slug, entry in domain.by_slug().items():
        sources = chosen_sources(domain, entry, settings.mentions_shown)
        if sources is not None:
            chosen[slug] = tuple(source.docname for source in sources)
    return chosen


def mention_face(domain: TermpagesDomain, target: str) -> tuple[str, tuple[str, ...], bool]:
    slugs = tuple(domain.resolve_term(target).slugs)
    entry = domain.by_slug().get(slugs[0]) if slugs else None
    return target, slugs, entry is not None and written_as_slug(target, entry)


def page_views(
    env: BuildEnvironment, domain: TermpagesDomain, settings: Settings
) -> dict[str, tuple[Any, ...]]:
    """Per page, what it shows of the pages around it, beyond the faces of terms it names."""

    def title(docname: str | None) -> str | None:
        node = env.titles.get(docname) if docname is not None else None
        return node.astext() if node is not None else None

    # parent, Previous and Next, as the theme shows them (Sphinx's relations, from the toctrees)
    relations = env.collect_relations()
    hubs = {settings.hub_docname(category): category for category in settings.categories}
    owners = domain.faq_pages()
    views: dict[str, tuple[Any, ...]] = {}
    for docname in sorted(env.found_docs):
        related = tuple((other, title(other)) for other in relations.get(docname, ()))
        term = domain.terms.get(docname)
        category = term.category if term is not None else hubs.get(docname)
        sidebar: tuple[Any, ...] = ()
        if settings.navigation and category in settings.categories:
            shown = shown_terms(domain, settings, category, docname)
            count = len(domain.sorted_terms(category))
            sidebar = (tuple((entry.docname, entry.title) for entry in shown), count)
        # which of its questions the page marks up as FAQPage data
        owned = tuple(
            owners[fold(question)][0] == docname
            for question, _, _ in domain.data["questions"].get(docname, ())
        )
        views[docname] = (related, sidebar, owned)
    return views


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
    new = take_snapshot(env, domain, settings)
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
    if old.get("listings") != new["listings"]:
        # a page of a hub or letter came or went: the page bars and letter bars link them
        pages.update(new["listings"])
    if changed:
        pages.add(settings.home_doc)
        # a term's face decides which page of its hub and letter it is on: all their pages
        firsts: set[str] = set()
        for slug in changed:
            for face in (faces_old.get(slug), faces_new.get(slug)):
                if face is not None:
                    firsts.add(settings.letter_docname(initial_letter(face[1])))
                    if face[3]:
                        firsts.add(settings.hub_docname(face[3]))
        pages.update(firsts)
        pages.update(d for d in new["listings"] if d.rpartition("-")[0] in firsts)
        for entry in domain.terms.values():
            if any(slug in changed for slug, _ in entry.related):
                pages.add(entry.docname)

    links_old, links_new = old["links"], new["links"]
    for docname in links_old.keys() | links_new.keys():
        refs = links_new.get(docname, ())
        if links_old.get(docname) != refs or any(
            s in changed for _, slugs, _ in refs for s in slugs
        ):
            pages.add(docname)

    back_old, back_new = old["backlinks"], new["backlinks"]
    for slug in back_old.keys() | back_new.keys():
        sources = back_new.get(slug, ())
        if back_old.get(slug) != sources or changed_docs.intersection(sources):
            face = faces_new.get(slug)
            if face is not None:
                pages.add(face[0])
    chosen_old, chosen_new = old.get("chosen", {}), new["chosen"]
    for slug in chosen_old.keys() | chosen_new.keys():
        face = faces_new.get(slug)
        if chosen_old.get(slug) != chosen_new.get(slug) and face is not None:
            pages.add(face[0])
    views_old, views_new = old.get("views", {}), new["views"]
    pages.update(d for d, view in views_new.items() if views_old.get(d, view) != view)
    return sorted(pages & env.found_docs)


def setup_incremental(app: Sphinx) -> None:
    app.connect("env-get-outdated", start_build)
    app.connect("env-purge-doc", note_purge)
    # env-updated: after every page is read, and before collector.py freezes the
    # environment (priority 900), so the snapshot and caches are frozen with it
    app.connect("env-updated", pages_showing_changes, priority=800)
