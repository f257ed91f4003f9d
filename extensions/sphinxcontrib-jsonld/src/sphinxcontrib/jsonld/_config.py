"""The ``jsonld_*`` settings: each declared once, with its default, check and help."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._warnings import JsonLdWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Returns what is wrong with a value, or None when it is usable.
Check = Callable[[Any], str | None]


def _is_flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be True or False, got {value!r}"


_PUBLISHER_TEXT = ("name", "url", "logo")


def _is_publisher(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        return f"must be None or a dict with 'name' and 'url', got {value!r}"
    unknown = sorted(set(value) - {*_PUBLISHER_TEXT, "sameAs"})
    if unknown:
        return f"has unknown keys {unknown}; known: 'name', 'url', 'logo', 'sameAs'"
    for key in _PUBLISHER_TEXT:
        required = key in ("name", "url")
        if (required or key in value) and not (isinstance(value.get(key), str) and value[key]):
            return f"[{key!r}] must be non-empty text, got {value.get(key)!r}"
    same_as = value.get("sameAs", [])
    if not isinstance(same_as, list) or not all(isinstance(url, str) for url in same_as):
        return f"['sameAs'] must be a list of URLs, got {same_as!r}"
    return None


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Check
    help: str


SETTINGS = (
    Setting("jsonld_website", True, _is_flag, "Describe the site as a WebSite node."),
    Setting("jsonld_webpage", True, _is_flag, "Give every HTML page a WebPage node."),
    Setting(
        "jsonld_breadcrumbs",
        True,
        _is_flag,
        "Add a BreadcrumbList of the page's toctree ancestors.",
    ),
    Setting(
        "jsonld_publisher",
        None,
        _is_publisher,
        "The Organization publishing the site: {'name', 'url', 'logo', 'sameAs'}, or None.",
    ),
)


def _assignment_lines(conf_file: Path) -> dict[str, int]:
    """Where conf.py assigns each ``jsonld_*`` name (the last assignment wins, as in Python)."""
    lines: dict[str, int] = {}
    if not conf_file.is_file():
        return lines
    pattern = re.compile(r"^(jsonld_\w+)\s*(?::[^=]*)?=")
    for number, line in enumerate(conf_file.read_text(encoding="utf-8").splitlines(), start=1):
        match = pattern.match(line)
        if match:
            lines[match.group(1)] = number
    return lines


def validate(app: Sphinx, config: Config) -> None:
    """Warn about each unusable setting at its line of conf.py, then use its default."""
    lines: dict[str, int] | None = None
    for setting in SETTINGS:
        problem = setting.check(getattr(config, setting.name))
        if problem is None:
            continue
        if lines is None:
            lines = _assignment_lines(Path(app.confdir) / "conf.py") if app.confdir else {}
        line = lines.get(setting.name)
        # a location holding ":" is printed as given, so a conf.py line reads as file:line
        location = f"{Path(app.confdir) / 'conf.py'}:{line}" if line is not None else None
        warn(JsonLdWarning.CONFIG, f"{setting.name} {problem}; using {setting.default!r}", location)
        setattr(config, setting.name, setting.default)


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        # "html": these shape only the written pages, never what is read
        app.add_config_value(
            setting.name, setting.default, "html", types=Any, description=setting.help
        )
    app.connect("config-inited", validate)
