"""JSON-LD on every page: strict JSON, resolvable ids, schema.org terms, equal to what is shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

import extruct
import pytest
import rdflib
from bs4 import BeautifulSoup

from conftest import BuiltSite, SiteFactory, real_term_slugs, site_pages, text_of

VOCABULARY = json.loads((Path(__file__).parent / "data" / "schemaorg-subset.json").read_text())
BASE = "https://geonimo.com/glossary/"

#: Properties each type must carry on this site (Google's required ones, and ours).
REQUIRED = {
    "Organization": {"name", "url"},
    "WebSite": {"name", "url"},
    "DefinedTermSet": {"name", "url"},
    "DefinedTerm": {"name", "url", "inDefinedTermSet"},
    "WebPage": {"name", "url", "isPartOf"},
    "FAQPage": {"name", "url", "isPartOf", "mainEntity", "dateModified"},
    "CollectionPage": {"name", "url", "isPartOf", "mainEntity"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position"},
    "ItemList": {"itemListElement"},
}


@pytest.fixture(scope="module")
def real_site(real_site_dir: Path) -> Path:
    return real_site_dir


def html_pages(outdir: Path) -> list[Path]:
    return site_pages(outdir)


def graph_of(html: str) -> list[dict[str, Any]]:
    soup = BeautifulSoup(html, "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD blocks"
    data = json.loads(scripts[0].string, strict=True)
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def walk(value: Any) -> list[dict[str, Any]]:
    """Every dict inside a JSON value, the value itself included."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found += walk(item)
    elif isinstance(value, list):
        for item in value:
            found += walk(item)
    return found


def check_graph(graph: list[dict[str, Any]]) -> None:
    ids = [node["@id"] for node in graph if "@id" in node]
    assert len(ids) == len(set(ids)), "duplicate @id"
    defined = {node["@id"] for node in walk(graph) if "@id" in node and "@type" in node}
    for node in walk(graph):
        if set(node) == {"@id"}:
            assert node["@id"] in defined, f"unresolved reference {node['@id']}"
        if "@type" not in node:
            continue
        kind = node["@type"]
        assert kind in VOCABULARY["types"], f"unknown type {kind}"
        for prop in node:
            if not prop.startswith("@"):
                assert prop in VOCABULARY["props"][kind], f"{kind} has no property {prop}"
        missing = REQUIRED.get(kind, set()) - set(node)
        assert not missing, f"{kind} lacks {missing}"


def test_every_page_has_one_valid_graph(real_site: Path) -> None:
    pages = html_pages(real_site)
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect stub, not a page
        graph = graph_of(text)
        check_graph(graph)
        kinds = {node["@type"] for node in graph}
        assert {"Organization", "WebSite", "DefinedTermSet"} <= kinds, page


def test_every_page_names_itself_and_its_publisher(real_site: Path) -> None:
    home = BeautifulSoup((real_site / "index.html").read_text(), "html.parser")
    home_url = home.find("link", rel="canonical")["href"]
    assert home_url == BASE
    for page in html_pages(real_site):
        graph = graph_of(page.read_text(encoding="utf-8"))
        pages = [n for n in graph if n["@type"] in ("WebPage", "FAQPage", "CollectionPage")]
        assert len(pages) == 1 and pages[0]["name"].strip(), page
        website = nodes_by_type(graph, "WebSite")[0]
        assert website["url"] == home_url
        organization = nodes_by_type(graph, "Organization")[0]
        assert organization["logo"] == BASE + "_static/geonimo-logo-512.png"
        assert (real_site / "_static/geonimo-logo-512.png").is_file()
    search = graph_of((real_site / "search.html").read_text())
    assert nodes_by_type(search, "WebPage")[0]["name"] == "Search"
    # the A to Z list is the site's index (conf.py); no general index page is written
    assert not (real_site / "genindex.html").exists()


