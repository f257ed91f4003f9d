"""The ``jsonld`` directive: a writer's objects join the graph; bad ones are warned at a line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import BASE, by_id, graph_of, script_of, warnings_of

from sphinxcontrib.jsonld._directive import parse_block

HOSTILE = "</script><script>alert(1)</script> & <!-- more -->"


@pytest.mark.sphinx("html", testroot="blocks")
def test_a_writers_object_merges_into_the_page_graph(app: Any) -> None:
    app.build()
    url = BASE + "merging.html"
    graph = graph_of(app.outdir, "merging.html")
    nodes = by_id(graph)
    # "#webpage" is the page's own WebPage: the writer's type and description win,
    # the page graph adds what the writer left out
    assert nodes[url + "#webpage"] == {
        "@type": "AboutPage",
        "@id": url + "#webpage",
        "description": "Who writes the notes.",
        "url": url,
        "name": "About us",
        "inLanguage": "en",
        "isPartOf": {"@id": BASE + "#website"},
        "breadcrumb": {"@id": url + "#breadcrumb"},
    }
    assert nodes[url + "#launch"] == {"@type": "Event", "@id": url + "#launch", "name": HOSTILE}
    # a node without an id is kept as written, after the ones with an id
    assert graph[-1] == {"@type": "Thing", "name": "No id, kept as written"}


@pytest.mark.sphinx("html", testroot="blocks")
def test_no_text_can_leave_the_script(app: Any) -> None:
    app.build()
    text = script_of(app.outdir, "merging.html")
    assert text is not None
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text
    soup = BeautifulSoup((app.outdir / "merging.html").read_text(encoding="utf-8"), "html.parser")
    # the hostile name started no script of its own
    assert [s for s in soup.find_all("script") if "alert(1)" in (s.string or "")] == [
        soup.find("script", type="application/ld+json")
    ]


@pytest.mark.sphinx("html", testroot="blocks", freshenv=True)
def test_invalid_blocks_are_warned_at_their_line(app: Any) -> None:
    app.build()
    tag = " [jsonld.invalid]"
    assert warnings_of(app) == [
        "invalid.rst:4: WARNING: jsonld: not valid JSON: Expecting property name enclosed in "
        "double quotes (line 1 of the block)" + tag,
        "invalid.rst:8: WARNING: jsonld: NaN is not a JSON number (JSON has no NaN or "
        "Infinity)" + tag,
        "invalid.rst:12: WARNING: jsonld: -Infinity is not a JSON number (JSON has no NaN or "
        "Infinity)" + tag,
        "invalid.rst:16: WARNING: jsonld: 1e999 is not a JSON number (JSON has no NaN or "
        "Infinity)" + tag,
        "invalid.rst:20: WARNING: jsonld: give a JSON object, or an array of objects" + tag,
        "invalid.rst:24: WARNING: jsonld: each object needs an @type, or the @id of a node it "
        "adds to" + tag,
        "invalid.rst:32: WARNING: jsonld: \\ud800 is half of a UTF-16 pair, not text (strict "
        "JSON parsers refuse a lone surrogate)" + tag,
    ]
    graph = graph_of(app.outdir, "invalid.html")
    things = [node for node in graph if node["@type"] == "Thing"]
    # a whole pair is one character, and 1e308 is a float: both strict JSON
    assert things == [
        {"@type": "Thing", "@id": BASE + "invalid.html#valid", "name": "The one valid block"},
        {
            "@type": "Thing",
            "@id": BASE + "invalid.html#pair",
            "name": "a whole pair: 😀",
            "n": 1e308,
        },
    ]


@pytest.mark.sphinx(
    "html",
    testroot="blocks",
    freshenv=True,
    confoverrides={"suppress_warnings": ["jsonld.invalid"]},
)
def test_invalid_blocks_can_be_silenced(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="blocks", confoverrides={"html_baseurl": ""})
def test_without_a_base_url_blocks_stay_as_written(app: Any) -> None:
    app.build()
    graph = graph_of(app.outdir, "merging.html")
    assert graph[0] == {
        "@id": "#webpage",
        "@type": "AboutPage",
        "description": "Who writes the notes.",
    }


@pytest.mark.sphinx("html", testroot="myst", freshenv=True)
def test_the_directive_works_from_markdown(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "index.md:9: WARNING: jsonld: not valid JSON: Expecting value (line 1 of the block) "
        "[jsonld.invalid]"
    ]
    nodes = by_id(graph_of(app.outdir, "index.html"))
    assert nodes[BASE + "index.html#howto"] == {
        "@type": "HowTo",
        "@id": BASE + "index.html#howto",
        "name": "Write JSON-LD in Markdown",
    }


@pytest.mark.parametrize("builder", ["text", "latex", "man", "texinfo", "xml", "pseudoxml"])
def test_other_builders_show_nothing_of_a_block(
    make_app: Any, rootdir: Path, builder: str, tmp_path: Path
) -> None:
    app = make_app(builder, srcdir=rootdir / "test-blocks", builddir=tmp_path)
    app.build()
    assert not [line for line in warnings_of(app) if "invalid.rst" not in line]
    written = "".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in app.outdir.rglob("*")
        if path.is_file() and path.suffix in {".txt", ".tex", ".1", ".texi", ".xml", ".pseudoxml"}
    )
    assert written
    assert "alert(1)" not in written and "AboutPage" not in written


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        # Python's int() refuses more than 4300 digits: that was a crash, not a warning
        (
            '{"@type": "Thing", "n": ' + "9" * 5000 + "}",
            "the integer 999999999999... (5000 digits) is too large for JSON parsers that "
            "read numbers as doubles (they get Infinity); write it as a string",
        ),
        (
            '{"@type": "Thing", "n": -1' + "0" * 400 + "}",
            "the integer -10000000000... (401 digits) is too large for JSON parsers that "
            "read numbers as doubles (they get Infinity); write it as a string",
        ),
        # past the recursion limit Python's parser raised RecursionError
        (
            '{"@type": "Thing", "a": ' + "[" * 1000 + "]" * 1000 + "}",
            "it nests arrays and objects more than 64 deep",
        ),
        ("[" * 100_000 + "]" * 100_000, "it nests arrays and objects more than 64 deep"),
        (
            '{"@type": "Thing", "name": "a", "name": "b"}',
            'the key "name" appears twice in one object (parsers differ on which counts)',
        ),
        (
            "\ufeff{}",
            "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) (line 1 of the block)",
        ),
    ],
)
def test_values_strict_parsers_refuse_are_a_message_not_a_crash(block: str, problem: str) -> None:
    assert parse_block(block) == problem


def test_what_strict_parsers_read_alike_is_kept() -> None:
    # brackets in strings are no nesting; an integer a double holds is a number
    block = '{"@type": "Thing", "name": "[[[{{\\"", "n": -' + str(2**1000) + "}"
    assert parse_block(block) == [{"@type": "Thing", "name": '[[[{{"', "n": -(2**1000)}]
