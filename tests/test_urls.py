"""Public URLs: {html_baseurl}<slug> in every output, and a published folder with nothing else."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, BuiltSite, SiteFactory, build, built_site

BASE = "https://glossary.example.com/terms/"
TERMS = ("alpha", "beta", "eclair", "gamma")
EXPORTS = {
    "llms.txt",
    "llms-full.txt",
    "glossary.json",
    "glossary.schema.json",
    "sitemap.xml",
    "robots.txt",
    "objects.inv",
    "searchindex.js",
}


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    srcdir = tmp_path_factory.mktemp("clean") / "site"
    shutil.copytree(ROOTS / "test-clean", srcdir)
    return build(srcdir)


def graph(html: str) -> list[dict[str, object]]:
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
    return json.loads(script.string)["@graph"]  # type: ignore[no-any-return]


def inventory(outdir: Path) -> dict[str, str]:
    lines = (outdir / "objects.inv").read_bytes().split(b"\n", 4)
    entries = zlib.decompress(lines[4]).decode().splitlines()
    found = {}
    for line in entries:
        name, kind, _, uri, _ = (
            line.split(" ", 4) if line.count(" ") >= 4 else (line, "", "", "", "")
        )
        if kind == "termpages:term":
            found[name] = uri
    return found


def test_the_build_is_clean(clean: BuiltSite) -> None:
    assert clean.warning_lines() == []


def test_every_page_has_its_public_url(clean: BuiltSite) -> None:
    for slug in TERMS:
        page = clean.html(f"{slug}.html")
        assert page.find("link", rel="canonical")["href"] == BASE + slug
        webpage = next(n for n in graph(str(page)) if n["@type"] in ("WebPage", "FAQPage"))
        assert webpage["url"] == BASE + slug
    home = clean.html("index.html")
    assert home.find("link", rel="canonical")["href"] == BASE
    website = next(n for n in graph(str(home)) if n["@type"] == "WebSite")
    assert website["url"] == BASE
    hub = clean.html("category/cat-one.html")
    assert hub.find("link", rel="canonical")["href"] == BASE + "category/cat-one"


def test_links_between_pages_use_the_public_form(clean: BuiltSite) -> None:
    alpha = clean.html("alpha.html")
    hrefs = {a["href"] for a in alpha.select("article a[href]")}
    assert {"./", "category/cat-one", "beta", "gamma"} <= hrefs
    for page in clean.outdir.rglob("*.html"):
        for link in BeautifulSoup(page.read_text(), "html.parser").select("a[href], link[href]"):
            href = link["href"]
            assert not re.search(r"(^|/)index(\.html)?($|#)", href), (page.name, href)
            if "://" not in href and not href.startswith(("#", "_static/", "../_static/")):
                assert not href.split("#")[0].endswith(".html"), (page.name, href)
    hub = clean.html("category/cat-one.html")
    assert {a["href"] for a in hub.select("ul.termpages-term-list a")} == {"../alpha", "../beta"}
    assert hub.select_one("nav.termpages-breadcrumbs a")["href"] == "../"


def test_every_export_uses_the_public_urls(clean: BuiltSite) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(clean.outdir / "sitemap.xml").getroot()
    locations = {url.findtext("s:loc", namespaces=namespace) for url in root}
    assert locations == {
        BASE,
        BASE + "category/cat-one",
        BASE + "category/cat-two",
        *(BASE + slug for slug in TERMS),
    }
    data = json.loads((clean.outdir / "glossary.json").read_text())
    assert data["url"] == BASE
    assert {(t["url"], t["markdown_url"]) for t in data["terms"]} == {
        (BASE + slug, BASE + slug + ".md") for slug in TERMS
    }
    llms = (clean.outdir / "llms.txt").read_text()
    assert f"[Alpha]({BASE}alpha.md)" in llms
    assert f"]({BASE}index.html.md)" in llms and f"]({BASE}category/cat-one.md)" in llms
    full = (clean.outdir / "llms-full.txt").read_text()
    assert f"Source: {BASE}alpha" in full
    twin = (clean.outdir / "alpha.md").read_text()
    assert f"]({BASE}beta)" in twin and ".html" not in twin
    assert inventory(clean.outdir)["alpha"] == "alpha"
    for slug in TERMS:
        assert (clean.outdir / f"{slug}.md").is_file()
        link = clean.html(f"{slug}.html").find("link", rel="alternate", type="text/markdown")
        assert link["href"] == f"{slug}.md"


def test_redirect_stubs_sit_at_the_old_url(make_site: SiteFactory) -> None:
    beta = (ROOTS / "test-clean/beta.md").read_text()
    site = make_site(
        {"beta.md": beta.replace("---\n\n#", "redirect_from: [old-beta]\n---\n\n#", 1)},
        root="clean",
    )
    assert site.warning_lines() == []
    stub = site.html("old-beta.html")
    assert stub.find("link", rel="canonical")["href"] == BASE + "beta"
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={BASE}beta"
    assert not (site.outdir / "old-beta").exists()


def test_the_404_page_links_home_and_to_every_hub_from_any_url(clean: BuiltSite) -> None:
    page = clean.html("404.html")
    hrefs = {a["href"] for a in page.select("a[href]")}
    assert "/terms/" in hrefs  # the home link (the logo and the brand)
    assert {"/terms/category/cat-one", "/terms/category/cat-two"} <= hrefs
    assert "#" not in {a["href"] for a in page.select("a.sidebar-brand")}
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", attrs={"name": "description"})["content"]


# ------------------------------------------------------------------ what gets published


def published_problems(outdir: Path) -> list[str]:
    """Every file that is not a page, an asset or a declared export."""
    problems = []
    pages = {path.with_suffix("") for path in outdir.rglob("*.html")}
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                problems.append(f"{relative}/ (an empty folder)")
            continue
        if relative.startswith("_static/") or path.suffix == ".html" or relative in EXPORTS:
            continue
        if re.fullmatch(r"_images/social/[0-9a-f]+\.png", relative):  # social preview images
            continue
        if re.fullmatch(r"termfinder/(index|s\d+)\.json", relative):  # the term finder's index
            continue
        if path.name in ("llms.txt", "llms-full.txt") and (
            path.parent.with_suffix(".html").is_file() or (path.parent / "index.html").is_file()
        ):  # a category's own exports, next to its hub
            continue
        if relative.endswith(".md"):
            page = path.with_suffix("")
            if page.suffix == ".html":  # index.html.md
                page = page.with_suffix("")
            if page in pages:
                continue
        problems.append(relative)
    return problems


def test_the_published_folder_holds_nothing_internal(clean: BuiltSite) -> None:
    assert published_problems(clean.outdir) == []
    doctrees = clean.outdir.parent / "doctrees"
    assert (doctrees / "environment.pickle").is_file()
    assert (doctrees / "html.buildinfo").is_file()  # kept where it isn't published


def test_removed_pages_leave_nothing_behind(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-clean", srcdir)
    first = build(srcdir)
    assert (first.outdir / "eclair.html").is_file()
    (srcdir / "eclair.md").unlink()
    (srcdir / "alpha.md").write_text(
        (srcdir / "alpha.md").read_text().replace("{term}`Éclairs`", "Éclairs")
    )
    second = build(srcdir)
    assert second.warning_lines() == []
    assert not (second.outdir / "eclair.html").exists()
    assert not (second.outdir / "eclair.md").exists()
    assert published_problems(second.outdir) == []


@pytest.mark.sphinx("html", testroot="clean", srcdir="urls-html-setting-change")
def test_an_html_setting_change_still_rewrites_every_page(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp]
) -> None:
    """.buildinfo lives outside the output, and Sphinx still sees what it built with."""
    app.build()
    retitled = make_app(
        "html", srcdir=app.srcdir, builddir=app.srcdir / "_build",
        confoverrides={"html_title": "Retitled"},
    )  # fmt: skip
    retitled.build()
    again = built_site(retitled)
    assert "Retitled" in again.text("gamma.html")
    assert not (again.outdir / ".buildinfo").exists()
    assert not (again.outdir / ".buildinfo.bak").exists()


def test_doctrees_inside_the_output_are_reported(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-clean", srcdir)
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (
        f"WARNING: the doctree folder ({out / '.doctrees'}) is inside the output folder, so its "
        "pickled build state is published with the site; pass -d with a folder outside "
        f"{out} to sphinx-build [termpages.published-state]"
    ) in result.stderr


# ------------------------------------------------------------------ slugs that take a URL


def test_a_slug_that_names_another_page_is_reported(make_site: SiteFactory) -> None:
    page = "---\ncategory: cat-one\nsummary: A clash.\n---\n\n# {name}\n\nText.\n"
    site = make_site(
        {
            "search.md": page.format(name="Search"),
            "category.md": page.format(name="Category"),
            "genindex.md": page.format(name="Genindex"),
        },
        root="clean",
        confoverrides={"suppress_warnings": ["toc.not_included"]},
    )
    assert site.warning_lines() == [
        "category.md:1: WARNING: the URL of term 'category' is also the URL of the folder of "
        "the category hub pages; one of them would be unreachable (rename the term file and "
        "add its old slug to redirect_from if it was published) [termpages.slug-collision]",
        "genindex.md:1: WARNING: the URL of term 'genindex' is also the URL of the general "
        "index; one of them would be unreachable (rename the term file and add its old slug "
        "to redirect_from if it was published) [termpages.slug-collision]",
        "search.md:1: WARNING: the URL of term 'search' is also the URL of the search page; "
        "one of them would be unreachable (rename the term file and add its old slug to "
        "redirect_from if it was published) [termpages.slug-collision]",
    ]


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="urls-overlapping-folders",
    confoverrides={"termpages_hubs_dir": "terms/hubs"},
)
def test_overlapping_folders_are_refused(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    assert site.warning_lines() == [
        "WARNING: termpages_hubs_dir 'terms/hubs' and termpages_terms_dir 'terms' overlap: hub "
        "pages would be read as terms, or generated files would land among term files; "
        "using 'categories' [termpages.config]"
    ]
    assert (site.outdir / "categories/cat-one.html").is_file()


def output_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.name != "searchindex.js"  # word order varies by worker
    }


def test_parallel_and_incremental_builds_give_the_same_files(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-clean", srcdir)
    for name in ("delta", "epsilon", "zeta", "eta"):  # enough pages to split between workers
        (srcdir / f"{name}.md").write_text(
            f"---\ncategory: cat-two\nsummary: {name.title()} is filler.\nrelated: [alpha]\n"
            f"redirect_from: [old-{name}]\n---\n\n# {name.title()}\n\nSee {{term}}`alpha`.\n"
        )
    serial = build(srcdir, outname="serial", freshenv=True)
    parallel = build(srcdir, outname="parallel", parallel=2, freshenv=True)
    assert serial.warning_lines() == parallel.warning_lines() == []
    assert output_files(serial.outdir) == output_files(parallel.outdir)
    # an incremental build after a rename ends with the files of a clean build, and the
    # renamed page's own outputs equal; siblings' navigation after a rename is issue 18's
    (srcdir / "zeta.md").rename(srcdir / "zed.md")
    incremental = build(srcdir, outname="serial")
    clean = build(srcdir, outname="clean", freshenv=True)
    assert incremental.warning_lines() == clean.warning_lines() == []
    assert not (incremental.outdir / "zeta.html").exists()
    after, fresh = output_files(incremental.outdir), output_files(clean.outdir)
    assert set(after) == set(fresh)
    for name in ("zed.html", "zed.md", "sitemap.xml", "llms.txt", "glossary.json"):
        assert after[name] == fresh[name], name
