"""Every setting against values meant to break it: one config warning each, never a crash."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conftest import ROOTS, SiteFactory, build
from termpages.config import SETTINGS, Settings, parse_settings
from termpages.warnings_ import SHOWN_LENGTH, shown

BY_NAME = {setting.name: setting for setting in SETTINGS}
FLAGS = {name for name, setting in BY_NAME.items() if setting.types == (bool,)}


class Hostile(str):
    """Text whose own repr and str raise: a message must never call them."""

    def __repr__(self) -> str:
        raise RuntimeError("repr called")

    def __str__(self) -> str:
        raise RuntimeError("str called")


def self_containing() -> list[Any]:
    value: list[Any] = []
    value.append(value)
    return value


#: Each value by id, as Python and as conf.py writes it (conf.py defines Hostile and loop).
HOSTILE: dict[str, tuple[Any, str]] = {
    "none": (None, "None"),
    "int": (5, "5"),
    "negative": (-1, "-1"),
    "huge-int": (10**100, "10**100"),
    "float": (3.5, "3.5"),
    "nan": (math.nan, "float('nan')"),
    "true": (True, "True"),
    "empty-list": ([], "[]"),
    "list": (["x"], "['x']"),
    "self-containing": (self_containing(), "loop"),
    "empty-dict": ({}, "{}"),
    "object-dict": ({"x": object()}, "{'x': object()}"),
    "nested-dict": ({"a": {"b": {"c": {}}}}, "{'a': {'b': {'c': {}}}}"),
    "mixed-keys": ({1: "a", "b": 2}, "{1: 'a', 'b': 2}"),
    "megabyte": ("x" * 1_000_000, "'x' * 1_000_000"),
    "set": ({1, 2}, "{1, 2}"),
    "bytes": (b"terms", "b'terms'"),
    "str-subclass": (Hostile("x"), "Hostile('x')"),
    "object": (object(), "object()"),
}

#: The (value, setting) pairs that are good values, parsed without a word.
ACCEPTED: dict[str, set[str]] = {
    "none": {"termpages_cta_default", "termpages_publisher", "termpages_social_cards"},
    "int": {"termpages_nav_terms", "termpages_hub_page_size", "termpages_az_inline_max"},
    "huge-int": {"termpages_nav_terms", "termpages_hub_page_size", "termpages_az_inline_max"},
    "true": FLAGS | {"termpages_template_cache", "termpages_social_cards"},
    "empty-list": {"termpages_categories", "termpages_extra_fields"},
    "list": {"termpages_extra_fields"},
    "empty-dict": {
        "termpages_cta",
        "termpages_labels",
        "termpages_checks",
        "termpages_publisher",
        "termpages_social_cards",
        "termpages_robots",
    },
    # plain text where any text will do, or a folder or docname named "x"
    "str-subclass": {
        "termpages_terms_dir",
        "termpages_hubs_dir",
        "termpages_home_doc",
        "termpages_glossary_name",
        "termpages_glossary_description",
        "termpages_template_cache",
    },
}

#: Settings checked key by key: a dict with two bad keys is two warnings, one per key.
TWO_BAD_KEYS = {
    ("mixed-keys", name) for name in ("termpages_cta", "termpages_labels", "termpages_checks")
}

#: Longer than any message needs, far shorter than an unbounded value would make it.
MESSAGE_LENGTH = 600


def parse(**raw: Any) -> tuple[Settings, list[str]]:
    messages: list[str] = []
    config = SimpleNamespace(root_doc="index", project="Demo", **raw)
    return parse_settings(config, messages.append), messages


def names_setting(message: str, name: str) -> bool:
    return re.match(rf"{name}\b(?!_)", message) is not None


CASES = [(name, value_id) for name in BY_NAME for value_id in HOSTILE]


@pytest.mark.parametrize(("name", "value_id"), CASES, ids=[f"{n[10:]}={v}" for n, v in CASES])
def test_a_hostile_value_is_one_warning_or_a_good_value(name: str, value_id: str) -> None:
    settings, messages = parse(**{name: HOSTILE[value_id][0]})
    accepted = name in ACCEPTED.get(value_id, set())
    expected = 0 if accepted else 2 if (value_id, name) in TWO_BAD_KEYS else 1
    assert len([m for m in messages if names_setting(m, name)]) == expected, messages
    for message in messages:
        # the one other setting a value can make unusable: the default CTA variant
        assert names_setting(message, name) or (
            name == "termpages_cta" and names_setting(message, "termpages_cta_default")
        ), message
        assert len(message) <= MESSAGE_LENGTH, message[:200]
    value = getattr(settings, BY_NAME[name].attribute)
    if not accepted and name != "termpages_social_cards":
        # the default is used (social cards given a dict are drawn with the default colours)
        assert value == getattr(Settings(glossary_name="Demo"), BY_NAME[name].attribute)
    for text in value if isinstance(value, (set, frozenset)) else [value]:
        # what is used is plain: nothing of a hostile subclass reaches the pages
        assert not isinstance(text, Hostile)


@pytest.mark.parametrize(
    "value",
    [
        "x" * 1_000_000,
        self_containing(),
        {str(n): list(range(1000)) for n in range(1000)},
        Hostile("x" * 1000),
        10**5000,
        {1: "a", "b": 2},
    ],
    ids=["megabyte", "self-containing", "big-dict", "str-subclass", "huge-int", "mixed-keys"],
)
def test_a_value_is_shown_short_and_safely(value: Any) -> None:
    text = shown(value)
    assert 0 < len(text) <= SHOWN_LENGTH


# ---------------------------------------------------------------- through a build

PRELUDE = """
class Hostile(str):
    def __repr__(self):
        raise RuntimeError("repr called")

    def __str__(self):
        raise RuntimeError("str called")


