"""Guards for the few private Sphinx internals termpages still relies on.

Each is used where Sphinx offers no public way; each test names the
internal thing, says what it is used for, and fails with a clear message
when a Sphinx release changes it, before the build quietly gets slower or
wrong. Everything else must go through public APIs: the last test keeps
known private spellings out of the extension.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from sphinx.application import Sphinx
from sphinx.testing.util import SphinxTestApp

from conftest import REPO, ROOTS
from termpages.shared import builder_format, current_builder

EXTENSIONS = REPO / "extensions"


@pytest.fixture
def basic_app(tmp_path: Path) -> Iterator[SphinxTestApp]:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides={"termpages_gc_tuning": False})
    try:
        yield app
    finally:
        app.cleanup()


def test_sphinx_keeps_the_doctrees_read_in_a_plain_dict(basic_app: SphinxTestApp) -> None:
    """``BuildEnvironment._write_doc_doctree_cache``: collector.py empties it as it reads.

    A serial build keeps every doctree it read in memory until it writes the
    pages; termpages.speed drops them (Sphinx reloads each from its pickle),
    so that one doctree at a time is held. No public API lets go of them.
    """
    seen: list[Any] = []

    def before_reading(app: Sphinx, docname: str, source: list[str]) -> None:
        cache = getattr(app.env, "_write_doc_doctree_cache", None)
        seen.append(dict(cache) if type(cache) is dict else cache)

    basic_app.connect("source-read", before_reading)
    basic_app.build()
    kinds = {type(cache).__name__ for cache in seen}
    assert kinds == {"dict"}, (
        "Sphinx no longer keeps env._write_doc_doctree_cache as a dict "
        f"(found {kinds}); collector.drop_cached_doctrees does nothing now: "
        "find Sphinx's new way to drop the doctrees read, or remove it"
    )
    # without the tuning, the last page read finds every page read before it
    assert set(seen[-1]) <= basic_app.env.found_docs
    assert len(seen[-1]) == len(seen) - 1, (
        "env._write_doc_doctree_cache no longer holds each doctree read in this build by "
        f"docname (before the last page: {sorted(seen[-1])}); "
        "collector.drop_cached_doctrees must follow"
    )
    assert all(type(doctree).__name__ == "document" for doctree in seen[-1].values())


def test_html_builders_render_through_a_jinja_environment(basic_app: SphinxTestApp) -> None:
    """``builder.templates.environment``: templatecache.py gives it a bytecode cache.

    Sphinx has no public hook for the Jinja environment its templates are
    compiled in; termpages.speed sets ``bytecode_cache`` on it.
    """
    templates = getattr(basic_app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    assert isinstance(environment, jinja2.Environment), (
        "the html builder's templates no longer have a Jinja 'environment' attribute "
        f"(templates: {type(templates).__name__}); templatecache.use_template_cache "
        "silently keeps no cache now"
    )
    assert isinstance(environment.bytecode_cache, jinja2.FileSystemBytecodeCache), (
        "termpages.speed did not reach the Jinja environment Sphinx renders with"
    )
    basic_app.build()
    cache = Path(basic_app.doctreedir) / "termpages-templates"
    assert list(cache.glob("*.cache")), (
        "Sphinx compiled its templates without the Jinja environment's bytecode cache: "
        "it renders through another environment now"
    )


def test_relations_follow_the_recorded_toctree_includes(basic_app: SphinxTestApp) -> None:
    """``env.toctree_includes``: hubs.order_hub_toctrees sorts a hub's list by title.

    Previous/Next are ``env.collect_relations()``, walked from the recorded
    includes; a hub's source lists its terms by file name, as titles are known
    only once pages are read, and Sphinx has no public way to reorder a toctree
    then: swapping two recorded entries must swap them in the relations.
    """
    basic_app.build()
    env = basic_app.env
    includes = env.toctree_includes
    assert isinstance(includes, dict) and all(isinstance(v, list) for v in includes.values()), (
        "env.toctree_includes is no longer a dict of lists: hubs.order_hub_toctrees cannot "
        "sort a hub's terms, and Previous/Next fall back to file-name order"
    )
    hub = next(doc for doc, children in includes.items() if len(children) >= 2 and "categor" in doc)
    first, second = includes[hub][:2]
    assert env.collect_relations()[first][2] == second
    includes[hub][:2] = [second, first]
    assert env.collect_relations()[second][2] == first, (
        "env.collect_relations() no longer follows env.toctree_includes' order: "
        "hubs.order_hub_toctrees must find Sphinx's new source of Previous/Next"
    )


def test_the_builder_comes_from_builder_inited(basic_app: SphinxTestApp) -> None:
    assert current_builder(basic_app.env) is basic_app.builder
    assert builder_format(basic_app.env) == "html"


#: Private or deprecated ways to reach Sphinx's application or builder from the
#: environment (Sphinx 9 deprecates ``env.app``; 11 removes it).
FORBIDDEN = {
    "env.app": re.compile(r"\benv\.app\b|getattr\([\w.]*env, *[\"']app[\"']"),
    "env._app": re.compile(r"\benv\._app\b|[\"']_app[\"']"),
    "_builder_cls": re.compile(r"_builder_cls"),
    # furo's private context key and module: the sidebar comes from a template override
    "furo_navigation_tree": re.compile(r"furo_navigation_tree"),
    "furo.navigation": re.compile(r"\bfuro\.navigation\b|from furo import navigation"),
}


def test_the_extension_uses_no_private_way_to_the_application() -> None:
    found = []
    for path in sorted([*EXTENSIONS.rglob("*.py"), *(REPO / "tests").glob("test_*.py")]):
        if path.name == "test_private_api.py":
            continue
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            where = f"{path.relative_to(REPO)}:{number}"
            found += [f"{where}: {name}" for name, rx in FORBIDDEN.items() if rx.search(line)]
    assert found == [], "private Sphinx or furo API in the extension:\n" + "\n".join(found)
