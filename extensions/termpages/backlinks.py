""" "Mentioned in": on each term page, the other terms whose pages link to it.

A page already listed under "Related terms" is left out: the reader has just
seen it, with its summary. What remains is a section of the page like the
writer's own, with its ``<h2>`` and heading link; it is filled in while the
page is written, so it is not in the page's table of contents.

A term that most pages mention would list thousands of them, so the section
shows at most ``termpages_mentions_shown`` pages, listed by title, and links to
the full list (mentionlists.py). The pages shown are chosen, in this order of
preference, so that the ones most about the term come first:

1. pages whose summary names the term (its title, slug or an alias, as a word,
   ignoring case);
2. pages of the term's own category;
3. the pages most mentioned themselves (the most central ones of the glossary);
4. by title, then slug.

The choice is a function of the environment alone, so every build, serial,
parallel or incremental, shows the same pages; incremental.py rewrites the
term page when it changes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_id

from .config import get_settings
from .domain import TermpagesDomain, get_domain
from .frontmatter import TermEntry
from .lookup import fold, sort_key
from .markdown import add_markdown_node, escape
from .shared import LowerableElement, current_builder, page_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.writers.html5 import HTML5Translator

    from .markdown import MarkdownTranslator


class backlinks_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Where the list goes; filled at write time, when every page's links are known."""


class backlinks(LowerableElement, nodes.General):  # noqa: N801
    """A titled section holding a list of links; ``heading`` is its title."""

    def lower(self, config: Config) -> list[nodes.Node]:
        heading = self["heading"]
        return [nodes.rubric(heading, heading), *self.children]


#: Builders that write the full lists as pages of their own (mentionlists.py).
LIST_BUILDERS = ("html", "dirhtml")


def listed_sources(domain: TermpagesDomain, entry: TermEntry) -> list[TermEntry]:
    """The pages "Mentioned in" may show: every page that mentions the term, by title,
    but those the page shows as related cards already (incremental.py: a change of the
    related list re-reads this very page, so it is rewritten too)."""
    sources = domain.backlinks().get(entry.slug, [])
    if entry.related:
        related = {slug for slug, _ in entry.related}
        sources = [source for source in sources if source.slug not in related]
    return sources


#: The domain's attribute holding, for the backlinks it has now, the pages chosen so far
#: and the folded summaries: a page asks for its own, incremental.py and mentionlists.py
#: for every term's. The domain object is never pickled (shared.RUNNING_BUILDER).
_CHOSEN = "termpages_chosen_mentions"


class _Chosen:
    def __init__(self, backlinks: dict[str, list[TermEntry]], shown: int) -> None:
        self.backlinks = backlinks
        self.shown = shown
        self.chosen: dict[str, list[TermEntry] | None] = {}
        self.folded: dict[str, str] = {}

    def summary(self, source: TermEntry) -> str:
        folded = self.folded.get(source.docname)
        if folded is None:
            folded = self.folded[source.docname] = fold(source.summary)
        return folded


def chosen_sources(domain: TermpagesDomain, entry: TermEntry, shown: int) -> list[TermEntry] | None:
    """The ``shown`` pages a shortened "Mentioned in" lists, by title; None when all fit.

    The order of preference is the module docstring's.
    """
    backlinks = domain.backlinks()
    cache: _Chosen | None = getattr(domain, _CHOSEN, None)
    if cache is None or cache.backlinks is not backlinks or cache.shown != shown:
        cache = _Chosen(backlinks, shown)
        setattr(domain, _CHOSEN, cache)
    if entry.docname not in cache.chosen:
        cache.chosen[entry.docname] = _choose(cache, listed_sources(domain, entry), entry)
    return cache.chosen[entry.docname]


def _choose(cache: _Chosen, sources: list[TermEntry], entry: TermEntry) -> list[TermEntry] | None:
    if len(sources) <= cache.shown:
        return None
    names = {fold(name) for name in (entry.title, entry.slug, *entry.aliases) if name.strip()}
    named = re.compile(
        "|".join(
            rf"(?<!\w){re.escape(name)}(?!\w)" for name in sorted(names, key=len, reverse=True)
        )
    )

    def preference(source: TermEntry) -> tuple[bool, bool, int, tuple[str, str]]:
        return (
            named.search(cache.summary(source)) is None,
            source.category != entry.category or entry.category is None,
            -len(cache.backlinks.get(source.slug, ())),
            sort_key(source.title, source.slug),
        )

    chosen = sorted(sources, key=preference)[: cache.shown]
    return sorted(chosen, key=lambda source: sort_key(source.title, source.slug))


