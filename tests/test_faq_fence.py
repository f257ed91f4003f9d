"""FAQ fences typed wrong: one warning at the fence at fault, and every question kept.

The page and its FAQPage data must list the same questions, whatever the mistake.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from conftest import BuiltSite, SiteFactory, text_of

FRONT_MATTER = "---\ncategory: cat-one\nsummary: A page with an FAQ typed wrong.\n---\n\n"
# The body starts on line 6; its FAQ fence, after the heading and a paragraph, on line 10.
HEAD = "# Bad\n\nText.\n\n"

SHORT = (
    "the FAQ's outer fence needs more colons than its questions': write '::::{faq}', "
    "and close it with '::::' [termpages.faq-fence]"
)
UNCLOSED = (
    "the FAQ's fence '::::{faq}' is never closed, so the FAQ runs to the end of the page; "
    "end it with a line '::::' [termpages.faq-fence]"
)
STRAY = (
    "{question} outside an {faq} block (moved into the page's FAQ); "
    "write it between '::::{faq}' and '::::' [termpages.faq-misplaced]"
)


@dataclass
class Case:
    body: str
    warning: str
    questions: list[str]
    #: text written outside the questions that must still be on the page
    kept: tuple[str, ...] = ()


CASES = {
    "short-fence-one-question": Case(
        HEAD + ":::{faq}\n:::{question} One?\nYes.\n:::\n:::\n\n## After\n\nStill here.\n",
        f"terms/bad.md:10: WARNING: {SHORT}",
        ["One?"],
        ("Still here.",),
    ),
    "short-fence-two-questions": Case(
        HEAD + ":::{faq}\n:::{question} One?\nYes.\n:::\n\n:::{question} Two?\nAlso.\n:::\n:::\n",
        f"terms/bad.md:10: WARNING: {SHORT}",
        ["One?", "Two?"],
    ),
    "short-fence-questions-as-long": Case(
        HEAD + "::::{faq}\n::::{question} One?\nYes.\n::::\n\n::::{question} Two?\nAlso.\n"
        "::::\n::::\n",
        "terms/bad.md:10: WARNING: the FAQ's outer fence needs more colons than its questions': "
        "write ':::::{faq}', and close it with ':::::' [termpages.faq-fence]",
        ["One?", "Two?"],
    ),
    "missing-closing-fence": Case(
        HEAD + "::::{faq}\n:::{question} One?\nYes.\n:::\n\n:::{question} Two?\nAlso.\n:::\n",
        f"terms/bad.md:10: WARNING: {UNCLOSED}",
        ["One?", "Two?"],
    ),
    "missing-closing-fence-text-after": Case(
        HEAD + "::::{faq}\n:::{question} One?\nYes.\n:::\n\n## Later\n\nWritten after.\n",
        f"terms/bad.md:10: WARNING: {UNCLOSED}",
        ["One?"],
        ("Later", "Written after."),
    ),
    "stray-question-no-faq": Case(
        "# Bad\n\n:::{question} Why?\nBecause.\n:::\n",
        f"terms/bad.md:8: WARNING: {STRAY}",
        ["Why?"],
    ),
    "stray-question-beside-faq": Case(
        HEAD + ":::{question} Before?\nFirst.\n:::\n\n"
        "::::{faq}\n:::{question} Inside?\nYes.\n:::\n::::\n",
        f"terms/bad.md:10: WARNING: {STRAY}",
        ["Before?", "Inside?"],
    ),
    "question-inside-an-answer": Case(
        HEAD + "::::{faq}\n:::{question} One?\nYes.\n\n:::{question} Two?\nAlso.\n:::\n::::\n",
        "terms/bad.md:14: WARNING: {question} inside another question's answer (moved into "
        "the FAQ); close the question before it with ':::' [termpages.faq-misplaced]",
        ["One?", "Two?"],
    ),
}


def faq_page_questions(site: BuiltSite, page: str) -> list[str]:
    soup = site.html(page)
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    graph = json.loads(scripts[0].string)["@graph"]
    pages = [node for node in graph if node.get("@type") == "FAQPage"]
    return [question["name"] for page_node in pages for question in page_node["mainEntity"]]


@pytest.mark.parametrize("name", list(CASES))
def test_fence_mistake_warns_once_at_the_fence(make_site: SiteFactory, name: str) -> None:
    case = CASES[name]
    site = make_site({"terms/bad.md": FRONT_MATTER + case.body})
    assert site.warning_lines() == [case.warning]
    page = site.html("terms/bad.html")
    shown = [text_of(summary) for summary in page.select("details summary")]
    assert shown == case.questions
    # every question shown is inside the FAQ section, and in the FAQPage data
    assert len(page.select("section.termpages-faq-section details")) == len(shown)
    assert faq_page_questions(site, "terms/bad.html") == case.questions
    article = text_of(page.select_one("article"))
    for text in case.kept:
        assert text in article


def test_fence_warning_can_be_suppressed(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/bad.md": FRONT_MATTER + CASES["missing-closing-fence"].body},
        confoverrides={"suppress_warnings": ["termpages.faq-fence"]},
    )
    assert site.warning_lines() == []


def test_a_well_formed_faq_gives_no_fence_warning(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/bad.md": FRONT_MATTER
            + HEAD
            + "::::{faq}\n:::{question} One?\nYes.\n:::\n::::\n\n::::{note}\nA later fence.\n::::\n"
        }
    )
    assert site.warning_lines() == []
    assert faq_page_questions(site, "terms/bad.html") == ["One?"]
