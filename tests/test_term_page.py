"""The rendered term page: every element, in order, with working links."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from conftest import BuiltSite, SiteFactory, text_of


def test_builds_without_warnings(site: BuiltSite) -> None:
    assert site.warning_lines() == []


def test_page_order(site: BuiltSite) -> None:
    article = site.html("terms/alpha.html").select_one("article")
    marks = [
        article.select_one("nav.termpages-breadcrumbs"),
        article.select_one("h1"),
        article.select_one("p.termpages-definition"),
        article.select_one("section#how-alpha-works"),
        article.select_one("section.termpages-faq-section"),
        article.select_one("section#related-terms"),
        article.select_one("p.termpages-last-updated"),
        article.select_one("aside.termpages-cta"),
    ]
    assert all(mark is not None for mark in marks)
    positions = [mark.sourceline * 10_000 + mark.sourcepos for mark in marks]
    assert positions == sorted(positions)


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


def test_related_terms(site: BuiltSite) -> None:
    section = site.html("terms/alpha.html").select_one("section#related-terms")
    items = section.select("ul.termpages-related > li")
    assert [li.find("a").get_text(strip=True) for li in items] == ["Beta", "Gamma"]
    assert [li.find("a")["href"] for li in items] == ["beta.html", "gamma.html"]
    assert "Beta is the second term" in items[0].get_text()
    for li in items:
        assert (site.outdir / "terms" / li.find("a")["href"]).is_file()


def test_last_updated(site: BuiltSite) -> None:
    line = site.html("terms/alpha.html").select_one("p.termpages-last-updated")
    assert line.get_text(" ", strip=True) == "Last updated: 2026-06-11"
    assert line.find("time")["datetime"] == "2026-06-11"
    # no date, no line
    assert site.html("terms/gamma.html").select_one("p.termpages-last-updated") is None


def test_default_cta_with_utm(site: BuiltSite) -> None:
    box = site.html("terms/alpha.html").select_one("aside.termpages-cta")
    assert box.find("h2").get_text() == "Track this for your brand"
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
    # hub and home pages carry no CTA
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


def test_labels_can_be_reworded(make_site: SiteFactory) -> None:
    site = make_site(
        confoverrides={
            "termpages_labels": {
                "faq_heading": "Questions",
                "related_heading": "See also",
                "last_updated": "Reviewed",
                "breadcrumb": "You are here",
            }
        }
    )
    page = site.html("terms/alpha.html")
    headings = [text_of(h).rstrip("¶") for h in page.select("article section > h2")]
    assert headings[-2:] == ["Questions", "See also"]
    assert text_of(page.select_one("p.termpages-last-updated")) == "Reviewed 2026-06-11"
    assert page.select_one("nav.termpages-breadcrumbs")["aria-label"] == "You are here"


def test_no_default_cta_shows_only_chosen_variants(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_cta_default": ""})
    assert site.warning_lines() == []
    assert site.html("terms/alpha.html").select_one("aside.termpages-cta") is None
    assert text_of(site.html("terms/beta.html").select_one("aside h2")) == "Talk to us"
