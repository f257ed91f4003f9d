"""Problems stay until fixed: each termpages warning about a page is reported in every build.

Sphinx reports what it meets while it works, so a page it does not read again
is reported clean. Every warning ``warnings_.warn`` gives about a page is kept
here with that page, by the phase that found it, and replayed at the end of
each build in which that phase did not run for the page:

- *reading* (front matter, FAQ structure, …): kept in the domain's data, cleared
  when the page is read again (``clear_doc``) and merged from ``-j`` workers;
- *consistency checks* (unknown related terms, editorial checks, …): these look
  at every page at once and run again whenever any page was read;
- *resolving* (unknown and ambiguous ``{term}`` mentions): run again for each
  page that is written.

Sphinx saves the environment before its consistency checks and before writing,
so what those two phases find is kept in a small file next to the environment
(``termpages-problems.json`` in the doctree folder), written only when it changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.util.build_phase import BuildPhase
from sphinx.util.logging import is_suppressed_warning

from . import warnings_
from .config import get_settings
from .domain import Problem, get_domain
from .warnings_ import EDITORIAL, WARNING_TYPE, TermWarning, emit

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

STORE_FILE = "termpages-problems.json"
#: Changed whenever the file's layout changes: an older file is then ignored.
STORE_VERSION = 1

Pages = dict[str, list[Problem]]
_SUBTYPES = {member.value: member for member in TermWarning}


def _load(path: Path) -> tuple[Pages, Pages]:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, {}
    if not isinstance(saved, dict) or saved.get("version") != STORE_VERSION:
        return {}, {}
    found: list[Pages] = []
    for key in ("checks", "resolving"):
        pages = saved.get(key, {})
        found.append(
            {
                docname: [(subtype, message, line) for subtype, message, line in problems]
                for docname, problems in pages.items()
            }
        )
    return found[0], found[1]


class KeptProblems:
    """The build's ``warnings_.handler``: reports each warning and keeps it with its page."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.path = Path(app.doctreedir) / STORE_FILE
        self.checks, self.resolving = _load(self.path)
        self.read_docs: set[str] = set()
        #: Whether the consistency checks ran in this build (then self.checks is this build's).
        self.checked = False
        self.resolved_docs: set[str] = set()
        #: Whether writing has started: BuildPhase has one number for checking and resolving.
        self.writing = False

    def __call__(
        self,
        subtype: TermWarning,
        message: str,
        location: nodes.Node | tuple[str, int | None] | str | None,
    ) -> None:
        page = self.page_of(location)
        if page is not None:
            docname, line = page
            # the same location text as the replay's, whatever the location was given as
            location = (docname, line)
            kept = self.keep(docname, (subtype.value, message, line))
            if kept and self.is_notice(subtype) and docname in self.app.env.found_docs:
                return  # notices are all reported at the end, page by page (replay)
        self.report(subtype, message, location)

    def is_notice(self, subtype: TermWarning) -> bool:
        return subtype in EDITORIAL and not get_settings(self.app.config).checks_strict

    def page_of(
        self, location: nodes.Node | tuple[str, int | None] | str | None
    ) -> tuple[str, int | None] | None:
        env = self.app.env
        if isinstance(location, tuple):
            docname, line = location
            return (docname, line) if docname else None
        if isinstance(location, nodes.Node):
            source, line = get_source_line(location)
            found = env.path2doc(source) if source else None
            return (found, line) if found else None
        if isinstance(location, str) and ":" not in location:
            return location, None
        return None  # conf.py:line, or no place at all: reported again by every build anyway

    def keep(self, docname: str, problem: Problem) -> bool:
        """Keep the problem with the page; False when the phase that found it runs every build."""
        phase = self.app.phase
        if phase == BuildPhase.READING:
            get_domain(self.app.env).note_problem(docname, problem)
            return True
        elif phase == BuildPhase.WRITING or (phase == BuildPhase.RESOLVING and self.writing):
            self.start_resolving(docname)
            self.resolving.setdefault(docname, []).append(problem)
            return True
        elif phase == BuildPhase.CONSISTENCY_CHECK:  # the same number as RESOLVING
            self.start_checks()
            self.checks.setdefault(docname, []).append(problem)
            return True
        # INITIALIZATION: settings and files checked at the start of every build
        return False

    def start_checks(self) -> None:
        if not self.checked:
            self.checked = True
            self.checks = {}

    def start_resolving(self, docname: str) -> None:
        if docname not in self.resolved_docs:
            self.resolved_docs.add(docname)
            self.resolving.pop(docname, None)

    def report(
        self,
        subtype: TermWarning,
        message: str,
        location: nodes.Node | tuple[str, int | None] | str | None,
    ) -> None:
        config = self.app.config
        suppressed = is_suppressed_warning(WARNING_TYPE, subtype.value, config.suppress_warnings)
        emit(subtype, message, location, get_settings(config).checks_strict, suppressed)

    def replay(self) -> None:
        """Report again what this build did not look for again, and every notice, page by page.

        Notices wait for the end even when found in this build: they are printed
        where Sphinx's progress lines would cut them (notices share the status
        stream), and ``-j`` workers can only hand them over as kept problems.
        """
        env = self.app.env
        kept = get_domain(env).data["problems"]
        found = env.found_docs
        self.checks = {d: p for d, p in self.checks.items() if d in found}
        self.resolving = {d: p for d, p in self.resolving.items() if d in found}
        for docname in sorted(found):
            for problems, fresh in (
                (kept.get(docname, []), docname in self.read_docs),
                (self.checks.get(docname, []), self.checked),
                (self.resolving.get(docname, []), docname in self.resolved_docs),
            ):
                for subtype, message, line in problems:
                    member = _SUBTYPES.get(subtype)
                    if member is None:
                        continue  # a subtype this version no longer has
                    if not fresh or self.is_notice(member):
                        self.report(member, message, (docname, line))

    def save(self) -> None:
        """Write the file only when what it holds changed: a no-op build writes nothing."""
        text = json.dumps(
            {"version": STORE_VERSION, "checks": self.checks, "resolving": self.resolving},
            sort_keys=True,
            indent=0,
        )
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return
        except OSError:
            pass
        if not (self.checks or self.resolving) and not self.path.exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(text, encoding="utf-8")