loop = []
loop.append(loop)
"""


#: The settings the build test gives: the test builds share one template cache instead.
BUILT = [name for name in BY_NAME if name != "termpages_template_cache"]


def hostile_conf(expression: str) -> tuple[str, dict[str, int]]:
    """The test root's conf.py with every setting given ``expression``; and each one's line."""
    text = (ROOTS / "test-basic" / "conf.py").read_text(encoding="utf-8") + PRELUDE
    lines: dict[str, int] = {}
    for name in BUILT:
        lines[name] = text.count("\n") + 1
        text += f"{name} = {expression}\n"
    return text, lines


@pytest.mark.parametrize("value_id", list(HOSTILE))
def test_every_setting_hostile_at_once_still_builds_the_site(
    make_site: SiteFactory, value_id: str
) -> None:
    value, expression = HOSTILE[value_id]
    conf, lines = hostile_conf(expression)
    _, expected = parse(**dict.fromkeys(BUILT, value))
    site = make_site({"conf.py": conf})
    config_warnings = [line for line in site.warning_lines() if "[termpages.config]" in line]
    located = []
    for message in expected:
        name = next(name for name in BUILT if names_setting(message, name))
        located.append(f"conf.py:{lines[name]}: WARNING: {message} [termpages.config]")
    assert config_warnings == located
    assert "Traceback" not in site.warnings + site.status
    assert "Exception" not in site.warnings
    assert (site.outdir / "index.html").is_file()
    assert (site.outdir / "search.html").is_file()


def test_the_hostile_values_cover_every_kind_the_issue_names() -> None:
    kinds = {type(value) for value, _ in HOSTILE.values()}
    assert {type(None), int, float, bool, list, dict, str, set, bytes, Hostile} <= kinds
    assert set(ACCEPTED) <= set(HOSTILE)
    assert all(names <= set(BY_NAME) for names in ACCEPTED.values())


# ---------------------------------------------------------------- the repository is safe

CONF_LINE = 31  # the first line after the test root's conf.py

REFUSED_FOLDERS: dict[str, tuple[dict[str, str], list[str]]] = {
    "terms-dir-dot": (
        {"termpages_terms_dir": "."},
        [
            'termpages_terms_dir must be a folder inside the source directory or "" (write "" '
            "for the top of the source directory), got '.'; using 'terms'"
        ],
    ),
    "hubs-dir-dot": (
        {"termpages_hubs_dir": "."},
        [
            "termpages_hubs_dir must be a folder inside the source directory, got '.'; "
            "using 'categories'"
        ],
    ),
    "hubs-dir-empty": (
        {"termpages_hubs_dir": ""},
        [
            "termpages_hubs_dir must be a folder inside the source directory, got ''; "
            "using 'categories'"
        ],
    ),
    "hubs-dir-absolute": (
        {"termpages_hubs_dir": "/tmp/hubs"},
        [
            "termpages_hubs_dir must be a folder inside the source directory, got '/tmp/hubs'; "
            "using 'categories'"
        ],
    ),
    "hubs-dir-parent": (
        {"termpages_hubs_dir": "terms/../.."},
        [
            "termpages_hubs_dir must be a folder inside the source directory, got "
            "'terms/../..'; using 'categories'"
        ],
    ),
    "hubs-dir-is-terms-dir": (
        {"termpages_hubs_dir": "terms"},
        [
            "termpages_hubs_dir 'terms' and termpages_terms_dir 'terms' overlap: hub pages "
            "would be read as terms, or generated files would land among term files; using "
            "'categories'"
        ],
    ),
    "hubs-dir-inside-terms-dir": (
        {"termpages_hubs_dir": "terms/hubs"},
        [
            "termpages_hubs_dir 'terms/hubs' and termpages_terms_dir 'terms' overlap: hub pages "
            "would be read as terms, or generated files would land among term files; using "
            "'categories'"
        ],
    ),
    "terms-dir-inside-hubs-dir": (
        {"termpages_terms_dir": "terms/all", "termpages_hubs_dir": "terms"},
        [
            "termpages_hubs_dir 'terms' and termpages_terms_dir 'terms/all' overlap: hub pages "
            "would be read as terms, or generated files would land among term files; using "
            "'categories'"
        ],
    ),
    "hubs-dir-holds-the-output": (
        {"termpages_hubs_dir": "_build"},
        [
            "termpages_hubs_dir '_build' overlaps Sphinx's output folder: its files would be "
            "read as sources, or sources written among them; using 'categories'"
        ],
    ),
    "hubs-dir-in-the-doctrees": (
        {"termpages_hubs_dir": "_build/html/doctrees/hubs"},
        [
            "termpages_hubs_dir '_build/html/doctrees/hubs' overlaps Sphinx's doctree folder: "
            "its files would be read as sources, or sources written among them; using "
            "'categories'"
        ],
    ),
    "terms-dir-in-the-output": (
        {"termpages_terms_dir": "_build/html/html"},
        [
            "termpages_terms_dir '_build/html/html' overlaps Sphinx's output folder: its files "
            "would be read as sources, or sources written among them; using 'terms'"
        ],
    ),
}


def source_files(root: Path) -> dict[str, bytes]:
    """Every file of a source folder but the build output and the generated hubs."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.relative_to(root).as_posix().startswith("_build/")
    }


