"""python -m termpages serve: clean URLs under the base path, nothing outside, live reload."""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Coroutine, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

import pytest
import watchfiles
from playwright.sync_api import Browser
from starlette.exceptions import StarletteDeprecationWarning
from starlette.types import ASGIApp, Message, Scope

from termpages.assets import STATIC_DIR
from termpages.devbuild import parse_problems
from termpages.devserver import (
    RELOAD_SCRIPT,
    Builder,
    BuildResult,
    Problems,
    ReloadChannel,
    SourceFilter,
    base_path_of,
    build_and_announce,
    build_request,
    create_app,
    normalize_base_path,
    preview_from_options,
    rebuild_when_changed,
    reload_events,
    update_problems,
)

with warnings.catch_warnings():
    # Starlette 1.x would rather run its test client on httpx2; httpx, installed here, works
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

BASE = "/glossary/"


def script(page: str) -> bytes:
    """The reload script tag of the page written to ``page`` (relative to the output folder)."""
    src = "/glossary/__termpages__/reload.js"
    return f'<script src="{src}" data-page="{page}" defer></script>'.encode()


SCRIPT = script("fine-tuning.html")
SECRET = "TOP SECRET, outside the output folder"


T = TypeVar("T")


def run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: Playwright's sync API, used by other tests of
    the same session, leaves an event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def page(title: str) -> str:
    head = f"<!doctype html>\n<html><head><title>{title}</title></head>\n"
    return head + f"<body><h1>{title}</h1></body></html>\n"


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    outdir = tmp_path / "html"
    for name, text in {
        "index.html": page("Home"),
        "fine-tuning.html": page("Fine-Tuning"),
        "fine-tuning.md": "# Fine-Tuning\n\nAdapting a trained model. </body>\n",
        "category/geo.html": page("Generative Engine Optimization"),
        "404.html": page("Not in the glossary"),
        "_static/x.css": "body { color: black; }\n",
    }.items():
        (outdir / name).parent.mkdir(parents=True, exist_ok=True)
        (outdir / name).write_text(text, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return outdir


@pytest.fixture
def client(outdir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(outdir, BASE, ReloadChannel()), follow_redirects=False) as client:
        yield client


# --------------------------------------------------------------------------- clean URLs


def test_home_page_at_the_base_path(client: TestClient) -> None:
    response = client.get("/glossary/")
    assert response.status_code == 200
    assert "<h1>Home</h1>" in response.text


def test_extensionless_url_serves_the_page_with_the_reload_script(
    client: TestClient, outdir: Path
) -> None:
    response = client.get("/glossary/fine-tuning")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.content.count(SCRIPT) == 1
    assert response.content.endswith(SCRIPT + b"</body></html>\n")
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.content.replace(SCRIPT, b"") == (outdir / "fine-tuning.html").read_bytes()
    assert SCRIPT not in (outdir / "fine-tuning.html").read_bytes()


def test_the_html_file_itself_is_served_too(client: TestClient) -> None:
    response = client.get("/glossary/fine-tuning.html")
    assert response.status_code == 200
    assert response.content.count(SCRIPT) == 1


def test_markdown_export_is_served_as_is(client: TestClient, outdir: Path) -> None:
    response = client.get("/glossary/fine-tuning.md")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.content == (outdir / "fine-tuning.md").read_bytes()


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("_static/x.css", "text/css; charset=utf-8"), ("category/geo", "text/html; charset=utf-8")],
)
def test_nested_files(client: TestClient, path: str, media_type: str) -> None:
    response = client.get(BASE + path)
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type