def _kept(app: Sphinx) -> KeptProblems | None:
    handler = warnings_.handler
    return handler if isinstance(handler, KeptProblems) and handler.app is app else None


def start_keeping(app: Sphinx) -> None:
    warnings_.handler = KeptProblems(app)


def keep_again(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A second ``app.build()`` of the same application (tests do it) keeps problems too."""
    if _kept(app) is None:
        start_keeping(app)
    return []


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    kept = _kept(app)
    if kept is not None:
        kept.read_docs.update(docnames)


def note_checked(app: Sphinx, env: BuildEnvironment) -> None:
    kept = _kept(app)
    if kept is not None:
        kept.start_checks()


def note_writing(app: Sphinx, builder: Builder) -> None:
    kept = _kept(app)
    if kept is not None:
        kept.writing = True


def note_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    kept = _kept(app)
    if kept is not None:
        kept.start_resolving(docname)


def finish(app: Sphinx, exception: Exception | None) -> None:
    kept = _kept(app)
    if kept is None:
        return
    try:
        if exception is None:
            kept.replay()
            kept.save()
    finally:
        warnings_.handler = warnings_.default_handler


def setup_problems(app: Sphinx) -> Any:
    # first, so that warnings given while the builder starts are reported through it
    app.connect("builder-inited", start_keeping, priority=1)
    app.connect("env-get-outdated", keep_again, priority=1)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-check-consistency", note_checked, priority=1)
    app.connect("write-started", note_writing, priority=1)
    app.connect("doctree-resolved", note_resolved, priority=1)
    # after every other handler, which may still warn
    app.connect("build-finished", finish, priority=1000)
