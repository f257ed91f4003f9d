"""``make audit``: Lighthouse scores of the built site, on a phone and on a desktop.

Serves the built folder (``--site``, by default ``_build/html``) under ``/glossary/`` as
production does, with the preview server's URL resolution (``termpages.devserver``) minus its
live reload, and runs the Lighthouse pinned in package.json on four pages: the home page, a
hub, a term page and the 404 page. Prints a Markdown table of the four category scores, then
the audits that fail in every score below its target, so that someone can fix them.

The targets are reported, not enforced: the exit status is 0 unless Lighthouse itself fails
(1) or cannot be started (2). ``--write-readme`` also puts the table into README.md, between
the ``<!-- audit-table -->`` and ``<!-- /audit-table -->`` lines.

It builds nothing: the Makefile's ``audit`` target depends on ``html`` (and on npm's install).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from starlette.middleware.gzip import GZipMiddleware

from termpages.devserver import ReloadChannel, create_app

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
README = ROOT / "README.md"
BASE_PATH = "/glossary/"

# Debian's Chromium: Lighthouse's and Playwright's own browser downloads don't work here.
CHROME_PATH = "/usr/bin/chromium"
# --no-sandbox: Chromium refuses to start as root without it. The others keep it from calling
# home (updates, sync, field trials), which on a closed network only floods it with retries.
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

#: Lighthouse's category ids, in the table's order, with the table's headings.
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
#: Every score should be 100, except performance on a phone (a slow, throttled device).
TARGET = 100
PHONE_PERFORMANCE_TARGET = 95
#: Audits that have no pass or fail.
UNSCORED_MODES = {"notApplicable", "informative", "manual"}

README_START = "<!-- audit-table -->"
README_END = "<!-- /audit-table -->"


@dataclass(frozen=True)
class Page:
    name: str
    #: below the base path
    path: str
    #: the page answers with status 404, which Lighthouse would otherwise refuse to audit
    not_found: bool = False


PAGES = (
    Page("home", ""),
    Page("hub", "category/how-llms-work"),
    Page("term", "fine-tuning"),
    Page("404", "no-such-page", not_found=True),
)


@dataclass(frozen=True)
class FormFactor:
    name: str
    #: Lighthouse's flags for it; its default is a phone (mobile emulation and throttling)
    flags: tuple[str, ...]


FORM_FACTORS = (FormFactor("phone", ()), FormFactor("desktop", ("--preset=desktop",)))


@dataclass(frozen=True)
class Failure:
    """An audit of a category that did not pass."""

    id: str
    title: str
    #: what Lighthouse measured ("2.4 s", "3 elements"), when it says
    display_value: str = ""


@dataclass(frozen=True)
class Result:
    page: Page
    form_factor: str
    #: category id to score 0-100; None when Lighthouse could not score the category
    scores: dict[str, int | None]
    #: category id to the audits that did not pass in it
    failures: dict[str, list[Failure]]
    lighthouse_version: str


class LighthouseError(Exception):
    """Lighthouse did not produce a usable report."""


def target(category: str, form_factor: str) -> int:
    if category == "performance" and form_factor == "phone":
        return PHONE_PERFORMANCE_TARGET
    return TARGET


# --------------------------------------------------------------------------- reading reports


def failing_audits(report: Mapping[str, Any], category: str) -> list[Failure]:
    """The category's audits that scored below 1, or could not run, in the report's order."""
    audits: Mapping[str, Any] = report["audits"]
    failures: list[Failure] = []
    for reference in report["categories"][category]["auditRefs"]:
        audit = audits.get(reference["id"])
        if audit is None or audit.get("scoreDisplayMode") in UNSCORED_MODES:
            continue
        score = audit.get("score")
        if audit.get("scoreDisplayMode") == "error" or (score is not None and score < 1):
            display_value = str(audit.get("displayValue") or audit.get("errorMessage") or "")
            failures.append(Failure(reference["id"], str(audit["title"]), display_value))
    return failures


def parse_report(report: Mapping[str, Any], page: Page, form_factor: str) -> Result:
    if report.get("runtimeError"):
        error = report["runtimeError"]
        raise LighthouseError(f"{error.get('code')}: {error.get('message')}")
    scores: dict[str, int | None] = {}
    failures: dict[str, list[Failure]] = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        scores[category] = None if score is None else round(score * 100)
        failures[category] = failing_audits(report, category)
    return Result(
        page=page,
        form_factor=form_factor,
        scores=scores,
        failures=failures,
        lighthouse_version=str(report.get("lighthouseVersion", "")),
    )


# --------------------------------------------------------------------------- formatting


def page_label(page: Page) -> str:
    return f"{page.name} (`{BASE_PATH}{page.path}`)"


def score_text(score: int | None) -> str:
    return "error" if score is None else str(score)


def table(results: Sequence[Result]) -> str:
    """The scores as a Markdown table, one row per page and form factor."""
    heading = ["Page", "Form factor", *CATEGORIES.values()]
    rows = [
        "| " + " | ".join(heading) + " |",
        "| --- | --- |" + " ---: |" * len(CATEGORIES),
    ]
    for result in results:
        cells = [
            page_label(result.page),
            result.form_factor,
            *(score_text(result.scores[category]) for category in CATEGORIES),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def below_target(results: Sequence[Result]) -> str:
    """Each score under its target, with the audits that failed in it."""
    lines: list[str] = []
    for result in results:
        for category, heading in CATEGORIES.items():
            score = result.scores[category]
            goal = target(category, result.form_factor)
            if score is not None and score >= goal:
                continue
            lines.append(
                f"- {page_label(result.page)}, {result.form_factor}: "
                f"{heading} {score_text(score)} (target {goal})"
            )
            for failure in result.failures[category]:
                measured = f" ({failure.display_value})" if failure.display_value else ""
                lines.append(f"  - `{failure.id}`: {failure.title}{measured}")
            if not result.failures[category]:
                lines.append("  - no single audit failed: see the metrics in the full report")
    if not lines:
        return "Every score meets its target.\n"
    return "Below target (phone performance 95, everything else 100):\n\n" + "\n".join(lines) + "\n"


def summary(results: Sequence[Result]) -> str:
    return table(results) + "\n" + below_target(results)


def versions(results: Sequence[Result], browser: str) -> str:
    """``Lighthouse 12.8.2, Chromium 156.0.8078.114``."""
    lighthouse = sorted({result.lighthouse_version for result in results})
    return ", ".join([*(f"Lighthouse {version}" for version in lighthouse), browser])


def readme_block(results: Sequence[Result], browser: str, day: datetime.date) -> str:
    """What goes between the README's markers: the date, the versions and the table."""
    return f"Run of {day.isoformat()} with {versions(results, browser)}:\n\n{table(results)}"


