"""Garbage collection shaped for big builds.

Python's cycle collector runs a full collection whenever the objects that
survived earlier collections have grown by a quarter, and every full
collection walks every tracked object. A Sphinx build is one large,
long-lived object graph: the environment (every page's table of contents,
titles, index entries and this extension's data) and, in a serial build,
every doctree read in this build, which Sphinx keeps in memory until the
page is written. Measured on this project's benchmark before this module
existed: at 1,000 terms the collector took 7 s of a 26 s full build (17
full walks), and about 0.5 s of a 1.5 s rebuild after a one-page edit,
spent while the pickled environment loaded and while the interpreter shut
down.

So, from ``config-inited`` to ``build-finished``:

- automatic collection is paused while Sphinx loads the pickled
  environment, which only creates objects that stay alive; the pause ends
  as the html builder starts (termpages' builder says so), or at
  ``builder-inited`` for other builders;
- what exists then, and again once the other extensions have set the
  builder up (modules, configuration, the environment, the theme), is
  frozen with ``gc.freeze()``: never walked again;
- a serial build's in-memory copy of each doctree is dropped when the next
  page starts being read; Sphinx reloads it from the doctree file it has
  just written when the page is written, so at most one doctree is held;
- every 50 pages read or written, what was built so far (the environment
  growing, the search index) is collected and frozen, so that later walks
  skip it;
- once every page has been read, one collection clears what reading left
  behind and the complete environment is frozen too, so writing pages only
  walks what writing creates;
- in ``-j N`` builds, each forked worker freezes what it inherited as it
  starts, and the main process, which resolves every page for the writing
  workers well ahead of them, freezes the resolved doctrees every 50 pages
  instead of walking them all again in every full collection;
- when the build ends, one collection finalizes the garbage the build left
  outside the frozen objects (cheap: it does not walk them), then
  everything is unfrozen and the collector is put back as it was, so a
  process that runs many builds (a test suite) frees each one. A process
  that had frozen objects of its own before the build is left alone: only
  the pause and the doctree cache apply then;
- when the process exits, what it holds is frozen again, after collecting
  only what was created since the build ended: otherwise the interpreter
  walks the whole environment again, more than once, while it shuts down,
  which took a third of a one-page rebuild. A full collection at that
  point costs the same walk (0.12 s of a 1 s rebuild at 1,000 terms), so
  none runs; what it would free is the build's own data (doctrees, parser
  state), which holds no open file, and the process is ending anyway.

Sphinx's output does not depend on any of this; ``termpages_gc_tuning =
False`` switches it off.
"""

from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .config import get_settings
from .urls import BUILDER_STARTING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


@dataclass
class CollectorState:
    """How the collector was before the build; None while no build is tuned."""

    was_enabled: bool
    may_freeze: bool
    pages_since_freeze: int = 0
    paused: bool = True
    #: the process that started the build, and the one this state now lives in
    #: (a worker that ``-j N`` forked has a copy of it)
    main_process_id: int = 0
    process_id: int = 0


_state: CollectorState | None = None

#: Pages read or written between two freezes. Whatever of the page in hand
#: is still referenced when a freeze happens (MyST's last renderer holds its
#: document) stays frozen until the build ends, so freezing at every page
#: would keep every page's parse; every 50th keeps 2% of them.
PAGES_PER_FREEZE = 50
#: freeze_at_exit once registered with atexit, never twice
_exit_hooks: list[Callable[[], None]] = []


def pause_while_loading(app: Sphinx, config: Config) -> None:
    global _state
    restore_collector()  # a build that never finished (failed start) gives way
    if not get_settings(config).gc_tuning:
        return
    _state = CollectorState(
        was_enabled=gc.isenabled(),
        may_freeze=gc.get_freeze_count() == 0,
        main_process_id=os.getpid(),
        process_id=os.getpid(),
    )
    if freeze_at_exit not in _exit_hooks:
        _exit_hooks.append(freeze_at_exit)
        atexit.register(freeze_at_exit)
    gc.disable()


