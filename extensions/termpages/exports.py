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


def terms_by_category(
    domain: TermpagesDomain, settings: Settings
) -> list[tuple[str, list[TermEntry]]]:
    """(category title, its terms by title), in declared order; uncategorized last."""
    groups = [
        (category.title, domain.sorted_terms(category.id))
        for category in settings.ordered_categories()
    ]
    loose = [entry for entry in domain.sorted_terms() if entry.category is None]
    if loose:
        groups.append((settings.labels.uncategorized, loose))
    return [(title, entries) for title, entries in groups if entries]


def llms_txt(app: Sphinx) -> str:
    settings = get_settings(app.config)
    domain = get_domain(app.env)
    lines = [f"# {escape(settings.glossary_name)}", ""]
    if settings.glossary_description:
        lines += [f"> {escape(settings.glossary_description)}", ""]
    lines += [
        "Each entry links to a clean Markdown version of the term's page. "
        "The whole glossary as one file: "
        f"[llms-full.txt]({link_destination(base_url(app) + 'llms-full.txt')}).",
        "",
    ]
    for title, entries in terms_by_category(domain, settings):
        lines += [f"## {escape(title)}", ""]
        for entry in entries:
            url = link_destination(base_url(app) + twin_path(app, entry.docname))
            lines.append(f"- [{escape(entry.title)}]({url}): {escape(entry.summary)}")
        lines.append("")
    others = [settings.home_doc] + [settings.hub_docname(c) for c in settings.categories]
    others += sorted(
        docname
        for docname in app.env.found_docs
        if docname not in domain.terms and docname not in others
    )
    optional = [docname for docname in others if docname in app.env.found_docs]
    if optional:
        lines += ["## Optional", ""]
        for docname in optional:
            title = app.env.titles[docname].astext() if docname in app.env.titles else docname
            url = link_destination(base_url(app) + twin_path(app, docname))
            lines.append(f"- [{escape(title)}]({url})")
        lines.append("")
    return "\n".join(lines)


def llms_full_txt(app: Sphinx) -> str:
    """Every term's twin, grouped by category; the twins were written as pages were."""
    settings = get_settings(app.config)
    domain = get_domain(app.env)
    outdir = str(app.outdir)
    parts = [f"# {escape(settings.glossary_name)}", ""]
    if settings.glossary_description:
        parts += [f"> {escape(settings.glossary_description)}", ""]
    for title, entries in terms_by_category(domain, settings):
        parts += [f"## {escape(title)}", ""]
        for entry in entries:
            try:
                with open(
                    os.path.join(outdir, twin_path(app, entry.docname)), encoding="utf-8"
                ) as twin:
                    body = twin.read()
            except FileNotFoundError:
                body = ""
            # each term's headings move down two levels, under its category
            parts += [shift_headings(body, 2).strip(), ""]
    return "\n".join(parts) + "\n"


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
    if settings.llms_full and settings.markdown_twins:
        write_if_changed(outdir / "llms-full.txt", llms_full_txt(app))
    if settings.glossary_json:
        write_if_changed(outdir / "glossary.json", glossary_json(app))
        write_if_changed(outdir / SCHEMA_FILE.name, SCHEMA_FILE.read_bytes())


def setup_exports(app: Sphinx) -> None:
    # the trail is navigation and the JSON-LD is for machines: a twin's reader needs neither
    add_markdown_node(breadcrumbs, skip_in_markdown)
    add_markdown_node(jsonld_data, skip_in_markdown)
    app.connect("html-page-context", write_twin, priority=450)
    app.connect("env-get-outdated", remove_twins_of_removed_pages)
    app.connect("build-finished", write_exports)
