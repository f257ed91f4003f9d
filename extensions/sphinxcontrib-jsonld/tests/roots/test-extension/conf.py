"""A site whose own extension (this conf.py's setup) adds to and changes the graph."""

project = "Field Notes"
html_baseurl = "https://docs.example.org/notes/"
extensions = ["sphinxcontrib.jsonld"]


def add_software(app, pagename, context, doctree):
    if pagename != "index":
        return None
    website = app.config.html_baseurl + "#website"
    return [
        {"@type": "SoftwareApplication", "@id": website + "-app", "name": "Notes app"},
        # the same @id as the page graph's WebSite: this name wins, the rest is kept
        {"@id": website, "name": "Field Notes, the site", "alternateName": "FN"},
    ]


def add_broken(app, pagename, context, doctree):
    if pagename == "page":
        return [
            {"@type": "Rating", "@id": "#rating", "ratingValue": float("nan")},
            {"@type": "Rating", "@id": "#huge", "ratingValue": float("1e999")},
            {"@type": "Thing", "@id": "#half", "name": "half a pair: \ud800"},
        ]
    return None


def drop_breadcrumbs(app, pagename, graph, context):
    graph[:] = [node for node in graph if node.get("@type") != "BreadcrumbList"]
    for node in graph:
        node.pop("breadcrumb", None)


def setup(app):
    app.connect("jsonld-nodes", add_software)
    app.connect("jsonld-nodes", add_broken)
    app.connect("jsonld-graph", drop_breadcrumbs)
