"""Shared fixtures: Sphinx's own test fixtures, plus a builder for small one-off sites."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
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
