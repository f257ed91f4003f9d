"""Did-you-mean suggestions: close typos of a slug, title or alias are named, far names never."""

from __future__ import annotations

import pytest

from conftest import SiteFactory
from termpages.lookup import closest, did_you_mean, typo_allowance, typo_distance

CATEGORIES = {
    "geo-fundamentals": ["GEO Fundamentals"],
    "how-llms-work": ["How LLMs Work"],
    "ai-platforms": ["AI Platforms"],
}
TERMS = {
    "base-model": ["Base Model", "foundation model"],
    "fine-tuning": ["Fine-Tuning", "fine tuning", "finetuning"],
    "large-language-model": ["Large Language Model (LLM)", "LLM", "LLMs"],
}


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("gamma", "gamma", 0),
        ("Fine-Tuning", "fine tuning", 0),  # case, hyphens and spaces are not typos
        ("same-as", "same_as", 0),
        ("categroy", "category", 1),  # two neighbours swapped: one edit
        ("gamme", "gamma", 1),
        ("how-llm-works", "how-llms-work", 2),
        ("draft model", "base model", 4),
    ],
)
def test_typo_distance(a: str, b: str, distance: int) -> None:
    assert typo_distance(a, b) == distance
    assert typo_distance(b, a) == distance


@pytest.mark.parametrize(
    ("typed", "candidates", "expected"),
    [
        ("how-llm-works", CATEGORIES, ["how-llms-work"]),
        ("How LLMs work", CATEGORIES, ["how-llms-work"]),  # by its title
        ("ai-platfroms", CATEGORIES, ["ai-platforms"]),
        ("fine tunning", TERMS, ["fine-tuning"]),  # one suggestion per term
        ("foundaton model", TERMS, ["base-model"]),  # by an alias
        ("base modle", TERMS, ["base-model"]),
        ("categroy", ["aliases", "category", "summary"], ["category"]),
    ],
)
def test_close_typos_are_suggested(
    typed: str, candidates: dict[str, list[str]] | list[str], expected: list[str]
) -> None:
    assert closest(typed, candidates) == expected


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("draft model", TERMS),
        ("geo", CATEGORIES),
        ("how-models-learn", CATEGORIES),
        ("cat-nine", ["cat-one", "cat-two"]),
        ("ab", ["ac", "bb"]),  # a name of two letters is a letter away from too many
        ("", ["a"]),
    ],
)
def test_far_names_are_never_suggested(
    typed: str, candidates: dict[str, list[str]] | list[str]
) -> None:
    assert closest(typed, candidates) == []


def test_closest_first_and_limited() -> None:
    assert closest("beta", ["betas", "bet", "betta", "beat", "zeta"], limit=2) == ["beat", "bet"]


def test_allowance_grows_with_length() -> None:
    assert [typo_allowance("x" * n) for n in (2, 3, 9, 10, 15)] == [0, 1, 1, 2, 3]


def test_did_you_mean() -> None:
    assert did_you_mean([]) == ""
    assert did_you_mean(["a", "b"]) == "; did you mean 'a', 'b'?"


def page(front_matter: str, body: str = "# Bad\n\nText.\n") -> dict[str, str | None]:
    return {"terms/bad.md": f"---\n{front_matter}---\n\n{body}"}


GOOD = "category: cat-one\nsummary: A bad page.\n"


@pytest.mark.parametrize(
    ("files", "warning"),
    [
        (
            page("category: cat-oen\nsummary: A bad page.\n"),
            "terms/bad.md:2: WARNING: unknown category 'cat-oen' (declared in conf.py: cat-one, "
            "cat-two); did you mean 'cat-one'? [termpages.unknown-category]",
        ),
        (
            page("category: category-two\nsummary: A bad page.\n"),  # the title, as a slug
            "terms/bad.md:2: WARNING: unknown category 'category-two' (declared in conf.py: "
            "cat-one, cat-two); did you mean 'cat-two'? [termpages.unknown-category]",
        ),
        (
            page("category: cat-nine\nsummary: A bad page.\n"),
            "terms/bad.md:2: WARNING: unknown category 'cat-nine' (declared in conf.py: "
            "cat-one, cat-two) [termpages.unknown-category]",
        ),
        (
            page(GOOD + "related: [gama]\n"),
            "terms/bad.md:4: WARNING: related term 'gama' does not exist (no terms/gama.md); "
            "did you mean 'gamma'? [termpages.unknown-related]",
        ),
        (
            page(GOOD + "related: [the-letter-a]\n"),  # an alias of alpha
            "terms/bad.md:4: WARNING: related term 'the-letter-a' does not exist "
            "(no terms/the-letter-a.md); did you mean 'alpha'? [termpages.unknown-related]",
        ),
        (
            page(GOOD + "related: [omega]\n"),
            "terms/bad.md:4: WARNING: related term 'omega' does not exist (no terms/omega.md) "
            "[termpages.unknown-related]",
        ),
        (
            page(GOOD, "# Bad\n\nSee {term}`thrid term`.\n"),
            "terms/bad.md:8: WARNING: unknown term 'thrid term'; did you mean 'third term'? "
            "[termpages.unknown-term]",
        ),
        (
            page(GOOD, "# Bad\n\nSee {term}`draft model`.\n"),
            "terms/bad.md:8: WARNING: unknown term 'draft model' [termpages.unknown-term]",
        ),
        (
            page(GOOD + "relatde: [alpha]\n"),
            "terms/bad.md:4: WARNING: unknown front-matter field 'relatde'; did you mean "
            "'related'? [termpages.field-unknown]",
        ),
    ],
)
def test_warnings_suggest_only_close_names(
    make_site: SiteFactory, files: dict[str, str | None], warning: str
) -> None:
    assert make_site(files).warning_lines() == [warning]