@pytest.mark.parametrize("case", list(REFUSED_FOLDERS))
def test_a_folder_setting_that_would_harm_the_sources_is_refused(
    make_site: SiteFactory, case: str
) -> None:
    settings, messages = REFUSED_FOLDERS[case]
    extra = "".join(f"{name} = {value!r}\n" for name, value in settings.items())
    conf = (ROOTS / "test-basic" / "conf.py").read_text(encoding="utf-8") + extra
    before = {**source_files(ROOTS / "test-basic"), "conf.py": conf.encode()}
    site = make_site({"conf.py": conf})
    lines = {name: CONF_LINE + index for index, name in enumerate(settings)}
    # (with no terms in terms/all, that case also has warnings of its own about the pages)
    config_warnings = [line for line in site.warning_lines() if "[termpages.config]" in line]
    assert config_warnings == [
        f"conf.py:{lines[message.split()[0]]}: WARNING: {message} [termpages.config]"
        for message in messages
    ]
    after = source_files(site.srcdir)
    # every source is still there, unchanged; only the generated hubs folder is new
    assert {name: after.get(name) for name in before} == before
    new = sorted(set(after) - set(before))
    assert new == [
        "categories/.gitignore",
        "categories/cat-one.md",
        "categories/cat-two.md",
    ]
    ignored = (site.srcdir / "categories/.gitignore").read_text().splitlines()
    assert ignored[1:] == ["/.gitignore", "/cat-one.md", "/cat-two.md"]
    assert not (site.srcdir / ".gitignore").exists()
    assert (site.outdir / "categories/cat-one.html").is_file()


