"""A differential fuzz of incremental builds: random realistic edits to a copy of the real site.

After each step of edits the site is built incrementally (into the output and
doctree folders of the build before) and from scratch (fresh folders); every
file the two builds wrote must be the same. ``python tests/fuzz_edits.py --seeds
0 3 --steps 8`` runs it outside pytest; tests/test_incremental_fuzz.py runs it in
the suite, short, and ``make fuzz`` long.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
#: What conf.py needs beside the sources: itself, the brand files and the templates.
SITE_PARTS = ("conf.py", "_static", "_templates")
#: The categories of the real site (conf.py's termpages_categories).
CATEGORIES = (
    "geo-fundamentals",
    "how-llms-work",
    "ai-platforms",
    "answer-engines",
    "content-authority",
    "technical-geo",
)
#: Words new titles, aliases, summaries and questions are made of: plain, and in no real term.
WORDS = (
    "amber", "basalt", "cobalt", "delta", "ember", "fjord", "garnet", "harbor", "indigo",
    "juniper", "kestrel", "lumen", "meadow", "nimbus", "onyx", "prairie", "quartz", "russet",
    "saffron", "tundra", "umber", "willow", "yarrow", "zephyr",
)  # fmt: skip
MENTION = re.compile(r"\{term\}`([^`]*)`")
QUESTION = re.compile(r"^:::\{question\} (.*)$", re.M)
TODAY = "2026-12-02"


# --------------------------------------------------------------------------- the site


@dataclass
class Term:
    """One term file, split into its front matter (as written, key by key) and body."""

    path: Path
    front: dict[str, str]
    body: str

    @property
    def slug(self) -> str:
        return self.path.stem

    @classmethod
    def read(cls, path: Path) -> Term:
        text = path.read_text(encoding="utf-8")
        _, head, body = text.split("---\n", 2)
        front = {}
        for line in head.splitlines():
            key, _, value = line.partition(":")
            front[key] = value.strip()
        return cls(path, front, body)

    def write(self) -> None:
        head = "".join(f"{key}: {value}\n" for key, value in self.front.items())
        self.path.write_text(f"---\n{head}---\n{self.body}", encoding="utf-8")

    def items(self, key: str) -> list[str]:
        """A list field (aliases, related, redirect_from) as its items."""
        value = yaml.safe_load(self.front.get(key) or "[]")
        return [str(item) for item in value] if isinstance(value, list) else []

    def set_items(self, key: str, items: list[str]) -> None:
        if items:
            self.front[key] = "[" + ", ".join(items) + "]"
        else:
            self.front.pop(key, None)

    def save_items(self, key: str, items: list[str], what: str) -> str:
        """Set a list field, write the file, and say what changed."""
        self.set_items(key, items)
        self.write()
        return f"{self.slug}: {what}"

    @property
    def title(self) -> str:
        match = re.search(r"^# (.*)$", self.body, re.M)
        return match.group(1) if match else self.slug

    @title.setter
    def title(self, title: str) -> None:
        self.body = re.sub(r"^# .*$", lambda _: f"# {title}", self.body, count=1, flags=re.M)

    def questions(self) -> list[str]:
        return QUESTION.findall(self.body)


@dataclass
class Site:
    """A copy of the real site, edited in place."""

    root: Path
    rng: random.Random

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def terms(self) -> list[Term]:
        return [Term.read(p) for p in sorted(self.docs.glob("*.md")) if p.stem != "index"]

    def term(self) -> Term:
        return self.rng.choice(self.terms())

    def names(self) -> set[str]:
        """Every name in use: slugs, titles, aliases and old slugs, folded."""
        names = set()
        for term in self.terms():
            names |= {term.slug, term.title.casefold()}
            names |= {a.casefold() for a in term.items("aliases")}
            names |= set(term.items("redirect_from"))
        return names

    def new_name(self) -> str:
        """Two or three plain words no term answers to yet."""
        taken = self.names()
        while True:
            words = self.rng.sample(WORDS, self.rng.choice((2, 2, 3)))
            name = " ".join(words).title()
            slug = "-".join(words)
            if name.casefold() not in taken and slug not in taken:
                return name

    def sentence(self) -> str:
        words = self.rng.sample(WORDS, 6)
        return f"{words[0].title()} {' '.join(words[1:])} is a made-up phrase."

    def mention_of(self, term: Term) -> str:
        """A ``{term}`` mention as writers write them: by title, by slug, or with own text."""
        kind = self.rng.choice(("title", "slug", "text"))
        if kind == "title":
            return f"{{term}}`{term.title}`"
        if kind == "slug":
            return f"{{term}}`{term.slug}`"
        return f"{{term}}`{self.rng.choice(WORDS)} {term.title.lower()} <{term.slug}>`"


def copy_site(root: Path) -> Path:
    """The real site's sources and configuration under ``root`` (generated hubs left out)."""
    root.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy2(source, root / part)
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("category"))
    return root


