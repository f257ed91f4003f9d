"""Hostile and broken input: one small site per case; nothing crashes, nothing runs.

Every case checks the exact warnings, that the rest of the site is intact,
and that no output (HTML, JSON-LD, Markdown exports) carries executable
injection. A real browser then opens the hostile pages and no dialog may
open. Property-based tests throw generated front matter and FAQs at the build.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser

from conftest import ROOTS, BuiltSite, SiteFactory, build, serve, text_of

SCRIPT = "</script><script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = SCRIPT + IMG


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def term(front: str, body: str = "# Hostile\n\nText.\n") -> str:
    return f"---\ncategory: cat-one\n{front}---\n\n{body}"


@dataclass
class Case:
    files: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    conf: dict[str, Any] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "script-everywhere-in-front-matter": Case(
        {
            "terms/hostile.md": term(
                f"summary: {yaml_text(HOSTILE)}\naliases: [{yaml_text(HOSTILE)}]\n",
                f"# Title {SCRIPT} {IMG}\n\nBody {SCRIPT} and {IMG}.\n\n"
                f"::::{{faq}}\n:::{{question}} Q {SCRIPT} {IMG}\nA {SCRIPT} {IMG}.\n:::\n::::\n",
            )
        }
    ),
    "script-in-cta-config": Case(
        {},
        conf={
            "termpages_cta": {
                "default": {
                    "heading": HOSTILE,
                    "text": HOSTILE,
                    "button": HOSTILE,
                    "url": "https://example.com/?" + IMG,
                    "utm": {"utm_source": HOSTILE},
                },
                "alt": {"heading": "h", "text": "t", "button": "b", "url": "/x"},
            }
        },
    ),
    "javascript-url-in-cta": Case(
        {},
        [
            # confoverrides replace the value conf.py assigns on that line
            "conf.py:13: WARNING: termpages_cta['default'].url must be an http(s) URL or a "
            "site path, got 'javascript:alert(1)': its scheme 'javascript' is not http or https; "
            "the variant is disabled [termpages.config]",
        ],
        conf={
            "termpages_cta": {
                "default": {
                    "heading": "h",
                    "text": "t",
                    "button": "b",
                    "url": "javascript:alert(1)",
                },
                "alt": {"heading": "h", "text": "t", "button": "b", "url": "/x"},
            }
        },
    ),
    "javascript-url-in-same-as": Case(
        {"terms/hostile.md": term("summary: S.\nsame_as:\n  - 'javascript:alert(1)'\n")},
        [
            "terms/hostile.md:5: WARNING: 'same_as' entries must be absolute http(s) URLs, got "
            "'javascript:alert(1)' [termpages.invalid-url]"
        ],
    ),
    "ten-thousand-character-summary": Case(
        {"terms/hostile.md": term(f"summary: {'A' * 9999}.\n")},
        [
            "terms/hostile.md:3: WARNING: summary is 10000 characters; keep it to 160 (longer "
            "ones are cut off in search results) [termpages.summary-too-long]"
        ],
        conf={"termpages_checks": {"summary_max_length": 160}, "termpages_checks_strict": True},
    ),
    "right-to-left-and-non-ascii": Case(
        {
            "terms/hostile.md": term(
                "summary: 'مصطلح يُعرَّف بجملة واحدة.'\naliases: [עברית, 日本語]\n",
                "# مرحبا بالعالم ‮gnp.exe\n\nنص.\n",
            )
        }
    ),
    "title-only-punctuation": Case({"terms/hostile.md": term("summary: S.\n", "# ?!…\n\nText.\n")}),
    "malformed-yaml": Case(
        {"terms/hostile.md": term(f"summary: {SCRIPT}: {IMG}\n")},
        [
            "terms/hostile.md:3: WARNING: front matter is not valid YAML: mapping values are "
            "not allowed in this context [termpages.front-matter]"
        ],
    ),
    "wrong-types": Case(
        {"terms/hostile.md": term("summary: {a: 1}\naliases: {b: 2}\nrelated: [[3]]\n")},
        [
            # front matter is text: the numbers are quoted as written
            "terms/hostile.md:3: WARNING: 'summary' must be text, got {'a': '1'} "
            "[termpages.field-type]",
            "terms/hostile.md:4: WARNING: 'aliases' must be a list, got {'b': '2'} "
            "[termpages.field-type]",
            "terms/hostile.md:5: WARNING: 'related' items must be text, got ['3'] "
            "[termpages.field-type]",
        ],
    ),
    "unknown-category-related-and-term": Case(
        {
            "terms/hostile.md": term(
                "summary: S.\nrelated: [nowhere]\n", "# Hostile\n\nSee {term}`nothing`.\n"
            ).replace("category: cat-one", "category: nowhere")
        },
        [
            "terms/hostile.md:2: WARNING: unknown category 'nowhere' (declared in conf.py: "
            "cat-one, cat-two) [termpages.unknown-category]",
            "terms/hostile.md:4: WARNING: related term 'nowhere' does not exist "
            "(no terms/nowhere.md) [termpages.unknown-related]",
            "terms/hostile.md:9: WARNING: unknown term 'nothing' [termpages.unknown-term]",
        ],
    ),
    "duplicate-slug-and-alias": Case(
        {
            "terms/more/gamma.md": term("summary: S.\n"),
            "terms/hostile.md": term("summary: S.\naliases: [third term]\n"),
        },
        [
            "terms/hostile.md:4: WARNING: alias 'third term' is claimed by more than one term "
            "(gamma, hostile); references to it are ambiguous [termpages.duplicate-alias]",
            "terms/gamma.md:4: WARNING: alias 'third term' is claimed by more than one term "
            "(gamma, hostile); references to it are ambiguous [termpages.duplicate-alias]",
            "terms/gamma.md:1: WARNING: slug 'gamma' is used by more than one term page "
            "(terms/gamma.md, terms/more/gamma.md) [termpages.duplicate-slug]",
            "terms/more/gamma.md:1: WARNING: slug 'gamma' is used by more than one term page "
            "(terms/gamma.md, terms/more/gamma.md) [termpages.duplicate-slug]",
            "terms/alpha.md:18: WARNING: term 'Third Term' is ambiguous: it is the alias, any "
            "case of gamma, hostile; linking to 'gamma' (write the slug to choose) "
            "[termpages.ambiguous-term]",
        ],
    ),
    "empty-faq-and-empty-answer": Case(
        {
            "terms/hostile.md": term(
                "summary: S.\n",
                "# Hostile\n\n::::{faq}\n::::\n\n::::{faq}\n:::{question} Why?\n:::\n::::\n",
            )
        },
        [
            "terms/hostile.md:8: WARNING: FAQ block has no questions; add {question} directives "
            "inside it [termpages.faq-empty]",
            "terms/hostile.md:12: WARNING: FAQ question 'Why?' has no answer "
            "[termpages.faq-empty-answer]",
        ],
    ),
}


def assert_no_injection(site: BuiltSite) -> None:
    """No script but ours and JSON-LD, no handler attributes, no javascript: links."""
    for page in site.outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                data = script.string or ""
                assert "<" not in data and ">" not in data, page
                json.loads(data)
            else:
                # furo sets the colour theme with one inline script of its own; nothing else
                assert "alert" not in (script.string or ""), f"injected script in {page}"
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), f"{page}: <{tag.name} {name}>"
                if name in ("href", "src", "action"):
                    assert not str(value).strip().lower().startswith("javascript:"), page
    for export in [*site.outdir.rglob("*.md"), *site.outdir.glob("*.txt")]:
        text = export.read_text(encoding="utf-8")
        assert not re.search(r"(?<!\\)<(script|img)", text, re.I), export
    data = json.loads((site.outdir / "glossary.json").read_text())
    assert isinstance(data["terms"], list)


def build_case(make_site: SiteFactory, case: Case) -> BuiltSite:
    return make_site(case.files, confoverrides=case.conf)


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_case(make_site: SiteFactory, name: str) -> None:
    case = CASES[name]
    site = build_case(make_site, case)
    assert sorted(site.warning_lines()) == sorted(case.warnings)
    alpha = site.html("terms/alpha.html")
    assert len(alpha.select("details.termpages-faq-item")) == 2
    assert_no_injection(site)
    if "terms/hostile.md" in case.files and "malformed" not in name:
        assert (site.outdir / "terms/hostile.html").is_file()


def test_hostile_text_reads_back_exactly(make_site: SiteFactory) -> None:
    site = build_case(make_site, CASES["script-everywhere-in-front-matter"])
    page = site.html("terms/hostile.html")
    assert text_of(page.select_one("p.termpages-definition")) == HOSTILE
    # body text gets typographic quotes ("> becomes “>); the markup stays text either way
    heading = text_of(page.select_one("h1")).replace("“", '"')
    assert heading.startswith(f"Title {SCRIPT} {IMG}")
    answer = text_of(page.select_one(".termpages-faq-answer")).replace("“", '"')
    assert f"A {SCRIPT} {IMG}." in answer
    graph = json.loads(page.find("script", type="application/ld+json").string)["@graph"]
    term_node = next(node for node in graph if node["@type"] == "DefinedTerm")
    assert term_node["description"] == HOSTILE and term_node["alternateName"] == [HOSTILE]


def test_no_dialog_opens_on_hostile_pages(browser: Browser, tmp_path: Path) -> None:
    """Every hostile case, built and opened in Chromium: any alert() would be a failure."""
    dialogs: list[str] = []
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in ("script-everywhere-in-front-matter", "script-in-cta-config"):
        srcdir = tmp_path / name
        shutil.copytree(ROOTS / "test-basic", srcdir)
        for relative, content in CASES[name].files.items():
            (srcdir / relative).write_text(content, encoding="utf-8")
        site = build(srcdir, confoverrides=CASES[name].conf)
        for root in serve(site.outdir):
            for path in ("terms/hostile.html", "terms/alpha.html", "index.html"):
                if (site.outdir / path).exists():
                    page.goto(root + path)
                    page.wait_for_load_state("load")
                    # hover every term link, so that previews render too
                    for link in page.locator("article a.termpages-term").all()[:5]:
                        link.hover()
                    page.wait_for_timeout(150)
    context.close()
    assert dialogs == []


# ---------------------------------------------------------------- property-based

printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=60
)
front_values = st.one_of(
    printable,
    st.integers(),
    st.booleans(),
    st.none(),
    st.lists(printable, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b"]), printable, max_size=2),
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["category", "summary", "aliases", "related", "last_updated", "same_as", "cta",
             "published", "redirect_from", "extra"]
        ),
        front_values,
        max_size=6,
    ),
    title=printable,
    questions=st.lists(st.tuples(printable, printable), max_size=3),
)  # fmt: skip
def test_generated_pages_never_break_the_build(
    make_site: SiteFactory, fields: dict[str, Any], title: str, questions: list[tuple[str, str]]
) -> None:
    front = "".join(f"{key}: {json.dumps(value)}\n" for key, value in fields.items())
    faq = "".join(f":::{{question}} {' '.join(q.split())}\n{a}\n:::\n\n" for q, a in questions)
    body = f"# {' '.join(title.split()) or 'T'}\n\nText.\n\n::::{{faq}}\n{faq}::::\n"
    site = make_site({"terms/generated.md": f"---\n{front}---\n\n{body}"})
    assert (site.outdir / "index.html").is_file()
    for page in site.outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", type="application/ld+json"):
            json.loads(script.string)
    assert "Traceback" not in site.warnings and "Exception" not in site.warnings
