"""Build-speed benchmark: our glossary against stock Sphinx + MyST + furo, side by side.

For each size N it generates two equivalent corpora (same words, headings,
FAQ questions, related and inline links, five categories):

- ours:  one termpages file per term (front matter, {term} references, FAQ
         directive), built with the site's configuration;
- plain: the same pages as plain MyST with Markdown links, built with stock
         furo ("stock") and with furo's navigation tree switched off
         ("floor": the cost Sphinx + MyST + furo's templates set).

Builds alternate (stock, floor, ours, ...) and each is a fresh subprocess; the
table gives median seconds, per-term milliseconds, ratios, peak RSS, the size
of a built term page, an incremental rebuild after editing one term's body
(the median of ``--edits`` such rebuilds, with the number of pages Sphinx
rewrote) and a ``-j 2`` build.

The skewed corpus (``--corpus skewed``; ``both``, the default, runs the uniform one
too) is shaped like a real glossary: mentions drawn from Zipf's law, 3–40 a page, pages
of varied length with tables, code, admonitions and cards, 12 categories of uneven size,
abbreviations and plurals as aliases. For each size and corpus a page-weight table gives
the heaviest built file of each kind (found by walking the output) against the floor's,
and a targets table the figures the glossary aims at, on the largest size.

    python benchmarks/bench.py                 # N = 250, 1000, 5000, both corpora
    python benchmarks/bench.py --corpus skewed --sizes 250
    python benchmarks/bench.py --sizes 250 --repeat 3
    python benchmarks/bench.py --sizes 1000 --social-cards   # what the preview images add
    python benchmarks/bench.py --sizes --preview-sizes 40 1000   # the preview server only

The preview table (``--preview-sizes``, default 40 and 1000 terms) runs ``python -m
termpages serve`` on our corpus, opens a term page in Chromium and measures save to
visible: from writing the file until the open page shows the edit. A body edit is
watched on the edited page; a summary edit on a page that shows the summary (a term
that links to it). "rebuild" is what the server reports for the build alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import itertools
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CATEGORIES = ["how-llms-work", "ai-search", "geo", "measurement", "content"]
WORDS = [
    *[
        "model",
        "answer",
        "brand",
        "search",
        "engine",
        "assistant",
        "citation",
        "source",
        "content",
        "signal",
    ],
    *[
        "query",
        "ranking",
        "training",
        "data",
        "retrieval",
        "summary",
        "context",
        "window",
        "token",
        "embedding",
    ],
    *[
        "vector",
        "visibility",
        "mention",
        "authority",
        "entity",
        "schema",
        "crawler",
        "index",
        "prompt",
    ],
    *[
        "response",
        "user",
        "market",
        "product",
        "review",
        "trust",
        "page",
        "link",
        "result",
        "topic",
        "coverage",
    ],
    *["metric", "score", "share"],
]

# Stock furo is quadratic: about 14 minutes at 1,000 terms on two cores (see
# the performance notes), hours at 5,000. It is measured up to this size.
STOCK_MAX_DEFAULT = 250

FLOOR_EXTENSION = '''
"""Benchmark device: furo without its navigation tree (the floor the notes describe)."""
import furo


def setup(app):
    furo._compute_navigation_tree = lambda context: ""
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


@dataclass
class Term:
    index: int
    slug: str
    title: str
    category: str
    summary: str
    related: list[int] = field(default_factory=list)
    inline: list[int] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    faq: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    # the spellings other pages use when they mention this term (abbreviation, plural)
    spellings: list[str] = field(default_factory=list)
    # at most this many inline links in one paragraph, at words 4, 12, 20, ...
    per_paragraph: int = 2
    # bodies of other shapes after the sections: tables, code, admonitions, cards
    blocks: list[str] = field(default_factory=list)


def make_terms(count: int, seed: int = 7) -> list[Term]:
    rng = random.Random(seed)
    terms = []
    for index in range(count):
        term = Term(
            index=index,
            slug=f"term-{index:05d}",
            title=f"Term {index:05d} {rng.choice(WORDS).title()}",
            category=CATEGORIES[index % len(CATEGORIES)],
            summary=sentence(rng, 16),
            aliases=[f"alias {index:05d}"],
        )
        others = [i for i in rng.sample(range(count), min(count, 14)) if i != index]
        term.related, term.inline = others[:5], others[5:13]
        # about 500 words: a lede, three sections of two paragraphs, three FAQ pairs
        # headings of their own, as the site's checks ask (repeated_headings)
        term.sections = [
            (sentence(rng, 5)[:-1], [paragraph(rng, 3), paragraph(rng, 3)]) for n in (1, 2, 3)
        ]
        term.faq = [(f"Question {n} about {term.title}?", paragraph(rng, 2)) for n in (1, 2, 3)]
        terms.append(term)
    return terms


def section_lines(
    term: Term, terms: list[Term], link: Callable[[Term, str | None], str]
) -> list[str]:
    """The sections, with the term's inline links written by ``link`` (target, spelling)."""
    inline = iter(term.inline)
    lines: list[str] = []
    for heading, paragraphs in term.sections:
        lines += [f"## {heading}", ""]
        for text in paragraphs:
            words = text.split(" ")
            for position in range(4, len(words), 8)[: term.per_paragraph]:
                target = next(inline, None)
                if target is not None:
                    words[position] = link(terms[target], spelling(term, terms[target]))
            lines += [" ".join(words), ""]
    return lines + term.blocks


