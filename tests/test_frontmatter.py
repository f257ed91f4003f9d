"""Front matter read and checked alone, no build: every field, each complaint and its line."""

from __future__ import annotations

import pytest
import yaml

from termpages.config import CallToAction, Category, Settings
from termpages.frontmatter import (
    TERM_FIELDS,
    FrontMatter,
    FrontMatterError,
    FrontMatterLoader,
    Problem,
    TermEntry,
    build_term_entry,
    read_front_matter,
    split_front_matter,
)
from termpages.warnings_ import TermWarning

SETTINGS = Settings(
    categories={
        "cat-one": Category("cat-one", "Category One", "The first.", 0),
        "cat-two": Category("cat-two", "Category Two", "The second.", 1),
    },
    ctas={"alt": CallToAction("alt", "Talk to us", "Text.", "Book", "https://example.com/")},
    extra_fields=frozenset({"owner"}),
)


def entry(text: str, settings: Settings = SETTINGS) -> tuple[TermEntry, list[Problem]]:
    return build_term_entry("terms/alpha", "alpha", read_front_matter(text), settings)


def complaints(text: str, settings: Settings = SETTINGS) -> list[tuple[str, str, int]]:
    """Each problem as (subtype, message, line), the parts a writer's warning shows."""
    return [(p.subtype.value, p.message, p.line) for p in entry(text, settings)[1]]


def page(fields: str) -> str:
    """A term page whose front matter holds the required fields and then ``fields``."""
    return f"---\ncategory: cat-one\nsummary: Alpha is a test.\n{fields}---\n\n# Alpha\n\nText.\n"


# ------------------------------------------------------------------ finding the block


def test_the_block_is_what_lies_between_the_fences() -> None:
    assert split_front_matter("---\na: 1\nb: 2\n---\n\n# Title\n") == ("a: 1\nb: 2\n", 4)
    # spaces after a fence and Windows line ends are still fences
    assert split_front_matter("--- \na: 1\n---  \nbody") == ("a: 1\n", 3)
    assert split_front_matter("---\r\na: 1\r\n---\r\nbody") == ("a: 1\r\n", 3)


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n\n---\na: 1\n---\n",  # a rule further down is not front matter
        "---x\na: 1\n---\n",
        "---\na: 1\n",  # never closed
        "---",
        "",
    ],
)
def test_a_page_without_a_closed_block_has_no_front_matter(text: str) -> None:
    assert split_front_matter(text) is None
    assert read_front_matter(text) is None


def test_no_front_matter_is_one_missing_field_problem_at_line_one() -> None:
    term, problems = build_term_entry("terms/alpha", "alpha", None, SETTINGS)
    assert problems == [
        Problem(
            TermWarning.FIELD_MISSING,
            "term page has no front matter; it needs at least 'category' and 'summary'",
            1,
        )
    ]
    assert (term.slug, term.docname, term.title, term.summary, term.category) == (
        "alpha",
        "terms/alpha",
        "alpha",
        "",
        None,
    )


@pytest.mark.parametrize("block", ["---\n---\n", "---\n# only a comment\n---\n", "---\n\n---\n"])
def test_empty_front_matter_is_empty_and_misses_both_required_fields(block: str) -> None:
    assert read_front_matter(block + "\n# Alpha\n") == FrontMatter({}, {}, {})
    assert complaints(block) == [
        ("field-missing", "required front-matter field 'category' is missing", 1),
        ("field-missing", "required front-matter field 'summary' is missing", 1),
    ]


# ------------------------------------------------------------------ YAML that cannot be read


