"""The settings, declared once: parsing each one, registering it with Sphinx, the README tables."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, fields
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from conftest import REPO
from termpages import doctables
from termpages.config import (
    SETTINGS,
    CallToAction,
    Category,
    ContentChecks,
    Labels,
    Publisher,
    RobotsPolicy,
    Settings,
    SocialCards,
    assignment_lines,
    get_settings,
    parse_settings,
)
from termpages.warnings_ import TermWarning

BY_NAME = {setting.name: setting for setting in SETTINGS}
FLAGS = sorted(name for name, setting in BY_NAME.items() if setting.types == (bool,))


def parse(**raw: Any) -> tuple[Settings, list[str]]:
    """Parse settings given as plain attributes, as conf.py would assign them; no Sphinx."""
    messages: list[str] = []
    config = SimpleNamespace(root_doc="index", project="Demo", **raw)
    return parse_settings(config, messages.append), messages


@dataclass
class Case:
    setting: str
    raw: Any
    #: The parsed value: the good value's, or the default a bad one falls back to.
    expected: Any
    messages: list[str] = field(default_factory=list)
    #: Other settings the case needs.
    others: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.setting.removeprefix('termpages_')}={self.raw!r}"


def check(case: Case) -> None:
    settings, messages = parse(**{case.setting: case.raw}, **case.others)
    assert messages == case.messages
    value = getattr(settings, BY_NAME[case.setting].attribute)
    assert value == case.expected
    if isinstance(case.expected, dict):
        assert list(value) == list(case.expected)  # the order is part of the value


MAIN_CTA = {"heading": "H", "text": "T", "button": "B", "url": "/start"}

GOOD = [
    Case("termpages_terms_dir", "glossary/", "glossary"),
    Case("termpages_terms_dir", "", ""),
    Case("termpages_hubs_dir", "hubs", "hubs"),
    Case("termpages_home_doc", "start", "start"),
    Case("termpages_home_doc", "", "index"),
    Case(
        "termpages_categories",
        [{"id": "b", "title": "B", "order": 2}, {"id": "a", "title": " A ", "description": " x "}],
        {"a": Category("a", "A", "x", 1), "b": Category("b", "B", "", 2)},
    ),
    Case(
        "termpages_cta",
        {"main": {**MAIN_CTA, "utm": {"utm_source": "glossary"}}},
        {"main": CallToAction("main", "H", "T", "B", "/start", (("utm_source", "glossary"),))},
        others={"termpages_cta_default": "main"},
    ),
    Case("termpages_cta_default", "main", "main", others={"termpages_cta": {"main": MAIN_CTA}}),
    Case("termpages_cta_default", "", None, others={"termpages_cta": {"main": MAIN_CTA}}),
    Case("termpages_cta_default", None, None),
    Case(
        "termpages_labels",
        {"faq_heading": "Questions {x}", "nav_all_terms": "Alle {count} Begriffe"},
        # a label with no placeholders in its default is shown as written, braces and all
        Labels(faq_heading="Questions {x}", nav_all_terms="Alle {count} Begriffe"),
    ),
    Case(
        "termpages_labels",
        {"glossary_count": "{terms} ({first}–{last})", "term_count_many": "{count:,} terms"},
        Labels(glossary_count="{terms} ({first}–{last})", term_count_many="{count:,} terms"),
    ),
    # the count line fills in what it knows and shows the rest as written (test_hubs.py)
    Case(
        "termpages_labels",
        {"glossary_count_one": "{terms}: {last}", "glossary_count": "{terms"},
        Labels(glossary_count_one="{terms}: {last}", glossary_count="{terms"),
    ),
    Case(
        "termpages_checks",
        {"summary_max_length": 160, "require_faq": True, "repeated_headings": 0.5},
        ContentChecks(summary_max_length=160, require_faq=True, repeated_headings=0.5),
    ),
    Case("termpages_extra_fields", ("owner", "tier"), frozenset({"owner", "tier"})),
    *(Case(name, not BY_NAME[name].default, not BY_NAME[name].default) for name in FLAGS),
    Case("termpages_template_cache", False, False),
    Case("termpages_template_cache", " ../shared-cache ", "../shared-cache"),
    Case("termpages_nav_terms", 10, 10),
    Case("termpages_llms_txt_max_terms", 5000, 5000),
    Case("termpages_mentions_shown", 1, 1),
    Case("termpages_hub_page_size", 50, 50),
    Case("termpages_az_inline_max", 300, 300),
    Case(
        "termpages_publisher",
        {"name": "Geonimo", "url": "https://geonimo.com/", "same_as": ["https://x.com/geo"]},
        Publisher("Geonimo", "https://geonimo.com/", "", ("https://x.com/geo",)),
    ),
    Case("termpages_publisher", None, None),
    Case("termpages_glossary_name", "  AI   Glossary ", "AI Glossary"),
    Case("termpages_glossary_name", "", "Demo"),
    Case("termpages_glossary_description", " Terms,\n explained. ", "Terms, explained."),
    Case(
        "termpages_social_cards",
        {"accent": "#ABC", "site_name": " Geo  nimo "},
        SocialCards(accent="#aabbcc", site_name="Geo nimo"),
    ),
    Case("termpages_social_cards", True, SocialCards()),
    Case("termpages_robots", {"training": True}, RobotsPolicy(training=True)),
    Case("termpages_robots", False, None),
]

WRONG_TYPE = [
    Case(
        "termpages_template_cache",
        3,
        True,
        ["termpages_template_cache must be True, False or a folder, got 3; using True"],
    ),
    Case(
        "termpages_terms_dir",
        5,
        "terms",
        [
            'termpages_terms_dir must be a folder inside the source directory or "", got 5; '
            "using 'terms'"
        ],
    ),
    Case(
        "termpages_hubs_dir",
        None,
        "categories",
        [
            "termpages_hubs_dir must be a folder inside the source directory, got None; "
            "using 'categories'"
        ],
    ),
    Case(
        "termpages_home_doc",
        5,
        "index",
        ["termpages_home_doc must be a docname (text), got 5; using root_doc 'index'"],
    ),
    Case(
        "termpages_categories",
        {"id": "a"},
        {},
        ["termpages_categories must be a list of dicts, got {'id': 'a'}"],
    ),
    Case(
        "termpages_cta",
        "Buy now",
        {},
        # one warning: the default variant is unusable because termpages_cta is
        ["termpages_cta must be a dict of variants, got 'Buy now'"],
    ),
    Case(
        "termpages_cta_default",
        ["default"],
        None,
        [
            "termpages_cta_default must be the name of a termpages_cta variant, got ['default']; "
            "pages that do not choose one show none"
        ],
    ),
    Case("termpages_labels", "FAQ", Labels(), ["termpages_labels must be a dict, got 'FAQ'"]),
    Case(
        "termpages_checks",
        ["orphans"],
        ContentChecks(),
        ["termpages_checks must be a dict, got ['orphans']"],
    ),
    Case(
        "termpages_extra_fields",
        "owner",
        frozenset(),
        ["termpages_extra_fields must be a list of text, got 'owner'"],
    ),
    *(
        Case(
            name,
            "yes",
            BY_NAME[name].default,
            [f"{name} must be True or False, got 'yes'; using {BY_NAME[name].default}"],
        )
        for name in FLAGS
    ),
    Case(
        "termpages_nav_terms",
        "many",
        25,
        ["termpages_nav_terms must be a positive whole number, got 'many'; using 25"],
    ),
    Case(
        "termpages_llms_txt_max_terms",
        "many",
        300,
        ["termpages_llms_txt_max_terms must be a positive whole number, got 'many'; using 300"],
    ),
    Case(
        "termpages_mentions_shown",
        "12",
        12,
        ["termpages_mentions_shown must be a positive whole number, got '12'; using 12"],
    ),
    Case(
        "termpages_hub_page_size",
        "big",
        120,
        ["termpages_hub_page_size must be a positive whole number, got 'big'; using 120"],
    ),
    Case(
        "termpages_az_inline_max",
        "all",
        150,
        ["termpages_az_inline_max must be a positive whole number, got 'all'; using 150"],
    ),
    # True is an int to Python, not a number of terms to a reader
    Case(
        "termpages_nav_terms",
        True,
        25,
        ["termpages_nav_terms must be a positive whole number, got True; using 25"],
    ),
    Case(
        "termpages_publisher",
        "Geonimo",
        None,
        ["termpages_publisher must be a dict, got 'Geonimo'"],
    ),
    Case("termpages_glossary_name", 5, "Demo", ["termpages_glossary_name must be text, got 5"]),
    Case(
        "termpages_glossary_description",
        None,
        "",
        ["termpages_glossary_description must be text, got None"],
    ),
    Case(
        "termpages_social_cards",
        "yes",
        None,
        [
            "termpages_social_cards must be False or a dict (background, foreground, accent, logo, "
            "site_name), got 'yes'; no social cards are made"
        ],
    ),
    Case(
        "termpages_robots",
        "yes",
        RobotsPolicy(),
        ["termpages_robots must be False or a dict of True/False, got 'yes'"],
    ),
]

BAD_VALUE = [
    Case(
        "termpages_template_cache",
        "  ",
        True,
        ["termpages_template_cache must be True, False or a folder, got '  '; using True"],
    ),
    Case(
        "termpages_terms_dir",
        "../terms",
        "terms",
        [
            'termpages_terms_dir must be a folder inside the source directory or "", got '
            "'../terms'; using 'terms'"
        ],
    ),
    Case(
        "termpages_hubs_dir",
        "terms/hubs",
        "categories",
        [
            "termpages_hubs_dir 'terms/hubs' and termpages_terms_dir 'terms' overlap: hub pages "
            "would be read as terms, or generated files would land among term files; "
            "using 'categories'"
        ],
    ),
    Case(
        "termpages_categories",
        [{"id": "Cat One", "title": "X"}, {"id": "b", "title": "B", "colour": "red"}],
        {"b": Category("b", "B", "", 1)},
        [
            "termpages_categories[0].id must be a slug (lower-case letters, digits, hyphens), "
            "got 'Cat One'",
            "termpages_categories[1] has unknown keys: colour",
        ],
    ),
    Case(
        "termpages_cta",
        {"main": {**MAIN_CTA, "url": "javascript:alert(1)"}},
        {},
        [
            "termpages_cta['main'].url must be an http(s) URL or a site path, got "
            "'javascript:alert(1)': its scheme 'javascript' is not http or https; "
            "the variant is disabled",
            "termpages_cta_default 'default' is not a usable variant of termpages_cta; its "
            "variants: main",
        ],
    ),
    Case(
        "termpages_cta_default",
        "main",
        None,
        ["termpages_cta_default 'main' is not a usable variant of termpages_cta"],
    ),
    Case(
        "termpages_cta_default",
        True,
        None,
        [
            "termpages_cta_default must be the name of a termpages_cta variant, got True; "
            "pages that do not choose one show none"
        ],
    ),
    Case(
        "termpages_labels",
        {"faq": "FAQ", "faq_heading": 5},
        Labels(),
        [
            "termpages_labels has unknown key 'faq'; known: "
            + ", ".join(sorted(label.name for label in fields(Labels))),
            "termpages_labels['faq_heading'] must be text, got 5",
        ],
    ),
    Case(
        "termpages_labels",
        {"nav_all_terms": "All {n} terms"},
        Labels(),
        [
            "termpages_labels['nav_all_terms'] 'All {n} terms' has an unknown placeholder {n}; it "
            "may use {count}; using 'All {count} terms'"
        ],
    ),
    Case(
        "termpages_labels",
        {"nav_all_terms": "All {count terms"},
        Labels(),
        [
            "termpages_labels['nav_all_terms'] 'All {count terms' has an unmatched { or }; write "
            "{{ or }} for a brace; using 'All {count} terms'"
        ],
    ),
    Case(
        "termpages_labels",
        {"term_count_many": "{} terms"},
        Labels(),
        [
            "termpages_labels['term_count_many'] '{} terms' has an unknown placeholder {}; it "
            "may use {count}; using '{count} terms'"
        ],
    ),
    Case(
        "termpages_labels",
        {"term_count_many": "{count!x} terms"},
        Labels(),
        [
            "termpages_labels['term_count_many'] '{count!x} terms' has a conversion in "
            "{count!x}; write {count}; using '{count} terms'"
        ],
    ),
    Case(
        "termpages_checks",
        {"summary_max_length": -1, "orphan": True},
        ContentChecks(),
        [
            "termpages_checks['summary_max_length'] must be a whole number (0 is off), got -1",
            "termpages_checks has unknown key 'orphan'; known: "
            + ", ".join(sorted(check.name for check in fields(ContentChecks))),
        ],
    ),
    Case(
        "termpages_extra_fields",
        ["owner", 5],
        frozenset(),
        ["termpages_extra_fields must be a list of text, got ['owner', 5]"],
    ),
    Case(
        "termpages_nav_terms",
        0,
        25,
        ["termpages_nav_terms must be a positive whole number, got 0; using 25"],
    ),
    Case(
        "termpages_llms_txt_max_terms",
        -1,
        300,
        ["termpages_llms_txt_max_terms must be a positive whole number, got -1; using 300"],
    ),
    Case(
        "termpages_mentions_shown",
        -3,
        12,
        ["termpages_mentions_shown must be a positive whole number, got -3; using 12"],
    ),
    Case(
        "termpages_hub_page_size",
        0,
        120,
        ["termpages_hub_page_size must be a positive whole number, got 0; using 120"],
    ),
    Case(
        "termpages_az_inline_max",
        -1,
        150,
        ["termpages_az_inline_max must be a positive whole number, got -1; using 150"],
    ),
    Case(
        "termpages_publisher",
        {"name": "Geonimo", "url": "/about"},
        None,
        [
            "termpages_publisher.url must be an absolute http(s) URL, got '/about': "
            "it is not an absolute URL"
        ],
    ),
    Case(
        "termpages_social_cards",
        {"background": "blue"},
        SocialCards(),
        [
            "termpages_social_cards.background must be a colour like '#4338ca', got 'blue'; "
            "using '#111827'"
        ],
    ),
    Case(
        "termpages_robots",
        {"search": True, "bots": False},
        RobotsPolicy(),
        ["termpages_robots has unknown keys: bots; known: assistants, others, search, training"],
    ),
    Case(
        "termpages_robots",
        {"search": "yes"},
        RobotsPolicy(),
        ["termpages_robots must be False or a dict of True/False, got {'search': 'yes'}"],
    ),
]

#: Settings for which every value of the declared types is a valid one.
ALWAYS_VALID = {
    *FLAGS,
    "termpages_home_doc",
    "termpages_glossary_name",
    "termpages_glossary_description",
}


@pytest.mark.parametrize("case", GOOD, ids=lambda case: case.id)
def test_a_good_value_is_parsed(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", WRONG_TYPE, ids=lambda case: case.id)
def test_a_wrong_type_is_reported_and_the_default_used(case: Case) -> None:
    assert not BY_NAME[case.setting].has_declared_type(case.raw) or case.raw is True
    check(case)


@pytest.mark.parametrize("case", BAD_VALUE, ids=lambda case: case.id)
def test_a_bad_value_is_reported_and_falls_back(case: Case) -> None:
    check(case)


def test_every_setting_has_a_good_a_wrong_type_and_a_bad_value_case() -> None:
    assert {case.setting for case in GOOD} == set(BY_NAME)
    assert {case.setting for case in WRONG_TYPE} == set(BY_NAME)
    assert {case.setting for case in BAD_VALUE} == set(BY_NAME) - ALWAYS_VALID


def test_the_defaults_parse_to_the_settings_defaults_without_a_report() -> None:
    settings, messages = parse(**{setting.name: setting.default for setting in SETTINGS})
    assert messages == []
    assert settings == Settings(glossary_name="Demo")
    # a setting the configuration does not have counts as its default
    assert parse() == (settings, [])


def test_every_value_not_of_a_declared_type_is_reported() -> None:
    """What keeps Sphinx's own type check quiet: ours has named the mistake already."""
    for setting in SETTINGS:
        _, messages = parse(**{setting.name: b"bytes"})
        assert messages[0].startswith(f"{setting.name} must be "), setting.name


