"""``python -m termpages serve``: rebuild on save and preview the site at its public, clean URLs.

We don't use sphinx-autobuild's server: it serves the output folder at "/" with Starlette's
StaticFiles, which cannot resolve extensionless URLs (``/glossary/fine-tuning`` for
``fine-tuning.html``) nor a base path, so links copied from the preview don't match
production. This server resolves paths the way production hosts do (GitHub Pages, nginx's
``try_files $uri $uri.html $uri/index.html``) under the path of ``html_baseurl``, and tells
open pages to reload, through Server-Sent Events, after each successful build.
"""

from __future__ import annotations

import argparse
import asyncio
import fnmatch
import html
import itertools
import json
import mimetypes
import os
import re
import socket
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import uvicorn
import watchfiles
from sphinx.config import eval_config_file
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from .config import settings_of

#: The preview's reload script and problems panel style; kept out of static/, which every
#: build publishes.
RELOAD_SCRIPT = Path(__file__).parent / "devserver_assets" / "reload.js"
PANEL_STYLE = Path(__file__).parent / "devserver_assets" / "problems.css"

# The server's own URLs, below the base path; no page of the site can be called this.
RESERVED = "__termpages__/"
RELOAD = "reload"
# A preview must always show the latest build, never a cached page.
NO_STORE = {"Cache-Control": "no-store"}

# Fixed types for what the site publishes, so the preview answers the same on every machine
# (mimetypes reads /etc/mime.types, which may not know .md or may call .xml text/xml).
# Starlette adds "; charset=utf-8" to every text/* type.
MEDIA_TYPES = {
    ".html": "text/html",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
}
# Percent-encoded "/", "\" and NUL would smuggle a separator past the split into segments.
_ENCODED_SEPARATOR = re.compile(rb"%(2f|5c|00)", re.IGNORECASE)


def say(message: str) -> None:
    print(f"[termpages serve] {message}", flush=True)


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Preview:
    """Everything the server needs, with paths made absolute."""

    srcdir: Path
    confdir: Path
    outdir: Path
    doctreedir: Path
    host: str
    port: int
    base_path: str
    watch: tuple[Path, ...]
    ignore: tuple[str, ...]
    ignored_folders: tuple[Path, ...]
    sphinx_args: tuple[str, ...]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 address
        return f"http://{host}:{self.port}{self.base_path}"


class PreviewError(Exception):
    """A reason not to start, worded for the writer."""


def normalize_base_path(path: str) -> str:
    """``glossary``, ``/glossary`` and ``/glossary/`` mean ``/glossary/``; nothing means ``/``."""
    inner = path.strip("/")
    return f"/{inner}/" if inner else "/"


def base_path_of(url: str) -> str:
    return normalize_base_path(urlsplit(url).path)


def sphinx_overrides(sphinx_args: Sequence[str]) -> dict[str, str]:
    """The ``-D name=value`` settings passed through to sphinx-build; they win over conf.py."""
    overrides: dict[str, str] = {}
    for argument, next_argument in itertools.pairwise([*sphinx_args, ""]):
        if argument in ("-D", "--define"):
            setting = next_argument
        elif argument.startswith("--define="):
            setting = argument.removeprefix("--define=")
        elif argument.startswith("-D") and argument != "-D":
            setting = argument.removeprefix("-D")
        else:
            continue
        name, equals, value = setting.partition("=")
        if equals:
            overrides[name] = value
    return overrides


def read_site_config(confdir: Path, sphinx_args: Sequence[str]) -> dict[str, Any]:
    """conf.py's values as the build will see them: environment variables, then -D overrides.

    We evaluate the file rather than use ``sphinx.config.Config``: ``html_baseurl`` is
    declared by the html builder, so a Config without the builder loaded never holds it.
    The build runs in a child process with our environment, so both read the same values.
    """
    conf = confdir / "conf.py"
    if not conf.is_file():
        raise PreviewError(f"no conf.py in {confdir}")
    try:
        namespace = eval_config_file(conf, Tags())
    except ConfigError as error:
        raise PreviewError(f"cannot read {conf}: {error}") from error
    return namespace | sphinx_overrides(sphinx_args)


