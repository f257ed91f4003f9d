"""Finding the name a writer meant: terms by slug, title or alias, and "did you mean" for typos."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # for annotations only: frontmatter.py asks this module for its suggestions
    from .frontmatter import TermEntry

_LAST_WORD = re.compile(r"^(.*?)([^\s-]+)$", re.S)

#: The kinds of name a term answers to, in the order they are tried.
KINDS = ("slug", "title", "alias")


@functools.lru_cache(maxsize=65536)
def sort_key(title: str, slug: str = "") -> tuple[str, str]:
    """Reading order: case and accents ignored, so Éclair sorts with the Es.

    Cached: every list of terms on every page sorts by it, a few names at a time.
    """
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)), slug


def normalize(text: str) -> str:
    return " ".join(text.split())


def fold(text: str) -> str:
    return normalize(text).casefold()


_PARENTHESIS = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")


def _spelling_keys(name: str) -> set[str]:
    """What a name reads as, ignoring case, spacing, hyphens and a simple plural."""
    folded = fold(name)
    keys = {_NOT_ALPHANUMERIC.sub("", form) for form in (folded, *number_variants(folded))}
    keys.discard("")
    return keys


def shown_aliases(title: str, aliases: Iterable[str]) -> list[str]:
    """The aliases that are other names for the term, as a reader should see them.

    Aliases also serve {term} matching, where writers list spellings and plurals
    ("fine tuning", "LLMs"); those read as the title, or as an earlier alias, and
    are left out of "Also called" and of the structured data's alternateName.
    A title's parenthesised abbreviation ("Large Language Model (LLM)") counts as shown.
    """
    seen = _spelling_keys(title)
    parts = _PARENTHESIS.match(normalize(title))
    if parts is not None:
        seen |= _spelling_keys(parts.group(1)) | _spelling_keys(parts.group(2))
    shown = []
    for alias in aliases:
        keys = _spelling_keys(alias)
        if keys and not keys & seen:
            shown.append(normalize(alias))
        seen |= keys
    return shown


def number_variants(folded: str) -> list[str]:
    """Simple English singular/plural forms of the last word (llms -> llm, policy -> policies)."""
    match = _LAST_WORD.match(folded)
    if match is None:
        return []
    head, word = match.groups()
    forms: list[str] = []
    if word.endswith("ies") and len(word) > 3:
        forms.append(word[:-3] + "y")
    if word.endswith(("ses", "xes", "zes", "ches", "shes")):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 1:
        forms.append(word[:-1])
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        forms.append(word[:-1] + "ies")
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(word + "es")
    else:
        forms.append(word + "s")
    return [head + form for form in dict.fromkeys(forms) if form != word]


_SEPARATORS = re.compile(r"[\s_-]+")


def spelling(name: str) -> str:
    """A name as it is spelled, ignoring case and the difference of hyphens, spaces, underscores."""
    return " ".join(_SEPARATORS.sub(" ", name.casefold()).split())


def typo_distance(typed: str, name: str) -> int:
    """Edits from one spelling to the other; swapping two neighbours counts as one edit.

    The optimal string alignment distance (Damerau-Levenshtein without re-editing
    a swapped pair), on spellings: "How-LLM-works" is two edits from "how llms work".
    """
    a, b = spelling(typed), spelling(name)
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def typo_allowance(typed: str) -> int:
    """How many edits a typo of this length may hold: one in five letters, one at least.

    Names of one or two letters get none: every short name is a letter or two away.
    """
    length = len(spelling(typed))
    return 0 if length <= 2 else max(1, length // 5)


def closest(
    typed: str, candidates: Iterable[str] | Mapping[str, Iterable[str]], limit: int = 3
) -> list[str]:
    """The candidates a typo of ``typed`` most likely meant, closest first; never a far one.

    ``candidates`` are names, or a mapping of each answer to the names it goes by
    (a term's slug to its slug, title and aliases): an answer counts as close as
    its closest name, and is suggested once.
    """
    named = candidates if isinstance(candidates, Mapping) else {name: [name] for name in candidates}
    allowed = typo_allowance(typed)
    scored = []
    for answer, names in named.items():
        distance = min(typo_distance(typed, name) for name in [answer, *names])
        if distance <= allowed:
            scored.append((distance, sort_key(answer), answer))
    return [answer for _, _, answer in sorted(scored)[:limit]]


def did_you_mean(suggestions: Iterable[str]) -> str:
    """The end of an "unknown name" warning: ``; did you mean 'a', 'b'?``, or nothing."""
    listed = ", ".join(repr(name) for name in suggestions)
    return f"; did you mean {listed}?" if listed else ""


@dataclass
class Match:
    """The outcome of a lookup: zero, one or (ambiguous) several slugs, and how they matched."""

    slugs: list[str]
    #: e.g. "alias, any case"; empty when nothing matched.
    how: str = ""


@dataclass
class TermIndex:
    """Every name of every term, exact and case-folded; built once per build phase."""

    exact: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    folded: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    #: folded name -> a display form, for "did you mean" suggestions.
    display: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[TermEntry]) -> TermIndex:
        index = cls(
            exact={kind: defaultdict(set) for kind in KINDS},
            folded={kind: defaultdict(set) for kind in KINDS},
        )
        for entry in entries:
            names = {"slug": [entry.slug], "title": [entry.title], "alias": entry.aliases}
            for kind, values in names.items():
                for value in values:
                    index.exact[kind][normalize(value)].add(entry.slug)
                    index.folded[kind][fold(value)].add(entry.slug)
                    index.display.setdefault(fold(value), normalize(value))
        return index

    def lookup(self, target: str) -> Match:
        """Slug, title, alias; exact, then any case, then singular/plural (see README)."""
        text = normalize(target)
        for kind in KINDS:
            if hits := self.exact[kind].get(text):
                return Match(sorted(hits), kind)
        folded = fold(text)
        for kind in KINDS:
            if hits := self.folded[kind].get(folded):
                return Match(sorted(hits), f"{kind}, any case")
        for variant in number_variants(folded):
            for kind in KINDS:
                if hits := self.folded[kind].get(variant):
                    return Match(sorted(hits), f"{kind}, singular/plural")
        return Match([])

    def suggestions(self, target: str, limit: int = 3) -> list[str]:
        """The closest name of each term close to ``target``: one suggestion per term."""
        by_term: dict[str, set[str]] = defaultdict(set)
        for kind in KINDS:
            for name, slugs in self.folded[kind].items():
                for slug in slugs:
                    by_term[slug].add(self.display[name])
        best: dict[str, str] = {}
        for slug in closest(target, by_term, limit=limit):
            best[slug] = min(by_term[slug], key=lambda name: (typo_distance(target, name), name))
        return list(best.values())
