"""Term pages: front matter read on ``source-read``, and the page layout around the writer's text.

Layout, top to bottom: breadcrumb, title, definition (the summary, shown as
the lede), "Also called", the writer's sections, FAQ, related terms,
"Mentioned in", "See also", last updated, call to action.
"""

from __future__ import annotations

import json
import unicodedata
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import clean_astext

from .backlinks import backlinks_placeholder
from .breadcrumbs import build_breadcrumbs
from .config import SLUG_PATTERN, get_settings
from .cta import cta_for_term
from .domain import get_domain
from .frontmatter import (
    FrontMatter,
    FrontMatterError,
    TermEntry,
    build_term_entry,
    read_front_matter,
    split_front_matter,
)
from .lastupdated import last_updated
from .lookup import shown_aliases
from .related import related_terms
from .shared import append_section, main_section
from .warnings_ import TermWarning, shown, warn
from .weburls import web_urls

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def slug_of(docname: str) -> str:
    return docname.rsplit("/", 1)[-1]


def blank_front_matter(text: str) -> str:
    """Replace the front-matter block by empty lines, so body line numbers stay right."""
    split = split_front_matter(text)
    if split is None:
        return text
    _, closing_line = split
    lines = text.split("\n")
    return "\n" * closing_line + "\n".join(lines[closing_line:])


#: Characters JSON leaves as they are but YAML reads as line breaks.
_YAML_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def _as_quoted_yaml(value: dict[str, Any]) -> str:
    written = json.dumps(value, ensure_ascii=False)
    for char, escape in _YAML_BREAKS.items():
        written = written.replace(char, escape)
    return written


def restate_front_matter(text: str, front_matter: FrontMatter) -> str:
    """The front matter rewritten so that MyST reads exactly what termpages read.

    MyST reads the block again with YAML 1.1, where ``2026-02-30`` or ``10:99:00`` is a
    broken date ("Malformed YAML", and the page's MyST settings lost) and ``yes`` is True.
    Each field becomes ``"key": <JSON>`` on its own line: a JSON string is a quoted YAML
    scalar, read as text by every YAML version. Line numbers stay as they were.
    """
    split = split_front_matter(text)
    if split is None:
        return text
    _, closing_line = split
    lines = text.split("\n")
    block = [""] * (closing_line - 2)  # the lines between the fences
    for key, value in front_matter.data.items():
        index = front_matter.key_lines.get(str(key), 0) - 2
        if not 0 <= index < len(block) or block[index]:
            # keys sharing a line (a flow mapping): the whole block on its first line
            block = [_as_quoted_yaml(front_matter.data)] + [""] * (len(block) - 1)
            break
        block[index] = _as_quoted_yaml({str(key): value})[1:-1]
    return "\n".join([lines[0], *block, *lines[closing_line - 1 :]])


def read_term_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Parse and validate a term's front matter, warning at the line of each problem."""
    settings = get_settings(app.config)
    if not settings.is_term(docname):
        return
    slug = slug_of(docname)
    if not SLUG_PATTERN.match(slug):
        warn(
            TermWarning.INVALID_SLUG,
            f"term file name {shown(slug)} is not a valid slug: use lower-case letters, digits "
            "and single hyphens (the slug is the page URL)",
            (docname, 1),
        )
    try:
        front_matter = read_front_matter(source[0])
    except FrontMatterError as error:
        warn(TermWarning.FRONT_MATTER, error.message, (docname, error.line))
        # MyST would report the same YAML again, less precisely; the body still builds
        source[0] = blank_front_matter(source[0])
        entry = TermEntry(slug=slug, docname=docname, title=slug, summary="", category=None)
    else:
        entry, problems = build_term_entry(docname, slug, front_matter, settings)
        for problem in problems:
            warn(problem.subtype, problem.message, (docname, problem.line))
        if front_matter is not None:
            source[0] = restate_front_matter(source[0], front_matter)
    get_domain(app.env).note_term(entry)


#: Names readers know for the sites same_as usually points at; others show their host.
KNOWN_SITES = {"wikipedia.org": "Wikipedia", "wikidata.org": "Wikidata"}


def site_name(url: str) -> str:
    host = (urlsplit(url).hostname or url).removeprefix("www.")
    for domain, name in KNOWN_SITES.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def see_also(label: str, urls: list[str]) -> nodes.paragraph:
    """The same_as references, visible: the structured data's sameAs is exactly these."""
    line = nodes.paragraph(classes=["termpages-same-as"], support_smartquotes=False)
    line += nodes.strong(label, label)
    for index, url in enumerate(web_urls(urls)):
        line += nodes.Text(" " if index == 0 else ", ")
        line += nodes.reference(site_name(url), site_name(url), refuri=url)
    return line


#: Marks in a heading that are not its words; Sphinx leaves them out of the page's title too.
_NOT_TITLE_TEXT = (nodes.footnote_reference, nodes.citation_reference)


