"""Every writer mistake: one exact warning at file:line, and the rest of the site builds."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOTS, BuiltSite, SiteFactory, build, text_of
from termpages.config import Labels


def term(front_matter: str, body: str = "# Bad\n\nText.\n") -> str:
    return f"---\n{front_matter}---\n\n{body}"


GOOD = "category: cat-one\nsummary: A bad page.\n"

CONF_LINE = 31  # the first line after the test root's conf.py

ALT_CTA = {"heading": "Talk", "text": "Offer.", "button": "Book", "url": "https://example.com/"}


def conf_with(extra: str) -> str:
    """The test root's conf.py with one more line, for values confoverrides cannot set."""
    return (ROOTS / "test-basic" / "conf.py").read_text(encoding="utf-8") + extra + "\n"


@dataclass
class Case:
    files: dict[str, str | None]
    warnings: list[str]
    #: settings appended to the root's conf.py, one line each from line CONF_LINE on
    conf: dict[str, object] = field(default_factory=dict)

    def all_files(self) -> dict[str, str | None]:
        if not self.conf:
            return self.files
        extra = "\n".join(f"{name} = {value!r}" for name, value in self.conf.items())
        return {**self.files, "conf.py": conf_with(extra)}


CASES: dict[str, Case] = {
    "malformed-yaml": Case(
        {"terms/bad.md": term('category: cat-one\nsummary: "unclosed\naliases: [x]\n')},
        [
            "terms/bad.md:3: WARNING: front matter is not valid YAML: while scanning a quoted "
            "scalar; found unexpected end of stream [termpages.front-matter]"
        ],
    ),
    "yaml-not-a-mapping": Case(
        {"terms/bad.md": term("- a\n- b\n")},
        [
            "terms/bad.md:2: WARNING: front matter must be a mapping of fields (key: value) "
            "[termpages.front-matter]"
        ],
    ),
    "repeated-key": Case(
        {"terms/bad.md": term("category: cat-one\nsummary: One.\ncategory: cat-two\n")},
        [
            "terms/bad.md:4: WARNING: front-matter field 'category' is given twice "
            "(first on line 2) [termpages.front-matter]"
        ],
    ),
    "yaml-alias": Case(
        {"terms/bad.md": term("category: &c cat-one\nsummary: A bad page.\naliases: [*c]\n")},
        [
            "terms/bad.md:4: WARNING: front matter uses the YAML alias '*c'; term front matter "
            "does not read aliases: write the value out [termpages.front-matter]"
        ],
    ),
    "yaml-tag": Case(
        {"terms/bad.md": term("category: cat-one\nsummary: !!binary aGVsbG8=\n")},
        [
            "terms/bad.md:3: WARNING: front matter uses the YAML tag '!!binary'; term front "
            "matter does not read tags: remove it [termpages.front-matter]"
        ],
    ),
    "no-front-matter": Case(
        {"terms/bad.md": "# Bad\n\nText.\n"},
        [
            "terms/bad.md:1: WARNING: term page has no front matter; it needs at least "
            "'category' and 'summary' [termpages.field-missing]"
        ],
    ),
    "missing-category": Case(
        {"terms/bad.md": term("summary: A bad page.\n")},
        [
            "terms/bad.md:1: WARNING: required front-matter field 'category' is missing "
            "[termpages.field-missing]"
        ],
    ),
    "missing-summary": Case(
        {"terms/bad.md": term("category: cat-one\nsummary:\n")},
        [
            "terms/bad.md:3: WARNING: required front-matter field 'summary' is missing "
            "[termpages.field-missing]"
        ],
    ),
    "blank-summary": Case(
        {"terms/bad.md": term("category: cat-one\nsummary: '  '\n")},
        [
            "terms/bad.md:3: WARNING: required front-matter field 'summary' is empty "
            "[termpages.field-missing]"
        ],
    ),
    "blank-category": Case(
        {"terms/bad.md": term("category: ' '\nsummary: A bad page.\n")},
        [
            "terms/bad.md:2: WARNING: required front-matter field 'category' is empty "
            "[termpages.field-missing]"
        ],
    ),
    "unknown-field": Case(
        {"terms/bad.md": term(GOOD + "categroy: cat-two\n")},
        [
            "terms/bad.md:4: WARNING: unknown front-matter field 'categroy'; did you mean "
            "'category'? [termpages.field-unknown]"
        ],
    ),
    "summary-wrong-type": Case(
        {"terms/bad.md": term("category: cat-one\nsummary: [one, two]\n")},
        [
            "terms/bad.md:3: WARNING: 'summary' must be text, got ['one', 'two'] "
            "[termpages.field-type]"
        ],
    ),
    "aliases-wrong-type": Case(
        {"terms/bad.md": term(GOOD + "aliases: 5\n")},
        [
            "terms/bad.md:4: WARNING: 'aliases' should be a list; read '5' as a one-item list "
            "[termpages.field-type]"
        ],
    ),
    "aliases-a-mapping": Case(
        {"terms/bad.md": term(GOOD + "aliases: {five: 5}\n")},
        [
            "terms/bad.md:4: WARNING: 'aliases' must be a list, got {'five': '5'} "
            "[termpages.field-type]"
        ],
    ),
    "related-as-text": Case(
        {"terms/bad.md": term(GOOD + "related: beta\n")},
        [
            "terms/bad.md:4: WARNING: 'related' should be a list; read 'beta' as a one-item "
            "list [termpages.field-type]"
        ],
    ),
    "unknown-category": Case(
        {"terms/bad.md": term("category: cat-three\nsummary: A bad page.\n")},
        [
            "terms/bad.md:2: WARNING: unknown category 'cat-three' (declared in conf.py: "
            "cat-one, cat-two) [termpages.unknown-category]"
        ],
    ),
    "unknown-related": Case(
        {"terms/bad.md": term(GOOD + "related:\n  - alpha\n  - betta\n")},
        [
            "terms/bad.md:6: WARNING: related term 'betta' does not exist "
            "(no terms/betta.md); did you mean 'beta'? [termpages.unknown-related]"
        ],
    ),
    "related-self-and-twice": Case(
        {"terms/bad.md": term(GOOD + "related: [bad, alpha, alpha]\n")},
        [
            "terms/bad.md:4: WARNING: related term 'bad' is this term itself "
            "[termpages.related-invalid]",
            "terms/bad.md:4: WARNING: related term 'alpha' is listed twice "
            "[termpages.related-invalid]",
        ],
    ),
    "duplicate-slug": Case(
        {"terms/more/alpha.md": term("category: cat-two\nsummary: Another alpha.\n")},
        [
            "terms/alpha.md:1: WARNING: slug 'alpha' is used by more than one term page "
            "(terms/alpha.md, terms/more/alpha.md) [termpages.duplicate-slug]",
            "terms/more/alpha.md:1: WARNING: slug 'alpha' is used by more than one term page "
            "(terms/alpha.md, terms/more/alpha.md) [termpages.duplicate-slug]",
        ],
    ),
    "invalid-slug": Case(
        {"terms/Bad_Name.md": term(GOOD)},
        [
            "terms/Bad_Name.md:1: WARNING: term file name 'Bad_Name' is not a valid slug: use "
            "lower-case letters, digits and single hyphens (the slug is the page URL) "
            "[termpages.invalid-slug]"
        ],
    ),
    "invalid-date": Case(
        {"terms/bad.md": term(GOOD + "last_updated: 2026-13-45\n")},
        [
            "terms/bad.md:4: WARNING: 'last_updated' must be an ISO date (YYYY-MM-DD), "
            "got '2026-13-45' [termpages.invalid-date]"
        ],
    ),
    "date-in-words": Case(
        {"terms/bad.md": term(GOOD + "last_updated: yesterday\n")},
        [
            "terms/bad.md:4: WARNING: 'last_updated' must be an ISO date (YYYY-MM-DD), "
            "got 'yesterday' [termpages.invalid-date]"
        ],
    ),
    "same-as-javascript": Case(
        {"terms/bad.md": term(GOOD + "same_as:\n  - javascript:alert(1)\n")},
        [
            "terms/bad.md:5: WARNING: 'same_as' entries must be absolute http(s) URLs, "
            "got 'javascript:alert(1)' [termpages.invalid-url]"
        ],
    ),
    "unknown-cta": Case(
        {"terms/bad.md": term(GOOD + "cta: nope\n")},
        [
            "terms/bad.md:4: WARNING: unknown CTA variant 'nope' (declared in conf.py: "
            "default, alt); showing the default [termpages.unknown-cta]"
        ],
    ),
    "missing-title": Case(
        {"terms/bad.md": term(GOOD, body="Just text, no heading.\n")},
        [
            "terms/bad.md:1: WARNING: term page has no '# Title' heading; the slug is used "
            "as its title [termpages.missing-title]"
        ],
    ),
    **{
        f"empty-title-{name}": Case(
            {"terms/bad.md": term(GOOD, body=f"{heading}\n\nText.\n")},
            [
                "terms/bad.md:6: WARNING: term page's '# Title' heading has no text; the slug "
                "is used as its title [termpages.empty-title]"
            ],
        )
        for name, heading in {
            "nothing": "#",
            "spaces": "#    ",
            "closing-hashes": "# ##",
            "image": "# ![](https://example.com/logo.png)",
            "image-with-alt": "# ![The logo](https://example.com/logo.png)",
            "blank-code": "# ` `",
        }.items()
    },
    "term-in-link": Case(
        {
            "terms/bad.md": term(
                GOOD, body="# Bad\n\nSee [the {term}`beta` page](https://example.com/).\n"
            )
        },
        [
            "terms/bad.md:8: WARNING: {term}`beta` is inside a link, and a link cannot hold "
            "another: it is shown as plain text [termpages.term-in-link]"
        ],
    ),
    "long-term-in-link": Case(
        {"terms/bad.md": term(GOOD, body=f"# Bad\n\n[A {{term}}`{'q' * 5000}`](https://x.org/)\n")},
        [
            f"terms/bad.md:8: WARNING: {{term}}`{'q' * 77}...` is inside a link, and a link "
            "cannot hold another: it is shown as plain text [termpages.term-in-link]"
        ],
    ),
    "long-unknown-term": Case(
        {"terms/bad.md": term(GOOD, body=f"# Bad\n\nSee {{term}}`{'q' * 5000}`.\n")},
        [
            # quoted like repr(), cut to 80 characters around "..."
            f"terms/bad.md:8: WARNING: unknown term '{'q' * 37}...{'q' * 38}' "
            "[termpages.unknown-term]"
        ],
    ),
    "faq-without-questions": Case(
        {"terms/bad.md": term(GOOD, "# Bad\n\nText.\n\n::::{faq}\n::::\n")},
        [
            "terms/bad.md:10: WARNING: FAQ block has no questions; add {question} directives "
            "inside it [termpages.faq-empty]"
        ],
    ),
    "faq-empty-answer": Case(
        {
            "terms/bad.md": term(
                GOOD, "# Bad\n\nText.\n\n::::{faq}\n:::{question} Why?\n:::\n::::\n"
            )
        },
        [
            "terms/bad.md:11: WARNING: FAQ question 'Why?' has no answer "
            "[termpages.faq-empty-answer]"
        ],
    ),
    "question-without-text": Case(
        {
            "terms/bad.md": term(
                GOOD, "# Bad\n\nText.\n\n::::{faq}\n:::{question}\nAn answer.\n:::\n::::\n"
            )
        },
        [
            "terms/bad.md:11: WARNING: {question} has no question text; write it after the "
            "directive name [termpages.faq-no-question]"
        ],
    ),
    "question-outside-faq": Case(
        {"terms/bad.md": term(GOOD, "# Bad\n\n:::{question} Why?\nBecause.\n:::\n")},
        [
            "terms/bad.md:8: WARNING: {question} outside an {faq} block (moved into the "
            "page's FAQ); write it between '::::{faq}' and '::::' [termpages.faq-misplaced]"
        ],
    ),
    "two-faq-blocks": Case(
        {
            "terms/bad.md": term(
                GOOD,
                "# Bad\n\n::::{faq}\n:::{question} One?\nYes.\n:::\n::::\n\n"
                "::::{faq}\n:::{question} Two?\nYes.\n:::\n::::\n",
            )
        },
        [
            "terms/bad.md:14: WARNING: page has more than one FAQ block; its questions are "
            "merged into the first [termpages.faq-multiple]"
        ],
    ),
    "duplicate-question-anchor": Case(
        {
            "terms/bad.md": term(
                GOOD,
                "# Bad\n\n::::{faq}\n:::{question} Why?\nOne.\n:::\n\n"
                ":::{question} Why?\nTwo.\n:::\n::::\n",
            )
        },
        [
            "terms/bad.md:13: WARNING: FAQ anchor 'why' is already used on this page; give "
            "this question its own :anchor: [termpages.faq-duplicate-anchor]"
        ],
    ),
    "cta-javascript-url": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_cta['default'].url must be an http(s) URL or a "
            "site path, got 'javascript:alert(1)': its scheme 'javascript' is not http or https; "
            "the variant is disabled [termpages.config]",
        ],
        conf={
            "termpages_cta": {
                "default": {
                    "heading": "H",
                    "text": "T",
                    "button": "B",
                    "url": "javascript:alert(1)",
                },
                "alt": ALT_CTA,
            }
        },
    ),
    "cta-missing-field": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_cta['default'].button must be non-empty text, got None"
            "; the variant is disabled [termpages.config]",
        ],
        conf={
            "termpages_cta": {
                "default": {"heading": "H", "text": "T", "url": "/audit"},
                "alt": ALT_CTA,
            }
        },
    ),
    "cta-not-a-dict": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_cta must be a dict of variants, got 'Buy now' "
            "[termpages.config]",
            # beta asks for a variant that no longer exists: its own, separate mistake
            "terms/beta.md:6: WARNING: unknown CTA variant 'alt' (declared in conf.py: none "
            "declared); showing the default [termpages.unknown-cta]",
        ],
        conf={"termpages_cta": "Buy now"},
    ),
    "cta-default-unknown": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_cta_default 'main' is not a usable variant of "
            "termpages_cta; its variants: alt, default [termpages.config]"
        ],
        conf={"termpages_cta_default": "main"},
    ),
    "category-bad-id": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_categories[2].id must be a slug (lower-case "
            "letters, digits, hyphens), got 'Cat Three' [termpages.config]"
        ],
        conf={
            "termpages_categories": [
                {"id": "cat-one", "title": "Category One"},
                {"id": "cat-two", "title": "Category Two"},
                {"id": "Cat Three", "title": "Three"},
            ]
        },
    ),
    "category-declared-twice": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_categories[2].id 'cat-one' is declared twice "
            "[termpages.config]"
        ],
        conf={
            "termpages_categories": [
                {"id": "cat-one", "title": "Category One"},
                {"id": "cat-two", "title": "Category Two"},
                {"id": "cat-one", "title": "Again"},
            ]
        },
    ),
    "category-without-title": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_categories[1].title must be non-empty text, got None "
            "[termpages.config]",
            # the terms filed under the dropped category are told so
            "terms/eclair.md:2: WARNING: unknown category 'cat-two' (declared in conf.py: "
            "cat-one) [termpages.unknown-category]",
            "terms/gamma.md:2: WARNING: unknown category 'cat-two' (declared in conf.py: "
            "cat-one) [termpages.unknown-category]",
        ],
        conf={"termpages_categories": [{"id": "cat-one", "title": "One"}, {"id": "cat-two"}]},
    ),
    "unknown-label": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_labels has unknown key 'faq'; known: "
            # every label, sorted (they grow with the extension)
            f"{', '.join(sorted(Labels.__dataclass_fields__))} [termpages.config]"
        ],
        conf={"termpages_labels": {"faq": "FAQ"}},
    ),
    "folder-outside-source": Case(
        {},
        [
            "conf.py:31: WARNING: termpages_hubs_dir must be a folder inside the source "
            "directory, got '../hubs'; using 'categories' [termpages.config]"
        ],
        conf={"termpages_hubs_dir": "../hubs"},
    ),
    "unknown-category-directive": Case(
        {"page.md": "---\norphan: true\n---\n# Page\n\n```{glossary-category} nope\n```\n"},
        ["page.md:6: WARNING: glossary-category: unknown category 'nope' [termpages.directive]"],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_warns_once_and_site_builds(make_site: SiteFactory, name: str) -> None:
    case = CASES[name]
    site = make_site(case.all_files())
    assert site.warning_lines() == case.warnings
    assert_rest_of_site_intact(site)


def assert_rest_of_site_intact(site: BuiltSite) -> None:
    alpha = site.html("terms/alpha.html")
    assert text_of(alpha.select_one("h1")).startswith("Alpha")
    assert len(alpha.select("details.termpages-faq-item")) == 2
    assert (site.outdir / "index.html").is_file()
    for source in (site.srcdir / "terms").rglob("*.md"):
        relative = source.relative_to(site.srcdir).with_suffix(".html")
        assert (site.outdir / relative).is_file(), relative


def alias_bomb() -> str:
    """Ten nested anchors: 9**10 items for anything that walks the value."""
    anchors = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    anchors += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(anchors) + "\nsummary: *a9\n"


def test_an_alias_bomb_is_one_warning_and_the_build_finishes_quickly(
    make_site: SiteFactory,
) -> None:
    """The term's own reader refuses it, and MyST is handed the page without it."""
    bomb = "category: cat-one\n" + alias_bomb()
    started = time.perf_counter()
    site = make_site({"terms/bad.md": term(bomb, "# Bad\n\nThe body stays.\n")})
    assert time.perf_counter() - started < 30  # a crash-class guard, not a benchmark
    assert site.warning_lines() == [
        "terms/bad.md:4: WARNING: front matter uses the YAML alias '*a0'; term front matter "
        "does not read aliases: write the value out [termpages.front-matter]"
    ]
    assert "The body stays." in text_of(site.html("terms/bad.html").select_one("article"))
    assert_rest_of_site_intact(site)


def test_an_alias_bomb_on_an_ordinary_page_is_left_to_myst(make_site: SiteFactory) -> None:
    """termpages does not read other pages' front matter; MyST (5.2+) measures before it
    renders a field, and Sphinx keeps only the fields MyST rendered, as text."""
    started = time.perf_counter()
    site = make_site({"page.md": term("orphan: true\n" + alias_bomb(), "# Page\n\nText.\n")})
    assert time.perf_counter() - started < 30
    fields = [f"a{n}" for n in range(5, 10)] + ["summary"]  # a1-a4 are small enough
    assert site.warning_lines() == [
        f"page.md: WARNING: Front matter field {name!r} is too large to render [myst.topmatter]"
        for name in fields
    ]
    assert "Text." in text_of(site.html("page.html").select_one("article"))


def test_invalid_front_matter_keeps_the_body(make_site: SiteFactory) -> None:
    site = make_site({"terms/bad.md": term('summary: "unclosed\n', "# Bad\n\nThe body stays.\n")})
    page = site.html("terms/bad.html")
    assert text_of(page.select_one("h1")).startswith("Bad")
    assert "The body stays." in text_of(page.select_one("article"))


def test_writer_text_is_never_lost(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/bad.md": term(
                GOOD + "related: [alpha, nowhere]\n",
                "# Bad\n\n::::{faq}\nStray words.\n\n:::{question}\nOrphan answer.\n:::\n::::\n",
            )
        }
    )
    article = text_of(site.html("terms/bad.html").select_one("article"))
    for kept in ("Stray words.", "Orphan answer.", "nowhere"):
        assert kept in article


