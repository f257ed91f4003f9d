"""Record what the real site publishes, so a refactor can prove it changed nothing.

``make snapshot`` builds the site and writes every page and text export into
tests/data/site-snapshot.json.xz; tests/test_snapshot.py builds the site again and
compares file by file. Run it after a change that is meant to alter the output
(new content, a new feature), and read the diff of the snapshot in review.
"""

from __future__ import annotations

import argparse
import json
import lzma
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "site-snapshot.json.xz"

#: What readers and crawlers get as text: pages, Markdown twins and the exports.
SUFFIXES = (".html", ".md", ".txt", ".json", ".xml")


def published_text(outdir: Path) -> dict[str, str]:
    """Every text file of a build by its path in the output; Sphinx's own assets left out."""
    return {
        path.relative_to(outdir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
        and path.suffix in SUFFIXES
        and path.relative_to(outdir).parts[0] not in ("_static", "_sources")
    }


def read_snapshot(path: Path = SNAPSHOT) -> dict[str, str]:
    with lzma.open(path, "rt", encoding="utf-8") as stream:
        data = json.load(stream)
    assert isinstance(data, dict)
    return data


def write_snapshot(outdir: Path, path: Path = SNAPSHOT) -> int:
    files = published_text(outdir)
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as stream:
        json.dump(files, stream, ensure_ascii=False, sort_keys=True, indent=0)
    return len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="a build of the real site (make html)")
    args = parser.parse_args()
    count = write_snapshot(args.outdir)
    print(f"{count} files recorded in {SNAPSHOT.name}")


if __name__ == "__main__":
    main()
