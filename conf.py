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
html_static_path: list[str] = []

# --- where the site lives ---------------------------------------------------------
# Canonical URLs, og:url, the sitemap and JSON-LD ids all derive from this one
# address. Preview deployments set GEONIMO_GLOSSARY_BASE_URL to their own.
html_baseurl = os.environ.get("GEONIMO_GLOSSARY_BASE_URL", "https://geonimo.com/glossary/")
if not html_baseurl.endswith("/"):
    html_baseurl += "/"

# OpenGraph and Twitter cards (sphinxext-opengraph); descriptions come from termpages
ogp_site_url = html_baseurl
ogp_site_name = "Geonimo Glossary"
ogp_type = "website"
ogp_social_cards = {"enable": False}  # no generated images (they need matplotlib)
ogp_custom_meta_tags = ('<meta name="twitter:card" content="summary">',)

# The 404 page (sphinx-notfound-page) must find its styles from any URL
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"

# --- termpages -----------------------------------------------------------------

termpages_terms_dir = "terms"
termpages_hubs_dir = "categories"

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

# Search engines and assistants may read everything; model-training crawlers may not.
termpages_robots = {"search": True, "assistants": True, "training": False}
