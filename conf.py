"""Sphinx configuration for the Geonimo glossary (sources in docs/, built with -c .)."""

from __future__ import annotations

import contextlib
import html
import io
import logging
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

# The extension is installed by `make` (pip install -e .); this keeps a bare
# `sphinx-build -c . docs _build/html` working from a checkout too.
sys.path.insert(0, str(Path(__file__).parent / "extensions"))

project = "Geonimo Glossary"
author = "Geonimo"
copyright = "2026, Geonimo"
language = "en"

# sphinxext-opengraph prints a notice about matplotlib when it is imported, before any
# setting is read; the site draws its own social cards (termpages), so the notice is
# noise. Imported here once with that one line held back, anything else passed on.
MATPLOTLIB_NOTICE = "matplotlib is not installed, social cards will not be generated\n"
with contextlib.redirect_stdout(io.StringIO()) as opengraph_output:
    import sphinxext.opengraph  # noqa: F401
sys.stdout.write(opengraph_output.getvalue().replace(MATPLOTLIB_NOTICE, ""))
del opengraph_output

extensions = [
    "myst_parser",
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinx_reredirects",
    "termpages",  # the glossary: term pages, hubs, FAQ, links, structured data
    "termpages.publish",  # sitemap, robots.txt, redirects, social cards, AI exports
    "termpages.speed",  # faster builds: garbage-collector shaping, compiled templates kept
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns: list[str] = []
myst_enable_extensions = ["colon_fence", "deflist"]
# Writers write Markdown, not HTML: raw HTML in a page is shown as text, never run.
myst_disable_syntax = ["html_inline", "html_block"]

html_theme = "furo"
html_title = "Geonimo Glossary"
# The brand files (logo, favicon, touch icon, geonimo.css) and the templates: the
# icons, the sidebar brand, the footer and the phone header's link to the company site
html_static_path = ["_static"]
templates_path = ["_templates"]
# Geonimo indigo. Contrast (WCAG) on furo's page backgrounds, white and #131416:
# links 7.9:1 light, 9.3:1 dark; the sidebar's top-level links 7.5:1 and 5.7:1.
html_theme_options = {
    "light_logo": "geonimo-logo.svg",
    "dark_logo": "geonimo-logo-dark.svg",
    "sidebar_hide_name": True,  # the logo carries the name
    "light_css_variables": {
        "color-brand-primary": "#4338CA",
        "color-brand-content": "#4338CA",
        "color-link": "#4338CA",
        "color-link--hover": "#3730A3",
        "color-link-underline": "#C7D2FE",
        "color-link-underline--hover": "#4338CA",
    },
    "dark_css_variables": {
        "color-brand-primary": "#818CF8",
        "color-brand-content": "#A5B4FC",
        "color-link": "#A5B4FC",
        "color-link--hover": "#C7D2FE",
        "color-link-underline": "#3730A3",
        "color-link-underline--hover": "#A5B4FC",
    },
}
# "Edit this page" opens the term's file on the repository host. Forks and mirrors set
# GEONIMO_GLOSSARY_EDIT_URL to their own edit address ({filename} is the file under docs/).
DEFAULT_EDIT_URL = "https://github.com/geonimo/glossary/edit/main/docs/{filename}"
_FILENAME = "termpages-filename-placeholder"


def edit_link(value: str) -> tuple[str, str | None]:
    """The edit address as browsers serialize it, or the default and why ``value`` is unsafe.

    Read by WHATWG rules (termpages.weburls) with ``{filename}`` held aside, so that it
    stays a placeholder for furo and a ``javascript:`` address never becomes a link.
    """
    from termpages.weburls import url_problem, web_url

    held = value.replace("{filename}", _FILENAME)
    problem = url_problem(held)
    if problem is not None:
        return DEFAULT_EDIT_URL, problem
    return str(web_url(held)).replace(_FILENAME, "{filename}"), None


_EDIT_URL = os.environ.get("GEONIMO_GLOSSARY_EDIT_URL", DEFAULT_EDIT_URL)
edit_url, _EDIT_URL_PROBLEM = edit_link(_EDIT_URL)
# furo writes the address into href= as it is, so it is HTML-escaped here
html_theme_options["source_edit_link"] = html.escape(edit_url)
# no "view source" button: the raw file is not published
html_theme_options["top_of_page_buttons"] = ["edit"]
# termpages' colours (CTA, cards, term-link underlines) in both modes
# written as Sphinx stores it (it adds the priority in place), so the stored and the
# fresh configuration compare equal and a rebuild does not report a change
html_css_files = [("geonimo.css", {"priority": 800})]
# The Markdown twins are the clean, machine-readable copy of each page; the raw
# MyST (front matter and all) is not published.
html_copy_source = False
# The A to Z letter list (and its letter pages on a large glossary) is the glossary's
# index. Sphinx's general index would repeat every title and alias on one page that
# grows with the glossary: 322 KB at 1,000 terms, far past any page budget at 5,000.
html_use_index = False

# --- where the site lives ---------------------------------------------------------
# Canonical URLs, og:url, the sitemap and JSON-LD ids all derive from this one
# address. Preview deployments set GEONIMO_GLOSSARY_BASE_URL to their own.
html_baseurl = os.environ.get("GEONIMO_GLOSSARY_BASE_URL", "https://geonimo.com/glossary/")
if not html_baseurl.endswith("/"):
    html_baseurl += "/"
# The live glossary's URLs: {html_baseurl}<slug>, no folder and no ".html". Pages are
# still written as <slug>.html, which static hosts serve at the extensionless URL
# (README: "Hosting"); the home page is {html_baseurl} itself. Hosts that can't do
# that (Read the Docs) set GEONIMO_GLOSSARY_LINK_SUFFIX=.html.
html_link_suffix = os.environ.get("GEONIMO_GLOSSARY_LINK_SUFFIX", "")

# OpenGraph and Twitter cards (sphinxext-opengraph); descriptions come from termpages
ogp_site_url = html_baseurl
ogp_site_name = "Geonimo Glossary"
ogp_type = "website"
ogp_social_cards = {"enable": False}  # termpages draws the cards (termpages_social_cards)
ogp_custom_meta_tags = (
    '<meta property="og:locale" content="en_US">',  # the glossary is written in US English
)

# The 404 page (sphinx-notfound-page) must find its styles from any URL
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"

# --- termpages -----------------------------------------------------------------

# Term files sit at the top of docs/ (docs/<slug>.md), so each term's URL is its slug;
# category hubs are generated under category/, a folder no term slug may take.
termpages_terms_dir = ""
termpages_hubs_dir = "category"

termpages_categories = [
    {
        "id": "geo-fundamentals",
        "title": "GEO Fundamentals",
        "description": "What it means for a brand to be visible, recommended and cited in AI "
        "answers, and the metrics that track it.",
    },
    {
        "id": "how-llms-work",
        "title": "How LLMs Work",
        "description": "How large language models are built, trained and adapted, "
        "and what that means for the answers they give about brands.",
    },
    {
        "id": "ai-platforms",
        "title": "AI Platforms",
        "description": "The assistants and AI search products people ask about brands: "
        "ChatGPT, Perplexity, Claude, Gemini, Google's AI features and Copilot.",
    },
    {
        "id": "answer-engines",
        "title": "AI Search & Answer Engines",
        "description": "How AI search finds, ranks, grounds and cites the sources behind "
        "an answer.",
    },
    {
        "id": "content-authority",
        "title": "Content & Authority",
        "description": "The qualities of content and sources that AI systems trust, quote "
        "and cite.",
    },
    {
        "id": "technical-geo",
        "title": "Technical GEO",
        "description": "Crawlers, robots.txt, llms.txt, sitemaps and markup: how AI systems "
        "reach and read a site.",
    },
]

termpages_cta = {
    "default": {
        "heading": "Track this for your brand",
        "text": "Geonimo monitors how ChatGPT, Perplexity, Claude, Gemini and Google AI "
        "talk about your brand — and generates the content that gets you cited.",
        "button": "Get your free audit",
        "url": "https://geonimo.com/audit",
        "utm": {
            "utm_source": "glossary",
            "utm_medium": "cta",
            "utm_campaign": "free-audit",
            "utm_content": "{slug}",
        },
    },
}
termpages_cta_default = "default"

termpages_publisher = {
    "name": "Geonimo",
    "url": "https://geonimo.com/",
    "logo": html_baseurl + "_static/geonimo-logo-512.png",
    # Geonimo's official profiles (LinkedIn, X, Crunchbase, ...) belong here; none is
    # listed until the company confirms them, so sameAs is left out of the markup.
    "same_as": [],
}
# The image a shared link shows (og:image, 1200x630), drawn for every term, hub and the
# home page in the brand's colours; the pages get twitter:card = summary_large_image.
termpages_social_cards = {
    "background": "#111827",
    "foreground": "#ffffff",
    "accent": "#4338CA",
    "logo": "_static/geonimo-logo-512.png",
    "site_name": "Geonimo Glossary",
}
termpages_glossary_name = "Geonimo Glossary of AI and Marketing Terms"
termpages_glossary_description = (
    "Plain definitions of the AI and marketing terms behind how AI assistants talk about brands."
)
# Every editorial check on (make check fails on any of them); one-way related
# links and page age are reported only when asked for.
termpages_checks = {
    "summary_single_sentence": True,
    "summary_max_length": 160,
    "require_faq": True,
    "require_term_reference": True,
    "orphans": True,
    # the same H2 wording (the term's name taken out) on more than 5% of term pages
    "repeated_headings": 0.05,
    # a paragraph whose wording is half or more on another term page
    "near_duplicate_text": 0.5,
    # text marked TODO: (make term writes its placeholders so)
    "placeholders": True,
}
# The checks above are notices in `make html` and warnings in `make check`, which sets
# termpages_checks_strict.

# Search engines and assistants may read everything; the model-training crawlers
# robots.txt names may not. Crawlers it does not name may read the site: a GEO
# company wants to be read by the answer engines of tomorrow too.
termpages_robots = {"search": True, "assistants": True, "training": False, "others": True}

# --- the brand in the templates, and the 404 page ----------------------------------

# The sidebar brand, the phone header and the footer name the publisher and link to
# its site (_templates/); the logo's alt text is the name.
html_context = {
    "brand_name": termpages_publisher["name"],
    "brand_url": termpages_publisher["url"],
    "brand_host": urlsplit(termpages_publisher["url"]).netloc,  # the link's text
}


def _not_found_body() -> str:
    """The 404 page: a search form, the home page and every category hub.

    The page is served at any missing URL, so its links are absolute paths under the
    site's own (notfound_urls_prefix), in the site's URL style (html_link_suffix).
    """
    from html import escape

    def url(*parts: str) -> str:
        return escape(notfound_urls_prefix + "/".join(p for p in parts if p) + html_link_suffix)

    hubs = "".join(
        f'\n<li><a href="{url(termpages_hubs_dir, category["id"])}">'
        f"{escape(category['title'])}</a></li>"
        for category in termpages_categories
    )
    return f"""<h1>Page not found</h1>
<p>There is no page at this address: it may be mistyped, or the term may go by another
name. Search the glossary, or start from a category.</p>
<form class="geonimo-notfound-search" role="search" action="{url("search")}" method="get"
      aria-labelledby="geonimo-notfound-search-label">
<label id="geonimo-notfound-search-label" for="geonimo-notfound-q">Search the glossary</label>
<span class="geonimo-notfound-search-row">
<input type="search" id="geonimo-notfound-q" name="q" required>
<button type="submit">Search</button>
</span>
</form>
<h2>Browse the glossary</h2>
<ul class="geonimo-notfound-links">
<li><a href="{escape(notfound_urls_prefix)}">Glossary home</a></li>{hubs}
</ul>"""


notfound_context = {"title": "Page not found", "body": _not_found_body()}


def _no_edit_link_on_generated_pages(app, pagename, templatename, context, doctree):  # type: ignore[no-untyped-def]
    """Hub pages are written by the build, so there is no file for a writer to edit."""
    if pagename.startswith(termpages_hubs_dir + "/"):
        context["theme_top_of_page_buttons"] = []


class ThemeOptionsNotChanged(logging.Filter):
    """Holds back Sphinx's "The configuration has changed (1 option: 'pygments_dark_style')".

    furo registers pygments_dark_style when the theme loads, after Sphinx has compared the
    stored configuration with the new one, so every rebuild reports it as changed although
    it never is (and nothing is reread: the option does not affect reading).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            isinstance(record.msg, str)
            and record.msg.startswith("The configuration has changed (1 option")
            and record.args == ("pygments_dark_style",)
        )


# Sphinx's loggers are named "sphinx." + module; the environment's compares the configuration
logging.getLogger("sphinx.sphinx.environment").addFilter(ThemeOptionsNotChanged())


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("html-page-context", _no_edit_link_on_generated_pages)
    if _EDIT_URL_PROBLEM is not None:
        from termpages.warnings_ import TermWarning, warn

        warn(
            TermWarning.CONFIG,
            f"GEONIMO_GLOSSARY_EDIT_URL must be an absolute http(s) URL, got "
            f"{_EDIT_URL[:200]!r}: {_EDIT_URL_PROBLEM}; the edit links use {DEFAULT_EDIT_URL!r}",
        )