def yaml_says(libyaml: str, pure_python: str) -> str:
    """PyYAML's own words for a mistake, which differ between its C and Python parsers."""
    c_loader = getattr(yaml, "CSafeLoader", None)  # absent when PyYAML was built without libyaml
    return libyaml if c_loader and issubclass(FrontMatterLoader, c_loader) else pure_python


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            '---\ncategory: cat-one\nsummary: "never closed\n---\n',
            "front matter is not valid YAML: while scanning a quoted scalar; "
            "found unexpected end of stream",
            3,
        ),
        (
            "---\ncategory: cat-one\n  summary: indented under a text\n---\n",
            "front matter is not valid YAML: mapping values are not allowed "
            + yaml_says("in this context", "here"),
            3,
        ),
        (
            "---\ncategory: cat-one\nsummary: [open\n---\n",
            "front matter is not valid YAML: while parsing a flow sequence; "
            + yaml_says(
                "did not find expected ',' or ']'", "expected ',' or ']', but got '<stream end>'"
            ),
            3,
        ),
        (
            "---\n- a list\n- of items\n---\n",
            "front matter must be a mapping of fields (key: value)",
            2,
        ),
        ("---\njust a sentence\n---\n", "front matter must be a mapping of fields (key: value)", 2),
    ],
)
def test_malformed_front_matter_says_why_at_its_line(text: str, message: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(text)
    assert (raised.value.message, raised.value.line) == (message, line)
    assert str(raised.value) == message


def test_a_repeated_key_is_refused_with_both_lines() -> None:
    text = "---\ncategory: cat-one\nsummary: One.\naliases: [a]\ncategory: cat-two\n---\n"
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(text)
    assert raised.value.message == "front-matter field 'category' is given twice (first on line 2)"
    assert raised.value.line == 5


# ------------------------------------------------------------------ every field, read well


def test_every_field_is_read_with_its_line() -> None:
    text = (
        "---\n"
        "category: cat-two\n"  # 2
        "summary: Alpha is  a test\n  term over two lines.\n"  # 3-4
        "aliases: [first name, second name]\n"  # 5
        "related:\n  - beta\n  - gamma\n"  # 6-8
        "last_updated: 2026-06-11\n"  # 9
        "published: 2025-01-02\n"  # 10
        "same_as:\n  - https://en.wikipedia.org/wiki/Alpha\n"  # 11-12
        "redirect_from: [old-alpha]\n"  # 13
        "cta: alt\n"  # 14
        "owner: someone\n"  # 15: a field conf.py declares
        "myst: {}\n"  # 16: MyST's own
        "---\n\n# Alpha\n"
    )
    front = read_front_matter(text)
    assert front is not None
    assert front.item_lines == {
        "aliases": [5, 5],
        "related": [7, 8],
        "same_as": [12],
        "redirect_from": [13],
    }
    term, problems = build_term_entry("terms/alpha", "alpha", front, SETTINGS)
    assert problems == []
    assert term == TermEntry(
        slug="alpha",
        docname="terms/alpha",
        title="alpha",
        summary="Alpha is a test term over two lines.",
        category="cat-two",
        aliases=["first name", "second name"],
        alias_lines=[5, 5],
        related=[("beta", 7), ("gamma", 8)],
        last_updated="2026-06-11",
        published="2025-01-02",
        same_as=["https://en.wikipedia.org/wiki/Alpha"],
        redirect_from=[("old-alpha", 13)],
        cta="alt",
        line=1,
        field_lines={
            "category": 2,
            "summary": 3,
            "aliases": 5,
            "related": 6,
            "last_updated": 9,
            "published": 10,
            "same_as": 11,
            "redirect_from": 13,
            "cta": 14,
            "owner": 15,
            "myst": 16,
        },
    )


def test_only_category_and_summary_are_required() -> None:
    assert {name for name, required in TERM_FIELDS.items() if required} == {"category", "summary"}
    term, problems = entry(page(""))
    assert problems == []
    assert (term.aliases, term.related, term.same_as, term.redirect_from) == ([], [], [], [])
    assert (term.last_updated, term.published, term.cta) == (None, None, None)


def test_a_missing_required_field_is_reported_where_the_block_starts() -> None:
    assert complaints("---\ncategory: cat-one\nsummary: ''\n---\n") == [
        ("field-missing", "required front-matter field 'summary' is missing", 3)
    ]
    assert complaints("---\nsummary: Alpha.\n---\n") == [
        ("field-missing", "required front-matter field 'category' is missing", 1)
    ]


def test_dates_stay_dates_without_yaml_turning_them_into_objects() -> None:
    front = read_front_matter(page("last_updated: 2026-06-11\npublished: 2025-01-02\n"))
    assert front is not None
    # YAML would make these datetime.date; the loader keeps the writer's text
    assert front.data["last_updated"] == "2026-06-11"
    term, problems = entry(page("last_updated: ' 2026-06-11 '\npublished: '2025-01-02'\n"))
    assert (term.last_updated, term.published, problems) == ("2026-06-11", "2025-01-02", [])


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("last_updated", "2026-13-45", "'2026-13-45'"),  # no 13th month
        ("last_updated", "2026-02-30", "'2026-02-30'"),
        ("last_updated", "20260611", "20260611"),  # a number to YAML
        ("last_updated", "June 11, 2026", "'June 11, 2026'"),
        ("published", "yesterday", "'yesterday'"),
        ("published", "[2026-06-11]", "['2026-06-11']"),
    ],
)
def test_a_bad_date_is_reported_and_left_out(field: str, value: str, shown: str) -> None:
    term, problems = entry(page(f"{field}: {value}\n"))
    assert [(p.subtype, p.message, p.line) for p in problems] == [
        (TermWarning.INVALID_DATE, f"{field!r} must be an ISO date (YYYY-MM-DD), got {shown}", 4)
    ]
    assert getattr(term, field) is None


# ------------------------------------------------------------------ fields of the wrong type


def test_text_fields_of_the_wrong_type() -> None:
    assert complaints("---\ncategory: 3\nsummary: [a, list]\n---\n") == [
        ("field-type", "'category' must be a category id, got 3", 2),
        ("field-type", "'summary' must be text, got ['a', 'list']", 3),
    ]


