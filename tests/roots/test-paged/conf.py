extensions = ["myst_parser", "termpages", "termpages.publish"]
project = "Paged Glossary"
html_theme = "furo"
exclude_patterns = ["_build"]
suppress_warnings: list[str] = []

termpages_categories = [
    {"id": "fruit", "title": "Fruit", "description": "Terms that grow on trees."},
    {"id": "other", "title": "Other things", "description": "Everything else."},
]
html_baseurl = "https://paged.example.com/"
# low limits, so that five terms already fill three hub pages and the A-Z is split
termpages_hub_page_size = 2
termpages_az_inline_max = 3
