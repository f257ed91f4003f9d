# A guide with a glossary beside its own pages: Install and Usage (with a sub-page)
# are ordinary pages, the glossary is one section of the root toctree.
extensions = ["myst_parser", "termpages"]
project = "Mixed Guide"
html_theme = "furo"
exclude_patterns = ["_build"]
suppress_warnings: list[str] = []

termpages_home_doc = "glossary"
termpages_categories = [
    {"id": "basics", "title": "Basics", "description": "Where to start."},
    {"id": "advanced", "title": "Advanced", "description": "For later."},
]
html_baseurl = "https://guide.example.com/"
