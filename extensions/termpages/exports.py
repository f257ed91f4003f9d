"""Exports for AI assistants: Markdown twins, llms.txt, llms-full.txt and glossary.json.

- A Markdown twin of every page, at its URL + ``.md``, rendered from the
  resolved doctree while the page is written (a pure function of the page);
  the HTML page points to it with ``<link rel="alternate" type="text/markdown">``.
- ``llms.txt`` (llmstxt.org), ``llms-full.txt`` and ``glossary.json``, written
  once at the end of each build from the whole environment, so an incremental
  or parallel build gives the same files as a clean serial one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinxcontrib.jsonld import jsonld_data

from .breadcrumbs import breadcrumbs
from .config import Settings, get_settings
from .domain import TermpagesDomain, get_domain
from .frontmatter import TermEntry
from .markdown import (
    add_markdown_node,
    escape,
    link_destination,
    render_markdown,
    shift_headings,
    skip_in_markdown,
)
from .seo import base_url, is_html_site_builder
from .shared import head_tag, write_if_changed
from .weburls import web_urls

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

TWIN_SUFFIX = ".md"
#: The JSON Schema of glossary.json; shipped with the package and copied next to it.
SCHEMA_FILE = Path(__file__).parent / "schemas" / "glossary.schema.json"


def page_url(app: Sphinx, docname: str) -> str:
    return base_url(app) + app.builder.get_target_uri(docname)


def twin_path(app: Sphinx, docname: str) -> str:
    """Relative output path of a page's twin: the page URL + .md (index.html.md for dirs)."""
    target = app.builder.get_target_uri(docname)
    if not target or target.endswith("/"):
        target += "index.html"
    return target + TWIN_SUFFIX