def list_pagename(docname: str, number: int = 1) -> str:
    """The page name of the full list's page ``number`` (1, 2, ...) of a term's mentions."""
    return f"{docname}/mentioned-in" if number == 1 else f"{docname}/mentioned-in-{number}"


def shown_sources(env: BuildEnvironment, entry: TermEntry) -> tuple[list[TermEntry], bool]:
    """What the term page lists, and whether that is part of the list, written in full on
    pages of its own: only by HTML builders, and only at a name no page has."""
    domain = get_domain(env)
    sources = listed_sources(domain, entry)
    if current_builder(env).name not in LIST_BUILDERS:
        return sources, False
    if list_pagename(entry.docname) in env.found_docs:
        return sources, False
    chosen = chosen_sources(domain, entry, get_settings(env.config).mentions_shown)
    return (sources, False) if chosen is None else (chosen, True)


class RenderBacklinks(SphinxPostTransform):
    default_priority = 5  # before Sphinx resolves the links made here

    def run(self, **kwargs: Any) -> None:
        domain = get_domain(self.env)
        settings = get_settings(self.config)
        docname = self.env.docname
        entry = domain.terms.get(docname)
        for placeholder in list(self.document.findall(backlinks_placeholder)):
            sources, shortened = (
                shown_sources(self.env, entry) if entry is not None else ([], False)
            )
            if not sources:
                placeholder.parent.remove(placeholder)
                continue
            assert entry is not None
            items = nodes.bullet_list(classes=["termpages-backlinks-list", "no-search"])
            for source in sources:
                items += nodes.list_item(
                    "",
                    nodes.paragraph(
                        "", "", page_link(self.env, docname, source.docname, source.title)
                    ),
                )
            heading = settings.labels.backlinks_heading
            # lower case, as docutils makes the ids of the writer's own sections
            term = nodes.make_id(heading) or "mentioned-in"
            block = backlinks(heading=heading, ids=[make_id(self.env, self.document, "", term)])
            self.document.set_id(block)  # taken: ids made after this one avoid it
            block += items
            if shortened:
                block += self.link_to_list(entry, len(domain.backlinks()[entry.slug]))
            placeholder.replace_self(block)

    def link_to_list(self, entry: TermEntry, count: int) -> nodes.paragraph:
        label = get_settings(self.config).labels.backlinks_all.format(
            count=count, title=entry.title
        )
        uri = current_builder(self.env).get_relative_uri(
            entry.docname, list_pagename(entry.docname)
        )
        link = nodes.reference("", "", nodes.inline(label, label), internal=True, refuri=uri)
        return nodes.paragraph("", "", link, classes=["termpages-backlinks-all"])


def visit_backlinks(self: HTML5Translator, node: backlinks) -> None:
    # the markup of the writer's own sections, heading link included
    heading_link = self.starttag(
        nodes.Element(),
        "a",
        "",
        CLASS="headerlink",
        href="#" + node["ids"][0],
        title=_("Link to this heading"),
    )
    self.body += [
        self.starttag(node, "section", CLASS="termpages-backlinks"),
        self.starttag(nodes.Element(), "h2", ""),
        self.encode(node["heading"]),
        heading_link,
        "¶</a></h2>\n",
    ]


def depart_backlinks(self: HTML5Translator, node: backlinks) -> None:
    self.body.append("</section>\n")


def markdown_backlinks(self: MarkdownTranslator, node: backlinks) -> None:
    self.add(self.heading(self.section_level + 1, escape(node["heading"])))


def setup_backlinks(app: Sphinx) -> None:
    app.add_node(backlinks_placeholder)
    app.add_node(backlinks, html=(visit_backlinks, depart_backlinks))
    add_markdown_node(backlinks, markdown_backlinks)
    app.add_post_transform(RenderBacklinks)