# --------------------------------------------------------------------------- the edits
# Each edit changes the site as a writer would and says what it did, or returns None
# when it does not apply (no FAQ to remove a question from, ...).

Edit = Callable[[Site], "str | None"]


def retitle(site: Site) -> str:
    term = site.term()
    old, term.title = term.title, site.new_name()
    term.write()
    return f"retitle {term.slug}: {old!r} -> {term.title!r}"


def add_term(site: Site) -> str:
    others = site.terms()
    title = site.new_name()
    slug = "-".join(title.lower().split())
    # a term that names none of the others is a page only its category shows
    related = [t.slug for t in site.rng.sample(others, site.rng.choice((0, 1, 2)))]
    mentioned = site.rng.sample(others, site.rng.choice((0, 1, 2)))
    term = Term(site.docs / f"{slug}.md", {}, "")
    term.front = {
        "category": site.rng.choice(CATEGORIES),
        "summary": f"{title} is {site.sentence().lower()}",
        "related": "",
        "last_updated": TODAY,
    }
    term.set_items("related", related)
    if site.rng.random() < 0.5:
        term.front["aliases"] = f"[{site.new_name()}]"
    faq = asks = ""
    if site.rng.random() < 0.7:
        # half the time a question another page asks already: who owns it may change
        asked = [q for t in others for q in t.questions()]
        question = site.rng.choice(asked) if asked and site.rng.random() < 0.5 else None
        question = question or f"What is {title.lower()}?"
        faq = f"\n::::{{faq}}\n:::{{question}} {question}\nIt is an answer.\n:::\n::::\n"
        asks = f", asks {question!r}"
    near = "".join(f" It sits next to {site.mention_of(other)}." for other in mentioned)
    term.body = (
        f"\n# {title}\n\n{title} is new.{near}\n\n## How it works\n\n{site.sentence()}\n{faq}"
    )
    term.write()
    category = term.front["category"]
    return f"add {slug} ({category}, mentions {[t.slug for t in mentioned]}{asks})"


def delete_term(site: Site) -> str:
    term = site.term()
    term.path.unlink()
    return f"delete {term.slug}"


def rename_term(site: Site) -> str:
    term = site.term()
    old = term.slug
    new = "-".join(site.new_name().lower().split())
    term.path.unlink()
    term.path = term.path.with_name(f"{new}.md")
    term.set_items("redirect_from", [*term.items("redirect_from"), old])
    term.write()
    return f"rename {old} -> {new} (redirect_from)"


def move_category(site: Site) -> str:
    term = site.term()
    old = term.front.get("category", "")
    term.front["category"] = site.rng.choice([c for c in CATEGORIES if c != old])
    term.write()
    return f"move {term.slug}: {old} -> {term.front['category']}"


def change_aliases(site: Site) -> str | None:
    term = site.term()
    aliases = term.items("aliases")
    # the aliases other pages' mentions use: removing one of those changes their links
    used = {
        target.casefold()
        for other in site.terms()
        if other.slug != term.slug
        for target in MENTION.findall(other.body)
    }
    how = site.rng.choice(("add", "remove", "remove-used", "change"))
    if how == "add" or not aliases:
        aliases.append(site.new_name())
        what = f"add alias {aliases[-1]!r}"
    elif how == "remove-used" and any(a.casefold() in used for a in aliases):
        gone = site.rng.choice([a for a in aliases if a.casefold() in used])
        aliases.remove(gone)
        what = f"remove alias {gone!r}, which a mention uses"
    elif how == "change":
        index = site.rng.randrange(len(aliases))
        old, aliases[index] = aliases[index], site.new_name()
        what = f"change alias {old!r} -> {aliases[index]!r}"
    else:
        gone = aliases.pop(site.rng.randrange(len(aliases)))
        what = f"remove alias {gone!r}"
    return term.save_items("aliases", aliases, what)


