"""A bounded "Mentioned in": the chosen pages on the term page, the full list on pages of its own.

The test root's term ``star`` is mentioned from eight pages and shows three
(``termpages_mentions_shown = 3``): Alpha, whose summary names it; then Hotel
and Delta, of its category and mentioned twice and once; not Charlie (its
category, never mentioned) nor Bravo (mentioned three times, another category).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from conftest import ROOTS, BuiltSite, build, html_files, text_of
from termpages import mentionlists

SiteFactory = Callable[..., BuiltSite]
EVERY_SOURCE = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"]


def shown(site: BuiltSite, page: str = "terms/star.html") -> list[str]:
    section = site.html(page).select_one("section.termpages-backlinks")
    assert section is not None
    return [text_of(a) for a in section.select("ul.termpages-backlinks-list a")]


def all_link(site: BuiltSite, page: str = "terms/star.html") -> Any:
    return site.html(page).select_one("section.termpages-backlinks p.termpages-backlinks-all a")


def listed(site: BuiltSite, page: str) -> list[str]:
    return [text_of(li.a) for li in site.html(page).select("ul.termpages-mentions-list > li")]


@pytest.fixture
def srcdir(tmp_path: Path) -> Path:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-mentions", srcdir)
    return srcdir


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three entries a list page, so that eight make three pages."""
    monkeypatch.setattr(mentionlists, "PAGE_SIZE", 3)


def test_a_much_mentioned_term_shows_the_chosen_pages_and_links_to_all(
    make_site: SiteFactory,
) -> None:
    site = make_site(root="mentions")
    assert site.warning_lines() == []
    assert shown(site) == ["Alpha", "Delta", "Hotel"]
    link = all_link(site)
    assert text_of(link) == "All 8 pages that mention Star"
    assert link["href"] == "star/mentioned-in.html"
    # no more mentions than shown: every page, no link
    assert shown(site, "terms/bravo.html") == ["Echo", "Foxtrot", "Golf"]
    assert all_link(site, "terms/bravo.html") is None
    assert not (site.outdir / "terms" / "bravo").exists()


def test_the_twin_shows_the_same_pages_and_the_link(make_site: SiteFactory) -> None:
    site = make_site(root="mentions")
    twin = site.text("terms/star.html.md")
    section = twin.split("## Mentioned in\n", 1)[1].split("\nSource:", 1)[0]
    base = "https://glossary.example.com/terms/"
    assert section.strip().splitlines() == [
        f"- [Alpha]({base}alpha.html)",
        f"- [Delta]({base}delta.html)",
        f"- [Hotel]({base}hotel.html)",
        "",
        f"[All 8 pages that mention Star]({base}star/mentioned-in.html)",
    ]


def test_the_list_pages_hold_every_mentioning_page_once(
    make_site: SiteFactory, small_pages: None
) -> None:
    site = make_site(root="mentions")
    assert site.warning_lines() == []
    pages = ["terms/star/mentioned-in.html", "terms/star/mentioned-in-2.html"]
    pages.append("terms/star/mentioned-in-3.html")
    assert [listed(site, page) for page in pages] == [
        EVERY_SOURCE[:3],
        EVERY_SOURCE[3:6],
        EVERY_SOURCE[6:],
    ]
    assert not (site.outdir / "terms" / "star" / "mentioned-in-4.html").exists()
    first = site.html(pages[0])
    assert text_of(first.select_one("article h1")) == "Pages that mention Star"
    assert first.select_one(".termpages-mentions-term a")["href"] == "../star.html"
    assert [a["href"] for a in first.select("ul.termpages-mentions-list a")] == [
        "../alpha.html",
        "../bravo.html",
        "../charlie.html",
    ]
    second = site.html(pages[1])
    assert text_of(second.select_one("article h1")) == "Pages that mention Star — Page 2 of 3"
    assert second.title is not None and second.title.string is not None
    assert second.title.string.startswith("Pages that mention Star — Page 2 of 3")


def test_list_pages_escape_what_writers_wrote(make_site: SiteFactory, small_pages: None) -> None:
    site = make_site(root="mentions")
    page = site.html("terms/star/mentioned-in-2.html")
    delta = page.select("ul.termpages-mentions-list > li")[0]
    assert text_of(delta) == "Delta — Delta <b>bold</b> & co."
    assert delta.find("b") is None


