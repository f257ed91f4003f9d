"""Public URLs: extensionless links, a published folder free of build state, and slug clashes.

- With Sphinx's own ``html_link_suffix = ""`` pages link to ``fine-tuning``
  rather than ``fine-tuning.html``, but an index page is still linked as
  ``index``: a second URL for the home page. The html builder here links an
  index page by its folder (``./``, ``guide/``), as dirhtml does, while it
  still writes ``index.html`` and ``<page>.html``: static hosts serve
  ``/glossary/fine-tuning`` from ``fine-tuning.html`` (GitHub Pages, Netlify,
  Cloudflare; nginx with ``try_files $uri $uri.html``). With any other suffix
  the builder is Sphinx's, unchanged.
- Sphinx keeps ``.buildinfo`` (what the output was built with) in the output
  folder, which is the folder that gets published. Here it lives in the
  doctree folder and is put back only while Sphinx decides what is outdated.
- Sphinx never deletes the outputs of a page that was removed; here they go
  as soon as the page's removal is noticed, so a deploy can't publish them.
- A build that read nothing, writes no page and runs on the same configuration and
  static files writes nothing either: Sphinx would write its indices, search index,
  inventory, extension pages and rendered static files again, identical.
- A term's URL is its slug, next to generated pages (``search``,
  ``genindex``, ``404``) and folders of other pages (``category/``): a slug
  that names one of them is a warning.
"""

from __future__ import annotations

import contextlib
import glob
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import CONFIG_OK
from sphinx.util import logging

from .config import get_settings
from .domain import get_domain
from .warnings_ import TermWarning, warn

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Set as AbstractSet

    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Where the build info is kept between builds, inside the doctree folder.
KEPT_BUILD_INFO = "html.buildinfo"
#: Sphinx's names for it inside the output folder.
PUBLISHED_BUILD_INFO = (".buildinfo", ".buildinfo.bak")


#: What the static files were copied from, kept in the doctree folder between builds.
STATIC_FINGERPRINT = "termpages-static.json"
#: Outputs of Sphinx's finishing step: a build may skip that step only while they exist
#: (the general index only where ``html_use_index`` writes it).
FINISHED_OUTPUTS = ("search.html", "searchindex.js", "objects.inv")
GENERAL_INDEX = "genindex.html"


#: Emitted (with no arguments) as the html builder starts, right after the environment loaded.
BUILDER_STARTING = "termpages-builder-starting"


