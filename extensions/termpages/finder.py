"""The term finder: the search box suggests terms as the reader types, from an index built here.

At the end of each build, from the environment alone (so parallel and
incremental builds write the same files as a clean serial one):

- ``termfinder/index.json``: every term's title, slug, the aliases that
  spell something else, and its URL relative to the site root when it is not
  the common pattern; plus the labels the script announces;
- ``termfinder/s<N>.json``: the summaries, in fixed-size shards in index
  order, fetched only when a suggestion list shows one of their terms.

``termfinder.js`` (loaded ``defer``) does nothing until a search box is first
focused or typed into; the search form still goes to Sphinx's search page.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .config import get_settings
from .domain import get_domain
from .seo import is_html_site_builder
from .shared import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .config import Labels
    from .frontmatter import TermEntry

#: The folder of the index and its shards, in the output folder.
FOLDER = "termfinder"
INDEX = "index.json"
#: Summaries per shard: a suggestion list needs a few shards of a few kilobytes each.
SHARD_SIZE = 64
_SHARD = re.compile(r"^s\d+\.json$")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """What termfinder.js compares: no accents, no case, nothing but letters and digits."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NOT_ALPHANUMERIC.sub("", plain)


def distinct_aliases(entry: TermEntry) -> list[str]:
    """The aliases that match something the title and slug do not ("LLM", not "fine tuning")."""
    seen = {match_key(entry.title), match_key(entry.slug)}
    kept = []
    for alias in entry.aliases:
        key = match_key(alias)
        if key and key not in seen:
            seen.add(key)
            kept.append(alias)
    return kept


def url_pattern(uris: list[tuple[str, str]]) -> tuple[str, str]:
    """The (prefix, suffix) around the slug that most URLs share, so the index omits them."""
    counts: dict[tuple[str, str], int] = {}
    for slug, uri in uris:
        head, found, tail = uri.rpartition(slug)
        if found:
            counts[head, tail] = counts.get((head, tail), 0) + 1
    if not counts:
        return "", ""
    return max(sorted(counts), key=lambda pattern: counts[pattern])


def finder_files(app: Sphinx) -> dict[str, str]:
    """File name (in ``termfinder/``) -> JSON text: the index and its summary shards."""
    entries = get_domain(app.env).sorted_terms()
    uris = [app.builder.get_target_uri(entry.docname) for entry in entries]
    return finder_index(entries, uris, get_settings(app.config).labels)


def finder_index(entries: list[TermEntry], uris: list[str], labels: Labels) -> dict[str, str]:
    """The files for ``entries`` in reading order, with their URLs relative to the site root."""
    prefix, suffix = url_pattern(list(zip((entry.slug for entry in entries), uris, strict=True)))
    terms: list[list[Any]] = []
    for entry, uri in zip(entries, uris, strict=True):
        slug = entry.slug
        row: list[Any] = [entry.title, slug]
        aliases = distinct_aliases(entry)
        if uri != prefix + slug + suffix:
            row += [aliases, uri]
        elif aliases:
            row.append(aliases)
        terms.append(row)
    shards = {
        f"s{number}.json": dumps([entry.summary for entry in entries[start : start + SHARD_SIZE]])
        for number, start in enumerate(range(0, len(entries), SHARD_SIZE))
    }
    version = hashlib.sha256("".join(shards.values()).encode("utf-8")).hexdigest()[:12]
    index = {
        # the shards' version: a page never shows one build's summaries under another's titles
        "v": version,
        "n": SHARD_SIZE,
        "u": [prefix, suffix],
        "l": {
            "list": labels.finder_list,
            "one": labels.finder_count_one,
            "many": labels.finder_count_many,
            "none": labels.finder_none,
        },
        "t": terms,
    }
    return {INDEX: dumps(index), **shards}


def dumps(data: Any) -> str:
    """Compact JSON; ``<``, ``>`` and ``&`` escaped, so the text is safe wherever it is pasted."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_finder_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html_site_builder(app):
        return
    folder = Path(app.outdir) / FOLDER
    files = finder_files(app) if get_settings(app.config).term_finder else {}
    if not files and not folder.is_dir():
        return
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        write_if_changed(folder / name, text)
    # the shards of terms a smaller glossary no longer has; all of it once the finder is off
    for stale in folder.iterdir():
        if (stale.name == INDEX or _SHARD.match(stale.name)) and stale.name not in files:
            stale.unlink()
    if not files and not any(folder.iterdir()):
        folder.rmdir()


def uses_finder(app: Sphinx) -> bool:
    return is_html_site_builder(app) and get_settings(app.config).term_finder


def add_finder_script(app: Sphinx) -> None:
    if uses_finder(app):
        app.add_css_file("termfinder.css")
        app.add_js_file("termfinder.js", loading_method="defer")


def setup_finder(app: Sphinx) -> None:
    app.connect("builder-inited", add_finder_script)
    app.connect("build-finished", write_finder_index)