def generated_hubs_folder(namespace: dict[str, Any], srcdir: Path) -> Path | None:
    """Where termpages writes the category hub sources during the build, when it is enabled.

    Changes there are the build's own doing; watching them would make each build start the next.
    """
    if "termpages" not in namespace.get("extensions", []):
        return None
    return srcdir / settings_of(namespace).hubs_dir


def preview_from_options(options: argparse.Namespace) -> Preview:
    srcdir = Path(options.srcdir).resolve()
    confdir = Path(options.confdir).resolve()
    outdir = Path(options.outdir).resolve()
    doctreedir = Path(options.doctreedir).resolve()
    sphinx_args = tuple(options.sphinx_args)
    watch = tuple(Path(path).resolve() for path in options.watch)
    for folder in (srcdir, *watch):
        if not folder.exists():
            raise PreviewError(f"cannot watch {folder}: it does not exist")
    namespace = read_site_config(confdir, sphinx_args)
    if options.base_path is not None:
        base_path = normalize_base_path(options.base_path)
    else:
        base_path = base_path_of(str(namespace.get("html_baseurl") or ""))
    hubs = generated_hubs_folder(namespace, srcdir)
    return Preview(
        srcdir=srcdir,
        confdir=confdir,
        outdir=outdir,
        doctreedir=doctreedir,
        host=options.host,
        port=options.port,
        base_path=base_path,
        watch=watch,
        ignore=tuple(options.ignore),
        ignored_folders=(outdir, doctreedir, *([hubs] if hubs else [])),
        sphinx_args=sphinx_args,
    )


# --------------------------------------------------------------------------- resolving URLs


@dataclass(frozen=True)
class Found:
    path: Path


@dataclass(frozen=True)
class Redirect:
    """To the same path with a trailing slash (relative to the base path)."""

    relative: str


@dataclass(frozen=True)
class NotFound:
    pass


@dataclass(frozen=True)
class BadPath:
    pass


Resolution = Found | Redirect | NotFound | BadPath


def file_inside(outdir: Path, candidate: Path) -> Path | None:
    """``candidate`` when it is a file that really is inside outdir, symlinks followed."""
    try:
        real = candidate.resolve()
        inside = real.is_relative_to(outdir.resolve()) and real.is_file()
    except OSError:  # e.g. a name too long for the file system: no such page
        return None
    return candidate if inside else None


def resolve(outdir: Path, relative: str) -> Resolution:
    """The answer for a URL path below the base path (decoded, without the base path).

    In the order of ``try_files $uri $uri.html $uri/index.html``: the file itself, then the
    page, then a folder's index. A folder asked for without the trailing slash redirects to
    the slash form, as on GitHub Pages and nginx, but only when it has an index.html: a
    redirect to a page that doesn't exist would only delay the 404.
    """
    segments = relative.split("/")
    if any(segment in (".", "..") or "\\" in segment or "\0" in segment for segment in segments):
        return BadPath()
    target = outdir.joinpath(*(segment for segment in segments if segment))
    if relative == "" or relative.endswith("/"):
        index = file_inside(outdir, target / "index.html")
        return Found(index) if index else NotFound()
    for candidate in (target, target.with_name(target.name + ".html")):
        found = file_inside(outdir, candidate)
        if found:
            return Found(found)
    if file_inside(outdir, target / "index.html"):
        return Redirect(relative + "/")
    return NotFound()


# --------------------------------------------------------------------------- responses


def media_type_for(path: Path) -> str:
    known = MEDIA_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def reload_script_tag(base_path: str, page: str = "") -> bytes:
    """The reload script, told which output file the page is (it reloads when that changes)."""
    src = html.escape(f"{base_path}{RESERVED}reload.js", quote=True)
    data = html.escape(page, quote=True)
    return f'<script src="{src}" data-page="{data}" defer></script>'.encode()