class TermpagesHTMLBuilder(StandaloneHTMLBuilder):
    """Sphinx's html builder, with index pages linked by folder under clean URLs."""

    name = "html"

    def init(self) -> None:
        # Sphinx emits no event between loading the environment and starting the
        # builder, which may fail (a missing theme): this marks that moment
        self.events.emit(BUILDER_STARTING)
        super().init()

    #: Whether this build read, added or removed a document (set by env-get-outdated).
    sources_changed = True
    #: Whether this build writes any page.
    writes_pages = True

    def prepare_writing(self, docnames: AbstractSet[str]) -> None:
        self.writes_pages = bool(docnames)
        super().prepare_writing(docnames)

    def changes_nothing(self) -> bool:
        """Nothing read or written, same configuration: the finishing step would rewrite
        every file it writes with the content it has."""
        return (
            not self.sources_changed
            and not self.writes_pages
            and self.env.config_status == CONFIG_OK
            and all(Path(self.outdir, name).is_file() for name in self.finished_outputs())
        )

    def finished_outputs(self) -> tuple[str, ...]:
        if self.config.html_use_index:
            return (GENERAL_INDEX, *FINISHED_OUTPUTS)
        return FINISHED_OUTPUTS

    def static_fingerprint(self) -> str:
        """Every file the static step copies from, by path, size and time."""
        folders = [Path(self.confdir, path) for path in self.config.html_static_path]
        folders += [Path(folder) for folder in self.theme.get_theme_dirs()] if self.theme else []
        extra = [self.config.html_logo, self.config.html_favicon]
        files = [Path(self.confdir, name) for name in extra if name and "://" not in name]
        for folder in folders:
            files += sorted(path for path in folder.rglob("*") if path.is_file())
        seen = []
        for path in files:
            with contextlib.suppress(OSError):
                stat = path.stat()
                seen.append([str(path), stat.st_size, stat.st_mtime_ns])
        return json.dumps(seen)

    def copy_static_files(self) -> None:
        kept = Path(self.doctreedir, STATIC_FINGERPRINT)
        fingerprint = self.static_fingerprint()
        with contextlib.suppress(OSError):
            if self.changes_nothing() and kept.read_text(encoding="utf-8") == fingerprint:
                return
        super().copy_static_files()
        with contextlib.suppress(OSError):
            kept.write_text(fingerprint, encoding="utf-8")

    def finish(self) -> None:
        if self.changes_nothing():
            return
        super().finish()

    @property
    def clean_urls(self) -> bool:
        """Whether links leave out the file suffix (``html_link_suffix = ""``)."""
        return self.link_suffix == ""

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if self.clean_urls:
            if docname == "index":
                return ""
            if docname.endswith("/index"):
                return quote(docname[: -len("index")])
        return super().get_target_uri(docname, typ)

    def kept_build_info(self) -> Path | None:
        """Where .buildinfo lives between builds; None when the doctrees are published anyway."""
        doctrees = Path(self.doctreedir).resolve()
        outdir = Path(self.outdir).resolve()
        if doctrees == outdir or outdir in doctrees.parents:
            return None
        return doctrees / KEPT_BUILD_INFO

    def get_outdated_docs(self) -> Iterator[str]:
        # Sphinx reads the build info from the output folder only (no setting
        # moves it): lend it back for the check, then take it out again.
        kept = self.kept_build_info()
        published = Path(self.outdir, PUBLISHED_BUILD_INFO[0])
        if kept is not None and kept.is_file():
            shutil.copy2(kept, published)  # copy2 keeps the mtime Sphinx compares templates with
        try:
            yield from super().get_outdated_docs()
        finally:
            if kept is not None:
                for name in PUBLISHED_BUILD_INFO:
                    Path(self.outdir, name).unlink(missing_ok=True)

    def write_buildinfo(self) -> None:
        # the one method that writes .buildinfo (StandaloneHTMLBuilder, Sphinx 8.2 and 9)
        kept = self.kept_build_info()
        if kept is None:
            super().write_buildinfo()
            return
        try:
            self.build_info.dump(kept)
        except OSError as error:
            logger.warning("could not write the build info: %r", error)


def is_not_found_page(app: Sphinx, pagename: str) -> bool:
    """The page sphinx-notfound-page writes (served for every missing URL)."""
    return "notfound.extension" in app.extensions and pagename == getattr(
        app.config, "notfound_pagename", None
    )


def not_found_prefix(app: Sphinx) -> str:
    """The absolute path the 404 page links from (it is served at any depth)."""
    prefix = str(getattr(app.config, "notfound_urls_prefix", "") or "/")
    return prefix if prefix.endswith("/") else prefix + "/"


def absolute_path(app: Sphinx, docname: str) -> str:
    """A page's URL path from the host root, for pages served at unknown URLs (the 404)."""
    return not_found_prefix(app) + app.builder.get_target_uri(docname)


def link_home_from_not_found_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """sphinx-notfound-page turns a link to a page whose URL is "" (the home) into "#"."""
    pathto = context.get("pathto")
    if not is_not_found_page(app, pagename) or not callable(pathto):
        return

    def pathto_with_home(otheruri: str, resource: bool = False, *args: Any) -> str:
        uri: str = pathto(otheruri, resource, *args)
        if uri == "#" and not resource and app.builder.get_target_uri(otheruri) == "":
            return not_found_prefix(app)
        return uri

    context["pathto"] = pathto_with_home


def page_outputs(app: Sphinx, docname: str) -> list[Path]:
    """The files the html builder writes for one page (the page, its copied source)."""
    builder = app.builder
    outdir = Path(app.outdir)
    paths: list[Path] = []
    if isinstance(builder, StandaloneHTMLBuilder):
        paths.append(Path(builder.get_outfilename(docname)))
        if app.config.html_copy_source:
            # Sphinx names the copy docname + source suffix (+ html_sourcelink_suffix); a
            # removed page's suffix is no longer known, so each suffix the site reads
            link_suffix = str(app.config.html_sourcelink_suffix)
            for suffix in app.config.source_suffix:
                name = docname + suffix + (link_suffix if suffix != link_suffix else "")
                paths.append(outdir / "_sources" / name)
    return [path for path in paths if outdir in path.resolve().parents]


