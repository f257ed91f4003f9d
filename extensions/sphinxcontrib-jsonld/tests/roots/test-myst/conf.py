project = "Field Notes"
html_baseurl = "https://docs.example.org/notes/"
extensions = ["myst_parser", "sphinxcontrib.jsonld"]