def end_loading_pause(app: Sphinx) -> None:
    """End the pause as the builder starts, right after Sphinx loaded the environment.

    Before the builder's own set-up, not after it: if the builder fails to
    start (a missing theme, say), no build follows to restore the collector,
    and the process must not be left without it. Sphinx has no event there;
    termpages' html builder emits one. Other builders end the pause at
    ``builder-inited``: if one of those fails to start, the collector stays
    paused until the next build in the process starts or the process exits.
    """
    if _state is not None and _state.paused:
        _state.paused = False
        if _state.may_freeze:
            gc.freeze()  # the loaded environment, before any collection walks it
        if _state.was_enabled:
            gc.enable()


def freeze_loaded_objects(app: Sphinx) -> None:
    if _state is not None and _state.may_freeze:
        gc.freeze()


def drop_cached_doctrees(env: BuildEnvironment) -> None:
    # Sphinx keeps every doctree read in this build in a private dict and offers no
    # public way to let go of them; tests/test_private_api.py fails if that changes.
    cache = getattr(env, "_write_doc_doctree_cache", None)
    if type(cache) is dict:
        cache.clear()


def count_page(state: CollectorState) -> None:
    state.pages_since_freeze += 1
    if state.may_freeze and state.pages_since_freeze >= PAGES_PER_FREEZE:
        state.pages_since_freeze = 0
        gc.collect()  # walks only what the last pages created: the rest is frozen
        gc.freeze()


def before_reading_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    if _state is not None:
        drop_cached_doctrees(env)
        count_page(_state)


def adopt_forked_worker(app: Sphinx, *args: object) -> None:
    """In a worker that ``-j N`` forked to read or write pages, freeze what it inherited.

    The worker holds a copy of everything the main process held, including
    the resolved doctrees waiting for other workers; collections in the
    worker would walk all of it, and touching it copies its memory pages.
    Freezing only relinks the collector's lists, so it costs nothing.
    """
    if _state is not None and _state.process_id != os.getpid():
        _state.process_id = os.getpid()
        _state.pages_since_freeze = 0
        if _state.may_freeze:
            gc.freeze()


def after_writing_page(app: Sphinx, *args: object) -> None:
    if _state is not None:
        count_page(_state)


def after_resolving_for_workers(app: Sphinx, *args: object) -> None:
    """In ``-j N`` writing, the main process resolves every page and hands it to a worker.

    On two cores it resolves far ahead of the one writing worker, so the
    resolved doctrees pile up in it, and every full collection walked all
    of them again (2.6 s of a 20 s build at 1,000 terms). They join the
    frozen objects as they come, like the pages of a serial build. They are
    then held until the build ends; as most are alive at once anyway, the
    peak memory of such a build grows little (320 MB against 265 MB).
    """
    writing_in_workers = getattr(app.builder, "parallel_ok", False)
    if _state is not None and writing_in_workers and os.getpid() == _state.main_process_id:
        count_page(_state)


def freeze_environment(app: Sphinx, env: BuildEnvironment) -> None:
    if _state is None:
        return
    drop_cached_doctrees(env)
    if _state.may_freeze:
        gc.collect()
        gc.freeze()


def restore_collector(*args: object) -> None:
    global _state
    if _state is None:
        return
    if _state.may_freeze:
        gc.collect()  # walks only what is not frozen: garbage with finalizers is finalized
        gc.unfreeze()
    if _state.was_enabled:
        gc.enable()
    _state = None


def freeze_at_exit() -> None:
    """Let the interpreter skip walking and freeing the last build's objects at exit."""
    gc.collect(1)  # only the young generations: what was created after the build ended
    gc.freeze()


def setup_collector(app: Sphinx) -> None:
    app.connect("config-inited", pause_while_loading, priority=900)
    app.connect(BUILDER_STARTING, end_loading_pause)
    app.connect("builder-inited", end_loading_pause, priority=1)
    app.connect("builder-inited", freeze_loaded_objects, priority=900)
    app.connect("env-purge-doc", before_reading_page)
    # after every other handler, so that what they build is frozen too
    app.connect("env-updated", freeze_environment, priority=900)
    app.connect("source-read", adopt_forked_worker, priority=1)
    app.connect("html-page-context", adopt_forked_worker, priority=1)
    app.connect("html-page-context", after_writing_page, priority=900)
    app.connect("doctree-resolved", after_resolving_for_workers, priority=900)
    app.connect("build-finished", restore_collector, priority=900)