def inject_before_body_end(page: bytes, tag: bytes) -> bytes:
    """``tag`` just before the last ``</body>``, or at the end of a page that has none."""
    end = page.lower().rfind(b"</body>")
    return page + tag if end == -1 else page[:end] + tag + page[end:]


@dataclass
class Problems:
    """The build's problems by page (``None``: not about one page), and each page's file."""

    by_page: dict[str | None, list[dict[str, Any]]]
    files: dict[str, str]  # output file (relative to outdir) -> docname

    def for_file(self, relative: str) -> list[dict[str, Any]]:
        docname = self.files.get(relative)
        return [*self.by_page.get(None, []), *(self.by_page.get(docname, []) if docname else [])]


def display_path(path: str) -> str:
    relative = relative_to_cwd(Path(path)) if path else None
    return str(relative) if relative else path


def panel_html(base_path: str, problems: Sequence[dict[str, Any]]) -> bytes:
    """The problems panel: a labelled region listing file, line, message and subtype."""
    if not problems:
        return b""
    style = html.escape(f"{base_path}{RESERVED}problems.css", quote=True)
    items = []
    for problem in problems:
        where = html.escape(display_path(problem["path"]) or "(no file)")
        line = f":{problem['line']}" if problem.get("line") else ""
        subtype = problem.get("subtype") or ""
        kind = "check" if problem.get("kind") == "check" else problem.get("kind", "WARNING")
        items.append(
            '<li class="termpages-problem">'
            f'<span class="termpages-problem-where"><span class="termpages-problem-file">{where}'
            f'</span><span class="termpages-problem-line">{html.escape(line)}</span></span> '
            f'<span class="termpages-problem-kind">{html.escape(kind.lower())}</span> '
            f'<span class="termpages-problem-message">{html.escape(problem["message"])}</span>'
            + (
                f' <code class="termpages-problem-subtype">{html.escape(subtype)}</code>'
                if subtype
                else ""
            )
            + "</li>"
        )
    count = len(problems)
    heading = f"{count} build problem{'s' if count != 1 else ''} on this page"
    return (
        f'<link rel="stylesheet" href="{style}">'
        '<section id="termpages-problems" class="termpages-problems" role="region" '
        'aria-labelledby="termpages-problems-heading">'
        f'<h2 id="termpages-problems-heading">{heading}</h2>'
        f"<p>Shown by the preview server only; the published site never has this panel.</p>"
        f"<ul>{''.join(items)}</ul></section>"
    ).encode()


def asset_headers(path: Path, request: Request | None) -> dict[str, str] | None:
    """Cache headers for what a page loads (styles, scripts, fonts, images); None for a page.

    A reload then costs one request for the page: Sphinx names each build's styles and
    scripts with ``?v=<checksum>``, so such a URL keeps its content and may be kept; any
    other asset is asked for again with its date and answered "304 Not Modified".
    """
    if media_type_for(path) == "text/html" or request is None:
        return None
    if "v" in request.query_params:
        return {"Cache-Control": "max-age=31536000, immutable"}
    return {
        "Cache-Control": "no-cache",
        "Last-Modified": formatdate(path.stat().st_mtime, usegmt=True),
    }


def not_modified(path: Path, request: Request) -> bool:
    since = request.headers.get("if-modified-since")
    if not since:
        return False
    with suppress(TypeError, ValueError):
        return int(path.stat().st_mtime) <= int(parsedate_to_datetime(since).timestamp())
    return False


def file_response(
    path: Path,
    tags: Callable[[Path], bytes] | None,
    status_code: int = 200,
    request: Request | None = None,
) -> Response:
    media_type = media_type_for(path)
    cache = asset_headers(path, request) if status_code == 200 else None
    if cache is not None and request is not None and not_modified(path, request):
        return Response(status_code=304, headers=cache)
    body = path.read_bytes()
    if media_type == "text/html" and tags:
        # only in what this server sends: the files on disk, and so the published site, never
        # contain it. Starlette sets Content-Length from the body we pass, tag included.
        body = inject_before_body_end(body, tags(path))
    return Response(body, status_code=status_code, media_type=media_type, headers=cache or NO_STORE)


