"""The graph every page gets: WebSite, its WebPage, a BreadcrumbList of toctree ancestors."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from sphinx.locale import _

from ._urls import serialized, web_url_problem

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

JsonNode = dict[str, Any]


def ref(node_id: str) -> dict[str, str]:
    """A reference to the node with this ``@id``."""
    return {"@id": node_id}


def site_url(app: Sphinx) -> str | None:
    """``html_baseurl`` as browsers serialize it, ending in "/", or None: without it (or
    with one a browser reads as another site) no id can be absolute."""
    base = app.config.html_baseurl
    if not isinstance(base, str) or not base or web_url_problem(base, base=True) is not None:
        return None  # check_base_url says why
    base = serialized(base)
    return base if base.endswith("/") else base + "/"


def page_url(app: Sphinx, pagename: str) -> str:
    """The page's absolute URL, as the running builder links to it."""
    return f"{site_url(app) or ''}{app.builder.get_target_uri(pagename)}"


_TAG = re.compile(r"<[^>]*>")
#: Pages whose template writes the title itself, so that the page context has none.
_GENERATED_TITLES = {"genindex": lambda: _("Index"), "search": lambda: _("Search")}


def page_name(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    """The page's title as a reader sees it: its heading, else the template's title."""
    heading = app.env.titles.get(pagename)
    if heading is not None and heading.astext().strip():
        return " ".join(heading.astext().split())
    title = context.get("title")
    if isinstance(title, str) and title.strip():
        # the context's title is HTML (Sphinx renders the heading into it)
        return " ".join(html.unescape(_TAG.sub("", title)).split())
    generated = _GENERATED_TITLES.get(pagename)
    return generated() if generated is not None else pagename


class ToctreeAncestors:
    """Each page's chain of toctree parents, found once per build from the whole toctree.

    A breadcrumb names every ancestor, so a page's graph goes stale when an
    ancestor's title or toctree changes; the pages below it are then rewritten.
    """

    def __init__(self) -> None:
        self._parents: dict[str, str | None] | None = None
        self._before: dict[str, tuple[str, tuple[str, ...]]] = {}

    @staticmethod
    def _shown(env: BuildEnvironment, docname: str) -> tuple[str, tuple[str, ...]]:
        title = env.titles.get(docname)
        children = tuple(env.toctree_includes.get(docname, ()))
        return (title.astext() if title is not None else "", children)

    def remember(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """``env-before-read-docs``: what each page about to be re-read showed until now."""
        self._before = {doc: self._shown(env, doc) for doc in docnames if doc in env.titles}

    def forget(self, app: Sphinx, env: BuildEnvironment) -> None:
        """``env-updated``: the toctree may have changed; recompute on the next page."""
        self._parents = None

    def stale(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """``env-get-updated``: pages below a re-read page whose title or toctree changed."""
        changed = {doc for doc, shown in self._before.items() if self._shown(env, doc) != shown}
        # children a changed toctree dropped lose their old trail as well
        changed |= {child for doc in changed for child in self._before[doc][1]}
        self._before = {}
        if not changed:
            return []
        self._parents = None
        return sorted(
            doc
            for doc in env.found_docs
            if doc in changed or not changed.isdisjoint(self.of(env, doc))
        )

    def of(self, env: BuildEnvironment, pagename: str) -> list[str]:
        """The ancestors of ``pagename``, the root document first."""
        if self._parents is None:
            # collect_relations walks the toctree from root_doc, as the HTML builder does
            self._parents = {doc: rel[0] for doc, rel in env.collect_relations().items()}
        chain: list[str] = []
        parent = self._parents.get(pagename)
        while parent is not None and parent not in chain and parent != pagename:
            chain.append(parent)
            parent = self._parents.get(parent)
        return chain[::-1]


def page_graph(
    app: Sphinx, pagename: str, context: dict[str, Any], ancestors: ToctreeAncestors
) -> list[JsonNode]:
    """The nodes the ``jsonld_*`` settings ask for on this page (none without html_baseurl)."""
    base = site_url(app)
    if base is None:
        return []
    config = app.config
    url = page_url(app, pagename)
    website_id = base + "#website"
    organization_id = base + "#organization"
    publisher: dict[str, Any] | None = config.jsonld_publisher
    language = config.language

    found: list[JsonNode] = []
    crumbs = ancestors.of(app.env, pagename) if config.jsonld_breadcrumbs else []
    if config.jsonld_webpage:
        webpage: JsonNode = {
            "@type": "WebPage",
            "@id": url + "#webpage",
            "url": url,
            "name": page_name(app, pagename, context),
        }
        if config.jsonld_website:
            webpage["isPartOf"] = ref(website_id)
        if language:
            webpage["inLanguage"] = language
        if publisher is not None:
            webpage["publisher"] = ref(organization_id)
        if crumbs:
            webpage["breadcrumb"] = ref(url + "#breadcrumb")
        found.append(webpage)
    if crumbs:
        trail: list[JsonNode] = [
            {
                "@type": "ListItem",
                "position": position,
                "name": page_name(app, docname, {}),
                "item": page_url(app, docname),
            }
            for position, docname in enumerate(crumbs, start=1)
        ]
        # the current page closes the trail, unlinked, as breadcrumbs show it
        trail.append(
            {
                "@type": "ListItem",
                "position": len(trail) + 1,
                "name": page_name(app, pagename, context),
            }
        )
        found.append(
            {"@type": "BreadcrumbList", "@id": url + "#breadcrumb", "itemListElement": trail}
        )
    if config.jsonld_website:
        website: JsonNode = {
            "@type": "WebSite",
            "@id": website_id,
            "url": base,
            "name": config.project,
        }
        if language:
            website["inLanguage"] = language
        if publisher is not None:
            website["publisher"] = ref(organization_id)
        found.append(website)
    if publisher is not None:
        organization: JsonNode = {
            "@type": "Organization",
            "@id": organization_id,
            "name": publisher["name"],
            "url": serialized(publisher["url"]),
        }
        if publisher.get("logo"):
            organization["logo"] = serialized(publisher["logo"])
        if publisher.get("sameAs"):
            organization["sameAs"] = [serialized(url) for url in publisher["sameAs"]]
        found.append(organization)
    return found