def change_summary(site: Site) -> str:
    term = site.term()
    term.front["summary"] = f"{term.title} is {site.sentence().lower()}"
    term.write()
    return f"{term.slug}: new summary"


def change_related(site: Site) -> str:
    term = site.term()
    related = term.items("related")
    if related and site.rng.random() < 0.5:
        gone = related.pop(site.rng.randrange(len(related)))
        what = f"remove related {gone}"
    else:
        candidates = [t.slug for t in site.terms() if t.slug not in {term.slug, *related}]
        related.insert(site.rng.randrange(len(related) + 1), site.rng.choice(candidates))
        what = f"add related {related}"
    return term.save_items("related", related, what)


def add_mention(site: Site) -> str:
    term = site.term()
    other = site.rng.choice([t for t in site.terms() if t.slug != term.slug])
    mention = site.mention_of(other)
    # a sentence of its own at the end of the first paragraph after the title
    term.body = re.sub(
        r"(^# .*\n\n(?:.+\n)*.+)\n",
        lambda m: f"{m.group(1)} It relates to {mention}.\n",
        term.body,
        count=1,
        flags=re.M,
    )
    term.write()
    return f"{term.slug}: add mention {mention}"


def remove_mention(site: Site) -> str | None:
    term = site.term()
    mentions = list(MENTION.finditer(term.body))
    if not mentions:
        return None
    gone = site.rng.choice(mentions)
    text = re.sub(r"\s*<[^>]*>$", "", gone.group(1))
    term.body = term.body[: gone.start()] + text + term.body[gone.end() :]
    term.write()
    return f"{term.slug}: remove mention {gone.group(0)}"


def add_question(site: Site) -> str:
    term = site.term()
    asked = [q for t in site.terms() if t.slug != term.slug for q in t.questions()]
    if asked and site.rng.random() < 0.6:
        question = site.rng.choice(asked)  # another page asks it already: FAQ ownership
    else:
        question = f"Is {term.title.lower()} about {site.rng.choice(WORDS)}?"
    block = f":::{{question}} {question}\nAn answer about {site.rng.choice(WORDS)}.\n:::\n"
    if "::::{faq}" in term.body:
        head, tail = term.body.rsplit("\n::::\n", 1)
        term.body = f"{head}\n\n{block}::::\n{tail}"
    else:
        term.body = term.body.rstrip("\n") + f"\n\n::::{{faq}}\n{block}::::\n"
    term.write()
    return f"{term.slug}: add question {question!r}"


def remove_question(site: Site) -> str | None:
    term = site.term()
    blocks = list(re.finditer(r"\n*:::\{question\} (.*)\n(?:(?!:::\n).*\n)*?:::\n", term.body))
    if not blocks:
        return None
    gone = site.rng.choice(blocks)
    term.body = term.body[: gone.start()] + "\n" + term.body[gone.end() :]
    term.body = term.body.replace("::::{faq}\n\n::::\n", "")  # no question left: no FAQ
    term.write()
    return f"{term.slug}: remove question {gone.group(1)!r}"


EDITS: dict[str, Edit] = {
    "retitle": retitle,
    "add": add_term,
    "delete": delete_term,
    "rename": rename_term,
    "move": move_category,
    "aliases": change_aliases,
    "summary": change_summary,
    "related": change_related,
    "add-mention": add_mention,
    "remove-mention": remove_mention,
    "add-question": add_question,
    "remove-question": remove_question,
}


def apply_random_edit(site: Site) -> str:
    while True:
        name = site.rng.choice(sorted(EDITS))
        done = EDITS[name](site)
        if done is not None:
            return done


# --------------------------------------------------------------------------- builds


def build_command(site: Path, out: Path, doctrees: Path, jobs: int = 1) -> list[str]:
    parallel = ["-j", str(jobs)] if jobs > 1 else []
    return [sys.executable, "-m", "sphinx", "-q", "-b", "html", *parallel,
            "-c", str(site), "-d", str(doctrees), str(site / "docs"), str(out)]  # fmt: skip