def not_found_response(outdir: Path, tags: Callable[[Path], bytes] | None) -> Response:
    page = file_inside(outdir, outdir / "404.html")
    if page:
        return file_response(page, tags, status_code=404)
    return PlainTextResponse("404 Not Found", status_code=404, headers=NO_STORE)


def redirect(location: str, query: str, status_code: int) -> Response:
    return RedirectResponse(
        f"{location}?{query}" if query else location, status_code=status_code, headers=NO_STORE
    )


# --------------------------------------------------------------------------- live reload


class ReloadChannel:
    """The pages open in browsers, each waiting on its own queue to hear of a finished build."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[str | None]] = set()
        self._closed = False

    @property
    def listeners(self) -> int:
        return len(self._queues)

    @contextmanager
    def subscribe(self) -> Iterator[asyncio.Queue[str | None]]:
        """A queue that gets every message from now on; ``None`` means the server is stopping."""
        queue: asyncio.Queue[str | None] = asyncio.Queue()
        if self._closed:
            queue.put_nowait(None)
        self._queues.add(queue)
        try:
            yield queue
        finally:
            self._queues.discard(queue)

    def notify(self, pages: Iterable[str] | None = None) -> None:
        """Tell open pages to reload: those whose output file is in ``pages``, or every page.

        Call it from the server's event loop.
        """
        message = RELOAD if pages is None else json.dumps({"pages": sorted(pages)})
        for queue in self._queues:
            queue.put_nowait(message)

    def close(self) -> None:
        """End every stream: open streams would otherwise hold uvicorn's shutdown open."""
        self._closed = True
        for queue in self._queues:
            queue.put_nowait(None)


async def reload_events(channel: ReloadChannel) -> AsyncIterator[str]:
    """The Server-Sent Events stream of one page."""
    # subscribed before the first chunk, so a build that ends once the page has connected
    # is never missed
    with channel.subscribe() as queue:
        # reconnect quickly when the server restarts (the script then reloads the page)
        yield "retry: 1000\n\n"
        while (message := await queue.get()) is not None:
            yield f"data: {message}\n\n"


# --------------------------------------------------------------------------- the app


def create_app(
    outdir: Path,
    base_path: str,
    channel: ReloadChannel,
    *,
    live_reload: bool = True,
    problems: Problems | None = None,
) -> Starlette:
    """Serve outdir under base_path as the production hosts do, plus the reload script.

    Without ``live_reload`` the pages are sent exactly as built and the server has no URLs of
    its own: the site as production serves it, for tools that measure it (tools/audit.py).
    With ``problems``, a page the last builds reported problems about shows them in a panel.
    """
    reload_js = (RELOAD_SCRIPT).read_bytes()
    panel_css = PANEL_STYLE.read_bytes()

    def page_tags(path: Path) -> bytes:
        relative = path.relative_to(outdir).as_posix()
        panel = panel_html(base_path, problems.for_file(relative)) if problems else b""
        return panel + reload_script_tag(base_path, relative)

    tags = page_tags if live_reload else None

    async def serve_panel_css(request: Request) -> Response:
        return Response(panel_css, media_type="text/css", headers=NO_STORE)

    async def serve_reload_js(request: Request) -> Response:
        return Response(reload_js, media_type="text/javascript", headers=NO_STORE)

    async def serve_events(request: Request) -> Response:
        return StreamingResponse(
            reload_events(channel), media_type="text/event-stream", headers=NO_STORE
        )

    async def serve_site(request: Request) -> Response:
        path: str = request.scope["path"]  # percent-decoded by the server
        query = request.url.query
        if _ENCODED_SEPARATOR.search(request.scope.get("raw_path") or b""):
            return PlainTextResponse("400 Bad Request", status_code=400, headers=NO_STORE)
        if not path.startswith(base_path):
            if path + "/" == base_path:
                return redirect(base_path, query, status_code=301)
            if path == "/":
                # only a convenience of the preview (production's "/" is another site)
                return redirect(base_path, query, status_code=307)
            return not_found_response(outdir, tags)
        resolution = resolve(outdir, path.removeprefix(base_path))
        match resolution:
            case Found(file):
                return file_response(file, tags, request=request)
            case Redirect(relative):
                return redirect(base_path + relative, query, status_code=301)
            case BadPath():
                return PlainTextResponse("400 Bad Request", status_code=400, headers=NO_STORE)
            case NotFound():
                return not_found_response(outdir, tags)

    reload_routes = [
        Route(f"{base_path}{RESERVED}reload.js", serve_reload_js, methods=["GET"]),
        Route(f"{base_path}{RESERVED}events", serve_events, methods=["GET"]),
        Route(f"{base_path}{RESERVED}problems.css", serve_panel_css, methods=["GET"]),
    ]
    return Starlette(
        routes=[
            *(reload_routes if live_reload else []),
            Route("/{path:path}", serve_site, methods=["GET", "HEAD"]),
        ]
    )


