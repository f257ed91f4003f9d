"""The ``termpages`` domain: the one place that holds cross-document state about terms."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypedDict

from sphinx.domains import Domain, ObjType

from .config import get_settings
from .frontmatter import TermEntry
from .warnings_ import TermWarning, warn

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment


class TermpagesData(TypedDict):
    #: docname -> entry; keyed by docname so that clear_doc and merging are trivial.
    terms: dict[str, TermEntry]
    #: What each slug looked like at the end of the previous build (see incremental.py).
    published: dict[str, tuple[str, ...]]


class TermpagesDomain(Domain):
    """Terms are objects of this domain, so they reach objects.inv and the search index."""

    name = "termpages"
    label = "Glossary terms"
    object_types = {"term": ObjType("term", "term")}
    initial_data: TermpagesData = {"terms": {}, "published": {}}  # type: ignore[assignment]
    data_version = 1

    @property
    def terms(self) -> dict[str, TermEntry]:
        return self.data["terms"]  # type: ignore[no-any-return]

    #: by_slug() result, rebuilt after any change; every page's write asks for it.
    _slug_index: dict[str, TermEntry] | None = None

    def note_term(self, entry: TermEntry) -> None:
        self.terms[entry.docname] = entry
        self._slug_index = None

    def clear_doc(self, docname: str) -> None:
        self.terms.pop(docname, None)
        self._slug_index = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for docname, entry in otherdata["terms"].items():
            if docname in wanted:
                self.terms[docname] = entry
        self._slug_index = None

    def by_slug(self) -> dict[str, TermEntry]:
        """Slug -> entry; with duplicate slugs the first docname wins (and both are warned).

        Callers must not mutate entries through it; titles are set while
        reading (termpage.TermPageLayout), before any page is written.
        """
        if self._slug_index is None:
            index: dict[str, TermEntry] = {}
            for docname in sorted(self.terms):
                entry = self.terms[docname]
                index.setdefault(entry.slug, entry)
            self._slug_index = index
        return self._slug_index

    def sorted_terms(self, category: str | None = None) -> list[TermEntry]:
        """Terms in reading order (by title, then slug), optionally of one category."""
        entries: Iterable[TermEntry] = self.by_slug().values()
        if category is not None:
            entries = (entry for entry in entries if entry.category == category)
        return sorted(entries, key=lambda entry: (entry.title.casefold(), entry.slug))

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for entry in self.by_slug().values():
            yield entry.slug, entry.title, "term", entry.docname, "", 1

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        # no roles yet; the base class would raise for every ``{any}`` reference
        return []

    def check_consistency(self) -> None:
        """Warnings that need every term read: duplicate slugs and related-term links."""
        env: BuildEnvironment = self.env
        by_slug: dict[str, list[TermEntry]] = defaultdict(list)
        for docname in sorted(self.terms):
            by_slug[self.terms[docname].slug].append(self.terms[docname])
        for slug, entries in sorted(by_slug.items()):
            if len(entries) > 1:
                files = ", ".join(str(env.doc2path(entry.docname, False)) for entry in entries)
                for entry in entries:
                    warn(
                        TermWarning.DUPLICATE_SLUG,
                        f"slug {slug!r} is used by more than one term page ({files})",
                        (entry.docname, entry.line),
                    )
        known = self.by_slug()
        terms_dir = get_settings(env.config).terms_dir
        for docname in sorted(self.terms):
            entry = self.terms[docname]
            seen: set[str] = set()
            for related_slug, line in entry.related:
                if related_slug == entry.slug:
                    warn(
                        TermWarning.RELATED_INVALID,
                        f"related term {related_slug!r} is this term itself",
                        (docname, line),
                    )
                elif related_slug in seen:
                    warn(
                        TermWarning.RELATED_INVALID,
                        f"related term {related_slug!r} is listed twice",
                        (docname, line),
                    )
                elif related_slug not in known:
                    warn(
                        TermWarning.UNKNOWN_RELATED,
                        f"related term {related_slug!r} does not exist "
                        f"(no {terms_dir}/{related_slug}.md){_suggest(related_slug, known)}",
                        (docname, line),
                    )
                seen.add(related_slug)


def _suggest(slug: str, known: dict[str, TermEntry]) -> str:
    close = difflib.get_close_matches(slug, sorted(known), n=3)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def get_domain(env: BuildEnvironment) -> TermpagesDomain:
    return env.get_domain("termpages")  # type: ignore[return-value]
