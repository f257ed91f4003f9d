"""The real site publishes exactly what the snapshot recorded: refactors change no output.

When a change is meant to alter the output, `make snapshot` records the new
output, and the snapshot's diff shows the change in review.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
from site_snapshot import published_text, read_snapshot


def test_every_published_file_is_as_recorded(real_site_dir: Path) -> None:
    recorded = read_snapshot()
    built = published_text(real_site_dir)
    assert sorted(built) == sorted(recorded), "files added or gone; run `make snapshot`"
    changed = [name for name in sorted(built) if built[name] != recorded[name]]
    diffs = [
        "".join(
            list(
                difflib.unified_diff(
                    recorded[name].splitlines(keepends=True),
                    built[name].splitlines(keepends=True),
                    f"recorded/{name}",
                    f"built/{name}",
                    n=1,
                )
            )[:40]
        )
        for name in changed[:3]
    ]
    assert not changed, (
        f"{len(changed)} files differ from the snapshot (if intended, run `make snapshot`):\n"
        + "\n".join(diffs)
    )


def test_the_snapshot_holds_every_kind_of_output() -> None:
    recorded = read_snapshot()
    for name in (
        "index.html",
        "fine-tuning.html",
        "fine-tuning.md",
        "llms.txt",
        "llms-full.txt",
        "glossary.json",
        "sitemap.xml",
        "404.html",
    ):
        assert name in recorded, name
    assert sum(name.endswith(".html") for name in recorded) > 100