def test_a_hubs_folder_that_cannot_be_made_is_one_warning(make_site: SiteFactory) -> None:
    site = make_site({"categories": "a file where the hubs folder would go\n"})
    config_warnings = [line for line in site.warning_lines() if "[termpages.config]" in line]
    assert config_warnings == [
        "WARNING: termpages_hubs_dir 'categories' cannot be created (File exists); no category "
        "has a hub page [termpages.config]"
    ]
    assert (site.srcdir / "categories").read_text() == "a file where the hubs folder would go\n"
    assert (site.outdir / "terms/alpha.html").is_file()


@pytest.mark.parametrize(
    ("target", "where"),
    [
        ("../elsewhere", "a folder outside the source directory"),
        ("terms", "the terms folder"),
        ("terms/inner", "the terms folder"),
        (".", "the source root"),
        ("_build/html", "Sphinx's output folder"),
    ],
)
def test_a_hubs_folder_linked_where_none_may_write_is_one_warning(
    tmp_path: Path, target: str, where: str
) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (tmp_path / "elsewhere").mkdir()
    (srcdir / "_build/html").mkdir(parents=True)
    (srcdir / "categories").symlink_to(target, target_is_directory=True)
    before = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    site = build(srcdir)
    config_warnings = [line for line in site.warning_lines() if "[termpages.config]" in line]
    assert config_warnings == [
        f"WARNING: termpages_hubs_dir 'categories' leads through a symbolic link to {where}; "
        "no category has a hub page [termpages.config]"
    ]
    # nothing the build wrote landed beside the sources or outside them
    written = sorted(
        path.relative_to(tmp_path).as_posix()
        for path in tmp_path.rglob("*")
        if path.is_file() and path not in before and "_build" not in path.parts
    )
    assert written == []
    assert (site.outdir / "terms/alpha.html").is_file()


def test_a_template_cache_that_cannot_be_made_is_one_warning(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_template_cache": "index.md/cache"})
    assert site.warning_lines() == [
        "WARNING: termpages_template_cache "
        f"{shown(str(site.srcdir / 'index.md/cache/termpages-templates'))} cannot be created "
        "(Not a directory); the templates are not kept [termpages.config]"
    ]
    assert (site.outdir / "index.html").is_file()


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{count", "has an unmatched { or }; write {{ or }} for a brace"),
        ("}", "has an unmatched { or }; write {{ or }} for a brace"),
        ("{0} terms", "has an unknown placeholder {0}; it may use {count}"),
        ("{} terms", "has an unknown placeholder {}; it may use {count}"),
        ("{count.real} terms", "has an unknown placeholder {count.real}; it may use {count}"),
        ("{count[0]} terms", "has an unknown placeholder {count[0]}; it may use {count}"),
        ("{count!r} terms", "has a conversion in {count!r}; write {count}"),
        ("{count:>{width}}", "has a placeholder inside {count:>{width}}; write {count}"),
        # a format spec is fine when it formats the number the page gives
        ("{count:,} terms", ""),
        (
            "{count:s} terms",
            "cannot be filled in (Unknown format code 's' for object of type 'int')",
        ),
    ],
)
def test_a_label_template_may_use_only_its_plain_placeholders(template: str, problem: str) -> None:
    settings, messages = parse(termpages_labels={"term_count_many": template})
    if not problem:
        assert messages == []
        assert settings.labels.term_count(1234) == "1,234 terms"
        return
    assert messages == [
        f"termpages_labels['term_count_many'] {template!r} {problem}; using '{{count}} terms'"
    ]
    assert settings.labels.term_count(3) == "3 terms"