def test_every_declaration_is_complete() -> None:
    attributes = [settings_field.name for settings_field in fields(Settings)]
    assert [setting.attribute for setting in SETTINGS] == attributes
    assert len(BY_NAME) == len(SETTINGS)
    for setting in SETTINGS:
        assert setting.name.startswith("termpages_"), setting.name
        assert setting.help.strip() and "|" not in setting.help, setting.name
        assert setting.rebuild in ("env", "html", ""), setting.name
        assert setting.types and all(isinstance(kind, type) for kind in setting.types)
        assert setting.has_declared_type(setting.default), setting.name


# ---------------------------------------------------------------- through Sphinx

CONF = """\
extensions = ["myst_parser", "termpages"]
project = "Config Test"
html_baseurl = "https://glossary.example.com/"
termpages_nav_terms = "many"
termpages_social_cards = "yes"
"""


def sphinx_app(tmp_path: Path, **overrides: Any) -> tuple[SphinxTestApp, list[str]]:
    """A Sphinx application on a tiny site, as far as config-inited; and what it warned."""
    srcdir = tmp_path / "site"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.md").write_text("# Home\n", encoding="utf-8")
    warning = StringIO()
    app = SphinxTestApp(
        "html", srcdir=srcdir, status=StringIO(), warning=warning, confoverrides=overrides
    )
    text = strip_escape_sequences(warning.getvalue()).replace(str(srcdir) + "/", "")
    return app, [line for line in text.splitlines() if "WARNING" in line]


