"""Front matter read and checked alone, no build: every field, each complaint and its line."""

from __future__ import annotations

import time

import pytest
import yaml

from termpages.config import CallToAction, Category, Settings
from termpages.frontmatter import (
    MAX_DEPTH,
    MAX_SIZE,
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
from termpages.warnings_ import TermWarning, shown

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
        (
            "---\ncategory: caf\u00e9\nsummary: a \x00 in it\n---\n",
            "front matter holds the character U+0000, which YAML does not allow: remove it",
            3,
        ),
        (
            "---\ncategory: cat-one\n\nsummary: a bell \x07\n---\n",
            "front matter holds the character U+0007, which YAML does not allow: remove it",
            4,
        ),
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
        ("field-missing", "required front-matter field 'summary' is empty", 3)
    ]
    assert complaints("---\ncategory: cat-one\nsummary:\n---\n") == [
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
        ("last_updated", "20260611", "'20260611'"),  # ISO, but not YYYY-MM-DD
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
    assert complaints("---\ncategory: {a: 3}\nsummary: [a, list]\n---\n") == [
        ("field-type", "'category' must be a category id, got {'a': '3'}", 2),
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
        ("field-type", "'related' must be a list, got {'beta': '1'}", 4)
    ]


def test_list_items_that_are_not_text_are_dropped_and_words_kept() -> None:
    term, problems = entry(page("aliases:\n  - null\n  - 3\n  - ''\n  -\n  - ok\n  - {a: 1}\n"))
    assert term.aliases == ["null", "3", "ok"]
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        ("field-type", "'aliases' items must be text, got ''", 7),
        ("field-type", "'aliases' items must be text, got None", 8),
        ("field-type", "'aliases' items must be text, got {'a': '1'}", 10),
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
    assert complaints(page("cta: [alt]\n")) == [
        ("field-type", "'cta' must be a variant name or false, got ['alt']", 4)
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


# ------------------------------------------------------------------ YAML that could blow up


def alias_bomb(levels: int = 10) -> str:
    """A "billion laughs": each anchor holds nine of the one before; 9**10 items expanded."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "---\ncategory: cat-one\n" + "\n".join(lines) + f"\nsummary: *a{levels - 1}\n---\n"


def test_an_alias_bomb_is_refused_at_the_first_alias_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(alias_bomb())
    assert time.perf_counter() - started < 1
    assert (raised.value.message, raised.value.line) == (
        "front matter uses the YAML alias '*a0'; term front matter does not read aliases: "
        "write the value out",
        4,
    )


def test_an_alias_is_refused_at_its_own_line_and_an_anchor_alone_is_harmless() -> None:
    text = "---\ncategory: &c cat-one\nsummary: Alpha.\naliases:\n  - one\n  - *c\n---\n"
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(text)
    assert raised.value.line == 6
    front = read_front_matter("---\ncategory: &c cat-one\nsummary: Alpha.\n---\n")
    assert front is not None and front.data == {"category": "cat-one", "summary": "Alpha."}


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!set {a, b}", "!!set"),
        ("!!int 3", "!!int"),
        ("!!float 3.10", "!!float"),
        ("!!timestamp 2024-01-01", "!!timestamp"),
        ("!mine text", "!mine"),
    ],
)
def test_tags_are_refused_at_their_line(value: str, tag: str) -> None:
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(f"---\ncategory: cat-one\nsummary: {value}\n---\n")
    assert (raised.value.message, raised.value.line) == (
        f"front matter uses the YAML tag {tag!r}; term front matter does not read tags: remove it",
        3,
    )


def test_the_tags_that_change_nothing_are_read() -> None:
    front = read_front_matter("---\nsummary: !!str yes\naliases: !!seq [a]\nx: !!map {}\n---\n")
    assert front is not None
    assert front.data == {"summary": "yes", "aliases": ["a"], "x": {}}


def test_deep_nesting_and_huge_blocks_are_refused() -> None:
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter("---\ncategory: cat-one\nx: " + "[" * 100 + "]" * 100 + "\n---\n")
    assert (raised.value.message, raised.value.line) == (
        f"front matter nests lists and mappings more than {MAX_DEPTH} deep",
        3,
    )
    inside = MAX_DEPTH - 1  # the block itself is one mapping
    assert read_front_matter("---\nx: " + "[" * inside + "]" * inside + "\n---\n")
    huge = "---\n" + "".join(f"k{n}: {'v' * 90}\n" for n in range(MAX_SIZE // 90)) + "---\n"
    with pytest.raises(FrontMatterError) as raised:
        read_front_matter(huge)
    assert raised.value.line == 1
    assert raised.value.message.startswith("front matter is ")
    assert raised.value.message.endswith(f"characters long; at most {MAX_SIZE:,} are read")


def test_a_warning_quotes_a_long_value_cut_short() -> None:
    long_summary = "[" + ", ".join(["'" + "word " * 100 + "'"] * 60) + "]"
    (problem,) = entry(f"---\ncategory: cat-one\nsummary: {long_summary}\n---\n")[1]
    assert problem.message.startswith("'summary' must be text, got [")
    assert len(problem.message) < 160
    assert len(shown("x" * 10_000)) <= 120
    assert shown("short") == "'short'"
    assert shown({"a": [1, 2]}) == "{'a': [1, 2]}"


# ------------------------------------------------------------------ text as written

#: Plain scalars YAML 1.1 reads as booleans, numbers, nulls, dates or sexagesimals.
YAML_11_WORDS = [
    "yes", "No", "on", "off", "y", "n", "true", "False", "~", "null", "NULL",
    "3.10", "1e3", "0x1F", "0o17", "010", "1:30", "1_000", ".inf", "-.inf", ".nan",
    "2024-01-01", "2024-01-01 10:00:00", "+12", "0b101",
]  # fmt: skip


@pytest.mark.parametrize("word", YAML_11_WORDS)
def test_plain_words_are_taken_as_written(word: str) -> None:
    text = (
        f"---\ncategory: {word}\nsummary: {word}\naliases: [{word}, '{word}']\n"
        f"related:\n  - {word}\nowner: {word}\n---\n"
    )
    front = read_front_matter(text)
    assert front is not None
    assert front.data == {
        "category": word,
        "summary": word,
        "aliases": [word, word],
        "related": [word],
        "owner": word,
    }
    term, _ = build_term_entry("terms/alpha", "alpha", front, SETTINGS)
    assert (term.summary, term.aliases, term.related) == (word, [word, word], [(word, 6)])


def test_the_examples_of_yaml_11_coercion_stay_text() -> None:
    term, problems = entry(page("aliases: [yes, No, on, 3.10, 1:30, 010]\n"))
    assert term.aliases == ["yes", "No", "on", "3.10", "1:30", "010"]
    assert problems == []


def test_keys_are_text_as_written_too() -> None:
    assert complaints(page("yes: 1\n010: 2\n")) == [
        ("field-unknown", "unknown front-matter field 'yes'", 4),
        ("field-unknown", "unknown front-matter field '010'", 5),
    ]


def test_only_an_empty_value_means_nothing() -> None:
    front = read_front_matter("---\nrelated:\nsummary: ''\naliases: [~]\n---\n")
    assert front is not None
    assert front.data == {"related": None, "summary": "", "aliases": ["~"]}


@pytest.mark.parametrize("value", ["no", "off", "No", "0"])
def test_cta_reads_only_yaml_12_booleans(value: str) -> None:
    assert complaints(page(f"cta: {value}\n")) == [
        (
            "unknown-cta",
            f"unknown CTA variant {value!r} (declared in conf.py: alt); showing the default",
            4,
        )
    ]


def test_control_characters_in_front_matter_text_are_left_out_with_a_warning() -> None:
    # a YAML escape can give any character; a line break for Python (\x85) reads as a space
    term, problems = entry(
        '---\ncategory: cat-one\nsummary: "Alpha\\u0001 is\\x85a\\u2028test\\x7f."\n'
        'aliases: ["al\\u0000pha"]\n---\n'
    )
    assert (term.summary, term.aliases) == ("Alpha is a test.", ["alpha"])
    assert [(p.subtype.value, p.message, p.line) for p in problems] == [
        (
            "field-type",
            "'summary' holds the control character U+0001, which no reader sees; it is left out",
            3,
        ),
        (
            "field-type",
            "'aliases' holds the control character U+0000, which no reader sees; it is left out",
            4,
        ),
    ]
