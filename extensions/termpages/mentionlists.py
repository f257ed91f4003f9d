"""The full "Mentioned in" list of a term, as pages of its own, when the term page shows part.

Written through Sphinx's ``html-collect-pages``: ``<term>/mentioned-in``, then
``<term>/mentioned-in-2`` and on, :data:`PAGE_SIZE` pages each, by title, with
their summaries and page links (``nav``, ``rel=prev/next``, ``aria-current``).
They only repeat links, so they carry ``noindex``; they are no source documents,
so sitemap.xml, llms.txt and glossary.json (built from the documents) leave them out.

Their content is a function of the term's title and of the titles and summaries
of the pages that mention it; incremental.py rewrites the term page whenever one
of these changes. So a list page is rendered again only when its term page was
written after it (or it is missing): an incremental build that leaves a term page
alone leaves its list alone too, and lists no longer wanted are removed.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder

from .backlinks import LIST_BUILDERS, list_pagename, shown_sources
from .config import get_settings
from .domain import get_domain
from .frontmatter import TermEntry

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Entries on one page of a full list: ~40 KB of links and summaries, far below 200 KB.
PAGE_SIZE = 200
PAGE_TEMPLATE = "termpages/mentions.html"
BODY_TEMPLATE = "termpages/mentionlist.html"
#: The builder and the list pages (names) the last build wanted, kept in the environment.
_LISTS_WRITTEN = "termpages_mention_lists"


def wanted_lists(env: BuildEnvironment) -> dict[str, tuple[TermEntry, int, int]]:
    """Page name -> (term, page number, number of pages), for every list page of this build."""
    domain = get_domain(env)
    wanted: dict[str, tuple[TermEntry, int, int]] = {}
    if not get_settings(env.config).backlinks:
        return wanted
    for entry in domain.by_slug().values():
        if shown_sources(env, entry)[1]:
            count = len(domain.backlinks()[entry.slug])
            pages = -(-count // PAGE_SIZE)
            for number in range(1, pages + 1):
                wanted[list_pagename(entry.docname, number)] = (entry, number, pages)
    return wanted


def _html_builder(app: Sphinx) -> StandaloneHTMLBuilder | None:
    builder = app.builder
    if builder.name in LIST_BUILDERS and isinstance(builder, StandaloneHTMLBuilder):
        return builder
    return None


def remove_stale_lists(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: a list page no term needs any more is deleted (Sphinx never would)."""
    builder = _html_builder(app)
    if builder is None:
        return []
    recorded: tuple[str, set[str]] | None = getattr(env, _LISTS_WRITTEN, None)
    if recorded is not None and recorded[0] == builder.name and not get_domain(env).read_this_build:
        return []  # nothing read or removed, no setting changed (they re-read): the same lists
    new = set(wanted_lists(env))
    old = recorded[1] if recorded is not None else set()
    setattr(env, _LISTS_WRITTEN, (builder.name, new))
    for pagename in sorted(old - new - env.found_docs):
        Path(builder.get_outfilename(pagename)).unlink(missing_ok=True)
    return []


def _newer(path: Path, than: Path) -> bool:
    try:
        return path.stat().st_mtime_ns > than.stat().st_mtime_ns
    except OSError:
        return False


def collect_lists(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the list pages whose term page was written since they were."""
    builder = _html_builder(app)
    if builder is None:
        return
    domain = get_domain(app.env)
    for pagename, (entry, number, pages) in sorted(wanted_lists(app.env).items()):
        output = Path(builder.get_outfilename(pagename))
        if _newer(output, Path(builder.get_outfilename(entry.docname))):
            continue  # written after its term page, which shows every change of it
        first = (number - 1) * PAGE_SIZE
        sources = domain.backlinks()[entry.slug][first : first + PAGE_SIZE]
        yield pagename, list_context(app, pagename, entry, sources, number, pages), PAGE_TEMPLATE


def list_context(
    app: Sphinx,
    pagename: str,
    entry: TermEntry,
    sources: list[TermEntry],
    number: int,
    pages: int,
) -> dict[str, Any]:
    builder = app.builder
    labels = get_settings(app.config).labels

    def uri(target: str) -> str:
        return builder.get_relative_uri(pagename, target) or "#"  # "": the page itself

    def page(n: int) -> dict[str, Any]:
        return {"number": n, "url": uri(list_pagename(entry.docname, n)), "current": n == number}

    heading = labels.backlinks_list_title.format(title=entry.title)
    before, after = (
        (page(number - 1) if number > 1 else None),
        (page(number + 1) if number < pages else None),
    )
    subtitle = labels.backlinks_list_page.format(page=number, pages=pages) if number > 1 else ""
    title = f"{heading} — {subtitle}" if subtitle else heading
    data: dict[str, Any] = {
        "heading": heading,
        "subtitle": subtitle,
        "term": {"title": entry.title, "url": uri(entry.docname)},
        "items": [
            {"title": source.title, "summary": source.summary, "url": uri(source.docname)}
            for source in sources
        ],
        "pages": [page(n) for n in range(1, pages + 1)] if pages > 1 else [],
        "prev": before,
        "next": after,
        "labels": {
            "pagination": labels.pagination,
            "previous": labels.previous_page,
            "next": labels.next_page,
        },
    }
    context: dict[str, Any] = {
        # a context title is HTML, as Sphinx gives a page's rendered heading
        "title": html.escape(title),
        "termpages_mentions": data,
        "display_toc": False,
    }
    # Previous/Next as the theme shows them for pages: its <link rel> tags and footer
    for key, neighbour in (("prev", before), ("next", after)):
        if neighbour is not None:
            context[key] = {"link": neighbour["url"], "title": html.escape(heading)}
    context["body"] = builder.templates.render(BODY_TEMPLATE, {"termpages_mentions": data})
    return context


def setup_mention_lists(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_lists)
    # after incremental.py's snapshot (800), before collector.py freezes the environment (900)
    app.connect("env-updated", remove_stale_lists, priority=850)
