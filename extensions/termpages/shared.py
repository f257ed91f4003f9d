"""Shared pieces: the lowerable node base, doc links, the page's main section."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

from .markdown import html_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def write_if_changed(path: Path, content: str | bytes) -> None:
    """Write a file only when its content differs, so a build that changes nothing writes
    nothing: deploys, rsync and browser caches see the same file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass  # missing or unreadable: write it
    path.write_bytes(data)


class LowerableElement(nodes.Element):
    """A node with its own HTML, and a plain-docutils form for every other builder.

    Text, LaTeX, man and the rest never see these nodes: LowerForOtherBuilders
    replaces each with what ``lower()`` returns, so no builder can crash on them.
    """

    def lower(self, config: Config) -> list[nodes.Node]:
        return list(self.children)


class LowerForOtherBuilders(SphinxPostTransform):
    """Replace glossary nodes by standard docutils nodes outside HTML builders."""

    default_priority = 900

    def is_supported(self) -> bool:
        return builder_format(self.env) != "html"

    def run(self, **kwargs: Any) -> None:
        # outermost first: a parent's lower() may use its children (the FAQ
        # question takes its text node apart); such consumed children are skipped
        for node in list(self.document.findall(LowerableElement)):
            if node.parent is not None:
                node.replace_self(node.lower(self.config))


def visible_text(node: nodes.Node) -> str:
    """The words a reader sees of a node, on one line: raw HTML as the text a browser
    shows of it (no tags, no script, even when the script's text is a node of its own
    between two raw ones), and no comments or system messages."""
    markup = "".join(_as_html(node))
    return " ".join((html_text(markup) if "<" in markup else html.unescape(markup)).split())


def _as_html(node: nodes.Node) -> Iterator[str]:
    """The node as the HTML a browser would read: text escaped, raw HTML as it is."""
    if isinstance(node, nodes.Text):
        yield html.escape(str(node), quote=False)
    elif isinstance(node, nodes.raw):
        if "html" in node.get("format", "").split():
            yield node.astext()
    elif not isinstance(node, (nodes.Invisible, nodes.system_message)):
        for child in node.children:
            yield from _as_html(child)
        if not isinstance(node, nodes.Inline):
            yield "\n"  # blocks are apart, as astext() has them


def builder_format(env: BuildEnvironment) -> str:
    """The current builder's output format ("html", "text", "latex", ...)."""
    return str(current_builder(env).format)


#: The attribute of the termpages domain that holds the running builder. Sphinx
#: gives extensions the builder only through ``app``, which the environment no
#: longer hands out publicly; the domain object is rebuilt for every process
#: that loads the environment and never pickled, and ``-j N`` workers inherit it.
RUNNING_BUILDER = "running_builder"


def remember_builder(app: Sphinx) -> None:
    setattr(app.env.get_domain("termpages"), RUNNING_BUILDER, app.builder)


def current_builder(env: BuildEnvironment) -> Builder:
    """The running builder, for URLs between pages."""
    builder: Builder | None = getattr(env.get_domain("termpages"), RUNNING_BUILDER, None)
    if builder is None:
        raise RuntimeError("termpages asked for the builder before builder-inited")
    return builder


def doc_link(target_docname: str, refdoc: str, title: str | None = None) -> addnodes.pending_xref:
    """A link to another document that Sphinx resolves (and checks) for every builder.

    Without a title the target page's own title is shown, so a renamed page
    renames every link to it.
    """
    ref = addnodes.pending_xref(
        "",
        refdomain="std",
        reftype="doc",
        reftarget="/" + target_docname,
        refdoc=refdoc,
        refexplicit=title is not None,
        refwarn=True,
    )
    ref += nodes.inline(title or "", title or "")
    return ref


def page_link(
    env: BuildEnvironment, refdoc: str, target_docname: str, title: str
) -> nodes.reference:
    """A finished link to a known page, for nodes made while writing.

    Lists of hundreds of terms are built at write time, when every target is
    known: linking directly spares Sphinx's resolver a lookup per link.
    """
    builder = current_builder(env)
    return make_refnode(builder, refdoc, target_docname, None, nodes.inline(title, title))


def page_title(app: Sphinx, pagename: str, context: dict[str, Any]) -> str:
    """The page's title as text: its heading, or the title a generated page gives itself."""
    heading = app.env.titles.get(pagename)
    if heading is not None and heading.astext().strip():
        return " ".join(heading.astext().split())
    title = context.get("title")
    if isinstance(title, str) and title.strip():
        # a context title is HTML (Sphinx renders the heading); a reader sees its text
        return " ".join(html.unescape(_TAG.sub("", title)).split())
    return GENERATED_PAGE_TITLES.get(pagename, lambda: "")()


_TAG = re.compile(r"<[^>]*>")
#: Pages whose template sets the title itself, so the page context has none.
GENERATED_PAGE_TITLES = {"genindex": lambda: _("Index"), "search": lambda: _("Search")}


def head_tag(tagname: str, **attributes: str) -> str:
    """A tag for the page's ``<head>``, for handlers of ``html-page-context``.

    Page tags are added as strings to the template context, where no HTML
    translator runs; this is the one place such a string escapes its values.
    """
    values = "".join(f' {name}="{html.escape(value)}"' for name, value in attributes.items())
    return f"<{tagname}{values}>"


def main_section(document: nodes.document) -> nodes.section | None:
    """The section opened by the page's ``# Title``, which holds the whole page body."""
    for child in document.children:
        if isinstance(child, nodes.section):
            return child
    return None


def append_section(
    parent: nodes.Element, document: nodes.document, title: str, *content: nodes.Node
) -> nodes.section:
    """Append a titled sub-section, registered so it gets an id and a place in the page TOC."""
    section = nodes.section()
    section += nodes.title(title, title)
    section["names"].append(nodes.fully_normalize_name(title))
    for node in content:
        section += node
    parent += section
    document.note_implicit_target(section, section)
    return section


def setup_shared(app: Sphinx) -> None:
    # before any other handler of the event, which may already link pages
    app.connect("builder-inited", remember_builder, priority=1)
    app.add_post_transform(LowerForOtherBuilders)
