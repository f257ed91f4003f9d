"""The two checks on the writing: template headings and passages repeated from another page."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import SiteFactory, built_site
from termpages.textchecks import (
    MIN_SAMPLES,
    heading_key,
    near_duplicates,
    repeated_headings,
    sampled_shingles,
    term_names,
)

#: Editorial checks are notices unless strict; these tests are about what they find.
STRICT = {"termpages_checks_strict": True}

SHARED = (
    "Assistants read the pages that rank for a question, keep the passages that answer it "
    "most directly, and write a reply that quotes the clearest of them, so a brand that "
    "states its facts plainly, near the top of a page that crawlers can reach, is the one "
    "whose name and numbers end up in the answer a buyer reads before deciding."
)


def page(title: str, body: str) -> str:
    return f"---\ncategory: cat-one\nsummary: {title} is a test term.\n---\n\n# {title}\n\n{body}\n"


def test_heading_key_takes_the_terms_names_out() -> None:
    names = term_names("Large Language Model (LLM)", "large-language-model", ["LLM"])
    assert heading_key("How large language models work", names) == "how work"
    assert heading_key("Why LLMs matter to brands", names) == "why matter to brands"
    assert heading_key("How embeddings work", ["Embedding", "embedding"]) == "how work"
    assert heading_key("Fine-Tuning", ["Fine-Tuning"]) == ""


def test_repeated_headings_only_over_the_share() -> None:
    names = {f"t{i}": [f"term{i}"] for i in range(10)}
    headings = {f"t{i}": [(f"How term{i} works", 5)] for i in range(3)}
    headings["t9"] = [("What term9 counts", 7)]
    found = repeated_headings(headings, names, 0.2)  # more than 2 of 10 pages
    assert [(d, line, key, n) for d, line, _, key, n in found] == [
        ("t0", 5, "how works", 3),
        ("t1", 5, "how works", 3),
        ("t2", 5, "how works", 3),
    ]
    assert repeated_headings(headings, names, 0.3) == []


def test_near_duplicates_by_sampled_shingles() -> None:
    samples = sampled_shingles(SHARED)
    assert len(samples) >= MIN_SAMPLES
    assert sampled_shingles(SHARED.upper()) == samples  # case does not matter
    other = sampled_shingles("Something else entirely, " * 20)
    passages = {"a": [(3, samples)], "b": [(9, samples)], "c": [(4, other)]}
    assert near_duplicates(passages, 0.6) == [("a", 3, "b", 9, 1.0), ("b", 9, "a", 3, 1.0)]
    assert near_duplicates({"a": [(3, samples)], "c": [(4, other)]}, 0.6) == []


CHECKS = {"repeated_headings": 0.25, "near_duplicate_text": 0.6}


def test_template_headings_are_reported_at_their_lines(make_site: SiteFactory) -> None:
    files = {
        f"terms/{name}.md": page(name.title(), f"## How {name} works\n\nText about {name}.")
        for name in ("delta", "epsilon", "zeta")
    }
    site = make_site(files, confoverrides={**STRICT, "termpages_checks": CHECKS})
    template = (
        "heading '{heading}' reads 'how works' without the term's name, like headings on "
        "4 of 7 term pages (more than 25%); write a heading about this term "
        "[termpages.repeated-heading]"
    )
    assert site.warning_lines() == [
        f"terms/alpha.md:14: WARNING: {template.format(heading='How alpha works')}",
        f"terms/delta.md:8: WARNING: {template.format(heading='How delta works')}",
        f"terms/epsilon.md:8: WARNING: {template.format(heading='How epsilon works')}",
        f"terms/zeta.md:8: WARNING: {template.format(heading='How zeta works')}",
    ]


def test_a_repeated_passage_is_reported_on_both_pages(make_site: SiteFactory) -> None:
    files = {
        "terms/delta.md": page("Delta", f"## What delta adds\n\n{SHARED}"),
        "terms/epsilon.md": page("Epsilon", f"Before.\n\n{SHARED}"),
    }
    site = make_site(files, confoverrides={**STRICT, "termpages_checks": CHECKS})
    advice = "say it in this page's own words, or link to that page [termpages.near-duplicate]"
    assert site.warning_lines() == [
        "terms/delta.md:10: WARNING: this passage repeats one on terms/epsilon.md:10 "
        f"(100% of its word sequences are there too); {advice}",
        "terms/epsilon.md:10: WARNING: this passage repeats one on terms/delta.md:10 "
        f"(100% of its word sequences are there too); {advice}",
    ]


@pytest.mark.parametrize("parallel", [0, 2])
def test_the_checks_see_every_page_in_parallel_and_incremental_builds(
    make_site: SiteFactory, parallel: int
) -> None:
    files = {
        f"terms/{name}.md": page(name.title(), f"## Notes on {name}\n\n{SHARED}")
        for name in ("delta", "epsilon", "zeta", "eta")
    }
    site = make_site(files, confoverrides={**STRICT, "termpages_checks": CHECKS}, parallel=parallel)
    warned = {line.split(":")[0] for line in site.warning_lines()}
    assert warned == {"terms/delta.md", "terms/epsilon.md", "terms/eta.md", "terms/zeta.md"}


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="text-checks-bad-shares",
    confoverrides={"termpages_checks": {"repeated_headings": 2, "near_duplicate_text": "x"}},
)
def test_bad_shares_are_config_warnings(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    assert site.warning_lines() == [
        "WARNING: termpages_checks['repeated_headings'] must be a share from 0 to 1 (0 is off), "
        "got 2 [termpages.config]",
        "WARNING: termpages_checks['near_duplicate_text'] must be a share from 0 to 1 "
        "(0 is off), got 'x' [termpages.config]",
    ]