def replace_readme_block(readme: str, block: str) -> str:
    """``readme`` with the text between its audit-table markers replaced by ``block``."""
    start = readme.find(README_START)
    end = readme.find(README_END, start)
    if start == -1 or end == -1:
        raise ValueError(f"the README has no {README_START} ... {README_END} block")
    head = readme[: start + len(README_START)]
    return f"{head}\n{block.strip()}\n{readme[end:]}"


# --------------------------------------------------------------------------- running


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site served on a free local port, for the duration: yields the base URL.

    Compressed like production (GitHub Pages gzips text), so Lighthouse's simulated network
    measures the bytes a visitor would get.
    """
    app = GZipMiddleware(create_app(site, BASE_PATH, ReloadChannel(), live_reload=False))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("the audit's web server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}{BASE_PATH}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def browser_version() -> str:
    """``Chromium 156.0.8078.114``, as the browser names itself."""
    completed = subprocess.run([CHROME_PATH, "--version"], capture_output=True, text=True)
    return " ".join(completed.stdout.split()[:2]) or "Chromium (unknown version)"


def lighthouse_command(url: str, output: Path, page: Page, form_factor: FormFactor) -> list[str]:
    return [
        "node", str(LIGHTHOUSE), url,
        "--output=json", f"--output-path={output}", "--quiet",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        f"--only-categories={','.join(CATEGORIES)}",
        *form_factor.flags,
        *(["--ignore-status-code"] if page.not_found else []),
    ]  # fmt: skip


def run_lighthouse(base_url: str, page: Page, form_factor: FormFactor, workdir: Path) -> Result:
    output = workdir / f"{page.name}-{form_factor.name}.json"
    command = lighthouse_command(base_url + page.path, output, page, form_factor)
    environment = {**os.environ, "CHROME_PATH": CHROME_PATH}
    completed = subprocess.run(command, env=environment, capture_output=True, text=True)
    if completed.returncode != 0 or not output.is_file():
        details = (completed.stderr or completed.stdout).strip()
        raise LighthouseError(f"exit status {completed.returncode}\n{details}")
    report = json.loads(output.read_text(encoding="utf-8"))
    return parse_report(report, page, form_factor.name)


def audit(site: Path, reports: Path | None = None) -> list[Result]:
    """Every page in every form factor, one after the other (in parallel they slow each other).

    The JSON reports go to ``reports`` when given (``<page>-<form factor>.json``, for the
    details of a failing audit), else to a temporary folder.
    """
    results: list[Result] = []
    with serving(site) as base_url, tempfile.TemporaryDirectory() as temporary:
        workdir = reports or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        for page in PAGES:
            for form_factor in FORM_FACTORS:
                print(f"lighthouse: {page_label(page)}, {form_factor.name}", file=sys.stderr)
                results.append(run_lighthouse(base_url, page, form_factor, workdir))
    return results


def missing_tools(site: Path) -> list[str]:
    problems: list[str] = []
    if not (site / "index.html").is_file():
        problems.append(f"no built site in {site} (run `make html`)")
    if not LIGHTHOUSE.is_file():
        problems.append(f"no {LIGHTHOUSE.relative_to(ROOT)} (run `make node_modules/.installed`)")
    if shutil.which("node") is None:
        problems.append("node is not on PATH")
    if not Path(CHROME_PATH).is_file():
        problems.append(f"no Chromium at {CHROME_PATH} (Debian: apt-get install chromium)")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Lighthouse scores of the built site.")
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="built site")
    parser.add_argument(
        "--write-readme",
        type=Path,
        nargs="?",
        const=README,
        metavar="README",
        help=f"also put the table between the audit-table markers of README (default {README})",
    )
    parser.add_argument(
        "--reports", type=Path, metavar="DIR", help="keep Lighthouse's JSON reports in DIR"
    )
    options = parser.parse_args(argv)
    site: Path = options.site.resolve()
    problems = missing_tools(site)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        results = audit(site, options.reports)
    except LighthouseError as error:
        print(f"error: Lighthouse failed: {error}", file=sys.stderr)
        return 1
    browser = browser_version()
    print(f"{versions(results, browser)}\n")
    print(summary(results), end="")
    if options.write_readme is not None:
        readme: Path = options.write_readme
        block = readme_block(results, browser, datetime.date.today())
        readme.write_text(
            replace_readme_block(readme.read_text(encoding="utf-8"), block), encoding="utf-8"
        )
        print(f"\nwrote the table into {readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
