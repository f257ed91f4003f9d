extensions = ["myst_parser", "termpages", "termpages.publish", "termpages.speed"]
project = "Mentions"
html_theme = "furo"
exclude_patterns = ["_build"]
html_baseurl = "https://glossary.example.com/"
termpages_publisher = {"name": "Example Inc.", "url": "https://example.com/"}
termpages_categories = [
    {"id": "cat-a", "title": "Category A", "description": "The star's kind."},
    {"id": "cat-b", "title": "Category B", "description": "Another kind."},
]
termpages_mentions_shown = 3
