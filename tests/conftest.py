"""Shared fixtures: Sphinx's own test fixtures, plus a builder for small one-off sites."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, sync_playwright
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@dataclass
class BuiltSite:
    srcdir: Path
    outdir: Path
    warnings: str
    status: str

    def warning_lines(self) -> list[str]:
        """Warnings with the source folder stripped, so they read ``terms/x.md:3: WARNING: ...``."""
        text = self.warnings.replace(str(self.srcdir) + "/", "")
        return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")

    def text(self, page: str) -> str:
        return (self.outdir / page).read_text(encoding="utf-8")


def build(
    srcdir: Path,
    buildername: str = "html",
    confoverrides: dict[str, Any] | None = None,
    parallel: int = 0,
    freshenv: bool = False,
    outname: str = "",
) -> BuiltSite:
    builddir = srcdir / "_build" / (outname or buildername)
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        confoverrides=confoverrides,
        status=status,
        warning=warning,
        parallel=parallel,
        freshenv=freshenv,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return BuiltSite(
        srcdir=srcdir,
        outdir=Path(app.outdir),
        warnings=strip_escape_sequences(warning.getvalue()),
        status=strip_escape_sequences(status.getvalue()),
    )


def html_files(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build, by path: for comparing two builds of one site."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
    }


def text_of(tag: Any) -> str:
    """Visible text of an element with whitespace collapsed, as a reader sees it."""
    return " ".join(tag.get_text().split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The basic test root, built once per test module."""
    srcdir = tmp_path_factory.mktemp("basic") / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return build(srcdir)


SiteFactory = Callable[..., BuiltSite]


@pytest.fixture
def make_site(tmp_path: Path) -> Iterator[SiteFactory]:
    """Copy a test root, add or replace files, delete others, and build it.

    ``files`` maps paths to new content (None deletes the file); every other
    file of the root is kept, so each test shows only the input it is about.
    """

    def factory(
        files: dict[str, str | None] | None = None,
        root: str = "basic",
        **build_options: Any,
    ) -> BuiltSite:
        srcdir = tmp_path / "site"
        if srcdir.exists():
            shutil.rmtree(srcdir)
        shutil.copytree(ROOTS / f"test-{root}", srcdir)
        for name, content in (files or {}).items():
            path = srcdir / name
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
        return build(srcdir, **build_options)

    yield factory


# ---------------------------------------------------------------- real browser
# Debian's /usr/bin/chromium (.ci/run installs it). A missing browser fails the
# browser tests: it is never a reason to skip them.

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    """Serve a built site over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The basic test root, built and served over HTTP."""
    srcdir = tmp_path_factory.mktemp("browser") / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    site = build(srcdir)
    assert site.warning_lines() == []
    yield from serve(site.outdir)


@pytest.fixture(scope="session")
def real_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strictly once per test session."""
    # under /glossary/, where conf.py says the site lives (the 404 page depends on it)
    out = tmp_path_factory.mktemp("real-site") / "www" / "glossary"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
         "-c", str(REPO), str(REPO / "docs"), str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def served_real_site(real_site_dir: Path) -> Iterator[str]:
    for root in serve(real_site_dir.parent):
        yield root + "glossary/"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    # the browser asks for /favicon.ico on its own; every request the page makes must work
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status}: {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    yield page
    context.close()
    assert problems == []