def remove_outputs_of_removed_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A deleted or renamed page's HTML must not stay in the folder that gets published."""
    if app.builder.format != "html":
        return []
    for docname in sorted(removed):
        for path in page_outputs(app, docname):
            path.unlink(missing_ok=True)
    return []


def warn_if_doctrees_are_published(app: Sphinx) -> None:
    if app.builder.format != "html" or not isinstance(app.builder, TermpagesHTMLBuilder):
        return
    if app.builder.kept_build_info() is None:
        warn(
            TermWarning.PUBLISHED_STATE,
            f"the doctree folder ({app.doctreedir}) is inside the output folder, so its "
            "pickled build state is published with the site; pass -d with a folder outside "
            f"{app.outdir} to sphinx-build",
        )


def exclude_own_outputs(app: Sphinx, config: Config) -> None:
    """Keep an output or doctree folder inside the sources out of them.

    Otherwise the next build reads the Markdown twins of the last one back as
    pages of the site.
    """
    srcdir = Path(app.srcdir).resolve()
    patterns = list(config.exclude_patterns)
    for folder in (Path(app.outdir).resolve(), Path(app.doctreedir).resolve()):
        if srcdir in folder.parents:
            pattern = glob.escape(folder.relative_to(srcdir).as_posix())
            if pattern not in patterns:
                patterns.append(pattern)
    if len(patterns) != len(config.exclude_patterns):
        config.exclude_patterns = patterns


def generated_pages(app: Sphinx) -> dict[str, str]:
    """Page names the html build writes besides documents, with what writes them."""
    config = app.config
    pages: dict[str, str] = {}
    if config.html_use_index:
        pages["genindex"] = "the general index"
    pages["search"] = "the search page"
    for page in config.html_additional_pages or {}:
        pages[str(page)] = "html_additional_pages"
    notfound = getattr(config, "notfound_pagename", None)
    if isinstance(notfound, str) and notfound:
        pages[notfound] = "the 404 page"
    redirects = getattr(config, "redirects", None)
    if isinstance(redirects, dict):
        for source in redirects:
            pages[str(source).removesuffix(".html")] = "a redirect in conf.py (redirects)"
    return pages


def check_term_urls(app: Sphinx, env: BuildEnvironment) -> None:
    """A term's URL must not name another page, or the folder of other pages."""
    settings = get_settings(app.config)
    terms = get_domain(env).terms
    taken: dict[str, str] = generated_pages(app)
    for docname in sorted(env.found_docs - set(terms)):
        parts = docname.split("/")
        taken.setdefault(docname, f"the page {env.doc2path(docname, False)}")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            hub_folder = folder == settings.hubs_dir
            taken.setdefault(
                folder,
                "the folder of the category hub pages"
                if hub_folder
                else f"the folder of {env.doc2path(docname, False)}",
            )
    for docname in sorted(terms):
        clash = taken.get(docname)
        if clash is not None:
            entry = terms[docname]
            warn(
                TermWarning.SLUG_COLLISION,
                f"the URL of term {entry.slug!r} is also the URL of {clash}; one of them "
                "would be unreachable (rename the term file and add its old slug to "
                "redirect_from if it was published)",
                (docname, entry.line),
            )


def note_source_changes(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Tell the builder whether this build reads or drops any document."""
    if isinstance(app.builder, TermpagesHTMLBuilder):
        app.builder.sources_changed = bool(added or changed or removed)
    return []


def remove_empty_sources_folder(app: Sphinx, exception: Exception | None) -> None:
    """With html_copy_source off Sphinx still makes ``_sources/``; an empty folder is noise."""
    sources = Path(app.outdir, "_sources")
    if exception is None and app.builder.format == "html" and sources.is_dir():
        with contextlib.suppress(OSError):  # not empty: the sources are published on purpose
            sources.rmdir()


def setup_urls(app: Sphinx) -> None:
    app.add_event(BUILDER_STARTING)
    app.add_builder(TermpagesHTMLBuilder, override=True)
    # after sphinx-notfound-page (500) has replaced pathto
    app.connect("html-page-context", link_home_from_not_found_page, priority=550)
    app.connect("build-finished", remove_empty_sources_folder)
    app.connect("config-inited", exclude_own_outputs)
    app.connect("builder-inited", warn_if_doctrees_are_published)
    app.connect("env-get-outdated", remove_outputs_of_removed_pages)
    app.connect("env-get-outdated", note_source_changes, priority=900)
    app.connect("env-check-consistency", check_term_urls)
