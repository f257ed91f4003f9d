"""The glossary's JSON-LD: what each page is, for search engines and AI assistants.

Every page gets Organization (publisher), WebSite and its own WebPage. Term
pages add a DefinedTerm, a BreadcrumbList equal to the visible breadcrumb and,
with an FAQ, become an FAQPage carrying every question and its full answer.
Hubs and the home page are CollectionPages listing their terms. Everything is
read from the page's resolved doctree, the domain and conf.py, so it agrees
with what a reader sees.

sphinxcontrib-jsonld writes the script: these nodes reach it through its
``jsonld-nodes`` event, and come before its own page graph, so that where both
describe a node (the WebPage, WebSite, breadcrumb) the glossary's wins.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinxcontrib.jsonld import WARNING_TYPE as JSONLD_WARNING_TYPE
from sphinxcontrib.jsonld import JsonLdWarning, page_url, ref, site_url

from .config import Settings, get_settings
from .domain import TermpagesDomain, get_domain
from .faq import faq_answer, faq_question, faq_question_text, is_faq_section
from .frontmatter import TermEntry
from .hubs import az_is_split, listed_terms
from .lookup import fold, shown_aliases
from .shared import main_section, page_title, visible_text
from .warnings_ import WARNING_TYPE, TermWarning
from .weburls import web_urls

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


class PageGraph:
    """Builds the nodes of one page's graph; URLs are absolute, from html_baseurl."""

    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.app = app
        self.settings: Settings = get_settings(app.config)
        self.domain: TermpagesDomain = get_domain(app.env)
        self.base = site_url(app) or ""
        self.pagename = pagename
        self.page_url = self.url(pagename)
        self.website_id = self.base + "#website"
        self.organization_id = self.base + "#organization"
        self.home_url = self.url(self.settings.home_doc)
        self.termset_id = self.home_url + "#glossary"

    def url(self, docname: str) -> str:
        return page_url(self.app, docname)

    def title(self, docname: str) -> str:
        title = self.app.env.titles.get(docname)
        return visible_text(title) if title is not None else ""

    def term_id(self, entry: TermEntry) -> str:
        return self.url(entry.docname) + "#term"

    # ------------------------------------------------------------- site-wide nodes

    def site_nodes(self) -> list[dict[str, Any]]:
        config = self.app.config
        publisher = self.settings.publisher
        website: dict[str, Any] = {
            "@type": "WebSite",
            "@id": self.website_id,
            "url": self.base,
            "name": config.html_title or config.project,
        }
        if config.language:
            website["inLanguage"] = config.language
        result = [website]
        if publisher is not None:
            organization: dict[str, Any] = {
                "@type": "Organization",
                "@id": self.organization_id,
                "name": publisher.name,
                "url": publisher.url,
            }
            if publisher.logo:
                organization["logo"] = publisher.logo
            if publisher.same_as:
                organization["sameAs"] = list(publisher.same_as)
            website["publisher"] = ref(self.organization_id)
            result.append(organization)
        return result

    def termset(self, terms: list[TermEntry] | None = None) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "DefinedTermSet",
            "@id": self.termset_id,
            "name": self.settings.glossary_name,
            "url": self.home_url,
        }
        if self.settings.glossary_description:
            node["description"] = self.settings.glossary_description
        if self.settings.publisher is not None:
            node["publisher"] = ref(self.organization_id)
        if terms is not None:
            node["hasDefinedTerm"] = [ref(self.term_id(entry)) for entry in terms]
        return node

    def term_stub(self, entry: TermEntry) -> dict[str, Any]:
        """A listed term: enough for the list's @id references to resolve."""
        return {
            "@type": "DefinedTerm",
            "@id": self.term_id(entry),
            "name": entry.title,
            "url": self.url(entry.docname),
            "inDefinedTermSet": ref(self.termset_id),
        }

    def webpage(self, page_type: str, name: str, description: str = "") -> dict[str, Any]:
        page: dict[str, Any] = {
            "@type": page_type,
            "@id": self.page_url + "#webpage",
            "url": self.page_url,
            "name": name,
            "isPartOf": ref(self.website_id),
        }
        if description:
            page["description"] = description
        if self.app.config.language:
            page["inLanguage"] = self.app.config.language
        if self.settings.publisher is not None:
            page["publisher"] = ref(self.organization_id)
        return page

    def breadcrumb(self, trail: list[tuple[str, str | None]]) -> dict[str, Any]:
        """(name, url) pairs, as shown; the current page (url None) is not linked."""
        items = []
        for position, (name, url) in enumerate(trail, start=1):
            item: dict[str, Any] = {"@type": "ListItem", "position": position, "name": name}
            if url is not None:
                item["item"] = url
            items.append(item)
        return {
            "@type": "BreadcrumbList",
            "@id": self.page_url + "#breadcrumb",
            "itemListElement": items,
        }

    # ------------------------------------------------------------- per kind of page

    def term_page(self, entry: TermEntry, doctree: nodes.document | None) -> list[dict[str, Any]]:
        term_id = self.term_id(entry)
        term: dict[str, Any] = {
            "@type": "DefinedTerm",
            "@id": term_id,
            "name": entry.title,
            "termCode": entry.slug,
            "url": self.page_url,
            "inDefinedTermSet": ref(self.termset_id),
            "mainEntityOfPage": ref(self.page_url + "#webpage"),
        }
        if entry.summary:
            term["description"] = entry.summary
        names = shown_aliases(entry.title, entry.aliases)
        if names:
            term["alternateName"] = names  # exactly the "Also called" line of the page
        if entry.same_as:
            term["sameAs"] = web_urls(entry.same_as)

        questions = self.questions(doctree)
        page = self.webpage("FAQPage" if questions else "WebPage", entry.title, entry.summary)
        page["about"] = ref(term_id)
        page["mainEntity"] = questions if questions else ref(term_id)
        if entry.last_updated:
            page["dateModified"] = entry.last_updated
        if entry.published or entry.last_updated:
            page["datePublished"] = entry.published or entry.last_updated

        trail: list[tuple[str, str | None]] = [(self.title(self.settings.home_doc), self.home_url)]
        if entry.category is not None:
            hub = self.settings.hub_docname(entry.category)
            trail.append((self.settings.categories[entry.category].title, self.url(hub)))
        trail.append((entry.title, None))
        page["breadcrumb"] = ref(self.page_url + "#breadcrumb")
        return [page, term, self.breadcrumb(trail), self.termset()]

    def questions(self, doctree: nodes.document | None) -> list[dict[str, Any]]:
        """The page's FAQ, exactly as shown; a question asked earlier elsewhere is left out."""
        if doctree is None:
            return []
        owners = self.domain.faq_pages()
        found = []
        body = main_section(doctree)
        sections = [child for child in body.children if is_faq_section(child)] if body else []
        for question in (q for section in sections for q in section.findall(faq_question)):
            text_node = next(question.findall(faq_question_text), None)
            answer = next(question.findall(faq_answer), None)
            if text_node is None or answer is None:
                continue
            name = visible_text(text_node)
            if owners.get(fold(name), [self.pagename])[0] != self.pagename:
                continue
            node: dict[str, Any] = {
                "@type": "Question",
                "name": name,
                # Answer.text is read as HTML by search engines (it may hold p, b, a...): the
                # words a reader sees are escaped so that a "<b>" written as text stays text
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": html.escape(visible_text(answer), quote=False),
                },
            }
            if question["ids"]:
                node["@id"] = f"{self.page_url}#{question['ids'][0]}"
            found.append(node)
        return found

    def hub_page(self, name: str, terms: list[TermEntry]) -> list[dict[str, Any]]:
        """A hub page, or a letter's page of the A–Z: the list of exactly the terms it shows."""
        hubs = {self.settings.hub_docname(c.id): c for c in self.settings.ordered_categories()}
        category = hubs.get(self.pagename)
        description = category.description if category is not None else ""
        title = category.title if category is not None else self.title(self.pagename) or name
        page = self.webpage("CollectionPage", title, description)
        list_id = self.page_url + "#terms"
        page["mainEntity"] = ref(list_id)
        page["breadcrumb"] = ref(self.page_url + "#breadcrumb")
        term_list = {
            "@type": "ItemList",
            "@id": list_id,
            "name": name,
            "numberOfItems": len(terms),
            "itemListElement": [
                {"@type": "ListItem", "position": position, "item": ref(self.term_id(entry))}
                for position, entry in enumerate(terms, start=1)
            ],
        }
        trail = [(self.title(self.settings.home_doc), self.home_url), (name, None)]
        return [
            page,
            term_list,
            self.breadcrumb(trail),
            self.termset(),
            *(self.term_stub(entry) for entry in terms),
        ]

    def home_page(self) -> list[dict[str, Any]]:
        terms = self.domain.sorted_terms()
        page = self.webpage(
            "CollectionPage", self.title(self.pagename), self.settings.glossary_description
        )
        page["mainEntity"] = ref(self.termset_id)
        if az_is_split(self.app.env):
            return [page]  # the letter pages list the terms; the glossary's set follows
        return [page, self.termset(terms), *(self.term_stub(entry) for entry in terms)]

    def other_page(self, context: dict[str, Any]) -> list[dict[str, Any]]:
        # generated pages (index, search, 404) have no doctree title
        name = page_title(self.app, self.pagename, context) or self.pagename
        return [self.webpage("WebPage", name)]


