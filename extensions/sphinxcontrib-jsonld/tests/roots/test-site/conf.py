project = "Field Notes"
language = "en"
html_baseurl = "https://docs.example.org/notes/"
extensions = ["sphinxcontrib.jsonld"]