def spelling(term: Term, target: Term) -> str | None:
    """How ``term`` mentions ``target``: now and then by an abbreviation or a plural."""
    if not target.spellings or (term.index + target.index) % 3:
        return None
    return target.spellings[(term.index + target.index) % len(target.spellings)]


# The skewed corpus: what real glossaries look like. A handful of terms are mentioned
# from most pages (mentions follow Zipf's law over a popularity rank), pages run from a
# short section to seven, some carry tables, code, admonitions or cards, a dozen
# categories differ in size, and terms have abbreviations and plurals as aliases.
SKEWED_CATEGORIES = [
    "how-llms-work", "ai-search", "geo", "measurement", "content", "platforms",
    "technical", "brand", "retrieval", "training", "privacy", "commerce",
]  # fmt: skip
# the share of terms in each category, largest first
CATEGORY_WEIGHTS = [22, 16, 12, 10, 8, 7, 6, 5, 5, 4, 3, 2]
# the most-mentioned terms, by rank, as real glossaries have them
HEAD_TERMS = [
    "Large Language Model", "AI Search", "Generative Engine Optimization",
    "Retrieval Augmented Generation", "Answer Engine", "Knowledge Graph",
]  # fmt: skip
ZIPF_EXPONENT = 1.0
MENTIONS = (3, 40)
LINKS_PER_PARAGRAPH = 3


def zipf_sample(rng: random.Random, cumulative: list[float], count: int, avoid: int) -> list[int]:
    """``count`` distinct ranks drawn by Zipf weight, never ``avoid``, in drawing order."""
    chosen: dict[int, None] = {}
    for _ in range(40):
        for rank in rng.choices(range(len(cumulative)), cum_weights=cumulative, k=2 * count):
            if rank != avoid:
                chosen.setdefault(rank)
        if len(chosen) >= count:
            return list(chosen)[:count]
    # a tiny corpus: the light tail is seldom drawn, so fill it uniformly
    rest = [r for r in range(len(cumulative)) if r != avoid and r not in chosen]
    return [*chosen, *rng.sample(rest, count - len(chosen))]


def skewed_title(rng: random.Random, rank: int, taken: set[str]) -> str:
    if rank < len(HEAD_TERMS):
        return HEAD_TERMS[rank]
    while True:
        title = " ".join(rng.choice(WORDS).title() for _ in range(rng.choice((2, 3, 3, 4))))
        if title.casefold() not in taken:
            return title


def skewed_blocks(rng: random.Random, index: int) -> list[str]:
    """Now and then a table, a code block, an admonition or a grid of cards."""
    blocks: list[str] = []
    if rng.random() < 0.25:
        rows = [f"| {rng.choice(WORDS)} | {sentence(rng, 6)} | {rng.randint(1, 99)} |"
                for _ in range(rng.randint(3, 12))]  # fmt: skip
        blocks += ["| Name | What it means | Score |", "|---|---|---:|", *rows, ""]
    if rng.random() < 0.2:
        code = [f"{rng.choice(WORDS)}_{n} = score({rng.choice(WORDS)!r}, {n})"
                for n in range(rng.randint(2, 10))]  # fmt: skip
        blocks += ["```python", *code, "```", ""]
    if rng.random() < 0.2:
        kind = rng.choice(("note", "tip", "warning"))
        blocks += [f"```{{{kind}}}", paragraph(rng, 2), "```", ""]
    if rng.random() < 0.1:
        cards = []
        for n in range(rng.randint(2, 4)):
            cards += [f":::{{grid-item-card}} Card {n + 1} of term {index}", sentence(rng), ":::"]
        blocks += ["::::{grid} 2", *cards, "::::", ""]
    return blocks


