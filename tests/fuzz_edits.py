"""A differential fuzz of incremental builds: random realistic edits to a copy of the real site.

After each step of edits the site is built incrementally (into the output and
doctree folders of the build before) and from scratch (fresh folders); every
file the two builds wrote must be the same, and so must the termpages warnings
they report; then a build with nothing edited must change and rewrite nothing.
``python tests/fuzz_edits.py --seeds
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
    #: the term every edit picks, while two edits go to one term in one step
    pinned: str | None = None

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def terms(self) -> list[Term]:
        return [Term.read(p) for p in sorted(self.docs.glob("*.md")) if p.stem != "index"]

    def term(self) -> Term:
        if self.pinned is not None and (self.docs / f"{self.pinned}.md").exists():
            return Term.read(self.docs / f"{self.pinned}.md")
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
        """A ``{term}`` mention as writers write them: by title, slug, alias, plural, own text."""
        kind = self.rng.choice(("title", "slug", "text", "alias", "plural"))
        aliases = term.items("aliases")
        if kind == "alias" and aliases:
            return f"{{term}}`{self.rng.choice(aliases)}`"
        if kind == "plural" and re.search(r"[a-z]$", term.title) and term.title[-1] not in "sxyh":
            return f"{{term}}`{term.title}s`"  # lookup.py reads a simple plural as the term
        if kind in ("title", "alias", "plural"):
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


def add_term(site: Site, title: str | None = None) -> str:
    others = site.terms()
    title = title or site.new_name()
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


def add_edge_term(site: Site) -> str:
    """A term whose title sorts first or last in its category: the edges of Previous/Next."""
    edge = site.rng.choice(("Aardvark", "Zyzzyva"))
    return add_term(site, f"{edge} {site.new_name()}")


#: Lines of a term's body that are prose: not a heading, a directive fence, a list or a table.
PROSE = re.compile(r"^(?![#:`|>\-*\d ]).{40,}$", re.M)


def edit_body(site: Site) -> str | None:
    """A sentence added to one paragraph of the body, the front matter untouched."""
    term = site.term()
    lines = list(PROSE.finditer(term.body))
    if not lines:
        return None
    line = site.rng.choice(lines)
    term.body = term.body[: line.end()] + f" {site.sentence()}" + term.body[line.end() :]
    term.write()
    return f"{term.slug}: edit a paragraph"


def edit_home(site: Site) -> str:
    """The home page's own words (its hero intro), no term touched."""
    home = site.docs / "index.md"
    text = home.read_text(encoding="utf-8")
    text = text.replace("```{glossary-hero}\n", f"```{{glossary-hero}}\n{site.sentence()}\n", 1)
    home.write_text(text, encoding="utf-8")
    return "index: new words in the home page's intro"


def edit_hub_text(site: Site) -> str:
    """A category's description (its hub page's own text, and the home page's card)."""
    conf = site.root / "conf.py"
    text = conf.read_text(encoding="utf-8")
    category = site.rng.choice(CATEGORIES)
    pattern = re.compile(rf'("id": "{category}",\n\s*"title": [^\n]*\n\s*"description": )')
    text, count = pattern.subn(lambda m: f'{m.group(1)}"{site.sentence()} "\n', text, count=1)
    assert count == 1, f"conf.py no longer describes {category} as the fuzz expects"
    conf.write_text(text, encoding="utf-8")
    return f"conf.py: new description of {category}"


def names_of(term: Term) -> set[str]:
    """What a mention of the term may say, folded (a plural is left to the last word's s)."""
    names = {term.slug, term.title.casefold(), *(a.casefold() for a in term.items("aliases"))}
    return names | {f"{name}s" for name in names}


def orphan_term(site: Site) -> str:
    """No page mentions the term or lists it as related any more: the orphans check changes."""
    term = site.term()
    names = names_of(term)
    for other in site.terms():
        if other.slug == term.slug:
            continue
        body = MENTION.sub(
            lambda m: (
                re.sub(r"\s*<[^>]*>$", "", m.group(1))
                if re.sub(r"^.*<([^>]*)>$", r"\1", m.group(1)).casefold() in names
                else m.group(0)
            ),
            other.body,
        )
        related = other.items("related")
        if body != other.body or term.slug in related:
            other.body = body
            other.set_items("related", [slug for slug in related if slug != term.slug])
            other.write()
    return f"{term.slug}: no mention or related list names it"


def change_date(site: Site) -> str:
    """``last_updated``: another date, or none."""
    term = site.term()
    if "last_updated" in term.front and site.rng.random() < 0.2:
        del term.front["last_updated"]
        what = "remove last_updated"
    else:
        day = site.rng.randrange(1, 29)
        term.front["last_updated"] = f"2026-{site.rng.randrange(1, 12):02d}-{day:02d}"
        what = f"last_updated {term.front['last_updated']}"
    term.write()
    return f"{term.slug}: {what}"


def add_first_question(site: Site) -> str | None:
    """A FAQ on a page that had none."""
    bare = [t for t in site.terms() if "::::{faq}" not in t.body]
    if not bare:
        return None
    site.pinned = site.rng.choice(bare).slug
    try:
        return add_question(site)
    finally:
        site.pinned = None


def remove_faq(site: Site) -> str | None:
    """The page's FAQ goes, with its last question: no FAQPage data any more."""
    term = site.term()
    block = re.search(r"\n*::::\{faq\}\n(?:.*\n)*?::::\n", term.body)
    if block is None:
        return None
    term.body = term.body[: block.start()] + "\n" + term.body[block.end() :]
    term.write()
    return f"{term.slug}: remove the FAQ ({len(QUESTION.findall(block.group(0)))} questions)"