def test_pagination_is_an_accessible_nav(make_site: SiteFactory, small_pages: None) -> None:
    site = make_site(root="mentions")

    def nav(page: str) -> list[tuple[str, str, str | None, str | None]]:
        found = site.html(f"terms/star/{page}").select("article nav.termpages-pagination")
        assert len(found) == 1 and found[0]["aria-label"] == "Pages"
        return [
            (text_of(a), a["href"], a.get("aria-current"), " ".join(a.get("rel") or []) or None)
            for a in found[0].select("li > a")
        ]

    assert nav("mentioned-in.html") == [
        ("1", "#", "page", None),
        ("2", "mentioned-in-2.html", None, None),
        ("3", "mentioned-in-3.html", None, None),
        ("Next", "mentioned-in-2.html", None, "next"),
    ]
    assert nav("mentioned-in-2.html") == [
        ("Previous", "mentioned-in.html", None, "prev"),
        ("1", "mentioned-in.html", None, None),
        ("2", "#", "page", None),
        ("3", "mentioned-in-3.html", None, None),
        ("Next", "mentioned-in-3.html", None, "next"),
    ]
    last = site.html("terms/star/mentioned-in-3.html")
    assert nav("mentioned-in-3.html")[-1] == ("3", "#", "page", None)
    # the theme's own Previous/Next: <link rel> in the head
    assert [link["href"] for link in last.select('head link[rel="prev"]')] == [
        "mentioned-in-2.html"
    ]
    assert last.select('head link[rel="next"]') == []


def test_one_list_page_has_no_page_links(make_site: SiteFactory) -> None:
    site = make_site(root="mentions")
    page = site.html("terms/star/mentioned-in.html")
    assert listed(site, "terms/star/mentioned-in.html") == EVERY_SOURCE
    assert page.select("nav.termpages-pagination") == []


def test_list_pages_are_noindex_and_out_of_the_sitemap(
    make_site: SiteFactory, small_pages: None
) -> None:
    site = make_site(root="mentions")
    for page in ("mentioned-in.html", "mentioned-in-2.html", "mentioned-in-3.html"):
        robots = site.html(f"terms/star/{page}").select('head meta[name="robots"]')
        assert [meta["content"] for meta in robots] == ["noindex"]
    assert site.html("terms/star.html").select('meta[name="robots"]') == []
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site.outdir / "sitemap.xml").getroot()
    locations = [loc.text or "" for loc in root.findall("s:url/s:loc", namespace)]
    assert "https://glossary.example.com/terms/star.html" in locations
    assert not [url for url in locations if "mentioned-in" in url]
    assert "mentioned-in" not in site.text("llms.txt")
    assert "mentioned-in" not in site.text("glossary.json")
    assert not list(site.outdir.rglob("mentioned-in*.md"))


def test_under_dirhtml_the_link_and_the_list_pages_resolve(make_site: SiteFactory) -> None:
    site = make_site(root="mentions", buildername="dirhtml")
    assert site.warning_lines() == []
    link = all_link(site, "terms/star/index.html")
    assert link["href"] == "mentioned-in/"
    page = site.html("terms/star/mentioned-in/index.html")
    assert [text_of(li.a) for li in page.select("ul.termpages-mentions-list > li")] == EVERY_SOURCE
    assert page.select_one(".termpages-mentions-term a")["href"] == "../"
    assert page.select_one("ul.termpages-mentions-list a")["href"] == "../../alpha/"


def test_other_builders_list_every_page(make_site: SiteFactory) -> None:
    site = make_site(root="mentions", buildername="text")
    text = site.text("terms/star.txt")
    mentioned = text.split("Mentioned in", 1)[1]
    assert re.findall(r"\* (\w+)", mentioned) == EVERY_SOURCE
    assert "pages that mention" not in text


def test_a_bad_setting_is_one_config_warning(make_site: SiteFactory) -> None:
    site = make_site(root="mentions", confoverrides={"termpages_mentions_shown": 0})
    assert site.warning_lines() == [
        "conf.py:11: WARNING: termpages_mentions_shown must be a positive whole number, got 0; "
        "using 12 [termpages.config]"
    ]
    # twelve or fewer: every page shown, no list pages
    assert shown(site) == EVERY_SOURCE
    assert all_link(site) is None


# ------------------------------------------------------------- incremental and parallel