def test_every_setting_is_registered_with_its_declared_types_and_help(tmp_path: Path) -> None:
    app, _ = sphinx_app(tmp_path)
    try:
        for setting in SETTINGS:
            registered = app.config.values[setting.name]
            assert registered.default == setting.default, setting.name
            assert registered.rebuild == setting.rebuild, setting.name
            assert registered.valid_types == frozenset(setting.types), setting.name
            assert registered.description == setting.help, setting.name
    finally:
        app.cleanup()


def test_a_wrong_type_is_one_termpages_warning_not_two(tmp_path: Path) -> None:
    app, warnings = sphinx_app(
        tmp_path,
        termpages_home_doc=5,
        termpages_cta_default=["default"],
        termpages_labels=OrderedDict(faq_heading="Questions"),
    )
    try:
        # in declaration order, each at the conf.py line that assigns it, when one does
        assert warnings == [
            "WARNING: termpages_home_doc must be a docname (text), got 5; using root_doc "
            "'index' [termpages.config]",
            "WARNING: termpages_cta_default must be the name of a termpages_cta variant, got "
            "['default']; pages that do not choose one show none [termpages.config]",
            "conf.py:4: WARNING: termpages_nav_terms must be a positive whole number, got "
            "'many'; using 25 [termpages.config]",
            "conf.py:5: WARNING: termpages_social_cards must be False or a dict (background, "
            "foreground, accent, logo, site_name), got 'yes'; no social cards are made "
            "[termpages.config]",
        ]
        # the raw values now agree with what is in use, so Sphinx's own check had nothing to say
        assert app.config.termpages_nav_terms == 25
        assert app.config.termpages_social_cards is False
        # a subclass of a declared type is fine to us; Sphinx is given the plain type
        assert type(app.config.termpages_labels) is dict
        settings = get_settings(app.config)
        assert settings.labels.faq_heading == "Questions"
        assert (settings.nav_terms, settings.home_doc, settings.default_cta) == (25, "index", None)
    finally:
        app.cleanup()


