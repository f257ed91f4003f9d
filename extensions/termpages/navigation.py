"""A sidebar navigation whose cost and size do not grow with the glossary.

Themes such as furo ask Sphinx on every page for the whole site's toctree
(`toctree(maxdepth=-1, collapse=False)`): with thousands of sibling term pages
that is quadratic in build time, and it puts a link to every term into every
page. We answer that call ourselves. The root document's toctrees are walked
as Sphinx walks them; every ordinary entry (a guide's Install or Usage page,
with its own sub-pages) is resolved by Sphinx itself, one entry at a time, and
only the glossary's entries are replaced:

- the glossary home (when it is not the root document) and the category hubs,
  in their toctree order;
- under the current category, a window of its terms around the current one
  (``termpages_nav_terms``), and a link to the hub that lists them all.

The result is plain data (``termpages_navigation`` in the page context), which
our templates render with Jinja's autoescape: furo's documented sidebar
fragment ``sidebar/navigation.html`` is overridden from the extension's own
template folder, and other themes get the same tree, shaped like Sphinx's
toctree output, from the ``toctree()`` call they make.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import urljoin

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes

from .config import Settings, get_settings
from .domain import TermpagesDomain, get_domain
from .urls import absolute_path, is_not_found_page

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config

    from .frontmatter import TermEntry

#: Holds ``sidebar/navigation.html`` (furo's documented sidebar fragment) and the tree macros.
TEMPLATES = Path(__file__).parent / "templates" / "html"
TOCTREE_TEMPLATE = "termpages/toctree.html"

#: What furo's sidebar shows: every level, nothing collapsed, hidden toctrees too.
WHOLE_SITE_TREE: dict[str, Any] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}


class NavigationEntry(TypedDict):
    """One link of the tree, as the templates read it."""

    #: text, or markup from Sphinx's HTML writer when the title has inline markup
    title: str
    #: the title as plain text (furo's accessible name of a collapsible entry)
    label: str
    url: str
    #: a page of this site (``reference internal``), or an address elsewhere
    internal: bool
    #: toctree depth, from 1 (``toctree-l1``)
    level: int
    #: the page itself or one of its ancestors (``current``)
    current: bool
    #: the page itself (its link is marked ``current``)
    here: bool
    #: further classes of the list item, such as ``termpages-nav-all``
    classes: list[str]
    children: list[NavigationEntry]
    #: furo's collapsible entries are numbered in document order (0: not collapsible)
    toggle: int
    #: furo's bold entry: the deepest current one
    current_page: bool


class NavigationSection(TypedDict):
    """One toctree of the root document: its caption, if any, and its entries."""

    caption: str | None
    entries: list[NavigationEntry]


def entry(
    title: str,
    url: str,
    level: int,
    *,
    internal: bool = True,
    label: str | None = None,
    current: bool = False,
    here: bool = False,
    classes: list[str] | None = None,
    children: list[NavigationEntry] | None = None,
) -> NavigationEntry:
    return NavigationEntry(
        title=title,
        label=title if label is None else label,
        url=url,
        internal=internal,
        level=level,
        current=current,
        here=here,
        classes=classes or [],
        children=children or [],
        toggle=0,
        current_page=False,
    )


def walk(entries: list[NavigationEntry]) -> Iterator[NavigationEntry]:
    """Every entry in document order, parents before their children."""
    for item in entries:
        yield item
        yield from walk(item["children"])


def mark_collapsible(sections: list[NavigationSection]) -> None:
    """What furo's sidebar needs besides the toctree: checkbox numbers and the current page."""
    flat = [item for section in sections for item in walk(section["entries"])]
    toggles = 0
    for item in flat:
        if item["children"]:
            toggles += 1
            item["toggle"] = toggles
    last_current = next((item for item in reversed(flat) if item["current"]), None)
    if last_current is not None:
        last_current["current_page"] = True


