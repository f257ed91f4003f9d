"""The graph every page gets: WebSite, its WebPage, and breadcrumbs that follow the toctree."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import BASE, by_id, graph_of, script_of, warnings_of


def crumbs(graph: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    (trail,) = [node for node in graph if node["@type"] == "BreadcrumbList"]
    items = trail["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    return [(item["name"], item.get("item")) for item in items]


@pytest.mark.sphinx("html", testroot="site")
def test_every_page_is_a_webpage_of_the_website(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    website = {
        "@type": "WebSite",
        "@id": BASE + "#website",
        "url": BASE,
        "name": "Field Notes",
        "inLanguage": "en",
    }
    names = {
        "index": "Field Notes",
        "intro": "Introduction",
        "guide": "User guide",
        "details": "Details & <caveats>",
    }
    for docname, name in names.items():
        url = f"{BASE}{docname}.html"
        nodes = by_id(graph_of(app.outdir, f"{docname}.html"))
        assert nodes[BASE + "#website"] == website
        page = nodes[url + "#webpage"]
        assert page["@type"] == "WebPage"
        assert (page["url"], page["name"], page["inLanguage"]) == (url, name, "en")
        assert page["isPartOf"] == {"@id": BASE + "#website"}
        assert "publisher" not in page
    # generated pages have no heading; their name is the template's title
    search = by_id(graph_of(app.outdir, "search.html"))[BASE + "search.html#webpage"]
    assert search["name"] == "Search"


@pytest.mark.sphinx("html", testroot="site")
def test_breadcrumbs_follow_the_toctree(app: Any) -> None:
    app.build()
    home, guide = (BASE + "index.html", BASE + "guide.html")
    assert crumbs(graph_of(app.outdir, "details.html")) == [
        ("Field Notes", home),
        ("User guide", guide),
        ("Details & <caveats>", None),
    ]
    assert crumbs(graph_of(app.outdir, "intro.html")) == [
        ("Field Notes", home),
        ("Introduction", None),
    ]
    # the title's "&" and "<" reach the JSON as \u escapes, never as markup
    script = script_of(app.outdir, "details.html")
    assert script is not None and "<" not in script and "&" not in script
    assert "Details \\u0026 \\u003ccaveats\\u003e" in script
    details = by_id(graph_of(app.outdir, "details.html"))
    page = details[BASE + "details.html#webpage"]
    assert page["breadcrumb"] == {"@id": BASE + "details.html#breadcrumb"}
    assert BASE + "details.html#breadcrumb" in details
    # the root has no ancestors, and a page outside the toctree none either
    for root_or_generated in ("index.html", "genindex.html"):
        graph = graph_of(app.outdir, root_or_generated)
        assert [node for node in graph if node["@type"] == "BreadcrumbList"] == []
        assert all("breadcrumb" not in node for node in graph)


@pytest.mark.sphinx(
    "html",
    testroot="site",
    confoverrides={
        "jsonld_publisher": {
            "name": "Acme",
            "url": "https://acme.example/",
            "logo": "https://acme.example/logo.png",
            "sameAs": ["https://social.example/acme"],
        }
    },
)
def test_publisher_is_an_organization_the_pages_name(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    nodes = by_id(graph_of(app.outdir, "intro.html"))
    organization = BASE + "#organization"
    assert nodes[organization] == {
        "@type": "Organization",
        "@id": organization,
        "name": "Acme",
        "url": "https://acme.example/",
        "logo": "https://acme.example/logo.png",
        "sameAs": ["https://social.example/acme"],
    }
    assert nodes[BASE + "#website"]["publisher"] == {"@id": organization}
    assert nodes[BASE + "intro.html#webpage"]["publisher"] == {"@id": organization}


@pytest.mark.sphinx(
    "html",
    testroot="site",
    confoverrides={"jsonld_website": False, "jsonld_breadcrumbs": False},
)
def test_settings_switch_parts_off(app: Any) -> None:
    app.build()
    graph = graph_of(app.outdir, "details.html")
    assert [node["@type"] for node in graph] == ["WebPage"]
    assert "isPartOf" not in graph[0] and "breadcrumb" not in graph[0]


@pytest.mark.sphinx("html", testroot="site", confoverrides={"jsonld_webpage": False})
def test_breadcrumbs_without_webpage(app: Any) -> None:
    app.build()
    graph = graph_of(app.outdir, "details.html")
    assert [node["@type"] for node in graph] == ["BreadcrumbList", "WebSite"]


@pytest.mark.sphinx("html", testroot="site", confoverrides={"html_baseurl": ""})
def test_no_graph_without_a_base_url(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    assert script_of(app.outdir, "intro.html") is None


@pytest.mark.sphinx("dirhtml", testroot="site")
def test_ids_follow_the_builders_urls(app: Any) -> None:
    app.build()
    nodes = by_id(graph_of(app.outdir, "guide/index.html"))
    assert nodes[BASE + "guide/#webpage"]["url"] == BASE + "guide/"


@pytest.mark.sphinx("html", testroot="badconfig")
def test_bad_settings_are_warned_at_their_line(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "conf.py:5: WARNING: jsonld_breadcrumbs must be True or False, got 'yes'; "
        "using True [jsonld.config]",
        "conf.py:6: WARNING: jsonld_publisher ['url'] must be non-empty text, got None; "
        "using None [jsonld.config]",
    ]
    graph = graph_of(app.outdir, "index.html")
    assert [node["@type"] for node in graph] == ["WebPage", "WebSite"]


@pytest.mark.sphinx(
    "html", testroot="site", confoverrides={"jsonld_publisher": {"name": "A", "url": "u", "x": 1}}
)
def test_unknown_publisher_key_is_warned(app: Any) -> None:
    assert warnings_of(app) == [
        "WARNING: jsonld_publisher has unknown keys ['x']; known: 'name', 'url', 'logo', "
        "'sameAs'; using None [jsonld.config]"
    ]