def build_environment() -> dict[str, str]:
    """This process's environment without the site's own settings (conf.py's defaults)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GEONIMO_GLOSSARY_")}


def run_build(site: Path, out: Path, doctrees: Path, jobs: int = 1) -> str:
    """Build; the warnings (stderr). A crash fails the fuzz with Sphinx's words."""
    result = subprocess.run(
        build_command(site, out, doctrees, jobs),
        capture_output=True,
        text=True,
        check=False,
        env=build_environment(),
        cwd=site,
    )
    if result.returncode != 0:
        raise AssertionError(f"the build failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result.stderr


# --------------------------------------------------------------------------- comparing


def objects_inventory(data: bytes) -> str:
    """objects.inv as text: four header lines, then the zlib-compressed entries."""
    lines = data.split(b"\n", 4)
    return b"\n".join([*lines[:4], zlib.decompress(lines[4])]).decode("utf-8")


def search_payload(data: bytes) -> dict[str, Any]:
    text = data.decode("utf-8")
    payload: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return payload


def search_index(data: bytes) -> str:
    """searchindex.js as indented JSON (``Search.setIndex({...})``)."""
    return json.dumps(search_payload(data), indent=1, sort_keys=True, ensure_ascii=False)


def index_entries(payload: dict[str, Any]) -> set[tuple[str, str, str, bool]]:
    """The search index's index entries, as (entry, page, anchor, main)."""
    pages = payload["docnames"]
    return {
        (entry, pages[page], anchor, main)
        for entry, places in payload.get("indexentries", {}).items()
        for page, anchor, main in places
    }


def without_stock_search_differences(incremental: bytes, clean: bytes) -> tuple[bytes, bytes]:
    """The two differences stock Sphinx makes, both in searchindex.js.

    The first: index entries of pages it did not rewrite.
    Sphinx 9 keeps the search index's index entries (``.. index::``, and those of
    std-domain objects such as glossary terms) in the environment, which it pickles
    *before* writing, and the entries are collected while writing: an incremental
    build's searchindex.js has the entries of the pages it wrote only (a two-page
    stock Sphinx project shows it; test_incremental_fuzz.py keeps that proof). So
    the entries are compared as "the incremental build's are the clean build's,
    some left out"; everything else in the index is compared as it is.
    """
    mine, theirs = search_payload(incremental), search_payload(clean)
    if not index_entries(mine) <= index_entries(theirs):
        return incremental, clean  # an entry the clean build lacks: a real difference
    for payload in (mine, theirs):
        payload.pop("indexentries", None)
        # The second: a word found only on pages that were removed stays in the index
        # with no page (``"word": []``): Sphinx loads the old index, and its prune()
        # empties the word's set of pages but keeps the word.
        for key in ("terms", "titleterms"):
            payload[key] = {word: pages for word, pages in payload[key].items() if pages != []}
    return tuple(  # type: ignore[return-value]
        f"Search.setIndex({json.dumps(p, sort_keys=True)})".encode() for p in (mine, theirs)
    )


#: Differences stock Sphinx itself makes between an incremental and a clean build,
#: normalised away in both files (and only these).
STOCK_DIFFERENCES: dict[str, Callable[[bytes, bytes], tuple[bytes, bytes]]] = {
    "searchindex.js": without_stock_search_differences,
}


#: How files are read for comparing (bytes otherwise). No file is normalised: the
#: decoded forms are what the compressed or one-line files hold, so that a diff reads.
DECODERS: dict[str, Callable[[bytes], str]] = {
    "objects.inv": objects_inventory,
    "searchindex.js": search_index,
}


def output_files(outdir: Path) -> dict[str, Path]:
    return {
        path.relative_to(outdir).as_posix(): path
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
    }


def readable(name: str, data: bytes) -> str | None:
    decoder = DECODERS.get(name)
    if decoder is not None:
        return decoder(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # an image: compared by bytes


@dataclass
class Divergence:
    name: str
    #: what differs: "only in the incremental build", "only in the clean build", a diff
    detail: str


def compare_builds(incremental: Path, clean: Path, max_diff_lines: int = 60) -> list[Divergence]:
    """Every file of both builds: the same names, the same content."""
    mine, theirs = output_files(incremental), output_files(clean)
    found = [
        Divergence(name, "only in the incremental build") for name in sorted(mine.keys() - theirs)
    ]
    found += [Divergence(name, "only in the clean build") for name in sorted(theirs.keys() - mine)]
    for name in sorted(mine.keys() & theirs.keys()):
        a, b = mine[name].read_bytes(), theirs[name].read_bytes()
        if a != b and name in STOCK_DIFFERENCES:
            a, b = STOCK_DIFFERENCES[name](a, b)
        if a == b:
            continue
        text_a, text_b = readable(name, a), readable(name, b)
        if text_a is None or text_b is None:
            found.append(Divergence(name, "binary files differ"))
            continue
        if text_a == text_b:
            continue
        diff = difflib.unified_diff(
            split_for_diff(text_b),
            split_for_diff(text_a),
            f"clean/{name}",
            f"incremental/{name}",
            lineterm="",
            n=1,
        )
        lines = list(diff)
        more = (
            f"\n... {len(lines) - max_diff_lines} more lines" if len(lines) > max_diff_lines else ""
        )
        found.append(Divergence(name, "\n".join(lines[:max_diff_lines]) + more))
    return found


def split_for_diff(text: str) -> list[str]:
    """Lines, with HTML tags on lines of their own: minified pages diff by element."""
    return re.sub(r">\s*<", ">\n<", text).splitlines()


# --------------------------------------------------------------------------- the run


@dataclass
class FuzzRun:
    """One seed: edits, and after each step an incremental and a clean build compared."""

    seed: int
    work: Path
    steps: int = 3
    edits_per_step: int = 2
    #: -j of the incremental builds (the clean builds are serial)
    jobs: int = 1
    log: list[str] = field(default_factory=list)

    @property
    def site(self) -> Path:
        return self.work / "site"

    @property
    def out(self) -> Path:
        return self.work / "out"

    @property
    def doctrees(self) -> Path:
        return self.work / "doctrees"

    def prepare(self, pristine: Path | None = None) -> None:
        """The real site, built once; from ``pristine`` (a prepared run's folder) when given."""
        if pristine is not None:
            for part in ("site", "out", "doctrees"):
                shutil.rmtree(self.work / part, ignore_errors=True)
                # copytree keeps modification times: Sphinx sees nothing changed
                shutil.copytree(pristine / part, self.work / part, symlinks=True)
            return
        for part in ("site", "out", "doctrees"):
            shutil.rmtree(self.work / part, ignore_errors=True)
        copy_site(self.site)
        run_build(self.site, self.out, self.doctrees)

    def steps_run(self) -> Iterator[tuple[int, list[Divergence]]]:
        site = Site(self.site, random.Random(self.seed))
        for step in range(1, self.steps + 1):
            for _ in range(self.edits_per_step):
                self.log.append(f"step {step}: {apply_random_edit(site)}")
            time.sleep(0.01)  # a new modification time, even on coarse clocks
            run_build(self.site, self.out, self.doctrees, self.jobs)
            clean = self.work / "clean"
            shutil.rmtree(clean, ignore_errors=True)
            run_build(self.site, clean / "out", clean / "doctrees")
            yield step, compare_builds(self.out, clean / "out")

    def report(self, step: int, divergences: list[Divergence], shown: int = 4) -> str:
        names = ", ".join(d.name for d in divergences[:30])
        more = f" and {len(divergences) - 30} more" if len(divergences) > 30 else ""
        details = "\n\n".join(f"--- {d.name}: {d.detail}" for d in divergences[:shown])
        return (
            f"seed {self.seed} (-j {self.jobs}), after step {step}: the incremental build "
            f"differs from a clean build in {len(divergences)} files: {names}{more}\n"
            f"edits:\n  " + "\n  ".join(self.log) + f"\n\nreproduce: python tests/fuzz_edits.py "
            f"--seeds {self.seed} --steps {step} --edits {self.edits_per_step} "
            f"--jobs {self.jobs}\n\n{details}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--edits", type=int, default=1, help="edits per incremental build")
    parser.add_argument("--jobs", type=int, default=1, help="-j of the incremental builds")
    parser.add_argument("--work", type=Path, default=Path("_build/fuzz"))
    options = parser.parse_args()
    failed = 0
    pristine: Path | None = None
    for seed in options.seeds:
        run = FuzzRun(seed, options.work.resolve(), options.steps, options.edits, options.jobs)
        run.prepare(pristine)
        if pristine is None:
            pristine = options.work.resolve() / "pristine"
            shutil.rmtree(pristine, ignore_errors=True)
            for part in ("site", "out", "doctrees"):
                shutil.copytree(run.work / part, pristine / part, symlinks=True)
        for step, divergences in run.steps_run():
            if divergences:
                print(run.report(step, divergences))
                failed += 1
                break
            print(f"seed {seed} step {step}: same ({run.log[-1]})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
