project = "Field Notes"
html_baseurl = "https://docs.example.org/notes/"
extensions = ["sphinxcontrib.jsonld"]

jsonld_breadcrumbs = "yes"
jsonld_publisher = {"name": "Acme"}
