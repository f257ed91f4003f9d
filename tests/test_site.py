"""The real site: a strict build, and a Fine-Tuning page with every element of today's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import parsed_page, real_term_slugs, served_file, text_of


@pytest.fixture(scope="module")
def outdir(real_site_dir: Path) -> Path:
    return real_site_dir


def page(outdir: Path, name: str) -> BeautifulSoup:
    return parsed_page(outdir / name)


CATEGORY_TITLES = {
    "geo-fundamentals": "GEO Fundamentals",
    "how-llms-work": "How LLMs Work",
    "ai-platforms": "AI Platforms",
    "answer-engines": "AI Search & Answer Engines",
    "content-authority": "Content & Authority",
    "technical-geo": "Technical GEO",
}
GENERATED_SECTIONS = ["Frequently asked questions", "Related terms", "Mentioned in"]


def body_links(article: Any) -> list[Any]:
    """The writer's {term} links: lede, sections and FAQ, not the lists the build adds."""

    def generated(tag: Any) -> bool:
        return (
            tag.name in ("aside", "nav")
            or tag.get("id") in ("related-terms", "mentioned-in")
            or "termpages-preview" in tag.get("class", [])
        )

    return [a for a in article.select("a.termpages-term") if not a.find_parent(generated)]


@pytest.mark.parametrize("slug", real_term_slugs())
def test_every_term_page_meets_the_live_standard(outdir: Path, slug: str) -> None:
    """The live site's page, top to bottom, with the glossary's own editorial standard."""
    data = {t["slug"]: t for t in json.loads((outdir / "glossary.json").read_text())["terms"]}
    term = data[slug]
    article = page(outdir, f"{slug}.html").select_one("article")
    crumbs = [text_of(li) for li in article.select("nav.termpages-breadcrumbs li")]
    assert crumbs == ["Glossary", CATEGORY_TITLES[term["category"]], term["title"]]
    assert [a["href"] for a in article.select("nav.termpages-breadcrumbs a")] == [
        "./",
        f"category/{term['category']}",
    ]
    assert text_of(article.select_one("h1")) == term["title"] + "¶"
    assert text_of(article.select_one("p.termpages-definition")) == term["summary"]
    headings = [text_of(h).rstrip("¶") for h in article.select("section > h2")]
    # three sections of the writer's own, then what the extension adds
    assert len(headings) - len(set(headings) & set(GENERATED_SECTIONS)) == 3, headings
    assert headings[3:5] == GENERATED_SECTIONS[:2], headings
    questions = article.select("details.termpages-faq-item > summary")
    assert 2 <= len(questions) <= 4
    for answer in article.select("div.termpages-faq-answer"):
        assert len(text_of(answer)) > 100
    related = article.select("section#related-terms li a")
    assert 3 <= len(related) <= 6
    for link in related:
        assert served_file(outdir / link["href"]) == outdir / f"{link['href']}.html"
    cards = article.select("section#related-terms ul.termpages-cards > li")
    assert len(cards) == len(related)
    for card in cards:  # a title and a summary, and one link: the title
        assert text_of(card.select_one("a.termpages-item-title"))
        assert len(text_of(card.select_one(".termpages-summary"))) > 40
        assert len(card.select("a")) == 1
    # "Mentioned in" leaves out what "Related terms" shows
    mentioned = {a["href"] for a in article.select("section#mentioned-in a:not(.headerlink)")}
    assert not mentioned & {a["href"] for a in related}
    links = [a["href"] for a in body_links(article) if a["href"] != slug]
    assert len(links) >= 3, "the body has fewer than three links to other terms"
    words = sum(len(text_of(s).split()) for s in article.select("section > section"))
    assert 400 <= words <= 1100, words  # the writing, with the FAQ and related cards
    assert text_of(article.select_one("p.termpages-last-updated")).startswith("Last updated: ")
    cta = article.select_one("aside.termpages-cta")
    assert text_of(cta.find("h2")) == "Track this for your brand"
    assert text_of(cta.select_one(".termpages-cta-text")) == (
        "Geonimo monitors how ChatGPT, Perplexity, Claude, Gemini and Google AI talk about "
        "your brand — and generates the content that gets you cited."
    )
    button = cta.select_one("a.termpages-cta-button")
    assert text_of(button) == "Get your free audit"
    url = urlsplit(button["href"])
    assert url.scheme == "https" and parse_qs(url.query)["utm_content"] == [slug]