def page_graph(
    app: Sphinx, pagename: str, context: dict[str, Any], doctree: nodes.document | None
) -> list[dict[str, Any]]:
    """The ``jsonld-nodes`` contribution of the glossary for one page."""
    if site_url(app) is None:
        return []  # no absolute URLs to give ids to; seo.py warns about the missing base URL
    graph = PageGraph(app, pagename)
    settings = graph.settings
    entry = graph.domain.terms.get(pagename)
    listing = listed_terms(app.env, pagename) if entry is None else None
    if entry is not None:
        page_nodes = graph.term_page(entry, doctree)
    elif listing is not None:
        page_nodes = graph.hub_page(*listing)
    elif pagename == settings.home_doc:
        page_nodes = graph.home_page()
    else:
        page_nodes = graph.other_page(context)
    # the glossary itself is on every page; on the home page its full form came first
    return [*page_nodes, *graph.site_nodes(), graph.termset()]


#: What termpages called a bad ``{jsonld}`` block before sphinxcontrib-jsonld took it over.
FORMER_BLOCK_WARNING = f"{WARNING_TYPE}.{TermWarning.JSONLD_INVALID.value}"
BLOCK_WARNING = f"{JSONLD_WARNING_TYPE}.{JsonLdWarning.INVALID.value}"


def keep_former_warning_name(app: Sphinx, config: Config) -> None:
    """A ``suppress_warnings`` entry that silenced bad blocks before keeps silencing them."""
    suppressed = list(config.suppress_warnings)
    if BLOCK_WARNING in suppressed or JSONLD_WARNING_TYPE in suppressed:
        return
    if FORMER_BLOCK_WARNING in suppressed or WARNING_TYPE in suppressed:
        config.suppress_warnings = [*suppressed, BLOCK_WARNING]


def setup_structured_data(app: Sphinx) -> None:
    app.connect("config-inited", keep_former_warning_name)
    app.connect("jsonld-nodes", page_graph)
