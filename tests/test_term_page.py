"""The rendered term page: every element, in order, with working links."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, BuiltSite, SiteFactory, build, built_site, text_of


def test_builds_without_warnings(site: BuiltSite) -> None:
    assert site.warning_lines() == []


def test_page_order(make_site: SiteFactory) -> None:
    # gamma no longer listed as related to alpha: alpha's "Mentioned in" names it
    site = make_site(
        {
            "terms/alpha.md": (ROOTS / "test-basic/terms/alpha.md")
            .read_text()
            .replace("related: [beta, gamma]", "related: [beta]")
        }
    )
    article = site.html("terms/alpha.html").select_one("article")
    marks = [
        article.select_one("nav.termpages-breadcrumbs"),
        article.select_one("h1"),
        article.select_one("p.termpages-definition"),
        article.select_one("p.termpages-also-called"),
        article.select_one("section#how-alpha-works"),
        article.select_one("section.termpages-faq-section"),
        article.select_one("section#related-terms"),
        article.select_one("section#mentioned-in"),
        article.select_one("p.termpages-same-as"),
        article.select_one("p.termpages-last-updated"),
        article.select_one("aside.termpages-cta"),
    ]
    assert all(mark is not None for mark in marks)
    positions = [mark.sourceline * 10_000 + mark.sourcepos for mark in marks]
    assert positions == sorted(positions)
    # the breadcrumb comes first in the article, so it can share furo's icon row
    assert article.find(True) is marks[0]


def test_breadcrumb_links(site: BuiltSite) -> None:
    nav = site.html("terms/alpha.html").select_one("nav.termpages-breadcrumbs")
    assert nav["aria-label"] == "Breadcrumb"
    items = nav.select("ol > li")
    assert [li.get_text(strip=True) for li in items] == ["Glossary", "Category One", "Alpha"]
    assert [a["href"] for a in nav.select("a")] == ["../index.html", "../categories/cat-one.html"]
    assert items[-1]["aria-current"] == "page" and items[-1].find("a") is None
    for href in ("index.html", "categories/cat-one.html"):
        assert (site.outdir / href).is_file()


def test_definition_is_summary(site: BuiltSite) -> None:
    lede = site.html("terms/alpha.html").select_one("p.termpages-definition")
    assert lede.get_text() == "Alpha is the first term, used to test every part of a term page."
    assert "termpages-lede" in lede["class"]


def test_faq(site: BuiltSite) -> None:
    page = site.html("terms/alpha.html")
    section = page.select_one("section.termpages-faq-section")
    assert section.find("h2").get_text(strip=True).startswith("Frequently asked questions")
    items = section.select("details.termpages-faq-item")
    assert [text_of(d.select_one("summary")) for d in items] == [
        "What is the difference between alpha and beta?",
        "Can alpha be emphasised?",
    ]
    assert items[0]["id"] == "what-is-the-difference-between-alpha-and-beta"
    assert items[1]["id"] == "emphasis"
    assert items[1].select_one("summary em").get_text() == "emphasised"
    first_answer = items[0].select_one("div.termpages-faq-answer")
    assert first_answer.select_one("a")["href"] == "beta.html"
    assert [li.get_text(strip=True) for li in first_answer.select("li")] == [
        "one point",
        "another point",
    ]
    # the FAQ is a top-level section of the page (h2), even though it followed an h2 section
    assert section.parent.get("id") == "alpha"
    # and it is listed in the page's table of contents
    toc = page.select_one(".toc-tree")
    assert toc.find("a", href="#frequently-asked-questions") is not None


def test_faq_summary_holds_the_question_in_one_span_and_no_heading(site: BuiltSite) -> None:
    # one span: the CSS lays it out beside the marker it draws, so lines never wrap under it
    for summary in site.html("terms/alpha.html").select("details.termpages-faq-item > summary"):
        assert [child.name for child in summary.children] == ["span"]
        assert summary.span["class"] == ["termpages-faq-question-text"]
        assert summary.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is None


def test_related_terms_are_cards_with_title_and_summary(site: BuiltSite) -> None:
    section = site.html("terms/alpha.html").select_one("section#related-terms")
    cards = section.select("ul.termpages-related.termpages-cards > li")
    titles = [li.select_one("a.termpages-item-title") for li in cards]
    assert [text_of(a) for a in titles] == ["Beta", "Gamma"]
    assert [a["href"] for a in titles] == ["beta.html", "gamma.html"]
    assert text_of(cards[0].select_one(".termpages-summary")) == (
        "Beta is the second term and shows another call to action."
    )
    for card in cards:
        # the title link is the card's one interactive element (its ::after covers the card)
        assert len(card.select("a, button, input, select, textarea, [tabindex]")) == 1
        assert (site.outdir / "terms" / card.find("a")["href"]).is_file()
    # the dash is there for text readers; the stylesheet hides it between the blocks
    assert text_of(cards[0]).startswith("Beta — Beta is the second term")


def test_mentioned_in_is_a_section_without_the_related_terms(site: BuiltSite) -> None:
    # alpha mentions beta, gamma and Éclair; beta and gamma list alpha as related
    for name in ("beta", "gamma"):
        assert site.html(f"terms/{name}.html").select_one(".termpages-backlinks") is None, name
    # gamma mentions alpha, and alpha lists gamma as related: nothing is left to show
    assert site.html("terms/alpha.html").select_one(".termpages-backlinks") is None
    section = site.html("terms/eclair.html").select_one("section#mentioned-in")
    assert "termpages-backlinks" in section["class"]
    heading = section.find("h2", recursive=False)
    assert text_of(heading) == "Mentioned in¶"
    assert heading.select_one("a.headerlink")["href"] == "#mentioned-in"
    assert [text_of(a) for a in section.select("ul a")] == ["Alpha"]


def test_mentioned_in_follows_a_change_of_the_related_list(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    build(srcdir)
    gamma = srcdir / "terms" / "gamma.md"
    gamma.write_text(gamma.read_text().replace("related: [alpha, beta]", "related: [beta]"))
    site = build(srcdir)
    assert site.warning_lines() == []
    # alpha mentions gamma and is no longer among its related terms
    section = site.html("terms/gamma.html").select_one("section#mentioned-in")
    assert [text_of(a) for a in section.select("ul a")] == ["Alpha"]
    assert [text_of(a) for a in site.html("terms/gamma.html").select("#related-terms ul a")] == [
        "Beta"
    ]


def test_last_updated(site: BuiltSite) -> None:
    line = site.html("terms/alpha.html").select_one("p.termpages-last-updated")
    assert line.get_text(" ", strip=True) == "Last updated: 2026-06-11"
    assert line.find("time")["datetime"] == "2026-06-11"
    # no date, no line
    assert site.html("terms/gamma.html").select_one("p.termpages-last-updated") is None


def test_default_cta_with_utm(site: BuiltSite) -> None:
    box = site.html("terms/alpha.html").select_one("aside.termpages-cta")
    heading = box.find("h2")
    assert heading.get_text() == "Track this for your brand"
    assert box["aria-labelledby"] == heading["id"]
    assert (
        box.select_one(".termpages-cta-text").get_text()
        == "We watch what assistants say about you."
    )
    button = box.select_one("a.termpages-cta-button")
    assert button.get_text() == "Get your free audit"
    url = urlsplit(button["href"])
    assert (url.scheme, url.netloc, url.path) == ("https", "example.com", "/audit")
    assert parse_qs(url.query) == {"utm_source": ["glossary"], "utm_content": ["alpha"]}


def test_cta_variant_and_opt_out(site: BuiltSite) -> None:
    beta = site.html("terms/beta.html").select_one("aside.termpages-cta")
    assert beta.find("h2").get_text() == "Talk to us"
    assert beta.select_one("a")["href"] == "https://example.com/call?ref=glossary"
    assert site.html("terms/gamma.html").select_one("aside.termpages-cta") is None
    # this home page asks for none
    assert site.html("index.html").select_one("aside.termpages-cta") is None


def test_url_depends_only_on_slug(make_site: SiteFactory) -> None:
    moved = make_site(
        {
            "terms/gamma.md": "---\ncategory: cat-one\nsummary: Gamma moved to the first "
            "category.\naliases: [third term]\n---\n\n# Gamma\n\nText.\n"
        }
    )
    assert moved.warning_lines() == []
    assert (moved.outdir / "terms/gamma.html").is_file()
    crumbs = moved.html("terms/gamma.html").select("nav.termpages-breadcrumbs a")
    assert crumbs[-1]["href"] == "../categories/cat-one.html"


def test_no_third_party_assets_or_inline_handlers(site: BuiltSite) -> None:
    page = site.html("terms/alpha.html")
    # scripts, stylesheets and fonts all come from the site itself
    for tag in page.select("script[src], link[rel~=stylesheet], link[rel~=preload]"):
        url = tag.get("src") or tag.get("href") or ""
        assert not url.startswith(("http:", "https:", "//")), url
    for tag in page.find_all(True):
        assert not any(attribute.startswith("on") for attribute in tag.attrs)
    assert page.find("link", href=lambda h: h and "termpages.css" in h) is not None
    assert (site.outdir / "_static/termpages.css").is_file()
    assert (site.outdir / "_static/termpages.js").is_file()


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="term-page-reworded-labels",
    confoverrides={
        "termpages_labels": {
            "faq_heading": "Questions",
            "related_heading": "See also",
            "last_updated": "Reviewed",
            "breadcrumb": "You are here",
            "backlinks_heading": "Linked from",
        }
    },
)
def test_labels_can_be_reworded(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    page = site.html("terms/alpha.html")
    headings = [text_of(h).rstrip("¶") for h in page.select("article section > h2")]
    assert headings[-2:] == ["Questions", "See also"]
    assert text_of(page.select_one("p.termpages-last-updated")) == "Reviewed 2026-06-11"
    assert page.select_one("nav.termpages-breadcrumbs")["aria-label"] == "You are here"
    backlinks = site.html("terms/eclair.html").select_one("section.termpages-backlinks")
    assert backlinks["id"] == "linked-from"
    assert text_of(backlinks.find("h2")) == "Linked from¶"


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="term-page-no-default-cta",
    confoverrides={"termpages_cta_default": ""},
)
def test_no_default_cta_shows_only_chosen_variants(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    assert site.warning_lines() == []
    assert site.html("terms/alpha.html").select_one("aside.termpages-cta") is None
    assert text_of(site.html("terms/beta.html").select_one("aside h2")) == "Talk to us"