# --------------------------------------------------------------------------- building


def build_request(preview: Preview) -> dict[str, Any]:
    """What the warm build process needs for one build (devbuild.py), from the command line."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("-E", "--fresh-env", action="store_true")
    parser.add_argument("-a", "--write-all", action="store_true")
    parser.add_argument("-t", "--tag", action="append", default=[])
    parser.add_argument("-j", "--jobs", default="0")
    parser.add_argument("-n", "--nitpicky", action="store_true")
    known, _ = parser.parse_known_args(list(preview.sphinx_args))
    overrides: dict[str, Any] = dict(sphinx_overrides(preview.sphinx_args))
    if known.nitpicky:
        overrides["nitpicky"] = True
    # whole-site files and social images wait for an ordinary build (config.py: preview)
    overrides["termpages_preview"] = True
    jobs = (os.cpu_count() or 1) if known.jobs == "auto" else int(known.jobs)
    return {
        "srcdir": str(preview.srcdir),
        "confdir": str(preview.confdir),
        "outdir": str(preview.outdir),
        "doctreedir": str(preview.doctreedir),
        "overrides": overrides,
        "freshenv": known.fresh_env,
        "force_all": known.write_all,
        "tags": known.tag,
        "jobs": jobs if jobs > 1 else 0,
    }


@dataclass
class BuildResult:
    status: int
    written: list[str]
    read: list[str]
    pages: dict[str, str]
    problems: list[dict[str, Any]]


class Builder:
    """What builds the site for the preview: ``build()`` once per batch of changes."""

    async def build(self) -> BuildResult:
        raise NotImplementedError

    async def code_changed(self) -> None:
        """conf.py or an extension changed: what was imported is stale."""


class WarmBuilder(Builder):
    """The warm build process (devbuild.py): started once, restarted when the code changes."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.request = build_request(preview)
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> asyncio.subprocess.Process:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "termpages.devbuild", str(self.preview.confdir),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            limit=2**26,
        )  # fmt: skip
        assert process.stdout is not None
        await process.stdout.readline()  # ready: Sphinx and the extensions are imported
        self.process = process
        return process

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.returncode is None:
            process.terminate()
            await process.wait()

    async def build(self) -> BuildResult:
        process = self.process
        if process is None or process.returncode is not None:
            process = await self.start()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(json.dumps(self.request).encode() + b"\n")
        await process.stdin.drain()
        line = await process.stdout.readline()
        if not line:
            await self.stop()
            return BuildResult(2, [], [], {}, [])
        answer = json.loads(line)
        return BuildResult(
            answer["status"], answer["written"], answer["read"], answer["pages"],
            answer["problems"],
        )  # fmt: skip

    async def code_changed(self) -> None:
        await self.stop()
        await self.start()


