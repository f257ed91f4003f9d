"""What crawlers read besides the page body: meta tags, sitemap.xml, robots.txt, redirects.

One date everywhere: a term's ``last_updated`` is its visible "Last updated",
its JSON-LD dateModified, its ``article:modified_time`` and its sitemap lastmod.

sitemap.xml is written here rather than by sphinx-sitemap: that extension only
lists the pages written in the current build (after an incremental build its
sitemap lost every unchanged page) and takes lastmod from git, not from the
page. Ours is a pure function of the environment, written once per build.
"""

from __future__ import annotations

import functools
import html
import re
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from .config import Settings, get_settings, report_setting
from .domain import get_domain, page_taken
from .hubs import listed_terms
from .robots import robots_txt
from .shared import page_title, write_if_changed
from .urls import is_not_found_page
from .warnings_ import TermWarning, shown, warn
from .weburls import base_url_problem, web_url

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def base_url(app: Sphinx) -> str:
    """``html_baseurl`` as browsers serialize it, ending in ``/``; "" when unset or unsafe."""
    return _site_base(app.config.html_baseurl or "")


@functools.lru_cache(maxsize=8)
def _site_base(base: str) -> str:
    if not base:
        return ""
    url = web_url(base)
    if url is None:
        return ""  # check_base_url says why
    return url if url.endswith("/") else url + "/"


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
    if is_not_found_page(app, pagename):
        return settings.labels.not_found_description
    return ""


# docutils (0.22) adds this viewport tag to the body's meta tags, though every Sphinx
# theme's layout has its own: a page would carry two
_DOCUTILS_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\n?')


