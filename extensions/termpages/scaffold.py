"""``python -m termpages new-term``: start a term page with every field, from the command line."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from .config import SLUG_PATTERN, settings_of
from .frontmatter import FrontMatterError, TermEntry, read_front_matter, read_source_file
from .lookup import TermIndex
from .placeholders import MARKER
from .warnings_ import shown

_HEADING = re.compile(r"^# (.+)$", re.M)


class ScaffoldError(Exception):
    """A reason not to create the file, worded for the writer."""


def slugify(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.casefold()))


def read_site(confdir: Path) -> dict[str, Any]:
    conf = confdir.resolve() / "conf.py"  # Sphinx runs it from its folder
    if not conf.is_file():
        raise ScaffoldError(f"no conf.py in {confdir}")
    return eval_config_file(conf, Tags())


def existing_terms(paths: list[Path]) -> list[TermEntry]:
    """Slug, title and aliases of every term file, enough to refuse a duplicate."""
    entries = []
    for path in paths:
        text = read_source_file(path) or ""
        try:
            front_matter = read_front_matter(text)
        except FrontMatterError:
            front_matter = None
        data = front_matter.data if front_matter else {}
        aliases = data.get("aliases") or []
        heading = _HEADING.search(text)
        entries.append(
            TermEntry(
                slug=path.stem,
                docname=path.stem,
                title=heading.group(1).strip() if heading else path.stem,
                summary="",
                category=None,
                aliases=[str(a) for a in aliases] if isinstance(aliases, list) else [],
            )
        )
    return entries


def term_source(name: str, category: str, today: datetime.date) -> str:
    # a JSON string is a YAML double-quoted one: a backslash or quote in the name stays itself
    summary = json.dumps(
        f"TODO: {name} is the term this sentence should define, plainly and on its own.",
        ensure_ascii=False,
    )
    # every placeholder starts with the marker that the placeholder check looks for
    return f"""---
category: {category}
# One sentence that defines the term on its own (at most 160 characters).
summary: {summary}
# Other names readers use: abbreviations, spellings, plurals.
aliases: []
# Slugs of 3 to 6 other terms, shown under "Related terms".
related: []
last_updated: {today.isoformat()}
published: {today.isoformat()}
# Stable references for the same concept, e.g. a Wikipedia article.
same_as: []
# Earlier slugs of this term, whose URLs should keep working.
redirect_from: []
# Uncomment to choose another call-to-action variant, or false for none.
# cta: false
---

# {name}

TODO: A short introduction that follows the definition: who uses the term and why it comes up.
Mention other terms with the term role, as in `` {{term}}`RAG` ``.

## TODO: A heading about what {name} is, that only fits this term

TODO: Explain what it is and how it works, in plain words.

## TODO: A heading about why {name} changes AI answers about brands

TODO: Explain what it changes for how AI assistants mention and cite brands.

## TODO: A heading about what a marketer should do

TODO: Say what to do about it, in practice.

::::{{faq}}
:::{{question}} What is {name}?
TODO: Answer the question readers ask most, in two or three sentences.
:::
::::
"""


#: Longest slug made: it is a file name (most file systems stop at 255 bytes) and a URL.
MAX_SLUG_LENGTH = 100


def new_term(
    name: str, category: str, srcdir: Path, confdir: Path, slug: str | None = None
) -> Path:
    """Create the term file; raise ScaffoldError with the reason when it must not be created."""
    name = " ".join(name.split())
    if not name:
        raise ScaffoldError('give the term\'s name, e.g. NAME="Retrieval-Augmented Generation"')
    layout = settings_of(read_site(confdir))
    categories = layout.categories
    if category not in categories:
        known = ", ".join(categories) or "none declared in conf.py"
        raise ScaffoldError(f"unknown category {category!r}; choose one of: {known}")
    slug = slug or slugify(name)
    if not SLUG_PATTERN.match(slug):
        raise ScaffoldError(f"cannot make a slug from {shown(name)}; pass one with --slug")
    if len(slug) > MAX_SLUG_LENGTH:
        raise ScaffoldError(
            f"the slug {shown(slug)} is {len(slug)} characters long, more than a file name "
            f"and a URL should be ({MAX_SLUG_LENGTH}); pass a shorter one with --slug"
        )
    terms_dir = srcdir / layout.terms_dir
    path = srcdir / layout.term_file(slug)
    if path.exists():
        raise ScaffoldError(f"{path} already exists")
    index = TermIndex.build(existing_terms(layout.term_files(srcdir)))
    for candidate in (slug, name):
        match = index.lookup(candidate)
        if match.slugs and not match.how.endswith("singular/plural"):
            raise ScaffoldError(
                f"{candidate!r} is already the {match.how.split(',')[0]} of "
                f"{', '.join(match.slugs)}; edit that page or choose another name"
            )
    terms_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(term_source(name, category, datetime.date.today()), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m termpages")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new-term", help="create a term page with every field")
    new.add_argument("name", help='the term as readers write it, e.g. "Query Fan-Out"')
    new.add_argument("--category", required=True, help="a category id from conf.py")
    new.add_argument("--slug", help="the file name and URL; made from the name by default")
    new.add_argument("--srcdir", type=Path, default=Path("docs"), help="the site's sources")
    new.add_argument("--confdir", type=Path, default=Path("."), help="where conf.py is")
    serve = commands.add_parser(
        "serve",
        help="live preview at the site's public URLs, rebuilt on save",
        usage="%(prog)s [options] [-- SPHINX-BUILD-ARGS ...]",
        epilog="Arguments after -- go to sphinx-build, e.g. -- -W --keep-going.",
    )
    serve.add_argument("--srcdir", type=Path, default=Path("docs"), help="default: %(default)s")
    serve.add_argument("--confdir", type=Path, default=Path("."), help="default: %(default)s")
    serve.add_argument(
        "--outdir", type=Path, default=Path("_build/html"), help="default: %(default)s"
    )
    serve.add_argument(
        "--doctreedir", type=Path, default=Path("_build/doctrees"), help="default: %(default)s"
    )
    serve.add_argument("--host", default="127.0.0.1", help="default: %(default)s")
    serve.add_argument("--port", type=int, default=8000, help="default: %(default)s")
    serve.add_argument("--base-path", help="the site's URL path; default: html_baseurl's path")
    serve.add_argument(
        "--watch", action="append", default=[], help="another folder or file to watch"
    )
    serve.add_argument(
        "--ignore", action="append", default=[], metavar="GLOB", help="changes not to watch"
    )
    serve.add_argument("sphinx_args", nargs="*", help=argparse.SUPPRESS)
    tables = commands.add_parser(
        "docs-tables", help="regenerate the settings and warnings tables of Markdown files"
    )
    tables.add_argument("files", nargs="+", type=Path, help="e.g. README.md")
    tables.add_argument("--check", action="store_true", help="only report out-of-date tables")
    options = parser.parse_args(argv)
    if options.command == "docs-tables":
        from . import doctables

        return doctables.main(options.files, check=options.check)
    if options.command == "serve":
        from . import devserver  # only here: it needs the [site] extra, new-term does not

        return devserver.main(options)
    try:
        path = new_term(
            options.name, options.category, options.srcdir, options.confdir, options.slug
        )
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(
        f"created {path}: replace each {MARKER} placeholder (summary, sections and FAQ), "
        "then run make serve"
    )
    return 0
