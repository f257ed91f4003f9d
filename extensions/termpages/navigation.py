"""A sidebar navigation whose cost and size do not grow with the glossary.

Themes such as furo ask Sphinx on every page for the whole site's toctree
(`toctree(maxdepth=-1, collapse=False)`): with thousands of sibling term pages
that is quadratic in build time, and it puts a link to every term into every
page. For glossary sites we answer that call ourselves, from the domain:

- the site's top-level entries (the category hubs and any other page the home
  page's toctree lists), in order;
- under the current category, a window of its terms around the current one
  (``termpages_nav_terms``), and a link to the hub that lists them all.

The HTML has the shape of Sphinx's toctree output (``toctree-l1``, ``current``,
``href="#"`` for the page itself), so the theme styles and collapses it as
before: furo's mobile menu, light and dark modes and search are untouched.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .config import Settings, get_settings
from .domain import TermpagesDomain, get_domain
from .urls import absolute_path, is_not_found_page

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder


CURRENT_LIST = '<ul class="current">'


def _top_level_docnames(app: Sphinx, home: str) -> list[str]:
    """What the home page's toctrees list, in order (the hubs, and any other page)."""
    return list(dict.fromkeys(app.env.toctree_includes.get(home, [])))


@dataclass
class NavItem:
    docname: str
    title: str
    level: int
    current: bool = False
    children: list[NavItem] = field(default_factory=list)
    classes: str = ""


class Navigation:
    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.app = app
        self.builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        self.settings: Settings = get_settings(app.config)
        self.domain: TermpagesDomain = get_domain(app.env)
        self.pagename = pagename

    def title(self, docname: str) -> str:
        node = self.app.env.titles.get(docname)
        return node.astext() if node is not None else docname

    def current_category(self) -> str | None:
        entry = self.domain.terms.get(self.pagename)
        if entry is not None:
            return entry.category
        for category_id in self.settings.categories:
            if self.settings.hub_docname(category_id) == self.pagename:
                return category_id
        return None

    def term_window(self, category_id: str) -> list[NavItem]:
        """Up to ``nav_terms`` terms around the current one, then "All N terms"."""
        terms = self.domain.sorted_terms(category_id)
        size = self.settings.nav_terms
        position = self.domain.position_in_category(self.pagename)
        start = max(0, min(position - size // 2, len(terms) - size))
        shown = terms[start : start + size]
        items = [
            NavItem(entry.docname, entry.title, 2, entry.docname == self.pagename)
            for entry in shown
        ]
        if len(shown) < len(terms):
            label = self.settings.labels.nav_all_terms.format(count=len(terms))
            hub = self.settings.hub_docname(category_id)
            items.append(NavItem(hub, label, 2, classes="termpages-nav-all"))
        return items

    def items(self) -> list[NavItem]:
        hubs = {self.settings.hub_docname(c): c for c in self.settings.categories}
        current_category = self.current_category()
        result = []
        for docname in _top_level_docnames(self.app, self.settings.home_doc):
            category_id = hubs.get(docname)
            expanded = category_id is not None and category_id == current_category
            item = NavItem(docname, self.title(docname), 1, expanded or docname == self.pagename)
            if expanded and category_id is not None:
                item.children = self.term_window(category_id)
            result.append(item)
        return result

    def anchor(self, item: NavItem) -> str:
        title = html.escape(item.title)
        if item.docname == self.pagename and not item.classes:
            return f'<a class="current reference internal" href="#">{title}</a>'
        if is_not_found_page(self.app, self.pagename):
            uri = html.escape(absolute_path(self.app, item.docname))  # served at any URL
        else:
            uri = html.escape(self.builder.get_relative_uri(self.pagename, item.docname))
        return f'<a class="reference internal" href="{uri}">{title}</a>'

    def sphinx_html(self) -> str:
        """Shaped like Sphinx's toctree output, for any theme."""

        def render(items: list[NavItem]) -> str:
            current = any(item.current for item in items)
            lis = []
            for item in items:
                classes = " ".join(
                    filter(None, [f"toctree-l{item.level}", item.classes, "current" * item.current])
                )
                children = render(item.children) if item.children else ""
                lis.append(f'<li class="{classes}">{self.anchor(item)}{children}</li>')
            return (CURRENT_LIST if current else "<ul>") + "".join(lis) + "</ul>"

        items = self.items()
        return render(items) if items else ""

    def furo_html(self) -> str:
        """What furo makes of sphinx_html() (checkboxes, current-page), without parsing HTML.

        furo re-parses the navigation of every page with BeautifulSoup, which
        costs more than building the whole page; tests/test_navigation.py keeps
        this output equal to furo's own processing.
        """
        items = self.items()
        if not items:
            return ""
        flat = [item for item in items for item in (item, *item.children)]
        last_current = next((item for item in reversed(flat) if item.current), None)
        checkboxes = 0

        def render(items: list[NavItem]) -> str:
            nonlocal checkboxes
            current = any(item.current for item in items)
            lis = []
            for item in items:
                classes = [f"toctree-l{item.level}", item.classes, "current" * item.current]
                toggle = ""
                if item.children:
                    classes.append("has-children")
                    checkboxes += 1
                    name = f"toctree-checkbox-{checkboxes}"
                    label = html.escape(f"Toggle navigation of {item.title}")
                    checked = 'checked="" ' if item.current else ""
                    toggle = (
                        f'<input aria-label="{label}" {checked}class="toctree-checkbox" '
                        f'id="{name}" name="{name}" role="switch" type="checkbox"/>'
                        f'<label for="{name}"><span class="icon"><svg>'
                        '<use href="#svg-arrow-right"></use></svg></span></label>'
                    )
                if item is last_current:
                    classes.append("current-page")
                children = render(item.children) if item.children else ""
                class_text = " ".join(filter(None, classes))
                lis.append(f'<li class="{class_text}">{self.anchor(item)}{toggle}{children}</li>')
            return (CURRENT_LIST if current else "<ul>") + "".join(lis) + "</ul>"

        return render(items)


def uses_furo(app: Sphinx) -> bool:
    return bool(app.config.html_theme == "furo")


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
        # furo would parse whatever we return; we hand it nothing and fill its
        # navigation ourselves afterwards (set_furo_navigation)
        context["toctree"] = lambda **kwargs: ""
        return
    rendered: dict[str, str] = {}

    def toctree(**kwargs: Any) -> str:
        if "html" not in rendered:
            rendered["html"] = Navigation(app, pagename).sphinx_html()
        return rendered["html"]

    context["toctree"] = toctree


def set_furo_navigation(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    if get_settings(app.config).navigation and uses_furo(app) and "toctree" in context:
        context["furo_navigation_tree"] = Navigation(app, pagename).furo_html()


def setup_navigation(app: Sphinx) -> None:
    app.connect("html-page-context", replace_site_toctree, priority=400)
    app.connect("html-page-context", set_furo_navigation, priority=600)