def add_meta_tags(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Meta description, article dates, OpenGraph and Twitter tags, from the page's own data.

    Runs before sphinxext-opengraph (priority 500), which then keeps this
    description and takes ``og:*`` values from ``context["meta"]``.
    """
    settings = get_settings(app.config)
    description = page_description(settings, app, pagename)
    title = page_title(app, pagename, context)
    tags: list[str] = []
    meta = dict(context.get("meta") or {})  # a copy: never write into env.metadata
    if description:
        tags.append(f'<meta name="description" content="{html.escape(description)}">')
        meta["og:description"] = description
    if is_not_found_page(app, pagename):
        # a 404 page answers for every missing URL: it must not be indexed or claim one
        tags.append('<meta name="robots" content="noindex">')
        context["pageurl"] = None
        meta["ogp_disable"] = True
    else:
        if title:
            tags.append(f'<meta name="twitter:title" content="{html.escape(title)}">')
        if description:
            tags.append(f'<meta name="twitter:description" content="{html.escape(description)}">')
    entry = get_domain(app.env).terms.get(pagename)
    if entry is not None:
        meta["og:type"] = "article"
        if entry.last_updated:
            tags.append(f'<meta property="article:modified_time" content="{entry.last_updated}">')
        if entry.published or entry.last_updated:
            published = entry.published or entry.last_updated
            tags.append(f'<meta property="article:published_time" content="{published}">')
    context["meta"] = meta
    metatags = _DOCUTILS_VIEWPORT.sub("", context.get("metatags", ""))
    context["metatags"] = metatags + "".join(tag + "\n" for tag in tags)


def sitemap_xml(app: Sphinx) -> bytes:
    """Every document once, sorted by URL; lastmod is the last_updated date it shows."""
    domain = get_domain(app.env)
    settings = get_settings(app.config)
    base = base_url(app)
    lastmods = {
        docname: entry.last_updated for docname, entry in domain.terms.items() if entry.last_updated
    }
    # a listing page changes when one of its terms does: it carries the newest date
    # (every page of a paginated hub, every letter page: the newest of the terms it shows)
    for docname in sorted(app.env.found_docs):
        listing = listed_terms(app.env, docname)
        dates = [e.last_updated for e in listing[1] if e.last_updated] if listing else []
        if dates:
            lastmods[docname] = max(dates)
    if lastmods:
        newest = max(date for docname, date in lastmods.items() if docname in domain.terms)
        lastmods.setdefault(settings.home_doc, newest)
    entries = [
        (base + app.builder.get_target_uri(docname), lastmods.get(docname))
        for docname in app.env.found_docs
    ]
    urlset = ElementTree.Element("urlset", xmlns=SITEMAP_NAMESPACE)
    for location, lastmod in sorted(entries):
        url = ElementTree.SubElement(urlset, "url")
        ElementTree.SubElement(url, "loc").text = location
        if lastmod:
            ElementTree.SubElement(url, "lastmod").text = lastmod
    ElementTree.indent(urlset)
    return bytes(ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True))


def write_site_files(app: Sphinx, exception: Exception | None) -> None:
    settings = get_settings(app.config)
    if exception is not None or not is_html_site_builder(app) or settings.preview:
        return  # written again by the next ordinary build
    base = base_url(app)
    outdir = Path(app.outdir)
    write_sitemap = settings.sitemap and bool(base)
    if write_sitemap:
        write_if_changed(outdir / "sitemap.xml", sitemap_xml(app))
    if settings.robots is not None:
        write_if_changed(outdir / "robots.txt", robots_txt(settings.robots, base, write_sitemap))


#: Set on the configuration when html_baseurl was refused, so it is not also "not set".
_REFUSED_BASE_URL = "_termpages_refused_baseurl"


def refuse_unsafe_base_url(app: Sphinx, config: Config) -> None:
    """``config-inited``: an html_baseurl browsers would not read as the site's address is
    warned about at its conf.py line and emptied, so that nothing uses it: not Sphinx's
    canonical link, not sphinxcontrib-jsonld's ids, not the exports."""
    base = config.html_baseurl
    if not base:
        return
    problem = base_url_problem(base) if isinstance(base, str) else "it is not text"
    if problem is not None:
        report_setting(app)(
            f"html_baseurl must be an absolute http(s) URL, got {shown(base)}: {problem}; "
            "pages are written without it"
        )
        config.html_baseurl = ""
        setattr(config, _REFUSED_BASE_URL, True)


def check_base_url(app: Sphinx) -> None:
    """Canonical URLs, the sitemap and structured data all need the site's address."""
    settings = get_settings(app.config)
    if not is_html_site_builder(app):
        return
    if app.config.html_baseurl or app.config.__dict__.get(_REFUSED_BASE_URL):
        return  # set, or refused with a warning already
    if settings.sitemap or settings.publisher is not None:
        warn(
            TermWarning.CONFIG,
            "html_baseurl is not set, so pages get no canonical URL, sitemap.xml and "
            "JSON-LD are not written (set it, or termpages_sitemap = False)",
        )


REDIRECT_TEMPLATE = Path(__file__).parent / "templates" / "redirect.html"


def redirect_stubs(app: Sphinx) -> dict[str, str]:
    """Old page name -> URL of the term that took it, for every ``redirect_from`` slug."""
    settings = get_settings(app.config)
    terms = get_domain(app.env).by_slug()
    # the site's own redirects (sphinx-reredirects' setting) keep the names they claim
    configured = getattr(app.config, "redirects", None) or {}
    claimed = {str(source).removesuffix(".html") for source in configured}
    base = base_url(app)
    stubs: dict[str, str] = {}
    for entry in sorted(terms.values(), key=lambda e: e.docname):
        for old_slug, _ in entry.redirect_from:
            old_page = settings.term_docname(old_slug)
            taken = old_page in claimed or old_page in stubs
            if old_slug in terms or taken or page_taken(app.env, old_page) is not None:
                continue  # reported by TermpagesDomain.check_redirects
            target = app.builder.get_target_uri(entry.docname)
            # absolute when the site's address is known: the stub's canonical link needs it
            old_uri = app.builder.get_target_uri(old_page)
            stubs[old_page] = base + target if base else relative_uri(old_uri, target)
    return stubs


#: The redirect stubs the last build wrote (old page -> target), kept in the environment.
_STUBS_WRITTEN = "termpages_redirect_stubs"


def stub_text(target: str) -> str:
    # escaped for the attributes and text it lands in: a serialized URL keeps & and '
    page = string.Template(REDIRECT_TEMPLATE.read_text(encoding="utf-8"))
    return page.substitute(to_uri=html.escape(target, quote=True))


def is_stub_or_free(path: Path) -> bool:
    """Whether a redirect stub may be written at ``path``: nothing, or a stub, is there."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    except (OSError, UnicodeDecodeError):
        return False
    template = stub_text("\0")
    before, after = template.partition("\0")[0], template.rpartition("\0")[2]
    return text.startswith(before) and text.endswith(after)


def remove_stale_redirect_stubs(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A stub whose old slug no term claims any more goes; Sphinx would never delete it.

    Only a file that is still exactly the stub this extension wrote there, at a name
    that is no page of the site now: a page or a writer's file is never touched.
    """
    builder = app.builder
    if not is_html_site_builder(app) or not isinstance(builder, StandaloneHTMLBuilder):
        return []
    new = redirect_stubs(app)
    old: dict[str, str] = getattr(env, _STUBS_WRITTEN, {})
    setattr(env, _STUBS_WRITTEN, new)
    for old_page in sorted(old.keys() - new.keys() - env.found_docs):
        path = Path(builder.get_outfilename(old_page))
        try:
            if path.read_text(encoding="utf-8") == stub_text(old[old_page]):
                path.unlink()
        except (OSError, UnicodeDecodeError):
            pass  # gone already, or not ours
    return []


def write_redirect_stubs(app: Sphinx) -> list[Any]:
    """A small page at each old URL of a renamed term, sending readers and crawlers on.

    Written here rather than by sphinx-reredirects: that extension takes its
    redirects from configuration only, and these are known only once every
    page has been read; feeding them to it meant changing the configuration
    in the middle of the build.
    """
    builder = app.builder
    if not is_html_site_builder(app) or not isinstance(builder, StandaloneHTMLBuilder):
        return []
    for old_page, target in redirect_stubs(app).items():
        path = Path(builder.get_outfilename(old_page))
        if not is_stub_or_free(path):
            continue  # a page another extension wrote there (a 404 page): it stays
        path.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(path, stub_text(target))
    return []  # the stubs are written already: no page for Sphinx to render


def setup_seo(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags, priority=100)
    app.connect("config-inited", refuse_unsafe_base_url)
    app.connect("builder-inited", check_base_url)
    app.connect("html-collect-pages", write_redirect_stubs)
    app.connect("env-updated", remove_stale_redirect_stubs)
    app.connect("build-finished", write_site_files)
