"""The preview's warm build process: Sphinx imported once, one forked child per rebuild.

``python -m termpages serve`` starts this module as a process of its own. It imports
Sphinx, conf.py's extensions and the theme, then waits for a line on stdin. For each
line it forks: the child runs an ordinary incremental build (conf.py read, the saved
environment loaded, changed pages read and written) and exits, so no state is carried
from one build to the next; only the imports are. The child answers with one JSON line
on the process's stdout: the status, the pages written, every page's output file, and
the problems the build reported (``path:line: WARNING: message [type.subtype]`` and
termpages' ``path:line: check: message [termpages.subtype]`` notices). Everything
else Sphinx prints goes to stderr, as it comes.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import re
import sys
from pathlib import Path
from typing import IO, Any, TextIO, cast

#: A problem line: a location, a kind (WARNING, ERROR, or a termpages check), a message
#: and, at the end, the subtype Sphinx appends in brackets.
PROBLEM = re.compile(
    r"^(?:(?P<path>.*?):(?:(?P<line>\d+):)? )?(?P<kind>WARNING|ERROR|CRITICAL|check): "
    r"(?P<message>.*?)(?: \[(?P<subtype>[\w.-]+)\])?$"
)
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def parse_problems(output: str) -> list[dict[str, Any]]:
    """The problem records in a build's output, in order, each once."""
    problems: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()
    for raw in re.split(r"[\r\n]+", ANSI_ESCAPE.sub("", output)):
        match = PROBLEM.match(raw.strip())
        if not match:
            continue
        problem = {
            "path": match["path"] or "",
            "line": int(match["line"]) if match["line"] else None,
            "kind": match["kind"],
            "message": match["message"],
            "subtype": match["subtype"] or "",
        }
        key = tuple(problem.values())
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return problems


class Tee(io.TextIOBase):
    """Writes through to ``stream`` and keeps a copy, for reading the problems afterwards."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.kept = io.StringIO()

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.stream.flush()
        return self.kept.write(text)

    def flush(self) -> None:
        self.stream.flush()


def warm_up(confdir: Path) -> None:
    """Import what every build needs: Sphinx, the html builder, conf.py's extensions, the theme."""
    import sphinx.application
    import sphinx.builders.html
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    namespace = eval_config_file(confdir / "conf.py", Tags())
    names = [*namespace.get("extensions", []), namespace.get("html_theme", "")]
    for name in names:
        if isinstance(name, str) and name:
            with contextlib.suppress(ImportError):  # the build reports it, in its own words
                importlib.import_module(name)
    del sphinx.application, sphinx.builders.html


def build(request: dict[str, Any]) -> dict[str, Any]:
    """One incremental build, in the forked child."""
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    srcdir, confdir = Path(request["srcdir"]), Path(request["confdir"])
    status, warning = Tee(sys.stderr), Tee(sys.stderr)
    read: list[str] = []
    written: list[str] = []
    pages: dict[str, str] = {}
    code = 2
    try:
        with patch_docutils(str(confdir)), docutils_namespace():
            app = Sphinx(
                srcdir=srcdir,
                confdir=confdir,
                outdir=request["outdir"],
                doctreedir=request["doctreedir"],
                buildername="html",
                confoverrides=request["overrides"],
                status=cast("IO[str]", status),
                warning=cast("IO[str]", warning),
                freshenv=request.get("freshenv", False),
                tags=request.get("tags", []),
                parallel=request.get("jobs", 0),
            )
            app.connect("env-before-read-docs", lambda app, env, docs: read.extend(docs))

            def record(app: Sphinx, pagename: str, *_: Any) -> None:
                written.append(pagename)

            app.connect("html-page-context", record, priority=1000)
            app.build(request.get("force_all", False))
            code = app.statuscode
            outdir = Path(app.outdir)
            builder = app.builder
            assert isinstance(builder, StandaloneHTMLBuilder)
            for docname in sorted(app.env.found_docs):
                outfile = Path(builder.get_outfilename(docname))
                pages[docname] = outfile.relative_to(outdir).as_posix()
    except Exception as error:  # the server keeps serving; the writer sees why
        print(f"build failed: {error!r}", file=sys.stderr)
    docs = {str((srcdir / doc).resolve()): doc for doc in read}
    problems = parse_problems(status.kept.getvalue() + warning.kept.getvalue())
    for problem in problems:
        problem["docname"] = docname_of(problem["path"], srcdir, pages) or docs.get(problem["path"])
    return {
        "status": code,
        "read": read,
        "written": [pages.get(name, name + ".html") for name in written],
        "pages": pages,
        "problems": problems,
    }


def docname_of(path: str, srcdir: Path, pages: dict[str, str]) -> str | None:
    """The page a problem's path names: a source file below srcdir, without its suffix."""
    if not path:
        return None
    candidate = Path(path)
    if not candidate.is_absolute():
        candidate = Path.cwd() / candidate
    try:
        relative = candidate.resolve().relative_to(srcdir.resolve())
    except (OSError, ValueError):
        return None
    docname = relative.with_suffix("").as_posix()
    return docname if docname in pages or not pages else None


def serve_builds(protocol: TextIO, confdir: Path) -> None:
    for line in sys.stdin:
        request = json.loads(line)
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: build, answer, exit without running the parent's cleanup
            os.close(reader)
            before = set(sys.modules)
            # what we froze (to share its memory pages) thaws, so that the build's collector
            # tuning (termpages.speed) pauses, freezes and collects as in a process of its own;
            # left frozen, it stays out of the way and every collection walks the environment
            gc.unfreeze()
            try:
                answer = build(request)
            except BaseException as error:  # the answer must always come
                answer = {"status": 2, "read": [], "written": [], "pages": {}, "problems": []}
                print(f"build failed: {error!r}", file=sys.stderr)
            answer["modules"] = sorted(set(sys.modules) - before)
            with os.fdopen(writer, "w", encoding="utf-8") as out:
                out.write(json.dumps(answer))
            sys.stderr.flush()
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader, encoding="utf-8") as result:
            text = result.read()
        os.waitpid(pid, 0)
        answer = json.loads(text) if text else {}
        modules = answer.pop("modules", [])
        if not answer:
            answer = {"status": 2, "read": [], "written": [], "pages": {}, "problems": []}
        protocol.write(json.dumps(answer) + "\n")
        protocol.flush()
        # what the build imported on the way (extensions' submodules, the search language,
        # ...) is imported here too, after the answer, so that the next child has it
        import_as_well(modules)


def import_as_well(modules: list[str]) -> None:
    for name in modules:
        if name not in sys.modules:
            with contextlib.suppress(Exception):
                importlib.import_module(name)


def main() -> int:
    # our stdout carries the answers; anything else written there would corrupt them
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    confdir = Path(sys.argv[1])
    warm_up(confdir)
    gc.collect()
    gc.freeze()  # the children share these pages with us instead of copying them
    protocol.write(json.dumps({"ready": True}) + "\n")
    protocol.flush()
    serve_builds(protocol, confdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
