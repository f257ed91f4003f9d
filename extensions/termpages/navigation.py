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
from typing import TYPE_CHECKING, Any

from .config import Settings, get_settings
from .domain import TermpagesDomain, get_domain

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder


def _top_level_docnames(app: Sphinx, home: str) -> list[str]:
    """What the home page's toctrees list, in order (the hubs, and any other page)."""
    return list(dict.fromkeys(app.env.toctree_includes.get(home, [])))


class Navigation:
    def __init__(self, app: Sphinx, pagename: str) -> None:
        self.app = app
        self.builder: StandaloneHTMLBuilder = app.builder  # type: ignore[assignment]
        self.settings: Settings = get_settings(app.config)
        self.domain: TermpagesDomain = get_domain(app.env)
        self.pagename = pagename

    def link(self, docname: str, title: str, level: int, current: bool, extra: str = "") -> str:
        classes = f"toctree-l{level}" + (" current" if current else "")
        if docname == self.pagename:
            anchor = f'<a class="current reference internal" href="#">{html.escape(title)}</a>'
        else:
            uri = html.escape(self.builder.get_relative_uri(self.pagename, docname))
            anchor = f'<a class="reference internal" href="{uri}">{html.escape(title)}</a>'
        return f'<li class="{classes}">{anchor}{extra}</li>'

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

    def term_window(self, category_id: str) -> str:
        """Up to ``nav_terms`` terms around the current one, then "All N terms"."""
        terms = self.domain.sorted_terms(category_id)
        size = self.settings.nav_terms
        position = next((i for i, entry in enumerate(terms) if entry.docname == self.pagename), 0)
        start = max(0, min(position - size // 2, len(terms) - size))
        shown = terms[start : start + size]
        items = [
            self.link(entry.docname, entry.title, 2, entry.docname == self.pagename)
            for entry in shown
        ]
        if len(shown) < len(terms):
            hub = self.settings.hub_docname(category_id)
            label = self.settings.labels.nav_all_terms.format(count=len(terms))
            uri = html.escape(self.builder.get_relative_uri(self.pagename, hub))
            items.append(
                f'<li class="toctree-l2 termpages-nav-all">'
                f'<a class="reference internal" href="{uri}">{html.escape(label)}</a></li>'
            )
        return f'<ul class="current">{"".join(items)}</ul>' if items else ""

    def render(self) -> str:
        home = self.settings.home_doc
        hubs = {self.settings.hub_docname(c): c for c in self.settings.categories}
        current_category = self.current_category()
        items = []
        for docname in _top_level_docnames(self.app, home):
            category_id = hubs.get(docname)
            expanded = category_id is not None and category_id == current_category
            is_current = expanded or docname == self.pagename
            title = self.title(docname)
            extra = self.term_window(category_id) if expanded and category_id else ""
            items.append(self.link(docname, title, 1, is_current, extra))
        if not items:
            return ""
        return (
            f'<ul class="current">{"".join(items)}</ul>'
            if current_category
            else (f"<ul>{''.join(items)}</ul>")
        )


def replace_site_toctree(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Before the theme asks (furo: priority 500), give it the glossary navigation."""
    if not get_settings(app.config).navigation or "toctree" not in context:
        return
    rendered: dict[str, str] = {}

    def toctree(**kwargs: Any) -> str:
        if "html" not in rendered:
            rendered["html"] = Navigation(app, pagename).render()
        return rendered["html"]

    context["toctree"] = toctree


def setup_navigation(app: Sphinx) -> None:
    app.connect("html-page-context", replace_site_toctree, priority=400)
