"""The term finder's index: complete, escaped, builder-aware, small at 5,000 terms, and optional."""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import termpages.finder
from conftest import ROOTS, BuiltSite, SiteFactory, build
from termpages.config import Labels
from termpages.finder import finder_index, match_key
from termpages.frontmatter import TermEntry

#: What the script needs for one suggestion list: the index and at most this many shards.
MAX_SUGGESTIONS = 8


def finder(outdir: Path) -> tuple[dict[str, Any], list[list[str]]]:
    folder = outdir / "termfinder"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    shards = [
        json.loads((folder / f"s{number}.json").read_text(encoding="utf-8"))
        for number in range(len(list(folder.glob("s*.json"))))
    ]
    return index, shards


def rows(index: dict[str, Any], shards: list[list[str]]) -> list[dict[str, Any]]:
    """Each term of the index as the script reads it."""
    prefix, suffix = index["u"]
    size = index["n"]
    return [
        {
            "title": row[0],
            "slug": row[1],
            "aliases": row[2] if len(row) > 2 else [],
            "url": row[3] if len(row) > 3 else prefix + row[1] + suffix,
            "summary": shards[position // size][position % size],
        }
        for position, row in enumerate(index["t"])
    ]


def test_index_lists_every_term_in_reading_order_with_summaries(site: BuiltSite) -> None:
    index, shards = finder(site.outdir)
    assert index["u"] == ["terms/", ".html"]
    assert rows(index, shards) == [
        {
            "title": "Alpha",
            "slug": "alpha",
            "aliases": ["first term", "the letter A"],
            "url": "terms/alpha.html",
            "summary": "Alpha is the first term, used to test every part of a term page.",
        },
        {
            "title": "Beta",
            "slug": "beta",
            "aliases": [],
            "url": "terms/beta.html",
            "summary": "Beta is the second term and shows another call to action.",
        },
        {
            "title": "Éclair",
            "slug": "eclair",
            "aliases": [],
            "url": "terms/eclair.html",
            "summary": "Éclair has an accented title, filed under E in the A–Z list.",
        },
        {
            "title": "Gamma",
            "slug": "gamma",
            "aliases": ["third term"],
            "url": "terms/gamma.html",
            "summary": "Gamma is a term in the second category without a call to action.",
        },
    ]
    for term in rows(index, shards):
        assert (site.outdir / term["url"]).is_file()
    labels = Labels()
    assert index["l"] == {
        "list": labels.finder_list,
        "one": labels.finder_count_one,
        "many": labels.finder_count_many,
        "none": labels.finder_none,
    }
    # the shards' version changes with their content, so a cached shard is never mixed in
    assert re.fullmatch(r"[0-9a-f]{12}", index["v"])


def test_every_page_loads_the_finder_deferred(site: BuiltSite) -> None:
    for page in ("index.html", "terms/alpha.html", "categories/cat-one.html", "search.html"):
        scripts = site.html(page).select("script[src*='termfinder.js']")
        assert [script.has_attr("defer") for script in scripts] == [True], page
        assert site.html(page).select("link[href*='termfinder.css']"), page
        assert site.html(page).select("form[role=search] input[name=q]"), page


def test_aliases_that_spell_the_title_or_slug_again_are_left_out(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/fine-tuning.md": "---\ncategory: cat-one\nsummary: Training more.\n"
            "aliases: [fine tuning, Fine-tuning, FT, finetune, ft]\n---\n\n# Fine-Tuning\n\nText.\n"
        }
    )
    index, shards = finder(site.outdir)
    term = next(t for t in rows(index, shards) if t["slug"] == "fine-tuning")
    assert term["aliases"] == ["FT", "finetune"]
    assert match_key("Fine-Tuning") == match_key("fine tuning") == "finetuning"
    assert match_key("Éclair  Crème") == "eclaircreme"


def test_writer_text_is_escaped_and_parses_back_exactly(make_site: SiteFactory) -> None:
    title = '</script><img src=x onerror="alert(1)"> & Co'
    summary = 'A <b>bold</b> claim & a "quote" </script> too.'
    site = make_site(
        {
            "terms/hostile.md": f"---\ncategory: cat-one\nsummary: '{summary}'\n"
            "aliases: ['<i>x</i>']\n---\n\n"
            f"# {title.replace('<', '&lt;')}\n\nText.\n"
        }
    )
    assert site.warning_lines() == []
    raw = (site.outdir / "termfinder" / "index.json").read_text(encoding="utf-8")
    raw += (site.outdir / "termfinder" / "s0.json").read_text(encoding="utf-8")
    assert not set("<>&") & set(raw)
    index, shards = finder(site.outdir)
    term = next(t for t in rows(index, shards) if t["slug"] == "hostile")
    assert (term["title"], term["summary"], term["aliases"]) == (
        title.replace("&lt;", "<"),
        summary,
        ["<i>x</i>"],
    )


