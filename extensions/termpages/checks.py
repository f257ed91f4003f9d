"""Editorial checks: what a reviewer would point out, reported before review with file and line.

Each check is a warning subtype of its own, switched and tuned in
``termpages_checks``. They are notices unless ``termpages_checks_strict`` (``make
check``) makes them warnings, which ``-W`` fails on (``warnings_.EDITORIAL``).
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from .config import ContentChecks, get_settings
from .domain import get_domain
from .frontmatter import TermEntry
from .warnings_ import TermWarning, shown, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|Inc|Ltd|Dr|Mr|Ms|U\.S)\.$", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z0-9\"'(])")


def sentence_count(text: str) -> int:
    """Sentences in a summary, ignoring the periods of common abbreviations."""
    count = 1
    for match in _SENTENCE_END.finditer(text):
        if not _ABBREVIATIONS.search(text[: match.start() + 1]):
            count += 1
    return count


def check_summary(entry: TermEntry, checks: ContentChecks) -> None:
    line = entry.field_lines.get("summary", entry.line)
    if not entry.summary:
        return  # field-missing has been reported
    if checks.summary_single_sentence and (
        sentence_count(entry.summary) > 1 or entry.summary[-1] not in ".!?"
    ):
        warn(
            TermWarning.SUMMARY_NOT_ONE_SENTENCE,
            "summary should be exactly one sentence, ending with a period: it is the "
            "definition search engines and assistants quote",
            (entry.docname, line),
        )
    limit = checks.summary_max_length
    if limit and len(entry.summary) > limit:
        warn(
            TermWarning.SUMMARY_TOO_LONG,
            f"summary is {len(entry.summary)} characters; keep it to {limit} "
            "(longer ones are cut off in search results)",
            (entry.docname, line),
        )


def check_terms(app: Sphinx, env: BuildEnvironment) -> None:
    """Runs after every read; the checks need every page's links and FAQs."""
    settings = get_settings(env.config)
    checks = settings.checks
    domain = get_domain(env)
    terms = domain.by_slug()
    linked_to: set[str] = set()
    for docname in domain.mentions:
        source = domain.terms.get(docname)
        for slug in domain.mentioned_slugs(docname):
            if source is None or source.slug != slug:
                linked_to.add(slug)
    listed_as_related = {slug for entry in terms.values() for slug, _ in entry.related}
    today = datetime.date.today()
    for slug in sorted(terms):
        entry = terms[slug]
        location = (entry.docname, entry.line)
        check_summary(entry, checks)
        if checks.require_faq and not domain.data["questions"].get(entry.docname):
            warn(
                TermWarning.NO_FAQ,
                "term page has no FAQ; add a ::::{faq} block with the questions readers ask",
                location,
            )
        if checks.require_term_reference and not [
            other for other in domain.mentioned_slugs(entry.docname) if other != slug
        ]:
            warn(
                TermWarning.NO_TERM_REFERENCE,
                "term page links to no other term; mention related terms with {term}",
                location,
            )
        if checks.orphans and slug not in linked_to and slug not in listed_as_related:
            warn(
                TermWarning.ORPHAN_TERM,
                "no other page links to this term and no term lists it as related",
                location,
            )
        if checks.one_way_related:
            for related_slug, line in entry.related:
                other = terms.get(related_slug)
                if other is not None and slug not in {s for s, _ in other.related}:
                    warn(
                        TermWarning.ONE_WAY_RELATED,
                        f"related term {shown(related_slug)} does not list {shown(slug)} back",
                        (entry.docname, line),
                    )
        if checks.max_age_days and entry.last_updated:
            age = (today - datetime.date.fromisoformat(entry.last_updated)).days
            if age > checks.max_age_days:
                warn(
                    TermWarning.STALE_TERM,
                    f"last_updated is {age} days old (limit {checks.max_age_days}); "
                    "review the page and update the date",
                    (entry.docname, entry.field_lines.get("last_updated", entry.line)),
                )


def setup_checks(app: Sphinx) -> None:
    app.connect("env-check-consistency", check_terms)
