"""sitemap.xml, robots.txt, the 404 page, redirects, canonical URLs and meta tags."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import (
    PREVIEW_BASE_URL,
    ROOTS,
    BuiltSite,
    SiteFactory,
    build,
    parsed_page,
    real_term_slugs,
    site_pages,
    text_of,
)

SEO_EXTENSIONS = [
    "myst_parser",
    "sphinx_design",
    "sphinx_reredirects",
    "termpages",
    "termpages.publish",
    "termpages.speed",
]
NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(outdir: Path) -> dict[str, str | None]:
    root = ElementTree.parse(outdir / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=NAMESPACE): url.findtext("s:lastmod", namespaces=NAMESPACE)
        for url in root.findall("s:url", NAMESPACE)
    }


def test_sitemap_lists_every_page_once_with_lastmod(site: BuiltSite) -> None:
    base = "https://glossary.example.com/"
    entries = sitemap(site.outdir)
    # a listing page's lastmod is the newest date of the terms it lists
    assert entries == {
        base + "index.html": "2026-06-11",
        base + "categories/cat-one.html": "2026-06-11",
        base + "categories/cat-two.html": None,
        base + "terms/alpha.html": "2026-06-11",
        base + "terms/beta.html": "2026-01-02",
        base + "terms/eclair.html": None,
        base + "terms/gamma.html": None,
    }
    raw = (site.outdir / "sitemap.xml").read_text()
    assert raw.count("<loc>") == len(entries)


def test_sitemap_stays_complete_after_an_incremental_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    first = build(srcdir)
    (srcdir / "terms" / "eclair.md").write_text(
        (srcdir / "terms" / "eclair.md").read_text() + "\nMore text.\n"
    )
    second = build(srcdir)
    assert sitemap(second.outdir) == sitemap(first.outdir)


def test_robots_txt(site: BuiltSite) -> None:
    robots = (site.outdir / "robots.txt").read_text()
    groups = [g for g in robots.strip().split("\n\n") if g.startswith("User-agent:")]
    by_agent = {}
    for group in groups:
        lines = group.splitlines()
        rule = next(line for line in lines if line.startswith(("Allow", "Disallow")))
        for line in lines:
            if line.startswith("User-agent:"):
                by_agent[line.split(": ", 1)[1]] = rule
    assert by_agent["Googlebot"] == "Allow: /"
    assert by_agent["OAI-SearchBot"] == "Allow: /"
    assert by_agent["PerplexityBot"] == "Allow: /"
    assert by_agent["Claude-SearchBot"] == "Allow: /"
    assert by_agent["ChatGPT-User"] == "Allow: /"
    assert by_agent["Claude-User"] == "Allow: /"
    assert by_agent["Bingbot"] == "Allow: /"
    assert by_agent["GPTBot"] == "Disallow: /"
    assert by_agent["ClaudeBot"] == "Disallow: /"
    assert by_agent["Google-Extended"] == "Disallow: /"
    assert by_agent["*"] == "Allow: /"
    assert robots.rstrip().endswith("Sitemap: https://glossary.example.com/sitemap.xml")


def test_robots_policy_is_a_setting(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_robots": {"training": True, "search": True}})
    robots = (site.outdir / "robots.txt").read_text()
    assert "User-agent: GPTBot\n" in robots
    assert "Disallow" not in robots
    off = make_site(confoverrides={"termpages_robots": False})
    assert not (off.outdir / "robots.txt").exists()


def test_meta_descriptions(site: BuiltSite) -> None:
    def description(page: str) -> str | None:
        tag = site.html(page).find("meta", attrs={"name": "description"})
        return tag["content"] if tag else None

    assert description("terms/alpha.html") == (
        "Alpha is the first term, used to test every part of a term page."
    )
    assert description("categories/cat-one.html") == "Terms of the first kind."
    assert description("index.html") == "Terms of the test glossary."
    page = site.html("terms/alpha.html")
    assert page.find("link", rel="canonical")["href"] == (
        "https://glossary.example.com/terms/alpha.html"
    )
    assert page.find("meta", property="article:modified_time")["content"] == "2026-06-11"


# ------------------------------------------------------------------ redirects


def redirect_site(make_site: SiteFactory, front: str) -> BuiltSite:
    beta = (ROOTS / "test-basic/terms/beta.md").read_text().replace("---\n\n#", front + "---\n\n#")
    return make_site({"terms/beta.md": beta}, confoverrides={"extensions": SEO_EXTENSIONS})


def test_redirect_from_keeps_old_urls(make_site: SiteFactory) -> None:
    site = redirect_site(make_site, "redirect_from: [bet, old-beta]\n")
    assert site.warning_lines() == []
    for old in ("bet", "old-beta"):
        stub = BeautifulSoup((site.outdir / f"terms/{old}.html").read_text(), "html.parser")
        refresh = stub.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = "https://glossary.example.com/terms/beta.html"
        assert refresh == f"0; url={target}"
        assert stub.find("link", rel="canonical")["href"] == target
        assert stub.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        assert stub.find("script") is None
    assert not any("bet.html" in url or "old-beta" in url for url in sitemap(site.outdir))


def test_redirect_from_an_existing_slug_is_refused(make_site: SiteFactory) -> None:
    site = redirect_site(make_site, "redirect_from: [gamma]\n")
    assert site.warning_lines() == [
        "terms/beta.md:7: WARNING: redirect_from 'gamma': a term page with that slug exists "
        "(terms/gamma.md); no redirect [termpages.redirect-conflict]"
    ]
    assert "Gamma text" in text_of(site.html("terms/gamma.html").select_one("article"))


def test_redirect_claimed_twice(make_site: SiteFactory) -> None:
    gamma = (
        (ROOTS / "test-basic/terms/gamma.md")
        .read_text()
        .replace("cta: false\n", "cta: false\nredirect_from: [old]\n")
    )
    beta = (
        (ROOTS / "test-basic/terms/beta.md")
        .read_text()
        .replace("cta: alt\n", "cta: alt\nredirect_from: [old]\n")
    )
    site = make_site(
        {"terms/beta.md": beta, "terms/gamma.md": gamma},
        confoverrides={"extensions": SEO_EXTENSIONS},
    )
    message = (
        "WARNING: redirect_from 'old' is claimed by more than one term (beta, gamma); "
        "it redirects to the first [termpages.redirect-conflict]"
    )
    assert site.warning_lines() == [f"terms/beta.md:7: {message}", f"terms/gamma.md:7: {message}"]


def test_redirect_from_needs_no_redirect_extension(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/beta.md": (ROOTS / "test-basic/terms/beta.md")
            .read_text()
            .replace("cta: alt\n", "cta: alt\nredirect_from: [bet]\n")
        }
    )
    assert "sphinx_reredirects" not in (site.srcdir / "conf.py").read_text()
    assert site.warning_lines() == []
    stub = site.html("terms/bet.html")
    target = "https://glossary.example.com/terms/beta.html"
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"


def test_redirect_stub_without_a_site_address_links_relatively(make_site: SiteFactory) -> None:
    beta = (ROOTS / "test-basic/terms/beta.md").read_text()
    site = make_site(
        {"terms/beta.md": beta.replace("cta: alt\n", "cta: alt\nredirect_from: [bet]\n")},
        confoverrides={"html_baseurl": "", "termpages_sitemap": False, "termpages_publisher": None},
    )
    assert site.warning_lines() == []
    stub = site.html("terms/bet.html")
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=beta.html"
    assert stub.find("a")["href"] == "beta.html"


def test_the_sites_own_redirects_keep_their_names(make_site: SiteFactory) -> None:
    beta = (ROOTS / "test-basic/terms/beta.md").read_text()
    site = make_site(
        {"terms/beta.md": beta.replace("cta: alt\n", "cta: alt\nredirect_from: [bet]\n")},
        confoverrides={
            "extensions": SEO_EXTENSIONS,
            "redirects": {"terms/bet": "https://example.com/elsewhere"},
        },
    )
    stub = site.text("terms/bet.html")
    assert "https://example.com/elsewhere" in stub
    assert "glossary.example.com/terms/beta.html" not in stub


# ------------------------------------------------------------------ the real site


@pytest.fixture(scope="module")
def real_site(real_site_dir: Path) -> Path:
    return real_site_dir


def test_404_page_works_from_any_url(real_site: Path) -> None:
    page = BeautifulSoup((real_site / "404.html").read_text(), "html.parser")
    assert "Page not found" in text_of(page.select_one("article"))
    stylesheets = [link["href"] for link in page.select("link[rel~=stylesheet]")]
    assert stylesheets and all(href.startswith("/glossary/_static/") for href in stylesheets)
    assert not any("404" in url for url in sitemap(real_site))


def test_real_site_sitemap_and_robots(real_site: Path) -> None:
    entries = sitemap(real_site)
    for slug in real_term_slugs():
        assert entries[f"https://geonimo.com/glossary/{slug}"] is not None
    # listing pages carry the newest date of what they list
    assert entries["https://geonimo.com/glossary/"] == max(
        entries[f"https://geonimo.com/glossary/{slug}"] for slug in real_term_slugs()
    )
    assert entries["https://geonimo.com/glossary/category/how-llms-work"] is not None
    for generated in ("search", "genindex", "404"):
        assert f"https://geonimo.com/glossary/{generated}" not in entries
    robots = (real_site / "robots.txt").read_text()
    assert "Sitemap: https://geonimo.com/glossary/sitemap.xml" in robots
    assert "User-agent: GPTBot\n" in robots and "Disallow: /glossary/" in robots


def test_base_url_comes_from_the_environment(real_site_preview_dir: Path) -> None:
    """A Read the Docs preview: its own address, and links that keep ".html"."""
    out = real_site_preview_dir
    page = BeautifulSoup((out / "fine-tuning.html").read_text(), "html.parser")
    expected = PREVIEW_BASE_URL + "fine-tuning.html"
    assert page.find("link", rel="canonical")["href"] == expected
    assert page.find("meta", property="og:url")["content"] == expected
    assert {a["href"] for a in page.select("nav.termpages-breadcrumbs a")} == {
        "index.html",
        "category/how-llms-work.html",
    }
    assert expected in sitemap(out)


def test_every_page_of_the_real_site_has_a_clean_head(real_site: Path) -> None:
    for path in site_pages(real_site):
        head = parsed_page(path).head
        name = path.relative_to(real_site).as_posix()
        assert len(head.find_all("meta", attrs={"name": "viewport"})) == 1, name
        icons = {link["href"].rsplit("/", 1)[-1] for link in head.select("link[rel~=icon]")}
        assert icons == {"favicon.ico", "favicon.svg"}, name
        for link in head.select("link[rel~=icon], link[rel=apple-touch-icon]"):
            assert (real_site / "_static" / link["href"].rsplit("/", 1)[-1]).is_file()
        if name == "404.html":
            assert head.find("meta", attrs={"name": "robots"})["content"] == "noindex"
            assert head.find("meta", attrs={"name": "description"})["content"].strip()
            assert head.find("link", rel="canonical") is None
            assert head.find("meta", property="og:url") is None
            continue
        title = head.find("meta", attrs={"name": "twitter:title"})
        assert title is not None and title["content"].strip(), name
        og_title = head.find("meta", property="og:title")
        # sphinxext-opengraph skips pages without a doctree: Sphinx's own and the full
        # "Mentioned in" lists (noindex pages that only repeat links)
        if name in ("genindex.html", "search.html") or re.search(
            r"/mentioned-in(-\d+)?\.html$", name
        ):
            assert og_title is None
            continue
        assert og_title["content"] == title["content"], name
        assert head.find("meta", property="og:locale")["content"] == "en_US", name
        description = head.find("meta", attrs={"name": "description"})
        if description is not None:
            twitter = head.find("meta", attrs={"name": "twitter:description"})
            assert twitter["content"] == description["content"], name


def test_the_published_real_site_holds_nothing_internal(real_site: Path) -> None:
    from test_urls import published_problems

    assert published_problems(real_site) == []
    assert not (real_site.parent.parent / "doctrees" / ".buildinfo").exists()
    assert (real_site.parent.parent / "doctrees" / "html.buildinfo").is_file()


def test_aliases_reach_the_twin_and_llms_full(real_site: Path) -> None:
    page = BeautifulSoup((real_site / "embedding.html").read_text(), "html.parser")
    shown = text_of(page.select_one("p.termpages-also-called"))
    assert shown.startswith("Also called: vector embedding")
    line = "**Also called:** " + shown.removeprefix("Also called: ")
    assert line in (real_site / "embedding.md").read_text()
    assert line in (real_site / "llms-full.txt").read_text()


def test_a_redirect_never_replaces_a_page_the_site_has(make_site: SiteFactory) -> None:
    # with terms at the top of the sources, an old slug can name the home or search page
    beta = (ROOTS / "test-clean" / "beta.md").read_text(encoding="utf-8")
    redirects = "redirect_from: [index, search, genindex, 404, old-beta]\n"
    beta = beta.replace("---\n", f"---\n{redirects}", 1)
    site = make_site({"beta.md": beta}, root="clean")
    assert [line for line in site.warning_lines() if "redirect" in line] == [
        f"beta.md:2: WARNING: redirect_from {slug!r}: {page} has that name; no "
        "redirect [termpages.redirect-conflict]"
        for slug, page in [
            ("404", "the generated page 404.html"),
            ("genindex", "the generated page genindex.html"),
            ("index", "the page index.md"),
            ("search", "the generated page search.html"),
        ]
    ]
    assert "Moved" not in site.html("index.html").select_one("title").get_text()
    for page in ("search", "genindex", "404"):
        assert "Moved" not in site.html(f"{page}.html").select_one("title").get_text(), page
    assert site.html("old-beta.html").select_one("title").get_text() == "Moved"