def written(status: str) -> set[str]:
    return set(re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", status))


def assert_equals_clean_build(site: BuiltSite, srcdir: Path) -> None:
    clean = build(srcdir, outname="clean", freshenv=True)
    assert html_files(site.outdir) == html_files(clean.outdir)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_new_mention_rewrites_the_term_page_and_its_list(srcdir: Path, small_pages: None) -> None:
    build(srcdir)
    (srcdir / "terms" / "india.md").write_text(
        "---\ncategory: cat-b\nsummary: India names the star.\n---\n\n# India\n\n"
        "India and {term}`star`.\n"
    )
    site = build(srcdir)
    assert site.warning_lines() == []
    assert "terms/star" in written(site.status)
    assert text_of(all_link(site)) == "All 9 pages that mention Star"
    # India's summary names the star: it is chosen before Delta
    assert shown(site) == ["Alpha", "Hotel", "India"]
    assert listed(site, "terms/star/mentioned-in-3.html") == ["Golf", "Hotel", "India"]
    assert_equals_clean_build(site, srcdir)


def test_a_change_of_who_is_mentioned_most_changes_the_choice(srcdir: Path) -> None:
    build(srcdir)
    # Charlie, of the star's category, is now mentioned three times: before Delta
    for name in ("alpha", "bravo", "golf"):
        edit(srcdir / "terms" / f"{name}.md", "{term}`star`", "{term}`star` and {term}`charlie`")
    site = build(srcdir)
    assert "terms/star" in written(site.status)
    assert shown(site) == ["Alpha", "Charlie", "Hotel"]
    assert_equals_clean_build(site, srcdir)


def test_the_summary_of_a_page_not_shown_still_reaches_the_list(srcdir: Path) -> None:
    first = build(srcdir)
    listing = first.outdir / "terms" / "star" / "mentioned-in.html"
    before = listing.stat().st_mtime_ns
    edit(srcdir / "terms" / "charlie.md", "Charlie shares the category.", "Charlie, reworded.")
    site = build(srcdir)
    assert "terms/star" in written(site.status)
    item = site.html("terms/star/mentioned-in.html").select("ul.termpages-mentions-list > li")[2]
    assert text_of(item) == "Charlie — Charlie, reworded."
    after = listing.stat().st_mtime_ns
    assert after > before
    assert_equals_clean_build(site, srcdir)
    # a build that changes nothing writes neither the term page nor its list
    again = build(srcdir)
    assert written(again.status) == set()
    assert listing.stat().st_mtime_ns == after


def test_list_pages_no_longer_needed_are_removed(srcdir: Path, small_pages: None) -> None:
    first = build(srcdir)
    assert (first.outdir / "terms" / "star" / "mentioned-in-3.html").exists()
    for name in ("echo", "foxtrot", "golf", "hotel"):
        edit(srcdir / "terms" / f"{name}.md", "{term}`star`", "the star")
    site = build(srcdir)
    assert site.warning_lines() == []
    assert shown(site) == ["Alpha", "Charlie", "Delta"]
    assert not (site.outdir / "terms" / "star" / "mentioned-in-3.html").exists()
    assert (site.outdir / "terms" / "star" / "mentioned-in-2.html").exists()
    for name in ("alpha", "bravo"):
        edit(srcdir / "terms" / f"{name}.md", "{term}`star`", "the star")
    site = build(srcdir)
    assert shown(site) == ["Charlie", "Delta"] and all_link(site) is None
    assert not list((site.outdir / "terms").rglob("mentioned-in*"))
    assert_equals_clean_build(site, srcdir)


def test_parallel_build_equals_serial_with_list_pages(srcdir: Path, small_pages: None) -> None:
    serial = build(srcdir, outname="serial", freshenv=True)
    parallel = build(srcdir, outname="parallel", parallel=2, freshenv=True)
    assert serial.warning_lines() == [] and parallel.warning_lines() == []
    pages = html_files(parallel.outdir)
    assert "terms/star/mentioned-in-3.html" in pages
    assert html_files(serial.outdir) == pages


def test_a_new_setting_value_rewrites_the_lists(srcdir: Path) -> None:
    first = build(srcdir)
    assert (first.outdir / "terms" / "star" / "mentioned-in.html").exists()
    site = build(srcdir, confoverrides={"termpages_mentions_shown": 8})
    assert site.warning_lines() == []
    assert shown(site) == EVERY_SOURCE and all_link(site) is None
    assert not list((site.outdir / "terms").rglob("mentioned-in*"))
    site = build(srcdir, confoverrides={"termpages_mentions_shown": 7})
    assert len(shown(site)) == 7 and text_of(all_link(site)) == "All 8 pages that mention Star"
    assert listed(site, "terms/star/mentioned-in.html") == EVERY_SOURCE


def test_without_mentioned_in_there_are_no_lists(srcdir: Path) -> None:
    first = build(srcdir)
    assert (first.outdir / "terms" / "star" / "mentioned-in.html").exists()
    site = build(srcdir, confoverrides={"termpages_backlinks": False})
    assert site.warning_lines() == []
    assert site.html("terms/star.html").select("section.termpages-backlinks") == []
    assert not list((site.outdir / "terms").rglob("mentioned-in*"))