# ---------------------------------------------------------------- generated tables

README = REPO / "README.md"


def test_the_readme_tables_are_the_generated_ones() -> None:
    text = README.read_text(encoding="utf-8")
    for name in doctables.TABLES:
        assert f"<!-- {name}:start -->" in text and f"<!-- {name}:end -->" in text, name
    assert doctables.regenerate(text) == text, (
        f"README.md's settings or warnings table is out of date: run {doctables.COMMAND}"
    )


def test_every_warning_has_a_cause_and_a_fix() -> None:
    for subtype in TermWarning:
        assert isinstance(subtype.value, str) and subtype.value, subtype
        assert subtype.cause.strip() and subtype.fix.strip(), subtype


def test_the_command_rewrites_only_the_marked_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "README.md"
    stale = (
        "# Site\n\nBefore.\n\n<!-- settings-table:start -->\n| old |\n<!-- settings-table:end -->"
        "\n\nBetween.\n\n<!-- warnings-table:start -->\n<!-- warnings-table:end -->\n\nAfter.\n"
    )
    page.write_text(stale, encoding="utf-8")
    assert doctables.main([page], check=True) == 1
    assert page.read_text(encoding="utf-8") == stale
    assert doctables.COMMAND in capsys.readouterr().err
    assert doctables.main([page]) == 0
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Site\n\nBefore.\n\n<!-- settings-table:start -->\n| Setting |")
    assert "| `termpages_nav_terms` | `25` |" in text and "| old |" not in text
    assert "\n\nBetween.\n\n<!-- warnings-table:start -->\n| Warning | Cause | Fix |" in text
    assert "| `termpages.config` |" in text and text.endswith("\n\nAfter.\n")
    assert doctables.main([page], check=True) == 0


