"""The build-speed machinery: garbage-collection tuning and the compiled-template cache.

Neither may change the output, and the collector must be left as it was
found, since test suites and other tools run many builds in one process.
"""

from __future__ import annotations

import gc
import itertools
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.errors import ThemeError

from conftest import REPO, ROOTS, build, html_files
from termpages import collector

#: A probe extension that records, while the site builds, what the collector
#: and Sphinx's doctree cache look like.
PROBE = """
import gc
import itertools

RECORD = {
    "cached_at_read": [], "frozen_at_read": [], "enabled_at_read": [],
    "frozen_at_write": [], "enabled_at_write": [],
    "finalized": [], "finalized_when_build_ended": [],
}


class Finalized:
    def __del__(self):
        RECORD["finalized"].append(True)


def at_read(app, docname, source):
    RECORD["cached_at_read"].append(len(app.env._write_doc_doctree_cache))
    RECORD["frozen_at_read"].append(gc.get_freeze_count())
    RECORD["enabled_at_read"].append(gc.isenabled())


def at_write(app, pagename, templatename, context, doctree):
    RECORD["frozen_at_write"].append(gc.get_freeze_count())
    RECORD["enabled_at_write"].append(gc.isenabled())


def leave_garbage_with_a_finalizer(app, exception):
    cycle = Finalized()
    cycle.itself = cycle


def check_finalized(app, exception):
    RECORD["finalized_when_build_ended"].append(bool(RECORD["finalized"]))


def setup(app):
    app.connect("source-read", at_read)
    app.connect("html-page-context", at_write)
    # around termpages' own build-finished handler (priority 900)
    app.connect("build-finished", leave_garbage_with_a_finalizer, priority=899)
    app.connect("build-finished", check_finalized, priority=901)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def site_with_probe(tmp_path: Path, probe: str) -> Path:
    """The basic test site, with ``probe`` as its extension ``gc_probe``."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (srcdir / "gc_probe.py").write_text(probe)
    conf = srcdir / "conf.py"
    conf.write_text(
        "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent))\n"
        + conf.read_text()
        + '\nextensions.append("gc_probe")\n'
    )
    return srcdir


@pytest.fixture
def probed_site(tmp_path: Path) -> Iterator[Path]:
    yield site_with_probe(tmp_path, PROBE)
    sys.modules.pop("gc_probe", None)


def probe_record() -> dict[str, list[Any]]:
    record: dict[str, list[Any]] = sys.modules["gc_probe"].RECORD
    return record


def collector_state() -> tuple[bool, int, tuple[int, int, int]]:
    return gc.isenabled(), gc.get_freeze_count(), gc.get_threshold()


def test_tuned_build_freezes_while_writing_and_restores_the_collector(probed_site: Path) -> None:
    before = collector_state()
    assert before[:2] == (True, 0)
    site = build(probed_site, freshenv=True)
    assert site.warning_lines() == []
    record = probe_record()
    # every page read found Sphinx's doctree cache emptied of the page before it
    assert len(record["cached_at_read"]) >= 5
    assert set(record["cached_at_read"]) == {0}
    # pages were written with the environment frozen and collection running
    assert all(count > 0 for count in record["frozen_at_write"])
    assert all(record["enabled_at_write"])
    # garbage left when the build ends is finalized then, not at some later collection
    assert record["finalized_when_build_ended"] == [True]
    assert collector_state() == before


def test_reading_and_writing_freeze_as_they_go(
    probed_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "PAGES_PER_FREEZE", 2)
    build(probed_site, freshenv=True)
    record = probe_record()
    # what reading builds joins the frozen objects every other page, and so
    # does what writing builds
    for counts in (record["frozen_at_read"], record["frozen_at_write"]):
        rises = sum(later > earlier for earlier, later in itertools.pairwise(counts))
        assert rises >= len(counts) // 2 - 1, counts