def test_graph_is_rdf(real_site: Path) -> None:
    graph = graph_of((real_site / "fine-tuning.html").read_text())
    document = {"@context": {"@vocab": "https://schema.org/"}, "@graph": graph}
    rdf = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    schema = rdflib.Namespace("https://schema.org/")
    term = rdflib.URIRef(BASE + "fine-tuning#term")
    assert (term, rdflib.RDF.type, schema.DefinedTerm) in rdf
    assert str(rdf.value(term, schema.termCode)) == "fine-tuning"


def extract(page: Path) -> dict[str, Any]:
    html = page.read_text(encoding="utf-8")
    return extruct.extract(html, base_url=BASE, syntaxes=["json-ld", "opengraph"], uniform=True)


def nodes_by_type(graph: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [node for node in walk(graph) if node.get("@type") == kind]


def sitemap_lastmods(outdir: Path) -> dict[str, str | None]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(outdir / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in root.findall("s:url", namespace)
    }


def test_visible_equals_marked_up_on_every_term(real_site: Path) -> None:
    lastmods = sitemap_lastmods(real_site)
    for slug in real_term_slugs():
        page = real_site / f"{slug}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        data = extract(page)
        graph = data["json-ld"][0]["@graph"]
        opengraph = data["opengraph"][0]
        term = nodes_by_type(graph, "DefinedTerm")[0]
        webpage = next(n for n in graph if n["@type"] in ("WebPage", "FAQPage"))
        summary = text_of(soup.select_one("p.termpages-definition"))
        meta_description = soup.find("meta", attrs={"name": "description"})["content"]
        assert term["description"] == meta_description == summary == opengraph["og:description"]
        visible_date = soup.select_one("p.termpages-last-updated time")["datetime"]
        modified = soup.find("meta", property="article:modified_time")["content"]
        canonical = soup.find("link", rel="canonical")["href"]
        assert webpage["dateModified"] == visible_date == modified == lastmods[canonical]
        assert term["url"] == webpage["url"] == canonical == opengraph["og:url"] == BASE + slug
        # every other name in the markup is on the page, as "Also called"
        also = soup.select_one("p.termpages-also-called")
        shown = text_of(also).removeprefix("Also called:").strip().split(", ") if also else []
        assert term.get("alternateName", []) == shown
        # and every sameAs is a link a reader can follow
        same_as = [a["href"] for a in soup.select("p.termpages-same-as a")]
        assert term.get("sameAs", []) == same_as
        assert soup.find("meta", attrs={"name": "twitter:description"})["content"] == summary
        crumbs = [text_of(li) for li in soup.select("nav.termpages-breadcrumbs li")]
        breadcrumb = nodes_by_type(graph, "BreadcrumbList")[0]["itemListElement"]
        assert [item["name"] for item in breadcrumb] == crumbs
        assert [item["position"] for item in breadcrumb] == list(range(1, len(crumbs) + 1))
        visible_faq = [
            (text_of(d.select_one("summary")), text_of(d.select_one(".termpages-faq-answer")))
            for d in soup.select("details.termpages-faq-item")
        ]
        marked_up = [
            (q["name"], q["acceptedAnswer"]["text"]) for q in nodes_by_type(graph, "Question")
        ]
        assert marked_up == visible_faq
        assert (webpage["@type"] == "FAQPage") == bool(visible_faq)


def test_fine_tuning_term_node(real_site: Path) -> None:
    graph = graph_of((real_site / "fine-tuning.html").read_text())
    term = nodes_by_type(graph, "DefinedTerm")[0]
    assert term["name"] == "Fine-Tuning"
    assert term["termCode"] == "fine-tuning"
    assert "alternateName" not in term  # "fine tuning" and "finetuning" are spellings
    assert term["sameAs"] == ["https://en.wikipedia.org/wiki/Fine-tuning_(deep_learning)"]
    assert term["inDefinedTermSet"] == {"@id": BASE + "#glossary"}
    assert len(nodes_by_type(graph, "Question")) == 3


def test_hub_and_home_graphs_list_their_terms(real_site: Path) -> None:
    hub = graph_of((real_site / "category/how-llms-work.html").read_text())
    page = nodes_by_type(hub, "CollectionPage")[0]
    assert page["name"] == "How LLMs Work"
    listed = nodes_by_type(hub, "ItemList")[0]["itemListElement"]
    hub_soup = BeautifulSoup((real_site / "category/how-llms-work.html").read_text(), "html.parser")
    visible = [a["href"] for a in hub_soup.select("ul.termpages-term-list a")]
    assert [item["item"]["@id"] for item in listed] == [
        urljoin(BASE + "category/", href) + "#term" for href in visible
    ]
    home = graph_of((real_site / "index.html").read_text())
    termset = nodes_by_type(home, "DefinedTermSet")[0]
    assert sorted(ref["@id"] for ref in termset["hasDefinedTerm"]) == sorted(
        f"{BASE}{slug}#term" for slug in real_term_slugs()
    )


def test_hostile_text_stays_inside_the_json(make_site: SiteFactory) -> None:
    hostile = '</script><script>alert(1)</script><!-- "quoted" & ünïcødé ‮ -->'
    yaml_hostile = hostile.replace("'", "''")
    site = make_site(
        {
            "terms/evil.md": (
                "---\ncategory: cat-one\n"
                f"summary: '{yaml_hostile}'\n"
                f"aliases: ['{yaml_hostile}']\n"
                "---\n\n"
                "# Evil \\</script>\n\n"
                "::::{faq}\n"
                ":::{question} Why \\</script>?\n"
                f"Because {hostile.replace('<', '&lt;')}.\n:::\n::::\n"
            )
        }
    )
    assert site.warning_lines() == []
    html = (site.outdir / "terms/evil.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    script = soup.find("script", type="application/ld+json").string
    assert "<" not in script and ">" not in script and "&" not in script
    graph = json.loads(script)["@graph"]
    term = nodes_by_type(graph, "DefinedTerm")[0]
    assert term["description"] == hostile
    assert term["alternateName"] == [hostile]
    assert term["name"] == "Evil </script>"
    question = nodes_by_type(graph, "Question")[0]
    assert question["name"] == "Why </script>?"
    assert soup.find("script", string=lambda s: s and "alert(1)" in s and "@graph" not in s) is None


def test_question_on_two_pages_is_marked_up_once(make_site: SiteFactory) -> None:
    faq = "::::{faq}\n:::{question} What is alpha?\nThe first.\n:::\n::::\n"
    site = make_site(
        {
            "terms/one.md": "---\ncategory: cat-one\nsummary: One.\n---\n\n# One\n\n" + faq,
            "terms/two.md": "---\ncategory: cat-one\nsummary: Two.\n---\n\n# Two\n\n" + faq,
        }
    )
    assert site.warning_lines() == [
        "terms/two.md:9: WARNING: FAQ question 'What is alpha?' is also on terms/one.md; only "
        "that page marks it up as FAQPage data [termpages.faq-duplicate-question]"
    ]
    one = graph_of(site.text("terms/one.html"))
    two = graph_of(site.text("terms/two.html"))
    assert [q["name"] for q in nodes_by_type(one, "Question")] == ["What is alpha?"]
    assert nodes_by_type(two, "Question") == []
    assert nodes_by_type(two, "WebPage")  # still a page, no longer an FAQPage


def test_jsonld_directive_adds_nodes(make_site: SiteFactory) -> None:
    block = '```{jsonld}\n{"@type": "Thing", "@id": "https://example.com/#x", "name": "X"}\n```\n'
    site = make_site({"terms/alpha.md": (site_text := _root_text("terms/alpha.md")) + block})
    assert site_text
    assert site.warning_lines() == []
    graph = graph_of(site.text("terms/alpha.html"))
    assert {"@type": "Thing", "@id": "https://example.com/#x", "name": "X"} in graph


def test_jsonld_directive_rejects_bad_json(make_site: SiteFactory) -> None:
    text = _root_text("terms/alpha.md")
    lines = text.count("\n")
    site = make_site({"terms/alpha.md": text + '\n```{jsonld}\n{"@type": "Thing",}\n```\n'})
    assert site.warning_lines() == [
        f"terms/alpha.md:{lines + 2}: WARNING: jsonld: not valid JSON: Expecting property "
        "name enclosed in double quotes (line 1 of the block) [jsonld.invalid]"
    ]


@pytest.mark.parametrize("suppressed", ["termpages.jsonld-invalid", "termpages"])
def test_former_warning_name_still_silences_bad_blocks(
    make_site: SiteFactory, suppressed: str
) -> None:
    # sphinxcontrib-jsonld now warns about {jsonld} blocks; conf.py files written for
    # termpages' own JSON-LD keep silencing them by the former name
    text = _root_text("terms/alpha.md") + '\n```{jsonld}\n{"@type": "Thing",}\n```\n'
    site = make_site({"terms/alpha.md": text}, confoverrides={"suppress_warnings": [suppressed]})
    assert site.warning_lines() == []


def _root_text(name: str) -> str:
    from conftest import ROOTS

    return (ROOTS / "test-basic" / name).read_text(encoding="utf-8")


def test_basic_site_graph_checks(site: BuiltSite) -> None:
    for page in html_pages(site.outdir):
        check_graph(graph_of(page.read_text(encoding="utf-8")))


def test_faq_answers_carry_the_words_a_reader_sees_not_raw_html_or_comments(
    make_site: SiteFactory,
) -> None:
    # with raw HTML allowed (the extension's default), MyST splits inline HTML into one
    # node per tag: the script's text is a node of its own between two raw ones
    page = (
        "---\ncategory: cat-one\nsummary: Raw.\n---\n\n# Raw\n\nText.\n\n"
        "::::{faq}\n:::{question} Is it <i>safe</i>?\n"
        'It is <b onclick="x()">bold</b><script>alert(1)</script> &amp; plain.\n\n'
        "% a writer's note to self\n\n"
        "```{raw} html\n<div><style>p{}</style>Shown</div>\n```\n:::\n::::\n"
    )
    site = make_site({"terms/raw.md": page}, confoverrides={"myst_disable_syntax": []})
    assert site.warning_lines() == []
    faq = next(n for n in graph_of(site.text("terms/raw.html")) if n.get("@type") == "FAQPage")
    question = faq["mainEntity"][0]
    # a question's inline HTML is shown as text on the page (faq.py), so it is text here too
    assert question["name"] == "Is it <i>safe</i>?"
    # Answer.text is read as HTML, so the words are escaped there
    assert question["acceptedAnswer"]["text"] == "It is bold &amp; plain. Shown"
    glossary = json.loads(site.text("glossary.json"))
    (term,) = [t for t in glossary["terms"] if t["slug"] == "raw"]
    answer = "It is bold & plain. Shown"
    assert term["faq"] == [{"question": "Is it <i>safe</i>?", "answer": answer}]


def test_an_answer_that_shows_markup_as_text_keeps_it_text_in_answer_text(
    make_site: SiteFactory,
) -> None:
    # search engines read Answer.text as HTML: "<b>" the reader sees as text must not
    # become bold there, nor "&lt;" the reader sees become "<"
    page = (
        "---\ncategory: cat-one\nsummary: Tags.\n---\n\n# Tags\n\nText.\n\n"
        "::::{faq}\n:::{question} Which tag makes bold text?\n"
        "Write `<b>` around it; `&lt;` is how HTML writes `<`.\n:::\n::::\n"
    )
    site = make_site({"terms/tags.md": page})
    assert site.warning_lines() == []
    shown = site.html("terms/tags.html").select_one("details p, .termpages-faq p")
    assert (
        shown is not None and shown.get_text() == "Write <b> around it; &lt; is how HTML writes <."
    )
    faq = next(n for n in graph_of(site.text("terms/tags.html")) if n.get("@type") == "FAQPage")
    text = faq["mainEntity"][0]["acceptedAnswer"]["text"]
    assert text == "Write &lt;b&gt; around it; &amp;lt; is how HTML writes &lt;."
    assert BeautifulSoup(text, "html.parser").get_text() == shown.get_text()
    glossary = json.loads(site.text("glossary.json"))
    (term,) = [t for t in glossary["terms"] if t["slug"] == "tags"]
    assert term["faq"][0]["answer"] == shown.get_text()  # plain data: plain text
