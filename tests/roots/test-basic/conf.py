extensions = ["myst_parser", "sphinx_design", "termpages", "termpages.publish", "termpages.speed"]
myst_enable_extensions = ["colon_fence"]
myst_disable_syntax = ["html_inline", "html_block"]
project = "Test Glossary"
html_theme = "furo"
exclude_patterns = ["_build"]
suppress_warnings: list[str] = []

termpages_categories = [
    {"id": "cat-one", "title": "Category One", "description": "Terms of the first kind."},
    {"id": "cat-two", "title": "Category Two", "description": "Terms of the second kind."},
]
termpages_cta = {
    "default": {
        "heading": "Track this for your brand",
        "text": "We watch what assistants say about you.",
        "button": "Get your free audit",
        "url": "https://example.com/audit",
        "utm": {"utm_source": "glossary", "utm_content": "{slug}"},
    },
    "alt": {
        "heading": "Talk to us",
        "text": "A different offer.",
        "button": "Book a call",
        "url": "https://example.com/call?ref=glossary",
    },
}
html_baseurl = "https://glossary.example.com/"
termpages_publisher = {"name": "Example Inc.", "url": "https://example.com/"}
termpages_glossary_description = "Terms of the test glossary."
