"""sitemap.xml, robots.txt, the 404 page, redirects, canonical URLs and meta tags."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, ROOTS, BuiltSite, SiteFactory, build, text_of

SEO_EXTENSIONS = ["myst_parser", "sphinx_design", "sphinx_reredirects", "termpages"]
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
    assert entries == {
        base + "index.html": None,
        base + "categories/cat-one.html": None,
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
        assert refresh == "0; url=../terms/beta.html"
        assert stub.find("link", rel="canonical")["href"] == "../terms/beta.html"
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


def test_redirect_from_needs_the_redirect_extension(make_site: SiteFactory) -> None:
    site = redirect_site(make_site, "redirect_from: [bet]\n")
    assert not site.warning_lines()
    plain = make_site(
        {
            "terms/beta.md": (ROOTS / "test-basic/terms/beta.md")
            .read_text()
            .replace("cta: alt\n", "cta: alt\nredirect_from: [bet]\n")
        }
    )
    assert plain.warning_lines() == [
        "WARNING: terms use redirect_from, but sphinx_reredirects is not in extensions; their "
        "old URLs are not kept [termpages.config]"
    ]


# ------------------------------------------------------------------ the real site


def build_real_site(out: Path, base_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GEONIMO_GLOSSARY_BASE_URL"}
    if base_url is not None:
        env["GEONIMO_GLOSSARY_BASE_URL"] = base_url
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-c", str(REPO), str(REPO / "docs"), str(out)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "html"
    result = build_real_site(out)
    assert result.returncode == 0, result.stderr
    return out


def test_404_page_works_from_any_url(real_site: Path) -> None:
    page = BeautifulSoup((real_site / "404.html").read_text(), "html.parser")
    assert "Page not found" in text_of(page.select_one("article"))
    stylesheets = [link["href"] for link in page.select("link[rel~=stylesheet]")]
    assert stylesheets and all(href.startswith("/glossary/_static/") for href in stylesheets)
    assert not any("404" in url for url in sitemap(real_site))


def test_real_site_sitemap_and_robots(real_site: Path) -> None:
    entries = sitemap(real_site)
    terms = sorted(p.stem for p in (REPO / "docs/terms").glob("*.md"))
    for slug in terms:
        assert entries[f"https://geonimo.com/glossary/terms/{slug}.html"] is not None
    for generated in ("search.html", "genindex.html", "404.html"):
        assert f"https://geonimo.com/glossary/{generated}" not in entries
    robots = (real_site / "robots.txt").read_text()
    assert "Sitemap: https://geonimo.com/glossary/sitemap.xml" in robots
    assert "User-agent: GPTBot\n" in robots and "Disallow: /glossary/" in robots


def test_base_url_comes_from_the_environment(tmp_path: Path) -> None:
    out = tmp_path / "html"
    result = build_real_site(out, "https://preview.example.org/pr-7/")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "terms/fine-tuning.html").read_text(), "html.parser")
    expected = "https://preview.example.org/pr-7/terms/fine-tuning.html"
    assert page.find("link", rel="canonical")["href"] == expected
    assert page.find("meta", property="og:url")["content"] == expected
    assert expected in sitemap(out)
