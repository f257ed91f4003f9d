"""The real site: a strict build, and a Fine-Tuning page with every element of today's."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import real_term_slugs, served_file, text_of


@pytest.fixture(scope="module")
def outdir(real_site_dir: Path) -> Path:
    return real_site_dir


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def test_fine_tuning_page_has_every_element(outdir: Path) -> None:
    article = page(outdir, "fine-tuning.html").select_one("article")
    crumbs = article.select("nav.termpages-breadcrumbs li")
    assert [text_of(li) for li in crumbs] == ["Glossary", "How LLMs Work", "Fine-Tuning"]
    assert [a["href"] for a in article.select("nav.termpages-breadcrumbs a")] == [
        "./",
        "category/how-llms-work",
    ]
    assert text_of(article.select_one("h1")) == "Fine-Tuning¶"
    assert text_of(article.select_one("p.termpages-definition")).startswith("Fine-tuning is ")
    headings = [text_of(h).rstrip("¶") for h in article.select("section > h2")]
    assert headings == [
        "How fine-tuning works",
        "Why fine-tuning matters to brand visibility",
        "Should brands fine-tune their own models?",
        "Frequently asked questions",
        "Related terms",
        "Mentioned in",
    ]
    questions = [text_of(s) for s in article.select("details.termpages-faq-item > summary")]
    assert questions == [
        "What is the difference between fine-tuning and training?",
        "Can I fine-tune ChatGPT to recommend my brand?",
        "Is fine-tuning or RAG better for an AI product?",
    ]
    for answer in article.select("div.termpages-faq-answer"):
        assert len(text_of(answer)) > 100
    related = article.select("section#related-terms li a")
    assert len(related) >= 3
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
    assert mentioned and not mentioned & {a["href"] for a in related}
    assert text_of(article.select_one("p.termpages-last-updated")) == "Last updated: 2026-06-11"
    cta = article.select_one("aside.termpages-cta")
    assert text_of(cta.find("h2")) == "Track this for your brand"
    assert text_of(cta.select_one(".termpages-cta-text")) == (
        "Geonimo monitors how ChatGPT, Perplexity, Claude, Gemini and Google AI talk about "
        "your brand — and generates the content that gets you cited."
    )
    button = cta.select_one("a.termpages-cta-button")
    assert text_of(button) == "Get your free audit"
    url = urlsplit(button["href"])
    assert url.scheme == "https" and parse_qs(url.query)["utm_content"] == ["fine-tuning"]


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
        f"{len(real_term_slugs())} terms, from AI Citation to Zero-Click Search"
    )
    form = home.select_one(".termpages-hero form[role=search]")
    assert (form["action"], form["method"]) == ("search", "get")
    assert served_file(outdir / form["action"]) == outdir / "search.html"
    field = form.select_one("input[type=search][name=q]")
    assert home.select_one(f"label[for={field['id']}]") is not None
    cards = home.select("ul.termpages-category-list.termpages-cards > li")
    assert len(cards) == 5
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
        for link in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select(
            "article a[href]"
        ):
            href = link["href"].split("#")[0]
            if not href or "://" in href or href.startswith("mailto:"):
                continue
            # served as the host does: extensionless URLs, folders by their index page
            base = outdir if href.startswith("/glossary/") else html.parent
            target = (base / href.removeprefix("/glossary/")).resolve()
            assert served_file(target) is not None, f"{html.name}: {href}"
