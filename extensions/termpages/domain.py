"""The ``termpages`` domain: the one place that holds cross-document state about terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypedDict

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from .config import get_settings
from .frontmatter import TermEntry
from .lookup import Match, TermIndex, closest, did_you_mean, fold, normalize, sort_key
from .warnings_ import TermWarning, shown, warn
from .xref import UNKNOWN_TERM, TermReferenceRole, preview_id, term_reference, written_as_slug

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


#: A warning kept with its page (problems.py): subtype, message, line.
Problem = tuple[str, str, int | None]


class TermpagesData(TypedDict):
    #: docname -> entry; keyed by docname so that clear_doc and merging are trivial.
    terms: dict[str, TermEntry]
    #: docname -> the ``{term}`` targets written on that page, with their lines, in order.
    mentions: dict[str, list[tuple[str, int | None]]]
    #: docname -> the FAQ of that page: (question, line, answer as plain text).
    questions: dict[str, list[tuple[str, int | None, str]]]
    #: docname -> (heading, line) of the page's own H2 sections (textchecks.py).
    headings: dict[str, list[tuple[str, int]]]
    #: docname -> (line, sampled word-shingle hashes) of each passage (textchecks.py).
    passages: dict[str, list[tuple[int, tuple[int, ...]]]]
    #: docname -> the warnings found while reading that page, reported again by every
    #: build that does not read it (problems.py).
    problems: dict[str, list[Problem]]
    #: What other pages showed of each term at the end of the previous build
    #: (incremental.py compares against it); never touched while reading.
    snapshot: dict[str, Any]


class TermpagesDomain(Domain):
    """Terms are objects of this domain, so they reach objects.inv and the search index."""

    name = "termpages"
    label = "Glossary terms"
    object_types = {"term": ObjType("term", "term")}
    roles = {"term": TermReferenceRole()}
    dangling_warnings = {"term": UNKNOWN_TERM}
    initial_data: TermpagesData = {  # type: ignore[assignment,misc]
        "terms": {},
        "mentions": {},
        "questions": {},
        "headings": {},
        "passages": {},
        "problems": {},
        "snapshot": {},
    }
    data_version = 7

    @property
    def terms(self) -> dict[str, TermEntry]:
        return self.data["terms"]  # type: ignore[no-any-return]

    @property
    def mentions(self) -> dict[str, list[tuple[str, int | None]]]:
        return self.data["mentions"]  # type: ignore[no-any-return]

    #: Derived from ``terms`` on first use after any change; every page's write asks for them.
    #: (Every page of a 5,000-term glossary asks for these; recomputing them per
    #: page would make the build quadratic.)
    _slug_index: dict[str, TermEntry] | None = None
    _term_index: TermIndex | None = None
    _backlinks: dict[str, list[TermEntry]] | None = None
    _sorted: dict[str | None, list[TermEntry]] | None = None
    _faq_pages: dict[str, list[str]] | None = None
    _resolved: dict[str, Match] | None = None
    _positions: dict[str, int] | None = None
    #: Whether this build read (or removed) any page; set by incremental.note_purge.
    read_this_build: bool = True

    def _changed(self) -> None:
        self._slug_index = None
        self._term_index = None
        self._backlinks = None
        self._sorted = None
        self._faq_pages = None
        self._resolved = None
        self._positions = None

    def note_term(self, entry: TermEntry) -> None:
        self.terms[entry.docname] = entry
        self._changed()

    def set_title(self, docname: str, title: str) -> None:
        """The title is known only once the page is parsed, after its front matter."""
        self.terms[docname].title = title
        self._changed()

    def note_mentions(self, docname: str, targets: list[tuple[str, int | None]]) -> None:
        self._backlinks = None
        if targets:
            self.mentions[docname] = targets
        else:
            self.mentions.pop(docname, None)

    def note_questions(self, docname: str, questions: list[tuple[str, int | None, str]]) -> None:
        self._faq_pages = None
        if questions:
            self.data["questions"][docname] = questions
        else:
            self.data["questions"].pop(docname, None)

    def note_text(
        self,
        docname: str,
        headings: list[tuple[str, int]],
        passages: list[tuple[int, tuple[int, ...]]],
    ) -> None:
        for key, value in (("headings", headings), ("passages", passages)):
            if value:
                self.data[key][docname] = value
            else:
                self.data[key].pop(docname, None)

    def note_problem(self, docname: str, problem: Problem) -> None:
        self.data["problems"].setdefault(docname, []).append(problem)

    def clear_doc(self, docname: str) -> None:
        self.terms.pop(docname, None)
        self.mentions.pop(docname, None)
        for key in ("questions", "headings", "passages", "problems"):
            self.data[key].pop(docname, None)
        self._changed()

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        wanted = set(docnames)
        for key in ("terms", "mentions", "questions", "headings", "passages", "problems"):
            for docname, value in otherdata[key].items():
                if docname in wanted:
                    self.data[key][docname] = value
        self._changed()

    def warm_caches(self) -> None:
        """Build every cache that writing pages uses, now that all pages are read.

        Built before the environment is frozen (collector.py), they are frozen
        with it instead of being walked by every collection while pages are
        written.
        """
        self.faq_pages()
        self.backlinks()  # resolves every mention, builds the slug and term indexes
        self.sorted_terms()
        self.position_in_category("")

    def faq_pages(self) -> dict[str, list[str]]:
        """Folded question -> the pages that ask it, in docname order."""
        if self._faq_pages is None:
            self._faq_pages = self._compute_faq_pages()
        return self._faq_pages

    def _compute_faq_pages(self) -> dict[str, list[str]]:
        pages: dict[str, list[str]] = defaultdict(list)
        for docname in sorted(self.data["questions"]):
            for question, _, _ in self.data["questions"][docname]:
                if docname not in pages[fold(question)]:
                    pages[fold(question)].append(docname)
        return pages

    def term_index(self) -> TermIndex:
        if self._term_index is None:
            self._term_index = TermIndex.build(self.by_slug().values())
        return self._term_index

    def resolve_term(self, target: str) -> Match:
        # a glossary names the same few terms thousands of times
        if self._resolved is None:
            self._resolved = {}
        match = self._resolved.get(target)
        if match is None:
            match = self._resolved[target] = self.term_index().lookup(target)
        return match

    def mentioned_slugs(self, docname: str) -> list[str]:
        """Slugs of the terms a page links to, in first-mention order (ambiguous: the first)."""
        found: dict[str, None] = {}
        for target, _ in self.mentions.get(docname, []):
            match = self.resolve_term(target)
            if match.slugs:
                found.setdefault(match.slugs[0], None)
        return list(found)

    def backlinks(self) -> dict[str, list[TermEntry]]:
        """Slug -> the term pages that mention it (sorted by title, never itself)."""
        if self._backlinks is None:
            self._backlinks = self._compute_backlinks()
        return self._backlinks

    def _compute_backlinks(self) -> dict[str, list[TermEntry]]:
        result: dict[str, dict[str, TermEntry]] = defaultdict(dict)
        by_docname = self.terms
        for docname in self.mentions:
            source = by_docname.get(docname)
            if source is None:
                continue
            for slug in self.mentioned_slugs(docname):
                if slug != source.slug:
                    result[slug][docname] = source
        return {
            slug: sorted(pages.values(), key=lambda e: sort_key(e.title, e.slug))
            for slug, pages in result.items()
        }

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

    def position_in_category(self, docname: str) -> int:
        """Where a term stands in its category's reading order (0 when it has none)."""
        if self._positions is None:
            self._positions = {}
            for category in {entry.category for entry in self.terms.values()}:
                if category is not None:
                    for index, entry in enumerate(self.sorted_terms(category)):
                        self._positions[entry.docname] = index
        return self._positions.get(docname, 0)

    def sorted_terms(self, category: str | None = None) -> list[TermEntry]:
        """Terms in reading order (by title, then slug): all, or those of one category."""
        if self._sorted is None:
            ordered = sorted(
                self.by_slug().values(), key=lambda entry: sort_key(entry.title, entry.slug)
            )
            self._sorted = defaultdict(list, {None: ordered})
            for entry in ordered:
                if entry.category is not None:
                    self._sorted[entry.category].append(entry)
        return self._sorted[category]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        # Every name leads to the page, for intersphinx (objects.inv). Priority -1 keeps
        # them out of the search page: an object hit is a second result for a page the
        # search already lists once by its title, alias and text (the pages' index
        # entries, termpage.py, find it by title or alias).
        for entry in self.by_slug().values():
            yield entry.slug, entry.title, "term", entry.docname, "", -1
            if entry.title != entry.slug:
                yield entry.title, entry.title, "term", entry.docname, "", -1
            for alias in dict.fromkeys(entry.aliases):
                if alias not in (entry.slug, entry.title):
                    yield alias, alias, "term", entry.docname, "", -1

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """A ``{term}`` link; None when no term of this site answers to the name.

        Sphinx then asks ``missing-reference`` (intersphinx) and, when no one
        answers, warns through ``dangling_warnings`` (references.warn_unknown_term).
        Mentions shown as plain text (the page's own term, repeated mentions) never
        get here: references.UnlinkPlainMentions has replaced them.
        """
        if typ != "term":
            return None
        entry = self.term_for(node)
        if entry is None:
            # a term of Sphinx's own glossary directive, in this project
            return env.get_domain("std").resolve_xref(
                env, fromdocname, builder, "term", target, node, contnode
            )
        shown = self.shown_text(entry, node, contnode)
        if builder.format == "html":
            settings = get_settings(env.config)
            return term_reference(
                "",
                "",
                shown,
                refuri=builder.get_relative_uri(fromdocname, entry.docname) or "#",
                preview_id=preview_id(entry.slug) if settings.previews else "",
                termslug=entry.slug,
            )
        return make_refnode(builder, fromdocname, entry.docname, None, shown)

    def term_for(self, node: pending_xref) -> TermEntry | None:
        """The term a ``{term}`` reference names, warning when the name is ambiguous."""
        target = node["reftarget"]
        match = self.resolve_term(target)
        if not match.slugs:
            return None
        if len(match.slugs) > 1:
            warn(
                TermWarning.AMBIGUOUS_TERM,
                f"term {shown(target)} is ambiguous: it is the {match.how} of "
                f"{', '.join(match.slugs)}; linking to {shown(match.slugs[0])} "
                "(write the slug to choose)",
                node,
            )
        return self.by_slug()[match.slugs[0]]

    @staticmethod
    def shown_text(entry: TermEntry, node: pending_xref, contnode: nodes.Element) -> nodes.Element:
        """What a mention shows: as written, except that a typed slug shows the title."""
        if not node.get("refexplicit") and written_as_slug(node["reftarget"], entry):
            return nodes.inline(entry.title, entry.title, classes=contnode.get("classes", []))
        return contnode

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """``{any}`` finds a term by the same names ``{term}`` does (never plain text)."""
        if ("term", target) in env.get_domain("std").objects:  # type: ignore[attr-defined]
            return []  # the std domain lists every exact name (termpage.py): one answer
        match = self.resolve_term(target)
        if not match.slugs:
            return []
        entry = self.by_slug()[match.slugs[0]]
        link = make_refnode(builder, fromdocname, entry.docname, None, contnode)
        return [("termpages:term", link)]

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
                        f"slug {shown(slug)} is used by more than one term page ({files})",
                        (entry.docname, entry.line),
                    )
        self._check_alias_claims()
        self._check_repeated_questions()
        self._check_redirects()
        known = self.by_slug()
        settings = get_settings(env.config)
        for docname in sorted(self.terms):
            entry = self.terms[docname]
            seen: set[str] = set()
            for related_slug, line in entry.related:
                if related_slug == entry.slug:
                    warn(
                        TermWarning.RELATED_INVALID,
                        f"related term {shown(related_slug)} is this term itself",
                        (docname, line),
                    )
                elif related_slug in seen:
                    warn(
                        TermWarning.RELATED_INVALID,
                        f"related term {shown(related_slug)} is listed twice",
                        (docname, line),
                    )
                elif related_slug not in known:
                    warn(
                        TermWarning.UNKNOWN_RELATED,
                        f"related term {shown(related_slug)} does not exist "
                        f"(no {settings.term_file(related_slug)}){_suggest(related_slug, known)}",
                        (docname, line),
                    )
                seen.add(related_slug)

    def _check_alias_claims(self) -> None:
        """An alias two terms claim, or that names another term, is warned at every claim."""
        claims: dict[str, list[tuple[TermEntry, str, int]]] = defaultdict(list)
        names: dict[str, str] = {}
        for entry in self.by_slug().values():
            names.setdefault(fold(entry.slug), entry.slug)
            names.setdefault(fold(entry.title), entry.slug)
            for alias, line in zip(entry.aliases, entry.alias_lines, strict=False):
                claims[fold(alias)].append((entry, alias, line))
        for folded, claimants in sorted(claims.items()):
            owners = {entry.slug for entry, _, _ in claimants}
            other = names.get(folded)
            if other is not None and other not in owners:
                owners.add(other)
            if len(owners) < 2:
                continue
            listing = ", ".join(sorted(owners))
            for entry, alias, line in claimants:
                warn(
                    TermWarning.DUPLICATE_ALIAS,
                    f"alias {shown(normalize(alias))} is claimed by more than one term "
                    f"({listing}); references to it are ambiguous",
                    (entry.docname, line),
                )

    def _check_repeated_questions(self) -> None:
        """Search engines want each Q&A marked up once: later pages are told so."""
        pages = self.faq_pages()
        for docname in sorted(self.data["questions"]):
            for question, line, _ in self.data["questions"][docname]:
                first = pages[fold(question)][0]
                if first != docname:
                    warn(
                        TermWarning.FAQ_DUPLICATE_QUESTION,
                        f"FAQ question {shown(question)} is also on "
                        f"{self.env.doc2path(first, False)}; only that page marks it up as "
                        "FAQPage data",
                        (docname, line),
                    )

    def _check_redirects(self) -> None:
        """An old slug must be free: no live term or other page has it, one term claims it."""
        live = self.by_slug()
        settings = get_settings(self.env.config)
        claims: dict[str, list[tuple[TermEntry, int]]] = defaultdict(list)
        for docname in sorted(self.terms):
            entry = self.terms[docname]
            for old_slug, line in entry.redirect_from:
                claims[old_slug].append((entry, line))
        for old_slug, claimants in sorted(claims.items()):
            taken = page_taken(self.env, settings.term_docname(old_slug))
            for entry, line in claimants:
                if old_slug not in live and taken is not None:
                    warn(
                        TermWarning.REDIRECT_CONFLICT,
                        f"redirect_from {shown(old_slug)}: {taken} has that name; no redirect",
                        (entry.docname, line),
                    )
                elif old_slug in live:
                    warn(
                        TermWarning.REDIRECT_CONFLICT,
                        f"redirect_from {shown(old_slug)}: a term page with that slug exists "
                        f"({self.env.doc2path(live[old_slug].docname, False)}); no redirect",
                        (entry.docname, line),
                    )
                elif len(claimants) > 1:
                    others = ", ".join(sorted(e.slug for e, _ in claimants))
                    warn(
                        TermWarning.REDIRECT_CONFLICT,
                        f"redirect_from {shown(old_slug)} is claimed by more than one term "
                        f"({others}); it redirects to the first",
                        (entry.docname, line),
                    )


#: Pages the HTML builder writes itself, which no source file makes.
BUILDER_PAGES = frozenset({"genindex", "search", "py-modindex"})


def page_taken(env: BuildEnvironment, docname: str) -> str | None:
    """What already has the output name a redirect stub would take, or None when it is free.

    With terms at the top of the source folder, an old slug ``index`` or ``search`` names
    the home page or Sphinx's search page; a stub there would replace it.
    """
    if docname in env.found_docs:
        return f"the page {env.doc2path(docname, False)}"
    additional = getattr(env.config, "html_additional_pages", None) or {}
    not_found = getattr(env.config, "notfound_pagename", None)  # sphinx-notfound-page's
    if docname in BUILDER_PAGES or docname in additional or docname == not_found:
        return f"the generated page {docname}.html"
    return None


def _suggest(slug: str, known: dict[str, TermEntry]) -> str:
    """Close slugs, by the slug, title and aliases of each term: ``related`` lists slugs."""
    names = {entry.slug: [entry.title, *entry.aliases] for entry in known.values()}
    return did_you_mean(closest(slug, names))


def get_domain(env: BuildEnvironment) -> TermpagesDomain:
    return env.get_domain("termpages")  # type: ignore[return-value]
