"""The ``jsonld_*`` settings: each declared once, with its default, check and help."""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._urls import web_url_problem
from ._warnings import JsonLdWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Returns what is wrong with a value, or None when it is usable.
Check = Callable[[Any], str | None]


_SHOWN = reprlib.Repr()
_SHOWN.maxlevel, _SHOWN.maxstring, _SHOWN.maxother = 3, 60, 60


def _shown(value: Any) -> str:
    """A value as a message quotes it: short however large or self-containing it is."""
    try:
        text = _SHOWN.repr(value)
    except Exception:  # a conf.py object whose repr raises must not end the build
        text = f"<{type(value).__name__}>"
    # "<object object at 0x...>": the address would make each run's message differ
    text = re.sub(r" at 0x[0-9a-fA-F]+(?=>)", "", text)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_flag(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be True or False, got {_shown(value)}"


_PUBLISHER_TEXT = ("name", "url", "logo")


def _is_publisher(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        return f"must be None or a dict with 'name' and 'url', got {_shown(value)}"
    # keys of any type: sorted by their repr, since 1 and "x" do not compare
    unknown = sorted(map(_shown, set(value) - {*_PUBLISHER_TEXT, "sameAs"}))
    if unknown:
        listed = ", ".join(unknown[:6]) + (", ..." if len(unknown) > 6 else "")
        return f"has unknown keys [{listed}]; known: 'name', 'url', 'logo', 'sameAs'"
    for key in _PUBLISHER_TEXT:
        required = key in ("name", "url")
        if (required or key in value) and not (isinstance(value.get(key), str) and value[key]):
            return f"[{key!r}] must be non-empty text, got {_shown(value.get(key))}"
    same_as = value.get("sameAs", [])
    if not isinstance(same_as, list) or not all(isinstance(url, str) for url in same_as):
        return f"['sameAs'] must be a list of URLs, got {_shown(same_as)}"
    urls = [(f"[{key!r}]", value[key]) for key in ("url", "logo") if key in value]
    for label, url in [*urls, *((f"['sameAs'][{i}]", url) for i, url in enumerate(same_as))]:
        problem = web_url_problem(url)
        if problem is not None:
            return f"{label} must be an absolute http(s) URL, got {_shown(url)}: {problem}"
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
        warn(
            JsonLdWarning.CONFIG,
            f"{setting.name} {problem}; using {_shown(setting.default)}",
            location,
        )
        setattr(config, setting.name, setting.default)


def check_base_url(app: Sphinx) -> None:
    """``builder-inited``: an html_baseurl a browser would not read as the site's address
    is one warning; the graph is then written as if it were unset (``site_url``)."""
    base = app.config.html_baseurl
    problem = web_url_problem(base, base=True) if isinstance(base, str) and base else None
    if problem is not None:
        warn(
            JsonLdWarning.CONFIG,
            f"html_baseurl {_shown(base)} is not used for JSON-LD: {problem}",
            None,
        )


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        # "html": these shape only the written pages, never what is read
        app.add_config_value(
            setting.name, setting.default, "html", types=Any, description=setting.help
        )
    app.connect("config-inited", validate)
    app.connect("builder-inited", check_base_url)