def touch(site: Site) -> str:
    """A file saved unchanged: a new modification time only."""
    path = site.rng.choice([*sorted(site.docs.glob("*.md"))])
    os.utime(path)
    return f"touch {path.name}"


#: Edits that keep a term where it is, so that a second edit can go to the same term.
IN_PLACE = (
    "retitle", "move", "aliases", "summary", "related", "add-mention", "remove-mention",
    "add-question", "remove-question", "body", "date", "remove-faq",
)  # fmt: skip


def twice(site: Site) -> str:
    """Two edits to one term in one step; the second may rename or delete it."""
    site.pinned = site.term().slug
    try:
        done = []
        for names in (IN_PLACE, (*IN_PLACE, "rename", "delete")):
            while (what := EDITS[site.rng.choice(names)](site)) is None:
                pass
            done.append(what)
    finally:
        site.pinned = None
    return " and ".join(done)


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
    "add-edge": add_edge_term,
    "body": edit_body,
    "home": edit_home,
    "hub-text": edit_hub_text,
    "orphan": orphan_term,
    "date": change_date,
    "first-question": add_first_question,
    "remove-faq": remove_faq,
    "touch": touch,
    "twice": twice,
}


def apply_random_edit(site: Site) -> str:
    while True:
        name = site.rng.choice(sorted(EDITS))
        done = EDITS[name](site)
        if done is not None:
            return done


# --------------------------------------------------------------------------- builds


def build_command(
    site: Path, out: Path, doctrees: Path, jobs: int = 1, overrides: tuple[str, ...] = ()
) -> list[str]:
    parallel = ["-j", str(jobs)] if jobs > 1 else []
    parallel += [part for setting in overrides for part in ("-D", setting)]
    # checks strict: the editorial checks are warnings (stderr), compared like the rest
    return [sys.executable, "-m", "sphinx", "-q", "-b", "html", *parallel,
            "-D", "termpages_checks_strict=1",
            "-c", str(site), "-d", str(doctrees), str(site / "docs"), str(out)]  # fmt: skip


def build_environment() -> dict[str, str]:
    """This process's environment without the site's own settings (conf.py's defaults)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GEONIMO_GLOSSARY_")}


def run_build(
    site: Path, out: Path, doctrees: Path, jobs: int = 1, overrides: tuple[str, ...] = ()
) -> str:
    """Build; the warnings (stderr). A crash fails the fuzz with Sphinx's words."""
    result = subprocess.run(
        build_command(site, out, doctrees, jobs, overrides),
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


def termpages_problems(stderr: str) -> list[str]:
    """What termpages reported, in order of file and line (``-j`` workers interleave)."""
    return sorted(line for line in stderr.splitlines() if "[termpages." in line)


def compare_problems(incremental: str, clean: str, build: str) -> list[Divergence]:
    """A build reports every problem of the site, kept ones again (problems.py), as a clean one."""
    mine, theirs = termpages_problems(incremental), termpages_problems(clean)
    if mine == theirs:
        return []
    diff = difflib.unified_diff(theirs, mine, "clean", build, lineterm="", n=0)
    return [Divergence(f"warnings of the {build} build", "\n".join(list(diff)[:40]))]


#: Files stock Sphinx writes on every build, even one with nothing to do.
REWRITTEN_EVERY_BUILD = frozenset({"_static/pygments.css"})


def stamps(outdir: Path) -> dict[str, tuple[int, bytes]]:
    return {n: (p.stat().st_mtime_ns, p.read_bytes()) for n, p in output_files(outdir).items()}


def compare_no_op(
    before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]
) -> list[Divergence]:
    """A build after a build, nothing edited: no file changed, none rewritten, none added."""
    found = [Divergence(n, "added by a build with nothing to do") for n in after.keys() - before]
    found += [Divergence(n, "removed by a build with nothing to do") for n in before.keys() - after]
    for name in sorted(before.keys() & after.keys() - REWRITTEN_EVERY_BUILD):
        if after[name][1] != before[name][1]:
            found.append(Divergence(name, "changed by a build with nothing to do"))
        elif after[name][0] != before[name][0]:
            found.append(Divergence(name, "rewritten, unchanged, by a build with nothing to do"))
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
    #: after each step, also a build with nothing edited: it must change and rewrite nothing
    no_op: bool = True
    #: settings given with -D to every build ("name=value")
    overrides: tuple[str, ...] = ()
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
        run_build(self.site, self.out, self.doctrees, overrides=self.overrides)

    def steps_run(self) -> Iterator[tuple[int, list[Divergence]]]:
        site = Site(self.site, random.Random(self.seed))
        for step in range(1, self.steps + 1):
            for _ in range(self.edits_per_step):
                self.log.append(f"step {step}: {apply_random_edit(site)}")
            time.sleep(0.01)  # a new modification time, even on coarse clocks
            problems = run_build(self.site, self.out, self.doctrees, self.jobs, self.overrides)
            clean = self.work / "clean"
            shutil.rmtree(clean, ignore_errors=True)
            clean_problems = run_build(
                self.site, clean / "out", clean / "doctrees", overrides=self.overrides
            )
            found = compare_builds(self.out, clean / "out")
            found += compare_problems(problems, clean_problems, "incremental")
            if not found and self.no_op:
                before = stamps(self.out)
                time.sleep(0.01)
                again = run_build(self.site, self.out, self.doctrees, self.jobs, self.overrides)
                found = compare_no_op(before, stamps(self.out))
                found += compare_problems(again, clean_problems, "no-op")
            yield step, found

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