def make_skewed_terms(count: int, seed: int = 11) -> list[Term]:
    """Terms of the skewed corpus; ``terms[i]`` has popularity rank ``i`` (0 is mentioned most)."""
    rng = random.Random(seed)
    cumulative = list(itertools.accumulate(1 / (r + 1) ** ZIPF_EXPONENT for r in range(count)))
    taken: set[str] = set()  # every title, slug and alias, casefolded: no two terms share one
    order = list(range(len(SKEWED_CATEGORIES)))  # every category has a term, then by weight
    terms = []
    for index in range(count):
        title = skewed_title(rng, index, taken)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        category = SKEWED_CATEGORIES[
            order[index] if index < len(order) else rng.choices(order, CATEGORY_WEIGHTS)[0]
        ]
        plural = title + "s"
        abbreviation = "".join(word[0] for word in title.split()).upper()
        taken |= {title.casefold(), slug}
        aliases = [a for a in (abbreviation, plural) if a.casefold() not in taken]
        taken |= {a.casefold() for a in aliases}
        mentions = min(count - 1, round(MENTIONS[0] * (MENTIONS[1] / MENTIONS[0]) ** rng.random()))
        # enough paragraphs to hold the mentions, and some pages longer than that
        paragraphs = max(1, -(-mentions // LINKS_PER_PARAGRAPH)) + rng.choice((0, 0, 1, 2, 4))
        headings = [sentence(rng, 5)[:-1] for _ in range(-(-paragraphs // 2))]
        texts = [paragraph(rng, rng.choice((3, 4))) for _ in range(paragraphs)]
        term = Term(
            index=index,
            slug=slug,
            title=title,
            category=category,
            summary=sentence(rng, rng.randint(8, 24)),
            aliases=aliases,
            spellings=aliases,
            per_paragraph=LINKS_PER_PARAGRAPH,
            sections=[(h, texts[2 * n : 2 * n + 2]) for n, h in enumerate(headings)],
            faq=[
                (f"Question {n} about {title}?", paragraph(rng, 2))
                for n in range(1, rng.randint(0, 4) + 1)
            ],
            blocks=skewed_blocks(rng, index),
        )
        term.inline = zipf_sample(rng, cumulative, mentions, index)
        term.related = zipf_sample(rng, cumulative, min(count - 1, rng.randint(2, 6)), index)
        terms.append(term)
    return terms


CORPUS_NOTES = {
    "uniform": "Every term links 13 others drawn at random, in five categories.",
    "skewed": "Mentions drawn from Zipf's law (3–40 a page), pages of varied length, tables, "
    "code, admonitions and cards in some bodies, 12 categories of uneven size, abbreviations "
    "and plurals as aliases.",
}


@dataclass
class Corpus:
    name: str
    terms: list[Term]
    categories: list[str]
    # Sphinx extensions both builds add, for the directives the bodies use
    extensions: list[str] = field(default_factory=list)


def make_corpus(name: str, count: int) -> Corpus:
    if name == "skewed":
        return Corpus(name, make_skewed_terms(count), SKEWED_CATEGORIES, ["sphinx_design"])
    return Corpus(name, make_terms(count), CATEGORIES)


def write_ours(root: Path, corpus: Corpus) -> None:
    """The corpus in our format, with the real site's conf.py and home page."""
    terms = corpus.terms
    (root / "docs").mkdir(parents=True)
    shutil.copy(REPO / "conf.py", root / "conf.py")
    for folder in ("_static", "_templates"):  # conf.py's brand files, beside it
        shutil.copytree(REPO / folder, root / folder)
    conf = (root / "conf.py").read_text()
    # ours is measured as the site builds, with the build-speed tuning it turns on
    if '"termpages.speed"' not in conf:
        raise SystemExit("conf.py does not list termpages.speed: the benchmark would be untuned")
    categories = ",\n".join(
        f'    {{"id": "{c}", "title": "{c.replace("-", " ").title()}", '
        f'"description": "About {c}."}}'
        for c in corpus.categories
    )
    conf = re.sub(
        r"termpages_categories = \[.*?\n\]",
        f"termpages_categories = [\n{categories},\n]",
        conf,
        flags=re.S,
    )
    conf += "".join(f"\nextensions.append({name!r})\n" for name in corpus.extensions)
    (root / "conf.py").write_text(conf)
    shutil.copy(REPO / "docs" / "index.md", root / "docs" / "index.md")

    def link(target: Term, spelled: str | None) -> str:
        return f"{{term}}`{spelled} <{target.slug}>`" if spelled else f"{{term}}`{target.slug}`"

    for term in terms:
        body = [f"# {term.title}", "", paragraph(random.Random(term.index), 3), ""]
        body += section_lines(term, terms, link)
        if term.faq:
            body += ["::::{faq}"]
            for question, answer in term.faq:
                body += [f":::{{question}} {question}", answer, ":::", ""]
            body += ["::::"]
        related = ", ".join(terms[i].slug for i in term.related)
        front = (
            f"---\ncategory: {term.category}\nsummary: {term.summary}\n"
            f"aliases: [{', '.join(term.aliases)}]\nrelated: [{related}]\n"
            f"last_updated: 2026-06-11\n---\n\n"
        )
        # the site keeps term files at the top of docs/ (their URLs are their slugs)
        (root / "docs" / f"{term.slug}.md").write_text(front + "\n".join(body) + "\n")


def write_plain(root: Path, corpus: Corpus, floor: bool) -> None:
    """The same pages as plain MyST: Markdown links, FAQ headings, one toctree per category."""
    terms = corpus.terms
    docs = root / "docs"
    (docs / "terms").mkdir(parents=True)
    extensions = ["myst_parser", *corpus.extensions, *(["floor_furo"] if floor else [])]
    (root / "conf.py").write_text(
        "import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).parent))\n"
        f'project = "Plain"\nextensions = {extensions!r}\nhtml_theme = "furo"\n'
    )
    if floor:
        (root / "floor_furo.py").write_text(FLOOR_EXTENSION)
    (docs / "index.md").write_text(
        "# Glossary\n\nIntro.\n\n```{toctree}\n:hidden:\n\n"
        + "".join(f"categories/{c}\n" for c in corpus.categories)
        + "```\n"
    )
    (docs / "categories").mkdir()
    for category in corpus.categories:
        members = [t for t in terms if t.category == category]
        listing = "".join(f"- [{t.title}](../terms/{t.slug}.md): {t.summary}\n" for t in members)
        toctree = "".join(f"/terms/{t.slug}\n" for t in members)
        (docs / "categories" / f"{category}.md").write_text(
            f"# {category}\n\n{listing}\n```{{toctree}}\n:hidden:\n\n{toctree}```\n"
        )
    for term in terms:
        body = [
            f"# {term.title}",
            "",
            term.summary,
            "",
            paragraph(random.Random(term.index), 3),
            "",
        ]
        body += section_lines(
            term, terms, lambda target, spelled: f"[{spelled or target.slug}]({target.slug}.md)"
        )
        if term.faq:
            body += ["## Frequently asked questions", ""]
        for question, answer in term.faq:
            body += [f"### {question}", "", answer, ""]
        body += ["## Related terms", ""]
        body += [f"- [{terms[i].title}]({terms[i].slug}.md)" for i in term.related]
        body += ["", "Last updated: 2026-06-11"]
        (docs / "terms" / f"{term.slug}.md").write_text("\n".join(body) + "\n")


SPHINX_BUILD = [sys.executable, "-m", "sphinx", "-b", "html"]
# Sphinx colours its output and redraws its progress line in place when CI=true
# or FORCE_COLOR is set; the page counts are read from that output, so ask for
# one plain line per page whatever the environment says.
PLAIN_OUTPUT = {**os.environ, "NO_COLOR": "1"}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def pages_written(output: str) -> list[str]:
    """The pages Sphinx's "writing output" progress names, however it was drawn."""
    lines = re.split(r"[\r\n]+", ANSI_ESCAPE.sub("", output))
    return [
        m[1] for line in lines if (m := re.match(r"writing output\.\.\. \[[^\]]*\] (.+)", line))
    ]


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    written: int


def doctrees_of(out: Path) -> Path:
    """Build state beside the output, never inside it (as `make html` keeps it)."""
    return out.with_name(out.name + "-doctrees")


def timed_build(root: Path, out: Path, jobs: int = 1) -> Run:
    """A fresh build, its own peak RSS measured by GNU time."""
    for folder in (out, doctrees_of(out)):
        if folder.exists():
            shutil.rmtree(folder)
    command = ["/usr/bin/time", "-f", "%M", *SPHINX_BUILD]
    command += ["-c", str(root), "-d", str(doctrees_of(out))]
    command += (["-j", str(jobs)] if jobs > 1 else []) + [str(root / "docs"), str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=PLAIN_OUTPUT)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{result.stderr[-3000:]}")
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    return Run(seconds, peak_kb / 1024, len(pages_written(result.stdout)))


def incremental_build(root: Path, out: Path, slug: str, edits: int) -> Run:
    """Median of ``edits`` rebuilds, each after adding a sentence to one term's body."""
    # our corpus keeps terms at the top of docs/, as the site does; the plain one in terms/
    page = next(p for p in (root / "docs" / f"{slug}.md", root / "docs" / "terms" / f"{slug}.md")
                if p.exists())  # fmt: skip
    seconds, written = [], 0
    for edit in range(edits):
        text = page.read_text()
        page.write_text(text.replace("\n## ", f"\nOne more sentence ({edit}).\n\n## ", 1))
        start = time.perf_counter()
        result = subprocess.run(
            [*SPHINX_BUILD, "-c", str(root), "-d", str(doctrees_of(out)), str(root / "docs"),
             str(out)],
            capture_output=True, text=True, check=False, env=PLAIN_OUTPUT,
        )  # fmt: skip
        seconds.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-3000:])
        written = max(written, len(pages_written(result.stdout)))
    return Run(median(seconds), 0.0, written)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def bench_size(
    count: int, repeat: int, edits: int, stock_max: int, workdir: Path, corpus_name: str = "uniform"
) -> dict[str, object]:
    corpus = make_corpus(corpus_name, count)
    terms = corpus.terms
    roots = {name: workdir / f"{corpus_name}-{name}-{count}" for name in ("ours", "floor", "stock")}
    write_ours(roots["ours"], corpus)
    write_plain(roots["floor"], corpus, floor=True)
    run_stock = count <= stock_max
    if run_stock:
        write_plain(roots["stock"], corpus, floor=False)
    times: dict[str, list[float]] = {"stock": [], "floor": [], "ours": []}
    peaks: dict[str, float] = {}
    for _ in range(repeat):  # alternate, so that machine noise hits all three alike
        for name in ("stock", "floor", "ours"):
            if name == "stock" and not run_stock:
                continue
            run = timed_build(roots[name], roots[name] / "_build")
            times[name].append(run.seconds)
            peaks[name] = max(peaks.get(name, 0.0), run.peak_rss_mb)
    out = roots["ours"] / "_build"
    page_bytes = (out / f"{terms[count // 2].slug}.html").stat().st_size
    weights = page_weights(out, Layout({t.slug for t in terms}))
    floor_weights = page_weights(
        roots["floor"] / "_build", Layout({t.slug for t in terms}, "terms/", "categories")
    )
    incremental = incremental_build(roots["ours"], out, terms[count // 2].slug, edits)
    # the same edit on the plain corpus: what Sphinx + furo alone need to rebuild
    floor_incremental = incremental_build(
        roots["floor"], roots["floor"] / "_build", terms[count // 2].slug, edits
    )
    parallel = timed_build(roots["ours"], roots["ours"] / "_build_j2", jobs=2)
    for root in roots.values():
        shutil.rmtree(root, ignore_errors=True)
    ours, floor = median(times["ours"]), median(times["floor"])
    return {
        "corpus": corpus_name,
        "terms": count,
        "stock": median(times["stock"]) if run_stock else None,
        "floor": floor,
        "ours": ours,
        "ours_vs_floor": ours / floor,
        "stock_vs_ours": median(times["stock"]) / ours if run_stock else None,
        "ms_per_term": 1000 * ours / count,
        "peak_rss_mb": peaks["ours"],
        "page_kb": page_bytes / 1024,
        "incremental": incremental.seconds,
        "incremental_share": incremental.seconds / ours,
        "rewritten": incremental.written,
        "floor_incremental": floor_incremental.seconds,
        "floor_incremental_share": floor_incremental.seconds / floor,
        "parallel": parallel.seconds,
        "speedup": ours / parallel.seconds,
        "weights": weights,
        "floor_weights": floor_weights,
    }


HUBS_DIR = "category"  # conf.py's termpages_hubs_dir
# generated pages other than term pages, hubs and the home page, that readers reach
# through them (letter pages, full "Mentioned in" lists, ...); Sphinx's own are apart
SPHINX_PAGES = {"genindex.html": "genindex", "search.html": "search page"}
FINDER_DIR = "termfinder"


@dataclass
class Weight:
    """The heaviest file of one kind in a build: its name, size, and how many there are."""

    kind: str
    limit: int | None = None
    name: str = ""
    size: int = 0
    count: int = 0
    over: int = 0  # how many are over the limit
    gzip_size: int | None = None

    def add(self, name: str, size: int) -> None:
        self.count += 1
        self.over += self.limit is not None and size > self.limit
        if size > self.size:
            self.name, self.size = name, size


KB = 1024
# the limits of issue 19, in bytes, for the kinds that have one
LIMITS = {
    "term page": 100 * KB,
    "category hub page": 200 * KB,
    "home page": 200 * KB,
    "other generated page": 200 * KB,
    # Sphinx's own pages are pages a reader opens too
    "genindex": 200 * KB,
    "search page": 200 * KB,
    "export llms.txt": 100 * KB,
}
FINDER_LIMIT_GZIP = 150 * KB
#: The term finder shows at most this many suggestions (termfinder.js).
FINDER_SUGGESTIONS = 8
# the kinds in the order the table shows them; exports and the rest follow by name
KIND_ORDER = ["term page", "category hub page", "home page", "other generated page",
              *SPHINX_PAGES.values(), "Markdown twin"]  # fmt: skip


@dataclass
class Layout:
    """Where a build puts its term pages and hubs."""

    slugs: set[str]
    terms_dir: str = ""  # conf.py's termpages_terms_dir
    hubs_dir: str = HUBS_DIR


def page_kind(relative: str, layout: Layout) -> str | None:
    """What a built file is, by its path below the output folder (None: not counted)."""
    top, _, rest = relative.partition("/")
    name = relative.rsplit("/", 1)[-1]
    if top.startswith("_") and rest:  # _static, _images, _sources: assets, not output
        return None
    if top == FINDER_DIR and rest:
        return "term finder index" if rest == "index.json" else "term finder summary shard"
    if name in ("llms.txt", "llms-full.txt") and rest:
        return f"per-category {name}"
    if name.endswith(".md"):
        return "Markdown twin"
    if not name.endswith(".html"):
        return f"export {name}" if not rest else "other generated file"
    if relative == "index.html":
        return "home page"
    if relative in SPHINX_PAGES:
        return SPHINX_PAGES[relative]
    if top == layout.hubs_dir and rest:
        return "category hub page"
    if relative.removeprefix(layout.terms_dir).removesuffix(".html") in layout.slugs:
        return "term page"
    return "other generated page"


def page_weights(out: Path, layout: Layout) -> dict[str, Weight]:
    """Every page and export of a build, discovered by walking it, the heaviest of each kind.

    Kinds: term pages, hubs (continuation pages included), the home page, other generated
    pages (letter pages, full "Mentioned in" lists, ...), genindex and search, Markdown
    twins, each file at the root that is not a page (the exports), the per-category
    ``llms.txt`` and ``llms-full.txt`` below the root, and the term finder's index (every
    file under ``termfinder/``, their total raw and compressed with gzip -9).
    """
    weights: dict[str, Weight] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        relative = path.relative_to(out).as_posix()
        kind = page_kind(relative, layout)
        if kind is None:
            continue
        weight = weights.setdefault(kind, Weight(kind, LIMITS.get(kind)))
        heaviest = weight.size
        weight.add(relative, path.stat().st_size)
        if kind.startswith("term finder") and weight.size > heaviest:
            # what travels: the finder's files are fetched as the reader uses the box
            weight.gzip_size = len(gzip.compress(path.read_bytes(), compresslevel=9))

    def order(kind: str) -> tuple[int, str]:
        return (KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER), kind)

    return {kind: weights[kind] for kind in sorted(weights, key=order)}


def weight_table(row: dict[str, object]) -> str:
    """The page-weight table of one size: the heaviest file of each kind."""
    weights: dict[str, Weight] = row["weights"]  # type: ignore[assignment]
    floor: dict[str, Weight] = row["floor_weights"]  # type: ignore[assignment]
    lines = [
        f"| {row['corpus']} · {row['terms']} terms: output | heaviest file | KB | files "
        "| over its limit | floor KB | ours/floor |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for weight in weights.values():
        size = f"{weight.size / KB:.1f}"
        if weight.gzip_size is not None:
            size += f" ({weight.gzip_size / KB:.1f} gzip -9)"
        plain = floor.get(weight.kind)
        versus = f"{plain.size / KB:.1f} | {weight.size / plain.size:.2f}" if plain else "— | —"
        lines.append(
            f"| {weight.kind} | {weight.name} | {size} | {weight.count} "
            f"| {'—' if weight.limit is None else weight.over} | {versus} |"
        )
    return "\n".join(lines)


def drawn_images(out: Path) -> set[tuple[str, int]]:
    """The social preview images of a build, each with its modification time."""
    return {(p.name, p.stat().st_mtime_ns) for p in (out / "_images" / "social").glob("*.png")}


def bench_social_cards(count: int, repeat: int, edits: int, workdir: Path) -> list[str]:
    """What the social preview images add: a full build and a one-term body edit, on and off."""
    terms = make_terms(count)
    root = workdir / f"cards-{count}"
    write_ours(root, Corpus("uniform", terms, CATEGORIES))
    conf = root / "conf.py"
    settings = {"on": conf.read_text()}  # the site's conf.py draws them
    settings["off"] = settings["on"] + "\ntermpages_social_cards = False\n"
    full: dict[str, list[float]] = {"off": [], "on": []}
    edit: dict[str, Run] = {}
    images, drawn_by_edit = 0, 0
    for _ in range(repeat):  # alternate, as the main table does
        for name in ("off", "on"):
            conf.write_text(settings[name])
            full[name].append(timed_build(root, root / f"_build_{name}").seconds)
    for name in ("off", "on"):
        conf.write_text(settings[name])
        out = root / f"_build_{name}"
        before = drawn_images(out)
        edit[name] = incremental_build(root, out, terms[count // 2].slug, edits)
        if name == "on":
            images, drawn_by_edit = len(before), len(drawn_images(out) - before)
    shutil.rmtree(root, ignore_errors=True)
    off, on = median(full["off"]), median(full["on"])
    return [
        f"social cards at {count} terms: full build {off:.1f} s off, {on:.1f} s on "
        f"(+{on - off:.1f} s, +{(on - off) / off:.0%}; {images} images, "
        f"{1000 * (on - off) / max(images, 1):.1f} ms an image)",
        f"social cards at {count} terms: one-term body edit {edit['off'].seconds:.2f} s off, "
        f"{edit['on'].seconds:.2f} s on ({edit['on'].written} pages rewritten); "
        f"images drawn by the edit: {drawn_by_edit}",
    ]


CHROMIUM = Path("/usr/bin/chromium")
BUILT = re.compile(r"build succeeded in ([\d.]+) s")


class PreviewServer:
    """``python -m termpages serve`` on a corpus, its output read as it comes."""

    def __init__(self, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "termpages", "serve", "--srcdir", "docs",
                   "--confdir", ".", "--outdir", "_build/html", "--doctreedir",
                   "_build/doctrees", "--port", str(self.port),
                   "--ignore", "docs/category/*"]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env=PLAIN_OUTPUT,
        )  # fmt: skip
        self.builds: list[float] = []
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)
            if match := BUILT.search(line):
                self.builds.append(float(match[1]))

    def wait_for_builds(self, count: int, timeout: float = 1800) -> float:
        deadline = time.monotonic() + timeout
        while len(self.builds) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the preview server stopped:\n" + "".join(self.lines[-40:]))
            time.sleep(0.01)
        return self.builds[count - 1]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def visible_after(page: object, path: Path, text: str, marker: str) -> float:
    """Seconds from writing ``text`` to ``path`` until the open page shows ``marker``.

    The clock stops when the reloaded page's DOM is ready with the marker in it. No polling:
    a loop asking the browser every few milliseconds takes a core from the build it times.
    """
    check = f"document.documentElement.outerHTML.includes({marker!r})"
    start = time.perf_counter()
    path.write_text(text)
    while time.perf_counter() < start + 120:
        page.wait_for_event("domcontentloaded", timeout=120_000)  # type: ignore[attr-defined]
        seconds = time.perf_counter() - start
        if page.evaluate(check):  # type: ignore[attr-defined]
            return seconds
    raise SystemExit(f"the edit never showed: {marker}")


def bench_preview(count: int, edits: int, workdir: Path) -> dict[str, object]:
    """Save to visible in a real browser, with the preview server, for both kinds of edit."""
    from playwright.sync_api import sync_playwright

    terms = make_terms(count)
    root = workdir / f"preview-{count}"
    write_ours(root, Corpus("uniform", terms, CATEGORIES))
    edited = terms[count // 2]
    viewer = next((t for t in terms if edited.index in t.inline + t.related), terms[0])
    server = PreviewServer(root)
    result: dict[str, object] = {"terms": count}
    try:
        server.wait_for_builds(1)
        launch = {"executable_path": str(CHROMIUM)} if CHROMIUM.exists() else {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                **launch, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            for kind in ("body", "summary"):
                page_of = edited if kind == "body" else viewer
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{server.port}/glossary/{page_of.slug}")
                source = root / "docs" / f"{edited.slug}.md"
                visible, rebuilt = [], []
                for edit in range(edits):
                    marker = f"Preview{kind}{edit}x"
                    text = source.read_text()
                    if kind == "body":
                        text = text.replace("\n## ", f"\nOne more sentence {marker}.\n\n## ", 1)
                    else:
                        text = re.sub(r"\nsummary: (.*)\n", rf"\nsummary: \1 {marker}\n", text)
                    builds = len(server.builds)
                    visible.append(visible_after(page, source, text, marker))
                    rebuilt.append(server.wait_for_builds(builds + 1))
                    time.sleep(0.3)  # let the page settle before the next save
                page.close()
                result[f"{kind}_visible"] = median(visible)
                result[f"{kind}_rebuild"] = median(rebuilt)
            browser.close()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return result


def preview_table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| terms | body edit: save to visible s | body: rebuild s "
        "| summary edit: save to visible s | summary: rebuild s |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['terms']} | {row['body_visible']:.2f} | {row['body_rebuild']:.2f} "
            f"| {row['summary_visible']:.2f} | {row['summary_rebuild']:.2f} |"
        )
    return "\n".join(lines)


def table(rows: list[dict[str, object]]) -> str:
    def number(value: object, pattern: str) -> str:
        return "—" if value is None else format(value, pattern)

    lines = [
        "| terms | stock furo s | floor s | ours s | ours/floor | stock/ours | ms/term "
        "| peak RSS MB | term page KB | incremental s (share, pages) "
        "| floor incremental s (share) | -j 2 s (speed-up) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['terms']} | {number(row['stock'], '.1f')} | {number(row['floor'], '.1f')} "
            f"| {number(row['ours'], '.1f')} | {number(row['ours_vs_floor'], '.2f')} "
            f"| {number(row['stock_vs_ours'], '.1f')} | {number(row['ms_per_term'], '.1f')} "
            f"| {number(row['peak_rss_mb'], '.0f')} | {number(row['page_kb'], '.1f')} "
            f"| {number(row['incremental'], '.1f')} ({number(row['incremental_share'], '.1%')}, "
            f"{row['rewritten']}) | {number(row['floor_incremental'], '.1f')} "
            f"({number(row['floor_incremental_share'], '.1%')}) | {number(row['parallel'], '.1f')} "
            f"({number(row['speedup'], '.2f')}×) |"
        )
    return "\n".join(lines)


def targets_table(rows: list[dict[str, object]]) -> str:
    """The figures aimed at, on the largest size run (per-term cost: against the smallest)."""
    last = rows[-1]
    weights: dict[str, Weight] = last["weights"]  # type: ignore[assignment]

    def heaviest(*kinds: str) -> Weight:
        found = [weights[k] for k in kinds if k in weights]
        return max(found, key=lambda w: w.size) if found else Weight(" / ".join(kinds))

    def pages(weight: Weight, limit: int) -> tuple[str, bool]:
        return (f"{weight.size / KB:.1f} KB ({weight.name}); {weight.over} over",
                weight.count > 0 and weight.over == 0 and weight.size <= limit)  # fmt: skip

    lines = [
        f"| target ({last['corpus']}, {last['terms']} terms) | measured | met? |",
        "|---|---|---|",
    ]
    results: list[tuple[str, tuple[str, bool | None]]] = []
    term_page = heaviest("term page")
    results.append(("no term page over 100 KB", pages(term_page, LIMITS["term page"])))
    generated = ("category hub page", "home page", "other generated page", "genindex",
                 "search page")  # fmt: skip
    over = sum(weights[k].over for k in generated if k in weights)
    big = dataclasses.replace(heaviest(*generated), over=over)
    results.append(("no hub, home or other generated page over 200 KB", pages(big, 200 * KB)))
    llms = weights.get("export llms.txt")
    results.append((
        "root llms.txt under 100 KB",
        (f"{llms.size / KB:.1f} KB", llms.size < LIMITS["export llms.txt"]) if llms
        else ("no llms.txt", False),
    ))  # fmt: skip
    finder = weights.get("term finder index")
    shard = weights.get("term finder summary shard")
    if finder:
        # the most one use of the box loads: the index, and one summary shard for
        # each suggestion shown (at most FINDER_SUGGESTIONS), all of the heaviest size
        shards = (shard.gzip_size or 0) * min(FINDER_SUGGESTIONS, shard.count) if shard else 0
        loaded = (finder.gzip_size or 0) + shards
        measured = (
            f"{loaded / KB:.1f} KB gzip: index {(finder.gzip_size or 0) / KB:.1f} KB "
            f"+ {FINDER_SUGGESTIONS} × heaviest shard"
        )
        results.append(
            ("term finder index under 150 KB gzip -9", (measured, loaded < FINDER_LIMIT_GZIP))
        )
    else:
        results.append(
            ("term finder index under 150 KB gzip -9", (f"no {FINDER_DIR}/ in the build", False))
        )
    ratio = float(last["ours_vs_floor"])  # type: ignore[arg-type]
    results.append(("full build at most 1.25× the floor", (f"{ratio:.2f}×", ratio <= 1.25)))
    if len(rows) > 1:
        growth = float(last["ms_per_term"]) / float(rows[0]["ms_per_term"])  # type: ignore[arg-type]
        results.append((
            f"per-term cost within 1.25× of the cost at {rows[0]['terms']} terms",
            (f"{growth:.2f}×", growth <= 1.25),
        ))  # fmt: skip
    else:
        results.append(("per-term cost within 1.25× of the smallest size", ("one size run", None)))
    peak = float(last["peak_rss_mb"])  # type: ignore[arg-type]
    results.append(("peak memory under 2 GB", (f"{peak:.0f} MB", peak < 2048)))
    share = float(last["incremental_share"])  # type: ignore[arg-type]
    results.append((
        "one-term body edit under 5% of the full build",
        (f"{float(last['incremental']):.2f} s = {share:.1%}", share < 0.05),  # type: ignore[arg-type]
    ))  # fmt: skip
    for target, (measured, met) in results:
        lines.append(
            f"| {target} | {measured} | {'—' if met is None else 'yes' if met else 'no'} |"
        )
    return "\n".join(lines)


def text_check_cost(count: int, corpus_name: str = "uniform") -> str:
    """What the two writing checks (textchecks.py) cost on this corpus, by themselves."""
    sys.path.insert(0, str(REPO / "extensions"))
    from termpages import textchecks

    terms = make_corpus(corpus_name, count).terms
    names = {t.slug: textchecks.term_names(t.title, t.slug, []) for t in terms}
    headings = {t.slug: [(h, 1) for h, _ in t.sections] for t in terms}
    start = time.perf_counter()
    passages = {
        t.slug: [
            (1, textchecks.sampled_shingles(text)) for _, texts in t.sections for text in texts
        ]
        for t in terms
    }
    sampling = time.perf_counter() - start
    start = time.perf_counter()
    textchecks.repeated_headings(headings, names, 0.05)
    headings_seconds = time.perf_counter() - start
    start = time.perf_counter()
    textchecks.near_duplicates(passages, 0.5)
    duplicates_seconds = time.perf_counter() - start
    return (
        f"# writing checks at {count:,} terms ({corpus_name}): "
        f"repeated headings {headings_seconds * 1000:.0f} ms, "
        f"near-duplicate text {duplicates_seconds * 1000:.0f} ms "
        f"(+ {sampling * 1000:.0f} ms sampling shingles while pages are read)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 1000, 5000])
    parser.add_argument(
        "--preview-sizes",
        type=int,
        nargs="*",
        default=[40, 1000],
        help="sizes of the preview server's save-to-visible table (nothing: no such table)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="builds per size and kind")
    parser.add_argument(
        "--edits", type=int, default=5, help="incremental rebuilds per size (median)"
    )
    parser.add_argument("--stock-max", type=int, default=STOCK_MAX_DEFAULT)
    parser.add_argument(
        "--social-cards",
        action="store_true",
        help="also build each size with the social preview images off, and compare",
    )
    parser.add_argument(
        "--corpus",
        choices=["uniform", "skewed", "both"],
        default="both",
        help="the uniform corpus, the skewed one (real-shaped), or both (the default)",
    )
    options = parser.parse_args()
    print(f"# {date.today()} · {platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()}", flush=True)  # fmt: skip
    skipped = [n for n in options.sizes if n > options.stock_max]
    if skipped:
        print(
            f"# stock furo is not built at {', '.join(map(str, skipped))} terms: it is "
            "quadratic (about 14 minutes at 1,000 terms here, hours at 5,000)",
            flush=True,
        )
    corpora = ["uniform", "skewed"] if options.corpus == "both" else [options.corpus]
    rows: dict[str, list[dict[str, object]]] = {name: [] for name in corpora}
    with tempfile.TemporaryDirectory(prefix="glossary-bench-") as tmp:
        for name in corpora:
            for count in options.sizes:
                row = bench_size(
                    count, options.repeat, options.edits, options.stock_max, Path(tmp), name
                )
                rows[name].append(row)
                print(f"# {name} corpus", table([row]).splitlines()[-1], sep="\n", flush=True)
                print(weight_table(row), flush=True)
        for name in corpora:
            for count in options.sizes:
                print(text_check_cost(count, name), flush=True)
        cards: list[str] = []
        for count in options.sizes if options.social_cards else []:
            cards += bench_social_cards(count, options.repeat, options.edits, Path(tmp))
            print("\n".join(cards[-2:]), flush=True)
        previews = []
        for count in options.preview_sizes:
            previews.append(bench_preview(count, options.edits, Path(tmp)))
            print(preview_table(previews[-1:]).splitlines()[-1], flush=True)
    for name, corpus_rows in rows.items():
        if not corpus_rows:
            continue
        print(f"\n## {name} corpus\n\n{CORPUS_NOTES[name]}\n")
        print(table(corpus_rows))
        if len(corpus_rows) > 1:
            first, last = corpus_rows[0], corpus_rows[-1]
            ratio = float(last["ms_per_term"]) / float(first["ms_per_term"])  # type: ignore[arg-type]
            print(
                f"\nper-term cost at {last['terms']} terms is {ratio:.2f}× the cost at "
                f"{first['terms']} (linear means about 1)"
            )
        for row in corpus_rows:
            print("\n" + weight_table(row))
        print("\n" + targets_table(corpus_rows))
    if cards:
        print("\n" + "\n".join(cards))
    if previews:
        print(f"\npreview server, median of {options.edits} edit(s) each:")
        print(preview_table(previews))


if __name__ == "__main__":
    main()
