"""Finding the term a writer meant: by slug, title or alias; exact, any case, singular or plural."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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
        close = difflib.get_close_matches(fold(target), list(self.display), n=limit, cutoff=0.6)
        return [self.display[name] for name in close]
