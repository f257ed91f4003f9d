"""Shared fixtures: Sphinx's own test fixtures, plus a builder for small one-off sites."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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
        # CI=true makes Sphinx colour its warnings; the words are what tests compare
        text = strip_escape_sequences(self.warnings).replace(str(self.srcdir) + "/", "")
        return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "html.parser")

    def text(self, page: str) -> str:
        return (self.outdir / page).read_text(encoding="utf-8")


def built_site(app: SphinxTestApp) -> BuiltSite:
    """What a finished build of ``app`` left: its output, warnings and status, without colour."""
    return BuiltSite(
        srcdir=Path(app.srcdir),
        outdir=Path(app.outdir),
        warnings=strip_escape_sequences(app.warning.getvalue()),
        status=strip_escape_sequences(app.status.getvalue()),
    )


def build(
    srcdir: Path,
    buildername: str = "html",
    confoverrides: dict[str, Any] | None = None,
    parallel: int = 0,
    freshenv: bool = False,
    outname: str = "",
    make_app: Callable[..., SphinxTestApp] = SphinxTestApp,
) -> BuiltSite:
    """Build ``srcdir`` once; ``make_app`` is sphinx.testing's fixture where a test has it."""
    app = make_app(
        buildername,
        srcdir=srcdir,
        builddir=srcdir / "_build" / (outname or buildername),
        confoverrides=confoverrides,
        status=StringIO(),
        warning=StringIO(),
        parallel=parallel,
        freshenv=freshenv,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return built_site(app)


def html_files(outdir: Path) -> dict[str, str]:
    """Every HTML page of a build, by path: for comparing two builds of one site."""
    return {
        str(path.relative_to(outdir)): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*.html"))
    }


def text_of(tag: Any) -> str:
    """Visible text of an element with whitespace collapsed, as a reader sees it."""
    return " ".join(tag.get_text().split())


@pytest.fixture(scope="session")
def shared_template_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One compiled-template cache for the session's small builds (termpages.speed).

    Compiling furo's templates is a fifth of a small build's time; Jinja checks
    every cached template against its source, so sharing changes no output.
    """
    return {"termpages_template_cache": str(tmp_path_factory.mktemp("templates"))}


def with_shared_cache(srcdir: Path, cache: dict[str, str], options: dict[str, Any]) -> None:
    """Add the shared cache to a build of a termpages site whose test sets no cache itself."""
    conf = srcdir / "conf.py"
    if conf.is_file() and "termpages" in conf.read_text(encoding="utf-8"):
        options["confoverrides"] = {**cache, **(options.get("confoverrides") or {})}


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, shared_template_cache: dict[str, str]
) -> BuiltSite:
    """The basic test root, built once per test module."""
    srcdir = tmp_path_factory.mktemp("basic") / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    return build(srcdir, confoverrides=dict(shared_template_cache))


SiteFactory = Callable[..., BuiltSite]


@pytest.fixture
def make_site(
    tmp_path: Path,
    make_app: Callable[..., SphinxTestApp],
    shared_template_cache: dict[str, str],
) -> Iterator[SiteFactory]:
    """Copy a test root, add or replace files, delete others, and build it.

    ``files`` maps paths to new content (None deletes the file); every other
    file of the root is kept, so each test shows only the input it is about.
    For a test root built as it is, with other settings, use
    ``@pytest.mark.sphinx(testroot=..., srcdir=..., confoverrides=...)`` and ``app``.
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
        with_shared_cache(srcdir, shared_template_cache, build_options)
        return build(srcdir, make_app=make_app, **build_options)

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


def served_file(path: Path) -> Path | None:
    """What a static host configured as the README says serves for a URL path.

    nginx's ``try_files $uri $uri.html $uri/index.html``: the file itself, the
    page behind an extensionless URL, or a folder's index page.
    """
    for candidate in (path, path.with_name(path.name + ".html"), path / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def site_pages(outdir: Path) -> list[Path]:
    """Every page a build wrote, without the redirect stubs of renamed terms."""
    return [
        path
        for path in sorted(outdir.rglob("*.html"))
        if 'http-equiv="refresh"' not in path.read_text(encoding="utf-8")[:2000]
    ]


def real_term_slugs() -> list[str]:
    """The real site's terms: every page at the top of docs/ but the home page."""
    return sorted(path.stem for path in (REPO / "docs").glob("*.md") if path.stem != "index")


# ---------------------------------------------------------------- builds beside the tests
# pytest runs the tests on one core; the builds of whole sites are processes of
# their own, started as soon as collection shows that a test needs one, so they
# run on the other core while the tests before them run.


#: Under pytest-xdist (``make test`` runs two workers), a background run is shared: the
#: first worker to claim its folder runs it, the others wait for its exit-status file.
SHARED_RUNS = Path(tempfile.gettempdir()) / "termpages-test-runs"
#: Runs the command, then records its exit status where every worker can see it.
RECORD_STATUS = '"$@"; echo $? > "$0/returncode"'


def shared_runs_folder() -> Path | None:
    """This test run's folder of shared background runs, when pytest-xdist runs workers."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    return SHARED_RUNS / run_id if run_id else None


@dataclass
class BackgroundRun:
    """A command in a process of its own, started once, waited for by one fixture."""

    #: The fixture that waits for it: the run starts when a collected test needs that fixture.
    needed_by: str
    #: The command, given a fresh folder of its own to work in.
    command: Callable[[Path], list[str]]
    environment: dict[str, str] | None = None
    #: Names its folder, which xdist workers share: one per run, even where runs share a fixture.
    name: str = ""
    folder: Path | None = None
    process: subprocess.Popen[str] | None = None
    args: list[str] = field(default_factory=list)
    #: Whether another worker runs it (its folder holds the output and the exit status).
    shared: bool = False

    def start(self) -> None:
        if self.folder is not None:
            return
        runs = shared_runs_folder()
        if runs is not None:
            runs.mkdir(parents=True, exist_ok=True)
            self.folder = runs / self.name
            try:
                self.folder.mkdir()  # atomic: one worker wins it
            except FileExistsError:
                self.shared = True  # the command prepares its folder: only its owner runs it
                return
        else:
            self.folder = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        self.args = self.command(self.folder)
        with (
            (self.folder / "stdout.txt").open("w") as stdout,
            (self.folder / "stderr.txt").open("w") as stderr,
        ):
            self.process = subprocess.Popen(
                ["sh", "-c", RECORD_STATUS, str(self.folder), *self.args],
                stdout=stdout,
                stderr=stderr,
                text=True,
                env=self.environment,
                cwd=REPO,
                start_new_session=True,  # stop() ends the command with its shell
            )

    def wait(self, timeout: float = 900) -> tuple[Path, subprocess.CompletedProcess[str]]:
        """Its folder and how it ended (starting it now if no collected test asked for it)."""
        self.start()
        assert self.folder is not None
        if self.process is not None:
            self.process.wait(timeout)
        status = self.folder / "returncode"
        deadline = time.monotonic() + timeout
        while not status.is_file() or not status.read_text().strip():
            assert time.monotonic() < deadline, f"{self.name}: the shared run never ended"
            time.sleep(0.2)
        output = [(self.folder / name).read_text() for name in ("stdout.txt", "stderr.txt")]
        returncode = int(status.read_text())
        return self.folder, subprocess.CompletedProcess(self.args, returncode, *output)

    def stop(self) -> None:
        if shared_runs_folder() is not None:
            return  # another worker may still wait for it; the controller removes the folder
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


BACKGROUND_RUNS: list[BackgroundRun] = []


def run_in_background(
    needed_by: str,
    command: Callable[[Path], list[str]],
    environment: dict[str, str] | None = None,
    name: str | None = None,
) -> BackgroundRun:
    """Register a run for the fixture ``needed_by``; a test module may call this at import.

    ``name`` (the fixture's name by default) must be unique: workers find a run by it.
    """
    name = name or needed_by
    assert all(run.name != name for run in BACKGROUND_RUNS), f"two background runs named {name}"
    run = BackgroundRun(needed_by, command, environment, name)
    BACKGROUND_RUNS.append(run)
    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Modules that wait for a background run go last, so it has the others' time to finish.

    A module moves as a whole (the sort is stable and its key is the module's), so
    module-scoped fixtures are still set up once.
    """
    waited_for = {run.needed_by for run in BACKGROUND_RUNS}
    waiting_files = {
        item.path for item in items if waited_for & set(getattr(item, "fixturenames", ()))
    }
    items.sort(key=lambda item: item.path in waiting_files)


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    for run in BACKGROUND_RUNS:
        if run.needed_by in needed:
            run.start()


def pytest_configure(config: pytest.Config) -> None:
    # the controller of an xdist run names the run, so that it can clean up after it
    controller = config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput")
    if controller and getattr(config.option, "testrunuid", "") is None:
        config.option.testrunuid = uuid.uuid4().hex


def pytest_sessionfinish(session: pytest.Session) -> None:
    for run in BACKGROUND_RUNS:
        run.stop()
    run_id = getattr(session.config.option, "testrunuid", None)
    if run_id and not hasattr(session.config, "workerinput"):
        shutil.rmtree(SHARED_RUNS / run_id, ignore_errors=True)


def real_site_command(out: Path, doctrees: Path) -> list[str]:
    """The real site, built strictly as `make check` does (doctrees outside the output)."""
    return [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", "html",
            "-D", "termpages_checks_strict=1",
            "-c", str(REPO), "-d", str(doctrees), str(REPO / "docs"), str(out)]  # fmt: skip


def real_site_environment(
    base_url: str | None = None, link_suffix: str | None = None, edit_url: str | None = None
) -> dict[str, str]:
    """This process's environment, with only the given GEONIMO_GLOSSARY_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEONIMO_GLOSSARY_")}
    if base_url is not None:
        env["GEONIMO_GLOSSARY_BASE_URL"] = base_url
    if link_suffix is not None:
        env["GEONIMO_GLOSSARY_LINK_SUFFIX"] = link_suffix
    if edit_url is not None:
        env["GEONIMO_GLOSSARY_EDIT_URL"] = edit_url
    return env


def build_real_site(
    out: Path, doctrees: Path, base_url: str | None = None, link_suffix: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real site, built strictly as `make html` does (doctrees outside the output)."""
    return subprocess.run(
        real_site_command(out, doctrees),
        capture_output=True,
        text=True,
        check=False,
        env=real_site_environment(base_url, link_suffix),
    )


def real_site_in_background(
    needed_by: str,
    base_url: str | None = None,
    link_suffix: str | None = None,
    edit_url: str | None = None,
) -> BackgroundRun:
    # under /glossary/, where conf.py says the site lives (the 404 page depends on it)
    return run_in_background(
        needed_by,
        lambda folder: real_site_command(folder / "www" / "glossary", folder / "doctrees"),
        real_site_environment(base_url, link_suffix, edit_url),
    )


REAL_SITE = real_site_in_background("real_site_dir")
# a Read the Docs preview: its own address, links that keep ".html", a fork's edit pages
PREVIEW_BASE_URL = "https://preview.example.org/pr-7/"
PREVIEW_EDIT_URL = (
    "https://git.example.org/fork/glossary/-/edit/pr-7/docs/{filename}?from=preview&to=main"
)
REAL_SITE_PREVIEW = real_site_in_background(
    "real_site_preview_dir", PREVIEW_BASE_URL, link_suffix=".html", edit_url=PREVIEW_EDIT_URL
)


def strict_build_output(run: BackgroundRun) -> Path:
    folder, result = run.wait()
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return folder / "www" / "glossary"


@functools.cache
def parsed_page(path: Path) -> BeautifulSoup:
    """A page of the real site, parsed once per session: for tests that only read it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def real_site_dir() -> Path:
    """The real site, built strictly once per test session."""
    return strict_build_output(REAL_SITE)


@pytest.fixture(scope="session")
def real_site_preview_dir() -> Path:
    """The real site as a preview build sees it: GEONIMO_GLOSSARY_BASE_URL and a ".html" suffix."""
    return strict_build_output(REAL_SITE_PREVIEW)


# ---------------------------------------------------------------- nginx, as the README says

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
README_NGINX = re.compile(r"<!-- nginx-config -->\n```nginx\n(.*?)```", re.S)


def readme_nginx_config(www: Path) -> str:
    """The nginx configuration the README gives, pointed at a folder of ours."""
    match = README_NGINX.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert match is not None, "README.md has no <!-- nginx-config --> block"
    return match.group(1).replace("/srv/www", str(www))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_with_nginx(www: Path, workdir: Path) -> Iterator[str]:
    """Serve ``www`` with nginx and the README's configuration; yields the site's root URL."""
    assert Path(NGINX).exists(), "nginx is missing: install Debian's nginx-light (see .ci/run)"
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # as root, nginx's workers drop to "nobody", who can't read pytest's private folders
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"{kind}_temp_path {workdir / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (workdir / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {workdir / 'nginx.pid'};\n"
        f"error_log {workdir / 'error.log'};\nevents {{}}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
        f"access_log off;\n{temp}"
        f"server {{\nlisten 127.0.0.1:{port};\nserver_name localhost;\n"
        f"{readme_nginx_config(www)}\n}}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"nginx did not start: {process.communicate()[1]}") from None
            time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def served_real_site(
    real_site_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The real site as production serves it: nginx, configured as the README says."""
    for root in serve_with_nginx(real_site_dir.parent, tmp_path_factory.mktemp("nginx")):
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
    # a request the next navigation cut short (an icon still loading) is no fault of the site
    page.on(
        "requestfailed",
        lambda request: (
            problems.append(f"failed: {request.url} ({request.failure})")
            if request.failure != "net::ERR_ABORTED"
            else None
        ),
    )
    yield page
    context.close()
    assert problems == []