def test_the_glossary_has_the_live_sites_size_and_categories(outdir: Path) -> None:
    data = json.loads((outdir / "glossary.json").read_text())
    assert len(data["terms"]) >= 100
    assert [c["title"] for c in data["categories"]] == list(CATEGORY_TITLES.values())
    by_category = {c: [t for t in data["terms"] if t["category"] == c] for c in CATEGORY_TITLES}
    assert all(len(terms) >= 5 for terms in by_category.values())
    # every term is mentioned in the body of some other page
    mentioned: set[str] = set()
    for term in data["terms"]:
        article = page(outdir, f"{term['slug']}.html").select_one("article")
        mentioned |= {a["href"] for a in body_links(article)} - {term["slug"]}
    assert {t["slug"] for t in data["terms"]} - mentioned == set()


def test_every_term_is_on_home_page_and_in_its_hub(outdir: Path) -> None:
    terms = real_term_slugs()
    home = page(outdir, "index.html")
    az_links = {a["href"] for a in home.select("div.termpages-az ul a")}
    assert az_links == set(terms)
    hub_links: set[str] = set()
    for hub in (outdir / "category").glob("*.html"):
        hub_links |= {
            a["href"]
            for a in page(outdir, f"category/{hub.name}").select("ul.termpages-term-list a")
        }
    assert hub_links == {f"../{slug}" for slug in terms}


def test_home_page_hero_categories_letters_and_cta(outdir: Path) -> None:
    home = page(outdir, "index.html").select_one("article")
    count = home.select_one(".termpages-hero p.termpages-hero-count")
    assert text_of(count) == (
        f"{len(real_term_slugs())} terms, from Ads in AI Answers to Zero-Click Search"
    )
    form = home.select_one(".termpages-hero form[role=search]")
    assert (form["action"], form["method"]) == ("search", "get")
    assert served_file(outdir / form["action"]) == outdir / "search.html"
    field = form.select_one("input[type=search][name=q]")
    assert home.select_one(f"label[for={field['id']}]") is not None
    cards = home.select("ul.termpages-category-list.termpages-cards > li")
    assert len(cards) == len(CATEGORY_TITLES)
    for card in cards:
        assert text_of(card.select_one(".termpages-summary"))
        assert text_of(card.select_one(".termpages-card-count")).endswith("terms")
    # the letter bar is a list of links to the letters' h3 headings
    bar = home.select_one("nav.termpages-az-letters[aria-label]")
    links = bar.select(":scope > ul > li > a")
    assert len(links) >= 10
    for link in links:
        heading = home.find(id=link["href"].removeprefix("#"))
        assert heading is not None and heading.name == "h3", link["href"]
    assert home.select_one("aside.termpages-cta a.termpages-cta-button") is not None


def next_chain(outdir: Path, hub: str) -> list[str]:
    """The terms Next leads through from a hub, until it leaves them (the next hub)."""
    chain: list[str] = []
    current = page(outdir, f"category/{hub}.html")
    while (link := current.select_one("a.next-page")) is not None:
        slug = link["href"].removeprefix("../")
        if "/" in slug or slug == "index" or not (outdir / f"{slug}.html").exists():
            break
        chain.append(slug)
        current = page(outdir, f"{slug}.html")
    return chain


@pytest.mark.parametrize("category", CATEGORY_TITLES)
def test_next_visits_a_categorys_terms_in_the_order_its_sidebar_and_hub_list_them(
    outdir: Path, category: str
) -> None:
    hub = page(outdir, f"category/{category}.html")
    listed = [a["href"].removeprefix("../") for a in hub.select("ul.termpages-term-list a")]
    sidebar = [
        a["href"].removeprefix("../")
        for a in hub.select(".sidebar-tree li.toctree-l2:not(.termpages-nav-all) > a")
    ]
    assert listed and sidebar == listed[: len(sidebar)]
    assert next_chain(outdir, category) == listed


def test_hubs_show_cards_then_the_cta(outdir: Path) -> None:
    for hub in sorted((outdir / "category").glob("*.html")):
        article = page(outdir, f"category/{hub.name}").select_one("article")
        assert article.select_one("p.termpages-category-description.termpages-lede"), hub.name
        cards = article.select("ul.termpages-cards > li")
        assert cards, hub.name
        for card in cards:
            assert text_of(card.select_one("a.termpages-item-title")), hub.name
            assert text_of(card.select_one(".termpages-summary")), hub.name
        cta = article.select_one("aside.termpages-cta")
        assert cta is not None and cta.find_previous("ul", class_="termpages-cards"), hub.name


def test_every_internal_link_resolves(outdir: Path) -> None:
    for html in outdir.rglob("*.html"):
        for link in parsed_page(html).select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href or "://" in href or href.startswith("mailto:"):
                continue
            # served as the host does: extensionless URLs, folders by their index page
            base = outdir if href.startswith("/glossary/") else html.parent
            target = (base / href.removeprefix("/glossary/")).resolve()
            assert served_file(target) is not None, f"{html.name}: {href}"