def test_a_lone_text_where_a_list_belongs_is_read_as_one_item() -> None:
    term, problems = entry(page("aliases: just one\nrelated: beta\n"))
    assert (term.aliases, term.related) == (["just one"], [("beta", 5)])
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        ("field-type", "'aliases' should be a list; read 'just one' as a one-item list", 4),
        ("field-type", "'related' should be a list; read 'beta' as a one-item list", 5),
    ]


def test_a_mapping_where_a_list_belongs_is_refused() -> None:
    term, problems = entry(page("related: {beta: 1}\n"))
    assert term.related == []
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        ("field-type", "'related' must be a list, got {'beta': 1}", 4)
    ]


def test_list_items_that_are_not_text_are_dropped_and_numbers_kept() -> None:
    term, problems = entry(page("aliases: [null, 3, '', ok, {a: 1}]\n"))
    assert term.aliases == ["3", "ok"]
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        ("field-type", "'aliases' items must be text, got None", 4),
        ("field-type", "'aliases' items must be text, got ''", 4),
        ("field-type", "'aliases' items must be text, got {'a': 1}", 4),
    ]


def test_redirects_must_be_slugs_and_same_as_absolute_urls() -> None:
    text = page(
        "redirect_from: [old-alpha, Old_Alpha]\n"
        "same_as: [https://example.org/a, javascript:alert(1), /local, //host/x]\n"
    )
    term, problems = entry(text)
    assert term.redirect_from == [("old-alpha", 4)]
    assert term.same_as == ["https://example.org/a"]
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        (
            "field-type",
            "'redirect_from' entries must be earlier slugs of this term, got 'Old_Alpha'",
            4,
        ),
        (
            "invalid-url",
            "'same_as' entries must be absolute http(s) URLs, got 'javascript:alert(1)'",
            5,
        ),
        ("invalid-url", "'same_as' entries must be absolute http(s) URLs, got '/local'", 5),
        ("invalid-url", "'same_as' entries must be absolute http(s) URLs, got '//host/x'", 5),
    ]


# ------------------------------------------------------------------ values conf.py must know


def test_an_unknown_category_names_the_declared_ones() -> None:
    term, problems = entry("---\ncategory: cat-nine\nsummary: Alpha.\n---\n")
    assert term.category is None
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        (
            "unknown-category",
            "unknown category 'cat-nine' (declared in conf.py: cat-one, cat-two)",
            2,
        )
    ]
    assert complaints(page(""), Settings()) == [
        ("unknown-category", "unknown category 'cat-one' (declared in conf.py: none declared)", 2)
    ]


@pytest.mark.parametrize(
    ("value", "cta"),
    [("alt", "alt"), ("' alt '", "alt"), ("false", ""), ("true", None)],
)
def test_cta_names_a_variant_turns_it_off_or_keeps_the_default(value: str, cta: str | None) -> None:
    term, problems = entry(page(f"cta: {value}\n"))
    assert (term.cta, problems) == (cta, [])


def test_an_unknown_cta_shows_the_default_and_a_wrong_type_is_refused() -> None:
    assert complaints(page("cta: nope\n")) == [
        (
            "unknown-cta",
            "unknown CTA variant 'nope' (declared in conf.py: alt); showing the default",
            4,
        )
    ]
    assert complaints(page("cta: alt\n"), Settings(categories=SETTINGS.categories)) == [
        (
            "unknown-cta",
            "unknown CTA variant 'alt' (declared in conf.py: none declared); showing the default",
            4,
        )
    ]
    assert complaints(page("cta: 7\n")) == [
        ("field-type", "'cta' must be a variant name or false, got 7", 4)
    ]
    assert complaints(page("cta: ''\n")) == [
        ("field-type", "'cta' must be a variant name or false, got ''", 4)
    ]


# ------------------------------------------------------------------ fields nobody declared


def test_an_unknown_field_suggests_the_field_it_resembles() -> None:
    assert complaints(page("catgory: cat-one\nrelatd: [beta]\nsame-as: []\nflavour: x\n")) == [
        ("field-unknown", "unknown front-matter field 'catgory'; did you mean 'category'?", 4),
        ("field-unknown", "unknown front-matter field 'relatd'; did you mean 'related'?", 5),
        ("field-unknown", "unknown front-matter field 'same-as'; did you mean 'same_as'?", 6),
        ("field-unknown", "unknown front-matter field 'flavour'", 7),
    ]


def test_declared_extra_fields_and_mysts_own_fields_are_not_unknown() -> None:
    text = page("owner: someone\nmyst: {}\nhtml_meta: {}\norphan: true\ntocdepth: 2\n")
    assert complaints(text) == []
    assert complaints(text, Settings(categories=SETTINGS.categories)) == [
        ("field-unknown", "unknown front-matter field 'owner'", 4)
    ]
