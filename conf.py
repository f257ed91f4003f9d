"""Sphinx configuration for the Geonimo glossary (sources in docs/, built with -c .)."""

from __future__ import annotations

import sys
from pathlib import Path

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
    "termpages",
]

root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns: list[str] = []
myst_enable_extensions = ["colon_fence", "deflist"]

html_theme = "furo"
html_title = "Geonimo Glossary"
html_static_path: list[str] = []

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