def test_strict_build_fails_on_warnings(make_site: SiteFactory) -> None:
    import subprocess
    import sys

    site = make_site({"terms/bad.md": term("category: cat-three\nsummary: A bad page.\n")})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(site.srcdir),
            str(site.srcdir / "_build" / "strict"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "[termpages.unknown-category]" in result.stderr


def test_warnings_can_be_suppressed(make_site: SiteFactory) -> None:
    site = make_site(
        {"terms/bad.md": term("category: cat-three\nsummary: A bad page.\n")},
        confoverrides={"suppress_warnings": ["termpages.unknown-category"]},
    )
    assert site.warning_lines() == []


def test_a_term_file_that_is_not_utf8_is_left_out_with_one_warning(tmp_path: Path) -> None:
    # Sphinx itself would stop the build at it ("Encoding error!")
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    latin1 = term(GOOD.replace("A bad page.", "Caf\u00e9 au lait."), "# Latin\n\nText.\n")
    (srcdir / "terms" / "latin.md").write_bytes(latin1.encode("latin-1"))
    (srcdir / "terms" / "delta.md").write_text(
        term("category: cat-two\nsummary: Delta.\n", "# Delta\n\nSee {term}`latin`.\n"),
        encoding="utf-8",
    )
    for _ in range(2):  # and again in the next, incremental build
        site = build(srcdir)
        assert site.warning_lines() == [
            "terms/latin.md:3: WARNING: term file is not UTF-8 text (line 3 has a byte that "
            "is not); it is left out of the site until it is saved as UTF-8 "
            "[termpages.not-utf8]",
            "terms/delta.md:8: WARNING: unknown term 'latin' [termpages.unknown-term]",
        ]
        assert not (site.outdir / "terms/latin.html").exists()
        assert text_of(site.html("terms/delta.html").select_one("article h1")).startswith("Delta")