def test_assets_may_be_kept_and_pages_never(client: TestClient) -> None:
    """A reload asks for the page again, and for its styles and scripts at most with a date."""
    versioned = client.get("/glossary/_static/x.css?v=1a2b3c")
    assert versioned.headers["cache-control"] == "max-age=31536000, immutable"
    plain = client.get("/glossary/_static/x.css")
    assert plain.headers["cache-control"] == "no-cache"
    again = client.get(
        "/glossary/_static/x.css", headers={"If-Modified-Since": plain.headers["last-modified"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    assert client.get("/glossary/fine-tuning").headers["cache-control"] == "no-store"


def test_folder_without_index_is_not_found(client: TestClient) -> None:
    for path in ("/glossary/category", "/glossary/category/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Not in the glossary" in response.text


def test_folder_with_index_redirects_to_the_slash_form(client: TestClient, outdir: Path) -> None:
    (outdir / "category/index.html").write_text(page("Categories"), encoding="utf-8")
    response = client.get("/glossary/category?from=menu")
    assert response.status_code == 301
    assert response.headers["location"] == "/glossary/category/?from=menu"
    assert response.headers["cache-control"] == "no-store"
    response = client.get("/glossary/category/")
    assert response.status_code == 200
    assert "<h1>Categories</h1>" in response.text


def test_a_page_wins_over_a_folder_of_the_same_name(client: TestClient, outdir: Path) -> None:
    (outdir / "category/index.html").write_text(page("Categories"), encoding="utf-8")
    (outdir / "category.html").write_text(page("Category page"), encoding="utf-8")
    response = client.get("/glossary/category")
    assert response.status_code == 200
    assert "<h1>Category page</h1>" in response.text


def test_page_url_with_trailing_slash_is_not_found(client: TestClient) -> None:
    assert client.get("/glossary/fine-tuning/").status_code == 404


def test_missing_page_answers_with_the_404_page(client: TestClient, outdir: Path) -> None:
    response = client.get("/glossary/missing")
    assert response.status_code == 404
    assert response.content.replace(script("404.html"), b"") == (outdir / "404.html").read_bytes()
    assert response.content.count(script("404.html")) == 1
    assert int(response.headers["content-length"]) == len(response.content)


def test_missing_page_without_a_404_page(client: TestClient, outdir: Path) -> None:
    (outdir / "404.html").unlink()
    response = client.get("/glossary/missing")
    assert response.status_code == 404
    assert response.text == "404 Not Found"


def test_outside_the_base_path(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code in (302, 307)
    assert response.headers["location"] == "/glossary/"
    response = client.get("/glossary")
    assert response.status_code == 301
    assert response.headers["location"] == "/glossary/"
    # production serves the pages under the base path only
    assert client.get("/fine-tuning").status_code == 404


def test_site_at_the_root(outdir: Path) -> None:
    with TestClient(create_app(outdir, "/", ReloadChannel())) as client:
        response = client.get("/fine-tuning")
        assert response.status_code == 200
        tag = b'<script src="/__termpages__/reload.js" data-page="fine-tuning.html" defer>'
        assert tag in response.content
        assert client.get("/").status_code == 200


def test_head_request(client: TestClient) -> None:
    response = client.head("/glossary/fine-tuning")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response.headers["content-length"]) == len(
        client.get("/glossary/fine-tuning").content
    )


# --------------------------------------------------------------------------- nothing outside outdir


@pytest.mark.parametrize(
    "path",
    [
        "/glossary/../secret.txt",  # the client resolves "..": the request leaves the base path
        "/glossary/%2e%2e/secret.txt",
        "/glossary/%2E%2E/secret.txt",
        "/glossary/category/%2e%2e/%2e%2e/secret.txt",
        "/glossary/..%2fsecret.txt",
        "/glossary/..%2Fsecret.txt",
        "/glossary/..%5csecret.txt",
        "/glossary/category/..%5c..%5csecret.txt",
        "/glossary/%2e%2e",
        "/glossary/secret.txt%00.html",
        "/glossary/category%2fgeo",  # no encoded separators at all, even harmless ones
    ],
)
def test_paths_that_would_escape_outdir(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404), path
    assert SECRET not in response.text
    assert "<h1>" not in response.text or "Not in the glossary" in response.text


def test_dot_segments_sent_as_is_are_refused(outdir: Path) -> None:
    """Browsers and httpx remove ``..``; a raw client need not, so the app must refuse them."""
    app = create_app(outdir, BASE, ReloadChannel())
    for path in (
        "/glossary/../secret.txt",
        "/glossary/./../secret.txt",
        "/glossary/category/../../secret.txt",
    ):
        status, body = run_in_own_loop(raw_get(app, path))
        assert status == 400, path
        assert SECRET.encode() not in body


def test_symlinks_pointing_outside_are_not_followed(client: TestClient, outdir: Path) -> None:
    (outdir / "leak.html").symlink_to(outdir.parent / "secret.txt")
    (outdir / "linked").symlink_to(outdir.parent, target_is_directory=True)
    (outdir / "inside.html").symlink_to(outdir / "fine-tuning.html")
    for path in ("/glossary/leak", "/glossary/leak.html", "/glossary/linked/secret.txt"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert SECRET not in response.text
    assert client.get("/glossary/inside").status_code == 200


def test_very_long_names_are_not_found(client: TestClient) -> None:
    assert client.get("/glossary/" + "a" * 5000).status_code == 404


async def raw_get(app: ASGIApp, path: str) -> tuple[int, bytes]:
    """GET ``path`` exactly as written, the way a raw HTTP client can send it."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(http_scope(path), receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def http_scope(path: str) -> Scope:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


# --------------------------------------------------------------------------- live reload


def test_reload_script_is_served(client: TestClient) -> None:
    response = client.get("/glossary/__termpages__/reload.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.content == RELOAD_SCRIPT.read_bytes()
    assert not (STATIC_DIR / RELOAD_SCRIPT.name).exists()  # never published with a build
    assert 'new EventSource(new URL("events", script.src))' in response.text
    assert "location.reload()" in response.text


def test_without_live_reload_pages_are_sent_as_built(outdir: Path) -> None:
    """What tools/audit.py serves: the pages as production sends them, no URLs of the preview."""
    app = create_app(outdir, BASE, ReloadChannel(), live_reload=False)
    with TestClient(app, follow_redirects=False) as client:
        response = client.get("/glossary/fine-tuning")
        assert response.status_code == 200
        assert response.content == (outdir / "fine-tuning.html").read_bytes()
        assert int(response.headers["content-length"]) == len(response.content)
        response = client.get("/glossary/missing")
        assert response.status_code == 404
        assert response.content == (outdir / "404.html").read_bytes()
        for reserved in ("reload.js", "events"):
            response = client.get(f"/glossary/__termpages__/{reserved}")
            assert response.status_code == 404, reserved
            assert response.content == (outdir / "404.html").read_bytes()


def test_reload_channel_sends_reload_after_a_build_is_announced(outdir: Path) -> None:
    async def scenario() -> None:
        channel = ReloadChannel()
        app = create_app(outdir, BASE, channel)
        sent: asyncio.Queue[Message] = asyncio.Queue()
        disconnected = asyncio.Event()
        requests = [{"type": "http.request", "body": b"", "more_body": False}]

        async def receive() -> Message:
            if requests:
                return requests.pop()
            await disconnected.wait()
            return {"type": "http.disconnect"}

        async def next_message() -> Message:
            return await asyncio.wait_for(sent.get(), timeout=5)

        stream = asyncio.create_task(
            app(http_scope(BASE + "__termpages__/events"), receive, sent.put)
        )
        start = await next_message()
        assert start["status"] == 200
        headers = dict(start["headers"])
        assert headers[b"content-type"] == b"text/event-stream; charset=utf-8"
        assert headers[b"cache-control"] == b"no-store"
        assert (await next_message())["body"] == b"retry: 1000\n\n"
        assert channel.listeners == 1
        channel.notify()
        assert (await next_message())["body"] == b"data: reload\n\n"
        channel.notify(["b.html", "a.html"])
        assert (await next_message())["body"] == b'data: {"pages": ["a.html", "b.html"]}\n\n'
        disconnected.set()  # the page is closed
        await asyncio.wait_for(stream, timeout=5)
        assert channel.listeners == 0

    run_in_own_loop(scenario())


def test_closing_the_channel_ends_the_streams() -> None:
    async def scenario() -> list[str]:
        channel = ReloadChannel()
        events = reload_events(channel)
        received = [await anext(events)]
        channel.close()
        received += [event async for event in events]
        # a page connecting while the server stops gets no stream that holds it open
        received += [event async for event in reload_events(channel)]
        return received

    assert run_in_own_loop(scenario()) == ["retry: 1000\n\n", "retry: 1000\n\n"]


class FakeBuilder(Builder):
    """Builds that answer what they are given, one result per build, and count themselves."""

    def __init__(self, *results: BuildResult, seconds: float = 0.0) -> None:
        self.results = list(results)
        self.seconds = seconds
        self.builds = 0

    async def build(self) -> BuildResult:
        self.builds += 1
        await asyncio.sleep(self.seconds)
        return self.results.pop(0) if self.results else BuildResult(0, [], [], {}, [])


def problem(docname: str | None, message: str, line: int = 3) -> dict[str, Any]:
    path = f"/site/docs/{docname}.md" if docname else ""
    return {"path": path, "line": line, "kind": "WARNING", "message": message,
            "subtype": "termpages.unknown-term", "docname": docname}  # fmt: skip


def test_only_a_successful_build_reloads_the_pages(capsys: pytest.CaptureFixture[str]) -> None:
    async def scenario() -> None:
        channel = ReloadChannel()
        builder = FakeBuilder(
            BuildResult(2, [], [], {}, []), BuildResult(0, ["a.html"], ["a"], {"a": "a.html"}, [])
        )
        with channel.subscribe() as queue:
            assert await build_and_announce(builder, channel) is False
            assert queue.empty()
            assert await build_and_announce(builder, channel) is True
            assert queue.get_nowait() == '{"pages": ["a.html"]}'

    run_in_own_loop(scenario())
    output = capsys.readouterr().out
    assert "build failed (exit status 2); still serving the last output" in output
    assert "build succeeded in " in output
    assert "1 page(s) written, 0 problem(s)" in output


def test_problems_stay_with_their_page_until_it_is_read_again() -> None:
    pages = {"a": "a.html", "b": "b.html", "index": "index.html"}
    problems = Problems({}, {})
    first = BuildResult(0, ["a.html"], ["a"], pages, [problem("a", "unknown term 'x'")])
    assert update_problems(problems, first) == {"a.html"}
    assert problems.for_file("a.html")[0]["message"] == "unknown term 'x'"
    assert problems.for_file("b.html") == []
    # b is edited: a's problem stays, though this build did not report it
    assert update_problems(problems, BuildResult(0, ["b.html"], ["b"], pages, [])) == set()
    assert len(problems.for_file("a.html")) == 1
    # a problem re-reported for a page that was not read is kept once
    again = BuildResult(0, ["b.html"], ["b"], pages, [problem("a", "unknown term 'x'")])
    assert update_problems(problems, again) == set()
    assert len(problems.for_file("a.html")) == 1
    # a is fixed
    assert update_problems(problems, BuildResult(0, ["a.html"], ["a"], pages, [])) == {"a.html"}
    assert problems.for_file("a.html") == []
    # a problem of no page is on every page, and every page reloads to show it
    assert update_problems(problems, BuildResult(0, [], [], pages, [problem(None, "conf")])) is None
    assert problems.for_file("b.html")[0]["message"] == "conf"


def test_changes_during_a_build_cause_one_more_build() -> None:
    builder = FakeBuilder(seconds=0.2)

    async def scenario() -> int:
        changed = asyncio.Event()
        changed.set()
        task = asyncio.create_task(rebuild_when_changed(changed, builder, ReloadChannel()))
        await asyncio.sleep(0)  # the builder takes the change and starts the first build
        assert not changed.is_set()
        changed.set()  # two saves while it builds
        changed.set()
        for _ in range(200):
            if builder.builds >= 2:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # time for a third build, which must not come
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        return builder.builds

    assert run_in_own_loop(scenario()) == 2


# --------------------------------------------------------------------------- watching


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SourceFilter:
    monkeypatch.chdir(tmp_path)
    return SourceFilter(
        roots=[tmp_path / "docs", tmp_path / "extensions"],
        ignored_folders=[tmp_path / "_build/html", tmp_path / "_build/doctrees"],
        patterns=["docs/category/*", "*.tmp"],
    )


@pytest.mark.parametrize(
    ("path", "rebuilds"),
    [
        ("docs/fine-tuning.md", True),
        ("docs/terms/fine-tuning.md", True),
        ("extensions/termpages/hubs.py", True),
        ("docs/category/geo.md", False),  # written by the build itself
        ("docs/category/nested/x.md", False),
        ("docs/notes.tmp", False),
        ("_build/html/index.html", False),
        ("_build/doctrees/environment.pickle", False),
        ("docs/.fine-tuning.md.swp", False),
        ("docs/.obsidian/workspace.json", False),
        ("docs/.#fine-tuning.md", False),
        ("extensions/termpages/__pycache__/hubs.cpython-311.pyc", False),
    ],
)
def test_what_triggers_a_build(
    site: SourceFilter, tmp_path: Path, path: str, rebuilds: bool
) -> None:
    assert site(watchfiles.Change.modified, str(tmp_path / path)) is rebuilds


def test_absolute_patterns_and_folder_patterns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    hub = str(tmp_path / "docs/category/geo.md")
    for pattern in ("*/docs/category/*", "docs/category", str(tmp_path / "docs/category")):
        assert not SourceFilter([tmp_path / "docs"], [], [pattern])(watchfiles.Change.added, hub)
    assert SourceFilter([tmp_path / "docs"], [], ["docs/categories/*"])(
        watchfiles.Change.added, hub
    )


def test_a_checkout_inside_a_hidden_folder_still_rebuilds(tmp_path: Path) -> None:
    docs = tmp_path / ".work" / "site" / "docs"
    source_filter = SourceFilter([docs], [], [])
    assert source_filter(watchfiles.Change.modified, str(docs / "fine-tuning.md"))


# --------------------------------------------------------------------------- options


def options(tmp_path: Path, *sphinx_args: str, base_path: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(
        srcdir=tmp_path / "docs",
        confdir=tmp_path,
        outdir=tmp_path / "_build/html",
        doctreedir=tmp_path / "_build/doctrees",
        host="127.0.0.1",
        port=8000,
        base_path=base_path,
        watch=[],
        ignore=[],
        sphinx_args=list(sphinx_args),
    )


@pytest.fixture
def confdir(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "conf.py").write_text(
        "import os\n"
        "extensions = ['termpages']\n"
        "termpages_hubs_dir = 'category'\n"
        "html_baseurl = os.environ.get('SITE_URL', 'https://geonimo.com/glossary/')\n",
        encoding="utf-8",
    )
    return tmp_path


def test_base_path_comes_from_html_baseurl(confdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert preview_from_options(options(confdir)).base_path == "/glossary/"
    monkeypatch.setenv("SITE_URL", "https://preview.example.org/pr-12/glossary")
    assert preview_from_options(options(confdir)).base_path == "/pr-12/glossary/"
    monkeypatch.setenv("SITE_URL", "")
    assert preview_from_options(options(confdir)).base_path == "/"


def test_base_path_follows_the_build_overrides(confdir: Path) -> None:
    overridden = options(confdir, "-W", "-D", "html_baseurl=https://example.org/docs/")
    assert preview_from_options(overridden).base_path == "/docs/"
    assert preview_from_options(options(confdir, base_path="terms")).base_path == "/terms/"


def test_generated_hubs_are_ignored(confdir: Path) -> None:
    preview = preview_from_options(options(confdir))
    assert preview.ignored_folders == (
        confdir / "_build/html",
        confdir / "_build/doctrees",
        confdir / "docs/category",
    )


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("", "/"),
        ("/", "/"),
        ("glossary", "/glossary/"),
        ("/glossary", "/glossary/"),
        ("/a/b/", "/a/b/"),
    ],
)
def test_normalize_base_path(given: str, expected: str) -> None:
    assert normalize_base_path(given) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://geonimo.com/glossary/", "/glossary/"),
        ("https://geonimo.com/glossary", "/glossary/"),
        ("https://geonimo.com", "/"),
        ("", "/"),
    ],
)
def test_base_path_of(url: str, expected: str) -> None:
    assert base_path_of(url) == expected


def test_serve_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "termpages", "serve", "--help"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "usage: python -m termpages serve [options] [-- SPHINX-BUILD-ARGS ...]"
    )
    for option in ("--srcdir", "--confdir", "--outdir", "--doctreedir", "--host", "--port",
                   "--base-path", "--watch", "--ignore"):  # fmt: skip
        assert option in result.stdout


def test_serve_refuses_a_missing_source_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "termpages", "serve", "--srcdir", str(tmp_path / "nope"),
         "--confdir", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == f"error: cannot watch {tmp_path / 'nope'}: it does not exist\n"


# --------------------------------------------------------------------------- in a browser

ROOTS = Path(__file__).parent / "roots"
PANEL = "#termpages-problems"


class Served:
    """``python -m termpages serve`` on a copy of a small test site, its output read as it comes."""

    def __init__(self, site: Path, out: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "termpages", "serve", "--srcdir", ".", "--confdir", ".",
                   "--outdir", str(out / "html"), "--doctreedir", str(out / "doctrees"),
                   "--port", str(self.port)]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        self.lines: list[str] = []
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def builds(self) -> int:
        return sum("[termpages serve] build succeeded" in line for line in self.lines)

    def wait_for_builds(self, count: int) -> None:
        deadline = time.monotonic() + 300
        while self.builds() < count:
            assert self.process.poll() is None, "".join(self.lines[-40:])
            assert time.monotonic() < deadline, "".join(self.lines[-40:])
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, Path, Path]]:
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", site)
    server = Served(site, tmp_path / "out")
    try:
        server.wait_for_builds(1)
        yield server, site, tmp_path / "out" / "html"
    finally:
        server.stop()


def ordinary_build(site: Path, out: Path) -> Path:
    html_out = out / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(site),
               "-d", str(out / "doctrees"), str(site), str(html_out)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return html_out


def without_preview_tags(served_html: str) -> str:
    panel = re.compile(r'<link rel="stylesheet" href="[^"]*__termpages__/problems\.css">')
    served_html = panel.sub("", served_html)
    served_html = re.sub(r'<section id="termpages-problems".*?</section>', "", served_html)
    return re.sub(r'<script src="[^"]*__termpages__/reload\.js"[^>]*></script>', "", served_html)


def test_the_preview_shows_problems_in_a_panel_until_they_are_fixed(
    browser: Browser, served: tuple[Served, Path, Path]
) -> None:
    server, site, _ = served
    url = f"http://127.0.0.1:{server.port}/terms/alpha"
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    assert page.locator(PANEL).count() == 0
    source = site / "terms" / "alpha.md"
    original = source.read_text(encoding="utf-8")
    mistake = original + "\nSee {term}`no-such-term` too.\n"
    line = mistake.count("\n")  # the last line of the file
    source.write_text(mistake, encoding="utf-8")
    panel = page.locator(PANEL)
    panel.wait_for(timeout=120_000)  # the page reloaded itself
    assert panel.get_attribute("role") == "region"
    heading = page.locator(f"#{panel.get_attribute('aria-labelledby')}")
    assert heading.evaluate("element => element.tagName") == "H2"
    assert "build problem" in heading.inner_text()
    item = panel.locator("li").filter(has_text="no-such-term")
    assert item.locator(".termpages-problem-file").inner_text().endswith("terms/alpha.md")
    assert item.locator(".termpages-problem-line").inner_text() == f":{line}"
    assert "unknown term 'no-such-term'" in item.locator(".termpages-problem-message").inner_text()
    assert item.locator(".termpages-problem-subtype").inner_text() == "termpages.unknown-term"
    panel_html = panel.evaluate("element => element.outerHTML")
    assert not re.search(r"\son\w+=", panel_html)  # no inline event handlers
    # readable: the panel's own colours, dark on light, whatever the page's theme
    colours = panel.evaluate(
        "element => [getComputedStyle(element).color, getComputedStyle(element).backgroundColor]"
    )
    assert colours == ["rgb(28, 25, 23)", "rgb(255, 251, 235)"]
    # another page of the site knows nothing of alpha's problem
    other = context.new_page()
    other.goto(f"http://127.0.0.1:{server.port}/terms/beta")
    assert other.locator(PANEL).count() == 0
    # fixed: the panel goes
    source.write_text(original, encoding="utf-8")
    panel.wait_for(state="detached", timeout=120_000)
    # an edit reloads the page and shows
    source.write_text(original.replace("\n## ", "\nA freshly saved sentence.\n\n## ", 1))
    page.get_by_text("A freshly saved sentence.").wait_for(timeout=120_000)
    context.close()


def test_the_preview_page_is_the_published_page(
    served: tuple[Served, Path, Path], tmp_path: Path
) -> None:
    _, site, outdir = served
    published = ordinary_build(site, tmp_path / "published")
    with TestClient(create_app(outdir, "/", ReloadChannel(), problems=Problems({}, {}))) as client:
        for name in ("terms/alpha.html", "terms/beta.html", "index.html"):
            shown = client.get("/" + name.removesuffix(".html")).text
            assert "__termpages__/reload.js" in shown
            assert without_preview_tags(shown) == (published / name).read_text(), name
    # the preview leaves the whole-site files to the ordinary build
    for name in ("sitemap.xml", "llms-full.txt", "glossary.json"):
        assert (published / name).is_file(), name
        assert not (outdir / name).exists(), name
    # the published build has no panel, no reload script, no panel assets
    for path in published.rglob("*"):
        assert path.name not in ("reload.js", "problems.css"), path
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "__termpages__" not in text, path
            assert "termpages-problems" not in text, path


def test_problems_are_read_from_both_forms_of_record() -> None:
    output = (
        "reading sources... [100%] alpha\n"
        "\x1b[91m/site/terms/alpha.md:12: WARNING: unknown term 'x' [termpages.unknown-term]"
        "\x1b[39;49;00m\n"
        "/site/terms/beta.md:3: check: the summary is 3 words long [termpages.summary-short]\n"
        "/site/index.md: WARNING: document isn't included in any toctree [toc.not_included]\n"
        "WARNING: html_static_path entry 'nope' does not exist\n"
        "/site/terms/alpha.md:12: WARNING: unknown term 'x' [termpages.unknown-term]\n"
    )
    assert [
        (p["path"], p["line"], p["kind"], p["message"], p["subtype"])
        for p in parse_problems(output)
    ] == [
        ("/site/terms/alpha.md", 12, "WARNING", "unknown term 'x'", "termpages.unknown-term"),
        (
            "/site/terms/beta.md",
            3,
            "check",
            "the summary is 3 words long",
            "termpages.summary-short",
        ),
        (
            "/site/index.md",
            None,
            "WARNING",
            "document isn't included in any toctree",
            "toc.not_included",
        ),
        ("", None, "WARNING", "html_static_path entry 'nope' does not exist", ""),
    ]


def test_build_request_follows_the_sphinx_build_arguments(confdir: Path) -> None:
    request = build_request(preview_from_options(options(confdir)))
    assert request["overrides"] == {"termpages_preview": True}
    assert (request["freshenv"], request["force_all"], request["jobs"]) == (False, False, 0)
    given = options(confdir, "-E", "-a", "-n", "-j", "2", "-t", "draft", "-D", "language=de")
    request = build_request(preview_from_options(given))
    assert request["overrides"] == {"language": "de", "nitpicky": True, "termpages_preview": True}
    assert (request["freshenv"], request["force_all"], request["jobs"]) == (True, True, 2)
    assert request["tags"] == ["draft"]
