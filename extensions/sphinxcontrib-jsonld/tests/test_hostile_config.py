"""Each ``jsonld_*`` setting against values meant to break it: one warning, then the default."""

from __future__ import annotations

import math
from typing import Any

import pytest
from conftest import graph_of, script_of, warnings_of

from sphinxcontrib.jsonld._config import SETTINGS


class Hostile(str):
    """Text whose own repr raises: a message must never call it."""

    def __repr__(self) -> str:
        raise RuntimeError("repr called")


def self_containing() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


HOSTILE: dict[str, Any] = {
    "int": 5,
    "float": 3.5,
    "nan": math.nan,
    "list": ["x"],
    "self-containing": self_containing(),
    "object-dict": {"x": object()},
    "mixed-keys": {1: "a", "b": 2},
    "nested-dict": {"name": {"a": {"b": {}}}, "url": "https://example.com/"},
    "megabyte": "x" * 1_000_000,
    "set": {1, 2},
    "str-subclass": Hostile("x"),
    "object": object(),
}

CASES = [(setting.name, value_id) for setting in SETTINGS for value_id in HOSTILE]


@pytest.mark.parametrize(("name", "value_id"), CASES, ids=[f"{n}={v}" for n, v in CASES])
def test_a_hostile_value_is_one_short_problem(name: str, value_id: str) -> None:
    (setting,) = [setting for setting in SETTINGS if setting.name == name]
    problem = setting.check(HOSTILE[value_id])
    assert problem is not None
    assert len(problem) <= 300, problem[:200]


@pytest.mark.sphinx(
    "html",
    testroot="site",
    # (confoverrides hold the values as given, as conf.py would; a string for a flag is
    # Sphinx's own -D conversion, which refuses it before any extension sees it)
    confoverrides={
        "jsonld_website": list(range(100_000)),
        "jsonld_publisher": {1: "a", "b": 2, "name": self_containing()},
    },
)
def test_hostile_settings_are_warned_and_the_site_builds(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "WARNING: jsonld_website must be True or False, got [0, 1, 2, 3, 4, 5, ...]; "
        "using True [jsonld.config]",
        "WARNING: jsonld_publisher has unknown keys ['b', 1]; known: 'name', 'url', 'logo', "
        "'sameAs'; using None [jsonld.config]",
    ]
    assert [node["@type"] for node in graph_of(app.outdir, "index.html")][-1] == "WebSite"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("javascript:alert(1)", "its scheme 'javascript' is not http or https"),
        ("JaVa\tScRiPt:alert(1)", "it holds a control character"),
        ("/\\evil.example/", "it is not an absolute URL"),
        ("https://user:pw@example.com/", "it holds a user name or password"),
        ("https:evil.example", "it should start with https:// and a host"),
    ],
)
def test_a_publisher_url_browsers_would_not_open_is_refused(url: str, problem: str) -> None:
    (setting,) = [setting for setting in SETTINGS if setting.name == "jsonld_publisher"]
    for value, label in [
        ({"name": "N", "url": url}, "['url']"),
        ({"name": "N", "url": "https://example.com/", "logo": url}, "['logo']"),
        ({"name": "N", "url": "https://example.com/", "sameAs": [url]}, "['sameAs'][0]"),
    ]:
        assert setting.check(value) == (
            f"{label} must be an absolute http(s) URL, got {url!r}: {problem}"
        )


@pytest.mark.sphinx(
    "html", testroot="site", confoverrides={"html_baseurl": "/\\evil.example/notes/"}
)
def test_an_html_baseurl_browsers_read_as_another_site_is_not_used(app: Any) -> None:
    app.build()
    assert warnings_of(app) == [
        "WARNING: html_baseurl '/\\\\evil.example/notes/' is not used for JSON-LD: it is not "
        "an absolute URL [jsonld.config]",
    ]
    assert "evil.example" not in (script_of(app.outdir, "index.html") or "")


@pytest.mark.sphinx(
    "html",
    testroot="site",
    confoverrides={"jsonld_publisher": {"name": "N", "url": 'https://example.com/a b"c'}},
)
def test_a_publisher_url_is_written_as_browsers_serialize_it(app: Any) -> None:
    app.build()
    assert warnings_of(app) == []
    (organization,) = [
        n for n in graph_of(app.outdir, "index.html") if n["@type"] == "Organization"
    ]
    assert organization["url"] == "https://example.com/a%20b%22c"