def update_problems(problems: Problems, result: BuildResult) -> set[str] | None:
    """Take in one build's problems; the output files whose panel changed (None: every page).

    The pages the build read report their problems afresh; the others keep what earlier
    builds reported about them (termpages re-reports its own on every build, so those
    come again and are merged in, once).
    """
    if result.pages:
        problems.files = {outfile: docname for docname, outfile in result.pages.items()}
    read = set(result.read)
    before = {page: list(found) for page, found in problems.by_page.items()}
    fresh: dict[str | None, list[dict[str, Any]]] = {
        page: found for page, found in before.items() if page is not None and page not in read
    }
    if result.status == 0 or result.problems:
        fresh[None] = []  # site-wide problems are always reported again
    else:
        fresh[None] = before.get(None, [])
    for problem in result.problems:
        page = problem.get("docname")
        found = fresh.setdefault(page, [])
        if problem not in found:
            found.append(problem)
    problems.by_page = {page: found for page, found in fresh.items() if found}
    if problems.by_page.get(None, []) != before.get(None, []):
        return None
    pages = {page for page in {*before, *problems.by_page} if page is not None}
    outfiles = {outfile for outfile, page in problems.files.items() if page in pages}
    return {
        outfile
        for outfile in outfiles
        if problems.by_page.get(problems.files[outfile]) != before.get(problems.files[outfile])
    }


async def build_and_announce(
    builder: Builder, channel: ReloadChannel, problems: Problems | None = None
) -> bool:
    start = time.perf_counter()
    result = await builder.build()
    changed_panels = update_problems(problems, result) if problems is not None else set()
    seconds = time.perf_counter() - start
    count = sum(len(found) for found in problems.by_page.values()) if problems else 0
    if result.status not in (0, 1):
        say(f"build failed (exit status {result.status}); still serving the last output")
        if changed_panels:
            channel.notify(changed_panels)
        return False
    pages = None if changed_panels is None else {*result.written, *changed_panels}
    say(
        f"build succeeded in {seconds:.2f} s: {len(result.written)} page(s) written, "
        f"{count} problem(s); reloading the open pages that changed"
    )
    channel.notify(pages)
    return True


async def rebuild_when_changed(
    changed: asyncio.Event,
    builder: Builder,
    channel: ReloadChannel,
    problems: Problems | None = None,
    code_changes: set[Path] | None = None,
) -> None:
    """Build whenever ``changed`` is set; changes made during a build cause one more build."""
    while True:
        await changed.wait()
        changed.clear()
        if code_changes:
            code_changes.clear()
            await builder.code_changed()
        await build_and_announce(builder, channel, problems)


# --------------------------------------------------------------------------- watching


def relative_to_cwd(path: Path) -> Path | None:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return None


class SourceFilter(watchfiles.DefaultFilter):
    """The changes that call for a build.

    On top of DefaultFilter (.git, .venv, __pycache__, editor backups, ...): nothing in the
    build's output, cache or generated hubs, nothing hidden (dotfiles and dot-folders below a
    watched folder, as editors write there), and nothing matching an --ignore pattern.
    """

    def __init__(
        self, roots: Iterable[Path], ignored_folders: Iterable[Path], patterns: Iterable[str]
    ) -> None:
        super().__init__()
        self.roots = tuple(roots)
        self.ignored_folders = tuple(ignored_folders)
        self.patterns = tuple(patterns)

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        candidate = Path(path)
        return super().__call__(change, path) and not (
            self.in_ignored_folder(candidate)
            or self.hidden(candidate)
            or self.matches_pattern(candidate)
        )

    def in_ignored_folder(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in self.ignored_folders)

    def hidden(self, path: Path) -> bool:
        # below the watched folder only: the checkout itself may live in a hidden folder
        for root in self.roots:
            if path.is_relative_to(root):
                return any(part.startswith(".") for part in path.relative_to(root).parts)
        return False

    def matches_pattern(self, path: Path) -> bool:
        """A pattern matches the path or one of its folders, absolute or relative to the cwd.

        So both ``docs/category/*`` and ``*/docs/category/*`` work, as does ``docs/category``.
        """
        for candidate in (path, *path.parents):
            relative = relative_to_cwd(candidate)
            names = [candidate.as_posix(), *([relative.as_posix()] if relative else [])]
            if any(fnmatch.fnmatch(name, pattern) for name in names for pattern in self.patterns):
                return True
        return False