def write_twin(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    settings = get_settings(app.config)
    if doctree is None or not settings.markdown_twins or not is_html_site_builder(app):
        return
    entry = get_domain(app.env).terms.get(pagename)
    markdown = render_markdown(doctree, page_url(app, pagename), app.config)
    if entry is not None:
        markdown += f"\nSource: {page_url(app, pagename)}\n"
    path = Path(app.outdir) / twin_path(app, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_if_changed(path, markdown)
    twin_name = Path(twin_path(app, pagename)).name
    # a string: html-page-context hands the template its <head> tags as text
    link = head_tag("link", rel="alternate", type="text/markdown", href=twin_name)
    context["metatags"] = context.get("metatags", "") + link + "\n"


# --------------------------------------------------------------------- whole-site files


#: The ``## Optional`` section of ``llms.txt`` lists at most this many other pages, so
#: that a site with thousands of generated or hand-written pages keeps a small index.
OPTIONAL_PAGES_SHOWN = 100


@dataclass(frozen=True)
class TermGroup:
    """One category's terms (or the uncategorized ones) and where its own exports go."""

    title: str
    description: str
    entries: list[TermEntry]
    #: folder of the group's ``llms.txt`` and ``llms-full.txt``, relative to the output
    #: root; None for uncategorized terms, which are always listed in the root files
    folder: str | None


def terms_by_category(domain: TermpagesDomain, settings: Settings) -> list[TermGroup]:
    """The groups of terms by title, in declared category order; uncategorized last."""
    groups = [
        TermGroup(
            category.title,
            category.description,
            domain.sorted_terms(category.id),
            settings.hub_docname(category.id),
        )
        for category in settings.ordered_categories()
    ]
    loose = [entry for entry in domain.sorted_terms() if entry.category is None]
    groups.append(TermGroup(settings.labels.uncategorized, "", loose, None))
    return [group for group in groups if group.entries]


def export_url(app: Sphinx, folder: str | None, name: str) -> str:
    """Absolute URL of a whole-site file, as a Markdown link destination."""
    return link_destination(base_url(app) + (f"{folder}/{name}" if folder else name))


def llms_header(title: str, description: str) -> list[str]:
    lines = [f"# {escape(title)}", ""]
    if description:
        lines += [f"> {escape(description)}", ""]
    return lines


def term_links(app: Sphinx, entries: list[TermEntry]) -> list[str]:
    lines = []
    for entry in entries:
        url = link_destination(base_url(app) + twin_path(app, entry.docname))
        lines.append(f"- [{escape(entry.title)}]({url}): {escape(entry.summary)}")
    return lines


def llms_txt(app: Sphinx) -> str:
    """The root index: the categories, then (on a small glossary) every term, then the rest.

    Beyond ``termpages_llms_txt_max_terms`` terms the term lists move to one
    ``llms.txt`` per category, so the root stays small enough for an assistant to read
    whole at any size; each category also has its own ``llms-full.txt``.
    """
    settings = get_settings(app.config)
    domain = get_domain(app.env)
    groups = terms_by_category(domain, settings)
    every_term = len(domain.terms) <= settings.llms_txt_max_terms
    lines = llms_header(settings.glossary_name, settings.glossary_description)
    full = f"[llms-full.txt]({export_url(app, None, 'llms-full.txt')})"
    if every_term:
        lines.append(
            "Each entry links to a clean Markdown version of the term's page. "
            f"The whole glossary as one file: {full}."
        )
    else:
        lines.append(
            f"The glossary has {len(domain.terms)} terms. Each category below links to its own "
            "llms.txt, which lists the category's terms with their summaries, and to its own "
            f"llms-full.txt. The whole glossary as one file: {full}."
        )
    lines.append("")
    split = [group for group in groups if group.folder is not None]
    if split:
        lines += ["## Categories", ""]
    for group in split:
        notes = f"{len(group.entries)} terms"
        if settings.llms_full and settings.markdown_twins:
            notes += f"; as one file: {export_url(app, group.folder, 'llms-full.txt')}"
        if group.description:
            notes = f"{escape(group.description)} ({notes})"
        link = f"[{escape(group.title)}]({export_url(app, group.folder, 'llms.txt')})"
        lines.append(f"- {link}: {notes}")
    if split:
        lines.append("")
    for group in groups:
        if every_term or group.folder is None:
            lines += [f"## {escape(group.title)}", "", *term_links(app, group.entries), ""]
    lines += optional_section(app, settings, domain)
    return "\n".join(lines)


def optional_section(app: Sphinx, settings: Settings, domain: TermpagesDomain) -> list[str]:
    """``## Optional``: the home page and hubs first, then the other pages, bounded."""
    others = [settings.home_doc] + [settings.hub_docname(c) for c in settings.categories]
    others += sorted(
        docname
        for docname in app.env.found_docs
        if docname not in domain.terms and docname not in others
    )
    optional = [docname for docname in others if docname in app.env.found_docs]
    if not optional:
        return []
    lines = ["## Optional", ""]
    for docname in optional[:OPTIONAL_PAGES_SHOWN]:
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        url = link_destination(base_url(app) + twin_path(app, docname))
        lines.append(f"- [{escape(title)}]({url})")
    left_out = len(optional) - OPTIONAL_PAGES_SHOWN
    if left_out > 0:
        home = link_destination(base_url(app) + twin_path(app, settings.home_doc))
        lines.append(f"- [{left_out} more pages]({home}): reachable from the home page")
    lines.append("")
    return lines


def category_llms_txt(app: Sphinx, settings: Settings, group: TermGroup) -> str:
    """One category's index: its terms with their summaries, linked to their twins."""
    lines = llms_header(f"{settings.glossary_name}: {group.title}", group.description)
    root = f"[llms.txt]({export_url(app, None, 'llms.txt')})"
    text = f"The {len(group.entries)} terms of this category. The whole glossary: {root}."
    if settings.llms_full and settings.markdown_twins:
        text += (
            " This category as one file: "
            f"[llms-full.txt]({export_url(app, group.folder, 'llms-full.txt')})."
        )
    lines += [text, "", "## Terms", "", *term_links(app, group.entries), ""]
    return "\n".join(lines)


def read_twins(app: Sphinx, entries: list[TermEntry]) -> list[str]:
    """Each term's twin, its headings moved two levels down (under a category)."""
    outdir = str(app.outdir)
    bodies = []
    for entry in entries:
        path = os.path.join(outdir, twin_path(app, entry.docname))
        try:
            with open(path, encoding="utf-8") as twin:
                body = twin.read()
        except FileNotFoundError:
            body = ""
        bodies.append(shift_headings(body, 2).strip())
    return bodies


def full_text(title: str, description: str, sections: list[tuple[str, list[str]]]) -> str:
    parts = llms_header(title, description)
    for heading, bodies in sections:
        parts += [f"## {escape(heading)}", ""]
        for body in bodies:
            parts += [body, ""]
    return "\n".join(parts) + "\n"


def llms_full_txts(app: Sphinx) -> dict[str, str]:
    """``llms-full.txt`` (every term's twin, by category) and one per category, by path.

    The twins were written as the pages were; each is read once for both files.
    """
    settings = get_settings(app.config)
    groups = terms_by_category(get_domain(app.env), settings)
    sections = [(group.title, read_twins(app, group.entries)) for group in groups]
    files = {
        "llms-full.txt": full_text(settings.glossary_name, settings.glossary_description, sections)
    }
    for group, (heading, bodies) in zip(groups, sections, strict=True):
        if group.folder is not None:
            title = f"{settings.glossary_name}: {group.title}"
            files[f"{group.folder}/llms-full.txt"] = full_text(
                title, group.description, [(heading, bodies)]
            )
    return files


def glossary_json(app: Sphinx) -> str:
    settings = get_settings(app.config)
    domain = get_domain(app.env)
    faqs = domain.data["questions"]
    terms = []
    by_slug = domain.by_slug()
    for slug in sorted(by_slug):
        entry = by_slug[slug]
        terms.append(
            {
                "slug": entry.slug,
                "title": entry.title,
                "url": page_url(app, entry.docname),
                "markdown_url": base_url(app) + twin_path(app, entry.docname),
                "category": entry.category,
                "summary": entry.summary,
                "aliases": list(entry.aliases),
                "related": [related for related, _ in entry.related],
                "faq": [
                    {"question": question, "answer": answer}
                    for question, _, answer in faqs.get(entry.docname, [])
                ],
                "last_updated": entry.last_updated,
                "same_as": web_urls(entry.same_as),
            }
        )
    document = {
        "schema": SCHEMA_FILE.name,
        "name": settings.glossary_name,
        "url": page_url(app, settings.home_doc),
        "categories": [
            {"id": c.id, "title": c.title, "description": c.description}
            for c in settings.ordered_categories()
        ],
        "terms": terms,
    }
    return json_one_term_per_line(document)


def json_one_term_per_line(document: dict[str, Any]) -> str:
    """Indented JSON with each term on one line: readable, diffable, and fast to write.

    ``json.dumps(indent=...)`` runs Python's pure-Python encoder, which takes
    a noticeable share of a one-page rebuild at a few thousand terms; compact
    dumps per term use the C encoder.
    """
    terms = document["terms"]
    head = json.dumps({**document, "terms": []}, ensure_ascii=False, indent=2, allow_nan=False)
    if not terms:
        return head + "\n"
    lines = ",\n".join(
        "    " + json.dumps(term, ensure_ascii=False, allow_nan=False) for term in terms
    )
    opening, closing = head.rsplit('"terms": []', 1)
    return f'{opening}"terms": [\n{lines}\n  ]{closing}\n'


def remove_twins_of_removed_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A deleted page's twin must go too; Sphinx never deletes outputs itself."""
    if is_html_site_builder(app):
        outdir = Path(app.outdir)
        for docname in sorted(removed):
            (outdir / twin_path(app, docname)).unlink(missing_ok=True)
    return []


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    settings = get_settings(app.config)
    if exception is not None or not is_html_site_builder(app) or settings.preview:
        return  # the preview shows pages; the whole-site files wait for an ordinary build
    outdir = Path(app.outdir)
    if settings.llms_txt:
        write_if_changed(outdir / "llms.txt", llms_txt(app))
        for group in terms_by_category(get_domain(app.env), settings):
            if group.folder is not None:
                path = outdir / group.folder / "llms.txt"
                path.parent.mkdir(parents=True, exist_ok=True)
                write_if_changed(path, category_llms_txt(app, settings, group))
    remove_exports_of_removed_categories(outdir, settings)
    if settings.llms_full and settings.markdown_twins:
        for name, text in llms_full_txts(app).items():
            (outdir / name).parent.mkdir(parents=True, exist_ok=True)
            write_if_changed(outdir / name, text)
    if settings.glossary_json:
        write_if_changed(outdir / "glossary.json", glossary_json(app))
        write_if_changed(outdir / SCHEMA_FILE.name, SCHEMA_FILE.read_bytes())


def remove_exports_of_removed_categories(outdir: Path, settings: Settings) -> None:
    """A category's own llms files go with it (or with the setting that wrote them)."""
    wanted = set()
    for category_id in settings.categories:
        if settings.llms_txt:
            wanted.add(f"{settings.hub_docname(category_id)}/llms.txt")
        if settings.llms_full and settings.markdown_twins:
            wanted.add(f"{settings.hub_docname(category_id)}/llms-full.txt")
    for name in ("llms.txt", "llms-full.txt"):
        for path in outdir.glob(f"{settings.hubs_dir}/*/{name}"):
            if path.relative_to(outdir).as_posix() not in wanted:
                path.unlink()
                if not any(path.parent.iterdir()):
                    path.parent.rmdir()


def setup_exports(app: Sphinx) -> None:
    # the trail is navigation and the JSON-LD is for machines: a twin's reader needs neither
    add_markdown_node(breadcrumbs, skip_in_markdown)
    add_markdown_node(jsonld_data, skip_in_markdown)
    app.connect("html-page-context", write_twin, priority=450)
    app.connect("env-get-outdated", remove_twins_of_removed_pages)
    app.connect("build-finished", write_exports)