#: A probe for ``-j 2`` builds: forked workers cannot hand a record back in
#: memory, so every process appends what it sees to one file.
WORKER_PROBE = """
import gc, json, os


def record(app, phase):
    line = {"pid": os.getpid(), "phase": phase, "frozen": gc.get_freeze_count()}
    with open(os.path.join(str(app.srcdir), os.pardir, "gc_probe.jsonl"), "a") as out:
        out.write(json.dumps(line) + "\\n")


def setup(app):
    app.connect("env-before-read-docs", lambda app, *args: record(app, "start"))
    # just after termpages' own handlers at priority 1 and 900
    app.connect("source-read", lambda app, *args: record(app, "read"), priority=2)
    app.connect("html-page-context", lambda app, *args: record(app, "write"), priority=2)
    app.connect("doctree-resolved", lambda app, *args: record(app, "resolve"), priority=901)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def parallel_probe_records(tmp_path: Path) -> list[dict[str, Any]]:
    srcdir = site_with_probe(tmp_path, WORKER_PROBE)
    for name in ("delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"):
        (srcdir / "terms" / f"{name}.md").write_text(
            f"---\ncategory: cat-two\nsummary: {name.title()} is filler.\n---\n\n"
            f"# {name.title()}\n\nText.\n"
        )
    try:
        site = build(srcdir, parallel=2, freshenv=True)
    finally:
        sys.modules.pop("gc_probe", None)
    assert site.warning_lines() == []
    lines = (tmp_path / "gc_probe.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        record["main"] = record["pid"] == os.getpid()
    return records


def test_forked_workers_freeze_what_they_inherit(tmp_path: Path) -> None:
    records = parallel_probe_records(tmp_path)
    workers = {record["pid"] for record in records if not record["main"]}
    assert len(workers) >= 3  # pages were read and written in workers
    for pid in workers:
        first = records.index(next(r for r in records if r["pid"] == pid))
        # the main process's last word before this worker's first page
        main_before = next(r for r in reversed(records[:first]) if r["main"])
        # whatever the worker inherited unfrozen was frozen as it started
        assert records[first]["frozen"] > main_before["frozen"], records[first]


def test_main_process_freezes_pages_it_resolves_for_writing_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collector, "PAGES_PER_FREEZE", 2)
    records = parallel_probe_records(tmp_path)
    resolved = [r["frozen"] for r in records if r["main"] and r["phase"] == "resolve"]
    assert len(resolved) >= 8
    # what resolving builds joins the frozen objects every other page
    rises = sum(later > earlier for earlier, later in itertools.pairwise(resolved))
    assert rises >= len(resolved) // 2 - 1, resolved


def test_a_build_that_fails_to_start_leaves_the_collector_running(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    build(srcdir)  # a saved environment to load, as in a rebuild
    with pytest.raises(ThemeError):
        build(srcdir, confoverrides={"html_theme": "no-such-theme"})
    assert gc.isenabled()
    # what the failed start loaded stays frozen until the next build gives it back
    build(srcdir)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("buildername", ["html", "text"])
def test_the_pause_ends_before_the_first_page_is_read(probed_site: Path, buildername: str) -> None:
    # termpages' html builder ends it as it starts; other builders at builder-inited
    build(probed_site, buildername, freshenv=True)
    record = probe_record()
    assert record["enabled_at_read"] and all(record["enabled_at_read"])
    assert record["frozen_at_read"][0] > 0


def test_untuned_build_leaves_the_collector_and_the_doctree_cache_alone(
    probed_site: Path,
) -> None:
    site = build(probed_site, freshenv=True, confoverrides={"termpages_gc_tuning": False})
    assert site.warning_lines() == []
    record = probe_record()
    assert max(record["cached_at_read"]) >= 4  # Sphinx keeps every doctree read so far
    assert set(record["frozen_at_write"]) == {0}


def test_objects_the_process_froze_itself_stay_frozen(probed_site: Path) -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        build(probed_site, freshenv=True)
        record = probe_record()
        # nothing of the build was frozen on top, and nothing was unfrozen after it
        assert max(record["frozen_at_write"]) <= frozen
        assert gc.get_freeze_count() > 0
        assert set(record["cached_at_read"]) == {0}  # the doctree cache is still dropped
    finally:
        gc.unfreeze()


def test_tuning_and_template_cache_do_not_change_the_output(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    tuned = build(srcdir, outname="tuned", freshenv=True)
    plain = build(
        srcdir,
        outname="plain",
        freshenv=True,
        confoverrides={"termpages_gc_tuning": False, "termpages_template_cache": False},
    )
    assert tuned.warning_lines() == [] and plain.warning_lines() == []
    assert html_files(tuned.outdir) == html_files(plain.outdir)
    for name in ("glossary.json", "llms-full.txt", "terms/alpha.html.md"):
        assert (tuned.outdir / name).read_text() == (plain.outdir / name).read_text()


def test_the_process_exits_with_the_last_build_frozen(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    # an exit hook registered before the build runs after termpages' own (atexit is LIFO)
    script = textwrap.dedent(
        f"""
        import atexit, gc, sys
        atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
        from sphinx.cmd.build import main
        code = main(["-q", "-b", "html", {str(srcdir)!r}, {str(tmp_path / "out")!r}])
        print("frozen after build:", gc.get_freeze_count())
        sys.exit(code)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ") for line in result.stdout.splitlines())
    assert lines["frozen after build"] == "0"
    assert int(lines["frozen at exit"]) > 10_000


def test_compiled_templates_are_kept_and_follow_template_edits(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    (srcdir / "_templates").mkdir()
    page = srcdir / "_templates" / "page.html"
    page.write_text(
        '{% extends "!page.html" %}{% block content %}FIRST {{ super() }}{% endblock %}'
    )
    with (srcdir / "conf.py").open("a") as conf:
        conf.write('\ntemplates_path = ["_templates"]\n')
    first = build(srcdir)
    cache = first.outdir.parent / "doctrees" / "termpages-templates"
    assert len(list(cache.glob("*.cache"))) >= 5
    assert "FIRST" in first.text("terms/alpha.html")

    page.write_text(page.read_text().replace("FIRST", "SECOND"))
    second = build(srcdir)
    assert "SECOND" in second.text("terms/alpha.html")
    assert "FIRST" not in second.text("terms/alpha.html")


def test_template_cache_can_be_switched_off(tmp_path: Path) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-basic", srcdir)
    site = build(srcdir, confoverrides={"termpages_template_cache": False})
    assert not (site.outdir.parent / "doctrees" / "termpages-templates").exists()