class OnlyFiles:
    """Changes to these files only (for watching a file through its folder)."""

    def __init__(self, files: Iterable[Path]) -> None:
        self.files = frozenset(files)

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path) in self.files


def describe(changes: set[tuple[watchfiles.Change, str]]) -> str:
    paths = sorted({str(relative_to_cwd(Path(path)) or path) for _, path in changes})
    shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    return f"changed: {shown}"


async def watch(
    paths: Sequence[Path],
    watch_filter: Callable[[watchfiles.Change, str], bool],
    recursive: bool,
    changed: asyncio.Event,
    code_changes: set[Path] | None = None,
) -> None:
    async for changes in watchfiles.awatch(*paths, watch_filter=watch_filter, recursive=recursive):
        say(describe(changes))
        if code_changes is not None:
            code_changes.update(p for _, path in changes if (p := Path(path)).suffix == ".py")
        changed.set()


def watchers(
    preview: Preview, changed: asyncio.Event, code_changes: set[Path] | None = None
) -> list[asyncio.Task[None]]:
    """One watcher for the folders, one for single files (conf.py, files given to --watch).

    A file is watched through its folder, not recursively: editors that save by writing a new
    file and renaming it over the old one end an inotify watch on the file itself.
    """
    folders = [preview.srcdir, *(path for path in preview.watch if path.is_dir())]
    files = [preview.confdir / "conf.py", *(path for path in preview.watch if not path.is_dir())]
    source_filter = SourceFilter(folders, preview.ignored_folders, preview.ignore)
    parents = sorted({file.parent for file in files})
    return [
        asyncio.create_task(watch(folders, source_filter, True, changed, code_changes)),
        asyncio.create_task(watch(parents, OnlyFiles(files), False, changed, code_changes)),
    ]


# --------------------------------------------------------------------------- running


class PreviewServer(uvicorn.Server):
    """uvicorn's server, which says where it listens, and ends the reload streams when it stops."""

    def __init__(self, config: uvicorn.Config, channel: ReloadChannel, banner: str) -> None:
        super().__init__(config)
        self.channel = channel
        self.banner = banner

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)  # exits, with uvicorn's message, if the port is taken
        say(self.banner)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.channel.close()
        await super().shutdown(sockets)


def stop_server_if_failed(server: uvicorn.Server) -> Callable[[asyncio.Task[None]], None]:
    """A done-callback: a watcher or builder that crashed must not leave a stale preview up."""

    def check(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            say(f"stopping: {task.exception()!r}")
            server.should_exit = True

    return check


async def run(preview: Preview) -> None:
    channel = ReloadChannel()
    changed = asyncio.Event()
    changed.set()  # the first build; meanwhile the last output is served
    problems = Problems({}, {})
    code_changes: set[Path] = set()
    app = create_app(preview.outdir, preview.base_path, channel, problems=problems)
    config = uvicorn.Config(
        app, host=preview.host, port=preview.port, log_level="warning", lifespan="off"
    )
    banner = f"serving {preview.outdir} at {preview.url} (Ctrl-C to stop)"
    server = PreviewServer(config, channel, banner)
    builder = WarmBuilder(preview)
    tasks = [
        asyncio.create_task(
            rebuild_when_changed(changed, builder, channel, problems, code_changes)
        ),
        *watchers(preview, changed, code_changes),
    ]
    for task in tasks:
        task.add_done_callback(stop_server_if_failed(server))
    try:
        await server.serve()
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await builder.stop()


def main(options: argparse.Namespace) -> int:
    try:
        preview = preview_from_options(options)
    except PreviewError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with suppress(KeyboardInterrupt):  # Ctrl-C is how the preview stops
        asyncio.run(run(preview))
    say("stopped")
    return 0
