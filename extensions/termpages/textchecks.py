"""Editorial checks on the writing itself: template headings and passages repeated across pages.

- *Repeated headings*: one H2 wording, with the term's own name taken out ("How
  fine-tuning works" and "How embeddings work" are both "how … work"), on more
  than ``repeated_headings`` (a share) of the term pages is a template, not a
  heading about the term.
- *Near-duplicate text*: a passage (a paragraph of 40 words or more) whose word
  sequences are mostly found on one other term page repeats that page.

Both read what each page holds while it is read (``doctree-read``), keep it in
the domain (so ``-j`` workers and incremental builds have every page's), and
compare all pages once per build. Passages are compared by word shingles
(8-word sequences), hashed and sampled: only the shingles whose hash falls in
one of eight buckets are kept, which keeps the index an eighth of the text's
size while any passage of 40 words still has several samples; at 5,000 terms
the comparison takes a fraction of a second (``make bench`` prints it).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from .config import get_settings
from .domain import get_domain
from .faq import is_faq_section
from .shared import main_section
from .warnings_ import TermWarning, shown, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SHINGLE_WORDS = 8
#: One shingle in SAMPLE_EVERY is kept (chosen by hash, so the same text keeps the same ones).
SAMPLE_EVERY = 8
#: Fewer sampled shingles than this say too little: about 40 words.
MIN_SAMPLES = 4

_WORD = re.compile(r"\w+")
_PARENTHESIS = re.compile(r"\(([^()]*)\)")

#: (heading as written, its line) of each term page's own H2 sections.
Headings = list[tuple[str, int]]
#: (line, sampled shingle hashes) of each passage of a term page.
Passages = list[tuple[int, tuple[int, ...]]]


# ------------------------------------------------------------------ reading


def sampled_shingles(text: str) -> tuple[int, ...]:
    words = _WORD.findall(text.casefold())
    found: dict[int, None] = {}
    for start in range(len(words) - SHINGLE_WORDS + 1):
        digest = zlib.crc32(" ".join(words[start : start + SHINGLE_WORDS]).encode())
        if digest % SAMPLE_EVERY == 0:
            found.setdefault(digest, None)
    return tuple(found)


def writer_sections(document: nodes.document) -> list[nodes.section]:
    """The H2 sections the writer wrote: generated ones (FAQ, related, …) have no source line."""
    body = main_section(document)
    if body is None:
        return []
    return [
        child
        for child in body.children
        if isinstance(child, nodes.section)
        and not is_faq_section(child)
        and child.children
        and isinstance(child[0], nodes.title)
        and child[0].line is not None
    ]


def collect_text(app: Sphinx, document: nodes.document) -> None:
    """What the checks compare, taken from each term page as it is read."""
    env = app.env
    settings = get_settings(env.config)
    checks = settings.checks
    docname = env.docname
    domain = get_domain(env)
    if docname not in domain.terms:
        return
    headings: Headings = []
    if checks.repeated_headings:
        headings = [
            (" ".join(section[0].astext().split()), section[0].line or 0)
            for section in writer_sections(document)
        ]
    passages: Passages = []
    if checks.near_duplicate_text:
        body = main_section(document)
        for paragraph in body.findall(nodes.paragraph) if body is not None else []:
            if paragraph.line is None:
                continue  # generated: definition, lists of other terms, the CTA
            samples = sampled_shingles(paragraph.astext())
            if len(samples) >= MIN_SAMPLES:
                passages.append((paragraph.line, samples))
    domain.note_text(docname, headings, passages)


# ------------------------------------------------------------------ comparing


def heading_key(heading: str, names: Iterable[str]) -> str:
    """The heading's words with the term's own names taken out (a plural ending too).

    Word lists, not regular expressions: thousands of pages each have their own
    names, and compiling a pattern per page costs more than the whole comparison.
    """
    words = _WORD.findall(heading.casefold())
    sequences = sorted(
        {tuple(_WORD.findall(name.casefold())) for name in names} - {()}, key=len, reverse=True
    )
    kept: list[str] = []
    position = 0
    while position < len(words):
        for sequence in sequences:
            end = position + len(sequence)
            if end <= len(words) and _names_at(words, position, sequence):
                position = end
                break
        else:
            kept.append(words[position])
            position += 1
    return " ".join(kept)


def _names_at(words: list[str], position: int, sequence: tuple[str, ...]) -> bool:
    *head, last = sequence
    found = words[position : position + len(sequence)]
    return found[:-1] == head and found[-1] in (last, last + "s", last + "es")


def term_names(title: str, slug: str, aliases: Sequence[str]) -> list[str]:
    names = [title, slug, slug.replace("-", " "), *aliases]
    names.append(_PARENTHESIS.sub("", title))
    names += _PARENTHESIS.findall(title)
    return names


def repeated_headings(
    headings: Mapping[str, Headings], names: Mapping[str, list[str]], share: float
) -> list[tuple[str, int, str, str, int]]:
    """(docname, line, heading, key, pages with that key) for every heading over the share."""
    keyed: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for docname in sorted(headings):
        for heading, line in headings[docname]:
            key = heading_key(heading, names.get(docname, []))
            if key:
                keyed[key].append((docname, line, heading))
    limit = max(1, math.floor(share * len(names)))
    found = []
    for key, places in keyed.items():
        pages = len({docname for docname, _, _ in places})
        if pages > limit:
            found += [(docname, line, heading, key, pages) for docname, line, heading in places]
    return sorted(found)


def near_duplicates(
    passages: Mapping[str, Passages], threshold: float
) -> list[tuple[str, int, str, int, float]]:
    """(docname, line, other docname, other line, share) for passages mostly found elsewhere."""
    index: dict[int, dict[str, int]] = defaultdict(dict)
    for docname in sorted(passages):
        for line, samples in passages[docname]:
            for digest in samples:
                index[digest].setdefault(docname, line)
    found = []
    for docname in sorted(passages):
        for line, samples in passages[docname]:
            elsewhere: Counter[tuple[str, int]] = Counter()
            for digest in samples:
                holders = index[digest]
                if len(holders) > 1:
                    for other, other_line in holders.items():
                        if other != docname:
                            elsewhere[other, other_line] += 1
            if not elsewhere:
                continue
            (other, other_line), count = elsewhere.most_common(1)[0]
            share = count / len(samples)
            if share >= threshold:
                found.append((docname, line, other, other_line, share))
    return found


def check_text(app: Sphinx, env: BuildEnvironment) -> None:
    settings = get_settings(env.config)
    checks = settings.checks
    if not (checks.repeated_headings or checks.near_duplicate_text):
        return
    domain = get_domain(env)
    terms = domain.terms
    if checks.repeated_headings:
        names = {
            docname: term_names(entry.title, entry.slug, entry.aliases)
            for docname, entry in terms.items()
        }
        headings = {d: h for d, h in domain.data["headings"].items() if d in terms}
        for docname, line, heading, key, pages in repeated_headings(
            headings, names, checks.repeated_headings
        ):
            warn(
                TermWarning.REPEATED_HEADING,
                f"heading {shown(heading)} reads {shown(key)} without the term's name, "
                "like headings "
                f"on {pages} of {len(terms)} term pages (more than "
                f"{checks.repeated_headings:.0%}); write a heading about this term",
                (docname, line),
            )
    if checks.near_duplicate_text:
        passages = {d: p for d, p in domain.data["passages"].items() if d in terms}
        for docname, line, other, other_line, share in near_duplicates(
            passages, checks.near_duplicate_text
        ):
            warn(
                TermWarning.NEAR_DUPLICATE,
                f"this passage repeats one on {env.doc2path(other, False)}:{other_line} "
                f"({share:.0%} of its word sequences are there too); say it in this page's "
                "own words, or link to that page",
                (docname, line),
            )


def setup_text_checks(app: Sphinx) -> None:
    app.connect("doctree-read", collect_text)
    # after the domain's own consistency checks, like the other editorial checks
    app.connect("env-check-consistency", check_text, priority=600)
