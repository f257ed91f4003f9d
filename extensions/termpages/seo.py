"""What crawlers read besides the page body: meta tags, sitemap.xml, robots.txt, redirects.

One date everywhere: a term's ``last_updated`` is its visible "Last updated",
its JSON-LD dateModified, its ``article:modified_time`` and its sitemap lastmod.

sitemap.xml is written here rather than by sphinx-sitemap: that extension only
lists the pages written in the current build (after an incremental build its
sitemap lost every unchanged page) and takes lastmod from git, not from the
page. Ours is a pure function of the environment, written once per build.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from xml.etree import ElementTree

from .config import RobotsPolicy, Settings, get_settings
from .domain import get_domain
from .warnings_ import TermWarning, warn

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"

#: Crawlers of each group robots.txt can let in or keep out (termpages_robots).
CRAWLERS: dict[str, tuple[str, ...]] = {
    # search engines, including the indexes AI answer engines search
    "search": (
        "Googlebot",
        "Bingbot",
        "DuckDuckBot",
        "Applebot",
        "OAI-SearchBot",
        "Claude-SearchBot",
        "PerplexityBot",
    ),
    # fetches made on a user's behalf while an assistant answers them
    "assistants": ("ChatGPT-User", "Claude-User", "Perplexity-User", "MistralAI-User"),
    # collection of model training data
    "training": (
        "GPTBot",
        "ClaudeBot",
        "Google-Extended",
        "Applebot-Extended",
        "CCBot",
        "Meta-ExternalAgent",
    ),
}


def base_url(app: Sphinx) -> str:
    base: str = app.config.html_baseurl or ""
    return base if not base or base.endswith("/") else base + "/"


def is_html_site_builder(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.builder.name in ("html", "dirhtml")


def page_description(settings: Settings, app: Sphinx, pagename: str) -> str:
    entry = get_domain(app.env).terms.get(pagename)
    if entry is not None:
        return entry.summary
    for category in settings.categories.values():
        if pagename == settings.hub_docname(category.id):
            return category.description
    if pagename == settings.home_doc:
        return settings.glossary_description
    return ""


def add_meta_tags(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Meta description, article dates and OpenGraph overrides, from the page's own data.

    Runs before sphinxext-opengraph (priority 500), which then keeps this
    description and takes ``og:*`` values from ``context["meta"]``.
    """
    settings = get_settings(app.config)
    description = page_description(settings, app, pagename)
    tags: list[str] = []
    meta = dict(context.get("meta") or {})  # a copy: never write into env.metadata
    if description:
        tags.append(f'<meta name="description" content="{html.escape(description)}">')
        meta["og:description"] = description
    entry = get_domain(app.env).terms.get(pagename)
    if entry is not None:
        meta["og:type"] = "article"
        if entry.last_updated:
            tags.append(f'<meta property="article:modified_time" content="{entry.last_updated}">')
        if entry.published or entry.last_updated:
            published = entry.published or entry.last_updated
            tags.append(f'<meta property="article:published_time" content="{published}">')
    context["meta"] = meta
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def sitemap_xml(app: Sphinx) -> bytes:
    """Every document once, sorted by URL; lastmod is the term's last_updated date."""
    domain = get_domain(app.env)
    base = base_url(app)
    entries = []
    for docname in app.env.found_docs:
        entry = domain.terms.get(docname)
        entries.append(
            (base + app.builder.get_target_uri(docname), entry.last_updated if entry else None)
        )
    urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for location, lastmod in sorted(entries):
        url = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(url, "loc").text = location
        if lastmod:
            ElementTree.SubElement(url, "lastmod").text = lastmod
    ElementTree.indent(urlset)
    return bytes(ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True))


def robots_txt(policy: RobotsPolicy, base: str, sitemap: bool) -> str:
    path = urlsplit(base).path or "/"
    lines = ["# Written by termpages from conf.py (termpages_robots).", ""]
    for group, allowed in (
        ("search", policy.search),
        ("assistants", policy.assistants),
        ("training", policy.training),
    ):
        lines += [f"User-agent: {agent}" for agent in CRAWLERS[group]]
        lines += [f"{'Allow' if allowed else 'Disallow'}: {path}", ""]
    lines += ["User-agent: *", f"Allow: {path}", ""]
    if sitemap and base:
        lines.append(f"Sitemap: {base}sitemap.xml")
    return "\n".join(lines) + "\n"


def write_site_files(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html_site_builder(app):
        return
    settings = get_settings(app.config)
    base = base_url(app)
    outdir = Path(app.outdir)
    write_sitemap = settings.sitemap and bool(base)
    if write_sitemap:
        (outdir / "sitemap.xml").write_bytes(sitemap_xml(app))
    if settings.robots is not None:
        (outdir / "robots.txt").write_text(
            robots_txt(settings.robots, base, write_sitemap), encoding="utf-8"
        )


def check_base_url(app: Sphinx) -> None:
    """Canonical URLs, the sitemap and structured data all need the site's address."""
    settings = get_settings(app.config)
    if not is_html_site_builder(app) or app.config.html_baseurl:
        return
    if settings.sitemap or settings.publisher is not None:
        warn(
            TermWarning.CONFIG,
            "html_baseurl is not set, so pages get no canonical URL, sitemap.xml and "
            "JSON-LD are not written (set it, or termpages_sitemap = False)",
        )


REDIRECT_TEMPLATE = Path(__file__).parent / "templates" / "redirect.html"


def feed_redirects(app: Sphinx) -> list[Any]:
    """Give sphinx-reredirects the ``redirect_from`` slugs of every term.

    Its settings are read when it writes the pages (html-collect-pages, which
    this handler precedes); they are set here, after the environment has been
    saved, so the saved configuration stays as conf.py wrote it.
    """
    settings = get_settings(app.config)
    if "sphinx_reredirects" not in app.extensions:
        if any(entry.redirect_from for entry in get_domain(app.env).terms.values()):
            warn(
                TermWarning.CONFIG,
                "terms use redirect_from, but sphinx_reredirects is not in extensions; "
                "their old URLs are not kept",
            )
        return []
    redirects = dict(app.config.redirects or {})
    terms = get_domain(app.env).by_slug()
    for entry in sorted(terms.values(), key=lambda e: e.docname):
        for old_slug, _ in entry.redirect_from:
            old_docname = f"{settings.terms_dir}/{old_slug}"
            if old_slug in terms or old_docname in redirects:
                continue  # reported by TermpagesDomain.check_redirects
            redirects[old_docname] = f"/{app.builder.get_target_uri(entry.docname)}"
    app.config.redirects = redirects
    if not app.config.redirect_html_template_file:
        app.config.redirect_html_template_file = str(REDIRECT_TEMPLATE)
    return []


def setup_seo(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags, priority=100)
    app.connect("builder-inited", check_base_url)
    app.connect("html-collect-pages", feed_redirects, priority=400)
    app.connect("build-finished", write_site_files)
