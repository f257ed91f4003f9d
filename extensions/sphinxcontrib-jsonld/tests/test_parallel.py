"""Nothing is kept between pages, so a parallel build writes exactly what a serial one does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _written(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*.html"))
    }


@pytest.mark.parametrize("testroot", ["site", "blocks"])
def test_parallel_build_equals_serial(
    make_app: Any, rootdir: Path, tmp_path: Path, testroot: str
) -> None:
    outputs = []
    for parallel in (0, 2):
        app = make_app(
            "html",
            srcdir=rootdir / f"test-{testroot}",
            builddir=tmp_path / f"j{parallel}",
            parallel=parallel,
        )
        app.build()
        outputs.append(_written(app.outdir))
    serial, parallel_ = outputs
    assert serial.keys() == parallel_.keys() and len(serial) >= 4
    assert serial == parallel_
    assert all(b"application/ld+json" in page for page in serial.values())
