"""Sphinx configuration for the Geonimo glossary (sources in docs/, built with -c .)."""

from __future__ import annotations

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

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinx_reredirects",
    "termpages",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns: list[str] = []
myst_enable_extensions = ["colon_fence", "deflist"]
# Writers write Markdown, not HTML: raw HTML in a page is shown as text, never run.
myst_disable_syntax = ["html_inline", "html_block"]

html_theme = "furo"
html_title = "Geonimo Glossary"
# The brand files (logo, favicon, touch icon) and the template that declares the icons
html_static_path = ["_static"]
templates_path = ["_templates"]
html_theme_options = {
    "light_logo": "geonimo-logo.svg",
    "dark_logo": "geonimo-logo-dark.svg",
    "sidebar_hide_name": True,  # the logo carries the name
}
# The Markdown twins are the clean, machine-readable copy of each page; the raw
# MyST (front matter and all) is not published.
html_copy_source = False

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
ogp_social_cards = {"enable": False}  # no generated images (they need matplotlib)
ogp_custom_meta_tags = (
    '<meta name="twitter:card" content="summary">',
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
        "id": "how-llms-work",
        "title": "How LLMs Work",
        "description": "How large language models are built, trained and adapted, "
        "and what that means for the answers they give about brands.",
    },
    {
        "id": "ai-search",
        "title": "AI Search & Answer Engines",
        "description": "How AI assistants find, ground and cite the sources behind their answers.",
    },
    {
        "id": "geo",
        "title": "Generative Engine Optimization",
        "description": "How brands become visible, accurate and cited in AI-generated answers.",
    },
    {
        "id": "measurement",
        "title": "Measurement & Analytics",
        "description": "How visibility in AI answers is tracked, scored and compared over time.",
    },
    {
        "id": "content-authority",
        "title": "Content & Authority",
        "description": "The qualities of content and sources that AI systems trust and cite.",
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
}

# Search engines and assistants may read everything; the model-training crawlers
# robots.txt names may not. Crawlers it does not name may read the site: a GEO
# company wants to be read by the answer engines of tomorrow too.
termpages_robots = {"search": True, "assistants": True, "training": False, "others": True}
