"""Editorial checks: each fires with its own subtype at its line, and only when switched on."""

from __future__ import annotations

import datetime

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import SiteFactory, built_site
from termpages.checks import sentence_count

#: Editorial checks are notices unless strict; these tests are about what they find.
STRICT = {"termpages_checks_strict": True}

ALL_ON = {
    "summary_single_sentence": True,
    "summary_max_length": 160,
    "require_faq": True,
    "require_term_reference": True,
    "orphans": True,
}

FAQ = "::::{faq}\n:::{question} Why?\nBecause.\n:::\n::::\n"


def page(front: str, body: str) -> str:
    return f"---\ncategory: cat-two\n{front}---\n\n# Page\n\n{body}"


def only_page_warnings(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("terms/page.md")]


@pytest.mark.parametrize(
    ("front", "body", "expected"),
    [
        (
            "summary: Page is a term. It has two sentences.\n",
            f"See {{term}}`alpha`.\n\n{FAQ}",
            "terms/page.md:3: WARNING: summary should be exactly one sentence, ending with a "
            "period: it is the definition search engines and assistants quote "
            "[termpages.summary-not-one-sentence]",
        ),
        (
            "summary: Page is a term without a final period\n",
            f"See {{term}}`alpha`.\n\n{FAQ}",
            "terms/page.md:3: WARNING: summary should be exactly one sentence, ending with a "
            "period: it is the definition search engines and assistants quote "
            "[termpages.summary-not-one-sentence]",
        ),
        (
            f"summary: Page is {'very ' * 40}long.\n",
            f"See {{term}}`alpha`.\n\n{FAQ}",
            "terms/page.md:3: WARNING: summary is 213 characters; keep it to 160 (longer ones "
            "are cut off in search results) [termpages.summary-too-long]",
        ),
        (
            "summary: Page is a term.\n",
            "See {term}`alpha`.\n",
            "terms/page.md:1: WARNING: term page has no FAQ; add a ::::{faq} block with the "
            "questions readers ask [termpages.no-faq]",
        ),
        (
            "summary: Page is a term.\n",
            f"No links here.\n\n{FAQ}",
            "terms/page.md:1: WARNING: term page links to no other term; mention related terms "
            "with {term} [termpages.no-term-reference]",
        ),
    ],
    ids=["two-sentences", "no-period", "too-long", "no-faq", "no-term-reference"],
)
def test_page_checks(make_site: SiteFactory, front: str, body: str, expected: str) -> None:
    # gamma lists the page as related, so it is no orphan
    gamma = "terms/gamma.md"
    site = make_site(
        {"terms/page.md": page(front, body), gamma: _gamma_relating_to_page()},
        confoverrides={**STRICT, "termpages_checks": ALL_ON},
    )
    assert only_page_warnings(site.warning_lines()) == [expected]


def _gamma_relating_to_page() -> str:
    from conftest import ROOTS

    text = (ROOTS / "test-basic/terms/gamma.md").read_text()
    return text.replace("related: [alpha, beta]", "related: [alpha, beta, page]")


def test_orphan_term(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/page.md": page("summary: Page is a term.\n", f"See {{term}}`alpha`.\n\n{FAQ}")},
        confoverrides={**STRICT, "termpages_checks": ALL_ON},
    )
    assert only_page_warnings(site.warning_lines()) == [
        "terms/page.md:1: WARNING: no other page links to this term and no term lists it as "
        "related [termpages.orphan-term]"
    ]


def test_one_way_related(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/page.md": page("summary: Page.\nrelated:\n  - alpha\n", "Text.\n")},
        confoverrides={**STRICT, "termpages_checks": {"one_way_related": True}},
    )
    assert site.warning_lines() == [
        # in the test root, gamma lists beta, which does not list gamma
        "terms/gamma.md:5: WARNING: related term 'beta' does not list 'gamma' back "
        "[termpages.one-way-related]",
        "terms/page.md:5: WARNING: related term 'alpha' does not list 'page' back "
        "[termpages.one-way-related]",
    ]


def test_stale_term(make_site: SiteFactory) -> None:
    old = (datetime.date.today() - datetime.timedelta(days=400)).isoformat()
    site = make_site(
        {"terms/page.md": page(f"summary: Page.\nlast_updated: {old}\n", "Text.\n")},
        confoverrides={**STRICT, "termpages_checks": {"max_age_days": 365}},
    )
    assert site.warning_lines() == [
        "terms/page.md:4: WARNING: last_updated is 400 days old (limit 365); review the page "
        "and update the date [termpages.stale-term]"
    ]


def test_checks_are_off_unless_asked(make_site: SiteFactory) -> None:
    site = make_site({"terms/page.md": page("summary: No period and. Two\n", "Text.\n")})
    assert site.warning_lines() == []


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    srcdir="checks-bad-settings",
    confoverrides={**STRICT, "termpages_checks": {"orphan": True, "require_faq": "yes"}},
)
def test_check_settings_are_validated(app: SphinxTestApp) -> None:
    app.build()
    site = built_site(app)
    assert site.warning_lines() == [
        "WARNING: termpages_checks has unknown key 'orphan'; known: max_age_days, "
        "near_duplicate_text, one_way_related, orphans, placeholders, repeated_headings, "
        "require_faq, "
        "require_term_reference, summary_max_length, summary_single_sentence [termpages.config]",
        "WARNING: termpages_checks['require_faq'] must be True or False, got 'yes' "
        "[termpages.config]",
    ]


def test_sentence_count() -> None:
    assert sentence_count("One sentence, e.g. with an abbreviation.") == 1
    assert sentence_count("Version 2.0 is out.") == 1
    assert sentence_count("One. Two.") == 2
    assert sentence_count('He said "stop." Then left.') == 2


def test_placeholders_outside_code_are_named_at_their_line(make_site: SiteFactory) -> None:
    body = (
        "TODO: write the introduction.\n\n"
        "```text\nTODO: an example in code is no placeholder\n```\n\n"
        f"See {{term}}`alpha`.\n\n{FAQ.replace('Because.', 'TODO: answer it.')}"
    )
    site = make_site(
        {"terms/page.md": page('summary: "TODO: define it."\n', body)},
        confoverrides={**STRICT, "termpages_checks": {"placeholders": True}},
    )
    assert site.warning_lines() == [
        "terms/page.md:3: WARNING: placeholder still in the page: TODO: 'define it.'; replace "
        "it with your own text [termpages.placeholder]",
        "terms/page.md:8: WARNING: placeholder still in the page: TODO: 'write the "
        "introduction.'; replace it with your own text [termpages.placeholder]",
        "terms/page.md:18: WARNING: placeholder still in the page: TODO: 'answer it.'; replace "
        "it with your own text [termpages.placeholder]",
    ]