def test_the_command_refuses_a_file_without_markers(tmp_path: Path) -> None:
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n", encoding="utf-8")
    assert doctables.main([page]) == 2
    assert page.read_text(encoding="utf-8") == "# Notes\n"


def test_a_setting_is_located_at_the_last_line_that_assigns_it(tmp_path: Path) -> None:
    conf = tmp_path / "conf.py"
    conf.write_text(
        "import os\n"
        "termpages_nav_terms: int = 10\n"
        "termpages_extra_fields = []\n"
        "termpages_extra_fields += [\n"
        "    'owner',\n"
        "]\n"
        "if os.environ.get('CI'):\n"
        "    termpages_nav_terms = 5\n"
        "termpages_labels = {}\n"
        "termpages_labels['faq_heading'] = 'Q'\n"
        "termpages_previews, termpages_backlinks = True, False\n"
        "other = termpages_sitemap = True\n",
        encoding="utf-8",
    )
    assert assignment_lines(conf) == {
        "termpages_nav_terms": 8,
        "termpages_extra_fields": 4,
        "termpages_labels": 10,
        "termpages_previews": 11,
        "termpages_backlinks": 11,
        "termpages_sitemap": 12,
    }
    conf.write_text("termpages_nav_terms = (\n", encoding="utf-8")
    assert assignment_lines(conf) == {}
