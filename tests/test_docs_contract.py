"""The README documents every warning and every setting the extension has."""

from __future__ import annotations

from conftest import REPO
from termpages.config import SETTINGS, Labels
from termpages.warnings_ import TermWarning

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_warning_is_documented() -> None:
    for subtype in TermWarning:
        assert f"| `termpages.{subtype.value}` |" in README, subtype


def test_every_setting_and_label_is_documented() -> None:
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in README, setting.name
    for label in Labels.__dataclass_fields__:
        assert f"`{label}`" in README, label


def test_two_commands_come_first() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make html" in first_block and "make test" in first_block