def test_dirhtml_urls_are_folders(make_site: SiteFactory) -> None:
    site = make_site(buildername="dirhtml")
    index, shards = finder(site.outdir)
    assert index["u"] == ["terms/", "/"]
    for term in rows(index, shards):
        assert (site.outdir / term["url"] / "index.html").is_file()
    script = site.html("terms/alpha/index.html").select_one("script[src*='termfinder.js']")
    assert script is not None and script["src"].startswith("../../_static/")


def test_a_url_off_the_common_pattern_is_written_out() -> None:
    entries = synthetic_entries(3)
    uris = [f"terms/{entries[0].slug}.html", f"terms/{entries[1].slug}.html", "other/x.html"]
    index = json.loads(finder_index(entries, uris, Labels())["index.json"])
    assert index["u"] == ["terms/", ".html"]
    assert [len(row) for row in index["t"]][2] == 4 and index["t"][2][3] == "other/x.html"
    assert all(len(row) < 4 for row in index["t"][:2])


def test_switched_off_there_is_no_script_and_no_index(make_site: SiteFactory) -> None:
    site = make_site()
    assert (site.outdir / "termfinder" / "index.json").is_file()
    site = make_site(confoverrides={"termpages_term_finder": False})
    assert site.warning_lines() == []
    assert site.html("terms/alpha.html").select("script[src*='termfinder']") == []
    assert site.html("terms/alpha.html").select("link[href*='termfinder']") == []
    assert not (site.outdir / "termfinder").exists()


def test_shards_of_removed_terms_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(termpages.finder, "SHARD_SIZE", 2)
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    site = build(srcdir)
    index, shards = finder(site.outdir)
    assert (index["n"], [len(shard) for shard in shards]) == (2, [2, 2])
    for name in ("gamma", "eclair"):
        (srcdir / "terms" / f"{name}.md").unlink()
    (srcdir / "terms" / "alpha.md").write_text(
        (srcdir / "terms" / "alpha.md")
        .read_text()
        .replace("{term}`gamma`", "gamma")
        .replace("{term}`the third term <gamma>`", "x")
        .replace("{term}`Third Term`", "x")
        .replace("{term}`Éclairs`", "x")
        .replace("related: [beta, gamma]", "related: [beta]")
    )
    site = build(srcdir)
    index, shards = finder(site.outdir)
    assert [row[1] for row in index["t"]] == ["alpha", "beta"]
    assert sorted(path.name for path in (site.outdir / "termfinder").iterdir()) == [
        "index.json",
        "s0.json",
    ]


# ---------------------------------------------------------------- size at 5,000 terms


def pseudo_word(rng: random.Random) -> str:
    syllables = ["ka", "lo", "ver", "min", "tra", "sen", "ro", "dex", "pla", "qui", "nor", "gen"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))


def synthetic_entries(count: int) -> list[TermEntry]:
    """Terms shaped like a real glossary's: 1-4 word titles, abbreviations and plurals,
    a one-sentence summary of 12-28 words. Invented words compress worse than real ones."""
    rng = random.Random(count)
    vocabulary = sorted({pseudo_word(rng) for _ in range(4000)})
    entries = []
    seen: set[str] = set()
    while len(entries) < count:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(1, 4))]
        title = " ".join(word.capitalize() for word in words)
        slug = "-".join(words)
        if slug in seen:
            continue
        seen.add(slug)
        aliases = []
        if len(words) > 1 and rng.random() < 0.4:
            aliases.append("".join(word[0] for word in words).upper())
        if rng.random() < 0.3:
            aliases.append(title + "s")
        summary = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 28)))
        entries.append(
            TermEntry(
                slug=slug,
                docname=slug,
                title=title,
                summary=summary.capitalize() + ".",
                category=None,
                aliases=aliases,
            )
        )
    return sorted(entries, key=lambda entry: entry.title.casefold())


def test_at_5000_terms_index_and_a_lists_shards_stay_under_150_kb_gzipped() -> None:
    entries = synthetic_entries(5000)
    files = finder_index(entries, [entry.slug for entry in entries], Labels())
    compressed = {name: len(gzip.compress(text.encode(), 9)) for name, text in files.items()}
    index = compressed.pop("index.json")
    heaviest_list = sum(sorted(compressed.values(), reverse=True)[:MAX_SUGGESTIONS])
    print(f"termfinder at 5,000 terms: index {index} B, 8 heaviest shards {heaviest_list} B gzip")
    assert index + heaviest_list < 150_000
    assert len(json.loads(files["index.json"])["t"]) == 5000
