# The live-URL layout: terms at the top of the sources, extensionless links, hubs under
# category/, as the Geonimo site is built.
extensions = [
    "myst_parser",
    "notfound.extension",
    "sphinx_reredirects",
    "termpages",
    "termpages.publish",
    "termpages.speed",
]
myst_enable_extensions = ["colon_fence"]
project = "Clean Glossary"
html_theme = "furo"
exclude_patterns = ["_build"]
html_baseurl = "https://glossary.example.com/terms/"
html_link_suffix = ""
html_copy_source = False
notfound_urls_prefix = "/terms/"

termpages_terms_dir = ""
termpages_hubs_dir = "category"
termpages_categories = [
    {"id": "cat-one", "title": "Category One", "description": "Terms of the first kind."},
    {"id": "cat-two", "title": "Category Two", "description": "Terms of the second kind."},
]
termpages_publisher = {"name": "Example Inc.", "url": "https://example.com/"}
termpages_glossary_description = "Terms of the clean test glossary."
