"""Every warning a writer or site maintainer can meet, and the one helper that emits them."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

WARNING_TYPE = "termpages"

logger = logging.getLogger(__name__)


class TermWarning(Enum):
    """Warning subtypes; suppress one with ``suppress_warnings = ["termpages.<value>"]``.

    The README's warning table lists every member; a test keeps the two in step.
    """

    #: conf.py: a ``termpages_*`` setting has a wrong type or an invalid value.
    CONFIG = "config"
    #: The front matter is not valid YAML, not a mapping, or repeats a key.
    FRONT_MATTER = "front-matter"
    #: A required front-matter field (category, summary) is missing or empty.
    FIELD_MISSING = "field-missing"
    #: A front-matter field that termpages does not know (a typo?).
    FIELD_UNKNOWN = "field-unknown"
    #: A front-matter field has the wrong type (e.g. a number where text belongs).
    FIELD_TYPE = "field-type"
    #: ``category`` names a category that conf.py does not declare.
    UNKNOWN_CATEGORY = "unknown-category"
    #: ``related`` names a slug that no term page has.
    UNKNOWN_RELATED = "unknown-related"
    #: ``related`` lists the term itself, or the same slug twice.
    RELATED_INVALID = "related-invalid"
    #: Two term files share one slug.
    DUPLICATE_SLUG = "duplicate-slug"
    #: An alias is claimed by two terms, or is another term's slug or title.
    DUPLICATE_ALIAS = "duplicate-alias"
    #: A ``{term}`` reference matches no term.
    UNKNOWN_TERM = "unknown-term"
    #: A ``{term}`` reference matches more than one term.
    AMBIGUOUS_TERM = "ambiguous-term"
    #: A term file name is not a valid slug (lower-case letters, digits, hyphens).
    INVALID_SLUG = "invalid-slug"
    #: ``last_updated`` is not an ISO date (YYYY-MM-DD).
    INVALID_DATE = "invalid-date"
    #: A URL (``same_as``) is not an absolute http(s) URL.
    INVALID_URL = "invalid-url"
    #: ``cta`` names a CTA variant that conf.py does not declare.
    UNKNOWN_CTA = "unknown-cta"
    #: A term page has no ``# Title`` heading.
    MISSING_TITLE = "missing-title"
    #: An FAQ block has no questions.
    FAQ_EMPTY = "faq-empty"
    #: An FAQ question has no answer text.
    FAQ_EMPTY_ANSWER = "faq-empty-answer"
    #: A ``question`` directive has no question text.
    FAQ_NO_QUESTION = "faq-no-question"
    #: An FAQ block contains content outside any ``question``, or a ``question`` is outside an FAQ.
    FAQ_MISPLACED = "faq-misplaced"
    #: A page has more than one FAQ block (they are merged into the first).
    FAQ_MULTIPLE = "faq-multiple"
    #: Two FAQ questions on one page would share an anchor.
    FAQ_DUPLICATE_ANCHOR = "faq-duplicate-anchor"
    #: A ``{jsonld}`` block is not valid JSON, or not objects.
    JSONLD_INVALID = "jsonld-invalid"
    #: The same FAQ question is on two pages; only the first is marked up as FAQPage.
    FAQ_DUPLICATE_QUESTION = "faq-duplicate-question"
    #: A ``redirect_from`` entry names a page that exists, or one another term claims.
    REDIRECT_CONFLICT = "redirect-conflict"
    #: Check: the summary is more than one sentence, or does not end like one.
    SUMMARY_NOT_ONE_SENTENCE = "summary-not-one-sentence"
    #: Check: the summary is longer than termpages_checks["summary_max_length"].
    SUMMARY_TOO_LONG = "summary-too-long"
    #: Check: a term page has no FAQ.
    NO_FAQ = "no-faq"
    #: Check: a term page mentions no other term with {term}.
    NO_TERM_REFERENCE = "no-term-reference"
    #: Check: no page links to a term and no term lists it as related.
    ORPHAN_TERM = "orphan-term"
    #: Check: a related term does not list this term back.
    ONE_WAY_RELATED = "one-way-related"
    #: Check: last_updated is older than termpages_checks["max_age_days"].
    STALE_TERM = "stale-term"
    #: Check: an H2 wording (the term's name taken out) is on too many term pages.
    REPEATED_HEADING = "repeated-heading"
    #: Check: a passage repeats most of a passage of another term page.
    NEAR_DUPLICATE = "near-duplicate"
    #: A glossary directive was given an argument it cannot use.
    DIRECTIVE = "directive"
    #: A term's URL (its slug) is also the URL of another page or of a folder of pages.
    SLUG_COLLISION = "slug-collision"
    #: The doctree folder (pickled build state) is inside the published output folder.
    PUBLISHED_STATE = "published-state"


def warn(
    subtype: TermWarning,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None = None,
) -> None:
    """Emit one writer-facing warning.

    Every warning carries ``type="termpages"`` and a documented subtype so that
    ``suppress_warnings`` can silence exactly one kind, and a location so that
    the writer sees ``file:line``.
    """
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)