def shown_terms(
    domain: TermpagesDomain, settings: Settings, category_id: str, pagename: str
) -> list[TermEntry]:
    """The terms of a category a page's sidebar lists: ``nav_terms`` around the page's own."""
    terms = domain.sorted_terms(category_id)
    size = settings.nav_terms
    position = domain.position_in_category(pagename)
    start = max(0, min(position - size // 2, len(terms) - size))
    return terms[start : start + size]


class Navigation:
    """The navigation of one page."""

    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.app = app
        self.builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        self.settings: Settings = get_settings(app.config)
        self.domain: TermpagesDomain = get_domain(app.env)
        self.pagename = pagename
        self.not_found_page = is_not_found_page(app, pagename)
        self.hubs = {self.settings.hub_docname(c): c for c in self.settings.categories}
        self.root = app.config.root_doc

    # ------------------------------------------------------------------ which pages

    def is_glossary_page(self, docname: str) -> bool:
        """Hubs, terms and the glossary home: the pages whose navigation we build ourselves."""
        if docname in self.hubs or docname in self.domain.terms:
            return True
        return docname == self.settings.home_doc and docname != self.root

    def current_category(self) -> str | None:
        term = self.domain.terms.get(self.pagename)
        if term is not None:
            return term.category
        return self.hubs.get(self.pagename)

    def title(self, docname: str) -> str:
        node = self.app.env.titles.get(docname)
        return node.astext() if node is not None else docname

    def url(self, docname: str) -> str:
        if self.not_found_page:
            return absolute_path(self.app, docname)  # the 404 page is served at any URL
        return self.builder.get_relative_uri(self.pagename, docname)

    # ------------------------------------------------------------------ the glossary part

    def term_window(self, category_id: str, level: int) -> list[NavigationEntry]:
        """Up to ``nav_terms`` terms around the current one, then "All N terms"."""
        terms = self.domain.sorted_terms(category_id)
        shown = shown_terms(self.domain, self.settings, category_id, self.pagename)
        items = [self.page_entry(term.docname, term.title, level) for term in shown]
        if len(shown) < len(terms):
            label = self.settings.labels.nav_all_terms.format(count=len(terms))
            hub = self.settings.hub_docname(category_id)
            # a plain link even on the hub itself: it is not the hub's own entry
            items.append(entry(label, self.url(hub), level, classes=["termpages-nav-all"]))
        return items

    def page_entry(
        self, docname: str, title: str, level: int, children: list[NavigationEntry] | None = None
    ) -> NavigationEntry:
        here = docname == self.pagename
        current = here or any(child["current"] for child in children or [])
        url = "#" if here else self.url(docname)
        # in a numbered toctree Sphinx numbers every page, the glossary's too
        title = self.section_number(self.app.env.toc_secnumbers.get(docname, {}).get("")) + title
        return entry(title, url, level, current=current, here=here, children=children)

    def glossary_entry(
        self, docname: str, title: str | None, level: int, options: dict[str, Any]
    ) -> NavigationEntry:
        children: list[NavigationEntry] = []
        category_id = self.hubs.get(docname)
        if category_id is not None:
            if category_id == self.current_category():
                children = self.term_window(category_id, level + 1)
        elif docname == self.settings.home_doc:
            children = self.included_entries(docname, level + 1, options, (docname,))
        return self.pruned(
            self.page_entry(docname, title or self.title(docname), level, children), options
        )

    def included_entries(
        self, docname: str, level: int, options: dict[str, Any], parents: tuple[str, ...]
    ) -> list[NavigationEntry]:
        """The entries of a page's toctrees, the glossary's among them bounded."""
        return [
            item
            for child in dict.fromkeys(self.app.env.toctree_includes.get(docname, []))
            if child not in parents  # Sphinx has warned about the circular toctree
            for item in self.entries_for(None, child, level, None, parents, options)
        ]

    @staticmethod
    def pruned(item: NavigationEntry, options: dict[str, Any]) -> NavigationEntry:
        """As Sphinx prunes to ``maxdepth`` and collapses the branches away from the page."""
        maxdepth = int(options.get("maxdepth", 0))
        if (0 < maxdepth <= item["level"]) or (options.get("collapse") and not item["current"]):
            item["children"] = []
        return item

    # ------------------------------------------------------------------ ordinary pages

    def leads_to_glossary(self, docname: str) -> bool:
        """Whether a page's toctrees reach the glossary at any depth."""
        includes = self.app.env.toctree_includes
        seen = {docname}
        pending = list(includes.get(docname, []))
        while pending:
            child = pending.pop()
            if child in seen:
                continue
            if self.is_glossary_page(child):
                return True
            seen.add(child)
            pending.extend(includes.get(child, []))
        return False

    def entries_for(
        self,
        title: str | None,
        ref: str,
        level: int,
        toctree: addnodes.toctree | None,
        parents: tuple[str, ...],
        options: dict[str, Any],
    ) -> list[NavigationEntry]:
        if self.is_glossary_page(ref):
            return [self.glossary_entry(ref, title, level, options)]
        if self.leads_to_glossary(ref):
            # Sphinx would list every term below this page: its entry is ours, its
            # toctrees' ordinary entries are still Sphinx's
            children = self.included_entries(ref, level + 1, options, (ref, *parents))
            item = self.page_entry(ref, title or self.title(ref), level, children)
            return [self.pruned(item, options)]
        return self.resolved_by_sphinx(title, ref, level, toctree, parents[0], options)

    def resolved_by_sphinx(
        self,
        title: str | None,
        ref: str,
        level: int,
        toctree: addnodes.toctree | None,
        parent: str,
        options: dict[str, Any],
    ) -> list[NavigationEntry]:
        """One ordinary toctree entry exactly as Sphinx resolves it, with its own sub-tree."""
        single = toctree.copy() if toctree is not None else addnodes.toctree(maxdepth=-1)
        single["entries"] = [(title, ref)]
        single["includefiles"] = [ref]
        single["parent"] = parent
        single["caption"] = None  # the section carries the caption, once
        resolved = self.app.env.resolve_toctree(
            self.pagename,
            self.builder,
            single,
            prune=True,
            maxdepth=int(options.get("maxdepth", 0)),
            titles_only=bool(options.get("titles_only", False)),
            collapse=bool(options.get("collapse", False)),
            includehidden=bool(options.get("includehidden", False)),
        )
        if resolved is None:
            return []
        return [
            self.from_list_item(item, level)
            for bullet_list in resolved.children
            if isinstance(bullet_list, nodes.bullet_list)
            for item in bullet_list.children
            if isinstance(item, nodes.list_item)
        ]

    def from_list_item(self, item: nodes.list_item, level: int) -> NavigationEntry:
        reference = next(item.findall(nodes.reference))
        children = [
            self.from_list_item(child, level + 1)
            for sublist in item.children
            if isinstance(sublist, nodes.bullet_list)
            for child in sublist.children
            if isinstance(child, nodes.list_item)
        ]
        internal = bool(reference.get("internal"))
        url = str(reference["refuri"])
        if internal and self.not_found_page and url and not url.startswith("#"):
            url = urljoin(absolute_path(self.app, self.pagename), url)
        number = self.section_number(reference.get("secnumber"))
        title = self.title_markup(reference)
        return entry(
            escape(number) + escape(title) if number else title,
            url or "#",  # as Sphinx's HTML writer links the page to itself
            level,
            label=number + reference.astext(),
            internal=internal,
            current="current" in item["classes"],
            here="current" in reference["classes"],
            children=children,
        )

    def section_number(self, number: tuple[int, ...] | list[int] | None) -> str:
        """A numbered toctree's "2.1. " before a title, as Sphinx's HTML writer puts it."""
        if not number:
            return ""
        return ".".join(map(str, number)) + str(self.app.config.html_secnumber_suffix)

    def title_markup(self, reference: nodes.reference) -> str:
        """A title as Sphinx draws it: inline markup (``code``) through its HTML writer."""
        if all(isinstance(child, nodes.Text) for child in reference.children):
            return reference.astext()
        return Markup("").join(
            escape(child.astext())
            if isinstance(child, nodes.Text)
            else Markup(self.builder.render_partial(child.deepcopy())["fragment"])
            for child in reference.children
        )

    # ------------------------------------------------------------------ the whole tree

    def sections(self, **options: Any) -> list[NavigationSection]:
        """The root document's toctrees, in order, as ``toctree(**options)`` would show them."""
        # the defaults of the toctree() Sphinx gives templates
        options = {"collapse": True, "includehidden": False, **options}
        if options.get("maxdepth") == "":
            del options["maxdepth"]
        includehidden = bool(options["includehidden"])
        result = []
        for toctree in self.app.env.master_doctree.findall(addnodes.toctree):
            if toctree.get("hidden", False) and not includehidden:
                continue
            entries = [
                item
                for title, ref in toctree["entries"]
                for item in self.entries_for(title, ref, 1, toctree, (self.root,), options)
            ]
            if entries:
                caption = toctree.get("caption") or None
                result.append(NavigationSection(caption=caption, entries=entries))
        return result


def uses_furo(app: Sphinx) -> bool:
    return bool(app.config.html_theme == "furo")


def add_templates(app: Sphinx, config: Config) -> None:
    """Our templates come after the project's own, so a project's override still wins."""
    if str(TEMPLATES) not in config.templates_path:
        # a new list: the default one may be shared with other Sphinx apps in this process
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def toctree_answer(app: Sphinx, pagename: str) -> Callable[..., str]:
    """The theme's ``toctree()``, answered from the bounded navigation, once per set of options."""
    rendered: dict[tuple[tuple[str, Any], ...], str] = {}

    def toctree(**options: Any) -> str:
        key = tuple(sorted(options.items()))
        if key not in rendered:
            sections = Navigation(app, pagename).sections(**options)
            context = {"termpages_navigation": sections}
            rendered[key] = app.builder.templates.render(TOCTREE_TEMPLATE, context)
        return rendered[key]

    return toctree


def replace_site_toctree(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Before the theme asks for the site's toctree, answer with the glossary navigation."""
    if not get_settings(app.config).navigation or "toctree" not in context:
        return
    if uses_furo(app):
        # furo turns the toctree() answer into its sidebar while handling this
        # event, re-parsing it with BeautifulSoup, which costs more than building
        # the page; our sidebar template shows termpages_navigation instead
        context["toctree"] = lambda **options: ""
        return
    context["toctree"] = toctree_answer(app, pagename)


def set_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """The tree as data for templates; furo's sidebar is drawn from it."""
    if not get_settings(app.config).navigation or "toctree" not in context:
        return
    sections = Navigation(app, pagename).sections(**WHOLE_SITE_TREE)
    mark_collapsible(sections)
    context["termpages_navigation"] = sections
    if uses_furo(app):
        # furo has asked for the toctree by now; any later call gets the real answer
        context["toctree"] = toctree_answer(app, pagename)


def setup_navigation(app: Sphinx) -> None:
    app.connect("config-inited", add_templates)
    # after sphinx-notfound-page sets the 404 page's toctree (400), before furo asks for it (500)
    app.connect("html-page-context", replace_site_toctree, priority=450)
    app.connect("html-page-context", set_navigation, priority=600)