def readable_title(title: nodes.title) -> str:
    """The heading's words as the page's title, without footnote or citation marks."""
    words = title.deepcopy()
    for mark in list(words.findall(lambda node: isinstance(node, _NOT_TITLE_TEXT))):
        mark.parent.remove(mark)
    return " ".join(clean_astext(words).split())


def has_text(text: str) -> bool:
    """Whether a reader sees any character: zero-width and control characters are not text."""
    return any(unicodedata.category(char)[0] not in "CZ" for char in text)


class TermPageLayout(SphinxTransform):
    """Add breadcrumb, definition, related terms, date and CTA around a term page's body."""

    # after RelocateFAQ (700), before Sphinx collects titles and tocs on doctree-read (880)
    default_priority = 710

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        settings = get_settings(self.config)
        if not settings.is_term(docname):
            return
        entry = get_domain(self.env).terms.get(docname)
        if entry is None:  # not read through source-read, e.g. parsed into another document
            return
        body = main_section(self.document)
        if body is None or not isinstance(body[0], nodes.title):
            warn(
                TermWarning.MISSING_TITLE,
                "term page has no '# Title' heading; the slug is used as its title",
                (docname, entry.line),
            )
            body = nodes.section(ids=[nodes.make_id(entry.slug)], names=[entry.slug])
            body += nodes.title(entry.slug, entry.slug)
            for child in list(self.document.children):
                if not isinstance(child, (nodes.docinfo, nodes.PreBibliographic)):
                    self.document.remove(child)
                    body += child
            self.document += body
        title = cast("nodes.title", body[0])
        if not has_text(readable_title(title)):
            # an empty "#", or a heading of only images, blank code, a footnote mark or
            # invisible characters: Sphinx would list the page with an empty title
            # everywhere (hubs, sidebar, Previous/Next)
            warn(
                TermWarning.EMPTY_TITLE,
                "term page's '# Title' heading has no text; the slug is used as its title",
                (docname, title.line or entry.line),
            )
            del title[:]
            title += nodes.Text(entry.slug)
        get_domain(self.env).set_title(docname, readable_title(title))

        if entry.category is None:
            # the category warning was given; spare the writer a second "not in any toctree"
            self.env.metadata[docname]["orphan"] = True

        trail = [settings.home_doc]
        if entry.category is not None:
            trail.append(settings.hub_docname(entry.category))
        self.document.insert(
            self.document.index(body), build_breadcrumbs(self.env, docname, trail, entry.title)
        )
        # The general index lists the term under its title and sends each alias to it.
        # These entries are also how the search page finds a term by title or alias:
        # with no target id their result is the page itself, which the search page's
        # duplicate removal merges with the page's title and full-text hits, so a term
        # is listed once (the domain keeps its objects out of the search index).
        index_entries = [("single", entry.title, "", "main", None)]
        index_entries += [
            ("see", f"{alias}; {entry.title}", "", "main", None)
            for alias in entry.aliases
            if alias.casefold() != entry.title.casefold()
        ]
        body.insert(1, addnodes.index(entries=index_entries))
        self.publish_as_glossary_terms(entry)
        if entry.summary:
            # shown exactly as written: the same text is the page's meta description
            definition = nodes.paragraph(
                entry.summary,
                entry.summary,
                classes=["termpages-definition", "termpages-lede"],
                support_smartquotes=False,
            )
            body.insert(2, definition)
        names = shown_aliases(entry.title, entry.aliases)
        if names:
            # what the structured data calls alternateName, shown where a reader sees it
            also = nodes.paragraph(classes=["termpages-also-called"], support_smartquotes=False)
            also += nodes.strong(settings.labels.also_called, settings.labels.also_called)
            also += nodes.Text(" " + ", ".join(names))
            body.insert(3 if entry.summary else 2, also)
        if entry.related:
            append_section(
                body,
                self.document,
                settings.labels.related_heading,
                related_terms(slugs=[slug for slug, _ in entry.related]),
            )
        if settings.backlinks:
            body += backlinks_placeholder()
        if entry.same_as:
            body += see_also(settings.labels.see_also, entry.same_as)
        if entry.last_updated:
            body += last_updated(label=settings.labels.last_updated, date=entry.last_updated)
        cta = cta_for_term(self.config, entry.cta, entry.slug)
        if cta is not None:
            body += cta

    def publish_as_glossary_terms(self, entry: TermEntry) -> None:
        """Also list every name as a ``std:term`` object, the type every Sphinx site knows.

        objects.inv then lets a plain Sphinx project with intersphinx link to a
        term with ``:term:`RAG```, no termpages needed. A name that is already
        taken is skipped quietly: duplicate-alias has warned about it.
        """
        std = self.env.get_domain("std")
        for name in dict.fromkeys([entry.slug, entry.title, *entry.aliases]):
            if ("term", name) not in std.objects:  # type: ignore[attr-defined]
                std.note_object("term", name, "", location=(entry.docname, entry.line))  # type: ignore[attr-defined]


def setup_term_pages(app: Sphinx) -> None:
    app.connect("source-read", read_term_source)
    app.add_transform(TermPageLayout)
