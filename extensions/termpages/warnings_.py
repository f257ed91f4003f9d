"""Every warning a writer or site maintainer can meet, and the one helper that emits them.

The helper also hands each warning about a page to ``problems.py``, which keeps it with
that page and reports it again in later builds until the page is fixed.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes

WARNING_TYPE = "termpages"

logger = logging.getLogger(__name__)


#: The longest a value quoted in a message may be; what is cut off ends in "...".
SHOWN_LENGTH = 80


class _BoundedRepr(reprlib.Repr):
    """``reprlib`` with small limits: it never walks more than a few items or levels."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxdict = self.maxlist = self.maxtuple = self.maxset = self.maxfrozenset = 6
        self.maxstring = self.maxother = self.maxlong = SHOWN_LENGTH

    def repr_instance(self, obj: object, level: int) -> str:
        # a subclass of str or dict is shown as its base type, so that its own __repr__
        # (which may be slow, huge or raise) is never called
        if isinstance(obj, str):
            return self.repr_str(str.__getitem__(obj, slice(0, self.maxstring + 1)), level)
        if isinstance(obj, bool):
            return "True" if obj else "False"
        if isinstance(obj, (int, float)):
            return (float if isinstance(obj, float) else int).__repr__(obj)
        for base in (dict, list, tuple, set, frozenset):
            if isinstance(obj, base):
                return str(getattr(self, f"repr_{base.__name__}")(obj, level))
        return super().repr_instance(obj, level)


_BOUNDED = _BoundedRepr()
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+(?=>)")


#: A file path is quoted whole up to this length: cut in the middle it would not say which file.
PATH_LENGTH = 400


def shown(value: object, limit: int = SHOWN_LENGTH) -> str:
    """A value as a message quotes it: a repr of at most ``SHOWN_LENGTH`` characters.

    Values in messages come from conf.py or a page, so they may be huge, deeply nested or
    refer to themselves; this looks at a bounded part of them only, and never raises.
    A text up to ``limit`` characters (a path: ``PATH_LENGTH``) is quoted whole.
    """
    try:
        if isinstance(value, str) and len(value) <= limit:
            text = repr(str.__str__(value))
        else:
            text = _BOUNDED.repr(value)
    except Exception:  # a hostile __repr__ must not end the build
        text = f"<{type(value).__name__}>"
    # "<object object at 0x7f...>": the address differs from run to run, the message must not
    text = _ADDRESS.sub("", text)
    longest = max(limit, SHOWN_LENGTH)
    if len(text) > longest:
        text = text[: longest - 3] + "..."
    return text


class TermWarning(Enum):
    """Warning subtypes; suppress one with ``suppress_warnings = ["termpages.<value>"]``.

    Each member carries the cause and the fix that the README's warning table shows; the
    table is generated from them (``python -m termpages docs-tables README.md``).
    """

    _value_: str
    #: Markdown: what happened, and what termpages did about it.
    cause: str
    #: Markdown: what the writer or maintainer should do.
    fix: str

    def __new__(cls, subtype: str, cause: str, fix: str) -> TermWarning:
        member = object.__new__(cls)
        member._value_ = subtype
        member.cause = cause
        member.fix = fix
        return member

    CONFIG = (
        "config",
        "A `termpages_*` setting in `conf.py` has a wrong type or value. Examples: a "
        "category id that isn't a slug, a CTA URL that isn't http(s), an unknown label, a "
        "folder that overlaps another, the source root or the output. The default is used.",
        "Correct the setting named in the message.",
    )
    FRONT_MATTER = (
        "front-matter",
        "The front matter isn't valid YAML, isn't a `key: value` mapping, or repeats a "
        "key; or it uses a YAML alias (`*name`) or tag (`!!binary`), nests lists and "
        "mappings more than 20 deep, or is longer than 50,000 characters. The page still "
        "builds, without its metadata.",
        "Fix the YAML at the line given. Quote text that contains `: ` or starts with a "
        "special character. Write a value out instead of an alias.",
    )
    FIELD_MISSING = (
        "field-missing",
        "A term has no front matter, or lacks `category` or `summary`, or leaves one "
        "empty or blank.",
        "Add the field.",
    )
    FIELD_UNKNOWN = (
        "field-unknown",
        "A front-matter key termpages doesn't know. The message suggests the closest known key.",
        "Fix the typo, or add the key to `termpages_extra_fields`.",
    )
    FIELD_TYPE = (
        "field-type",
        "A value has the wrong type, such as a number for `summary` or text where a "
        "list belongs. Text given for a list field is read as a one-item list.",
        "Use the type in the field table.",
    )
    UNKNOWN_CATEGORY = (
        "unknown-category",
        "`category` isn't declared in `conf.py`. The term builds, but is left out of the hubs. "
        "The message lists the declared ids, and suggests one close to what was written.",
        "Use one of the ids listed in the message, or declare the category.",
    )
    UNKNOWN_RELATED = (
        "unknown-related",
        "A `related` slug has no term page. The message suggests close slugs. The slug "
        "is shown unlinked.",
        "Fix the slug, or write the missing term.",
    )
    RELATED_INVALID = (
        "related-invalid",
        "`related` lists the term itself, or lists one slug twice.",
        "Remove the entry.",
    )
    UNKNOWN_TERM = (
        "unknown-term",
        "A `{term}` mention matches no term. The message suggests close names. The text "
        "is kept, unlinked.",
        "Fix the spelling, add an alias to the term you meant, or write the missing term.",
    )
    TERM_IN_LINK = (
        "term-in-link",
        "A `{term}` mention is inside a link (``[the {term}`beta` page](https://...)``), and "
        "a link cannot hold another. The mention is shown as plain text, and does not count "
        'as a link to the term (no "Mentioned in" entry).',
        "Take the mention out of the link text, or link to the term page instead.",
    )
    AMBIGUOUS_TERM = (
        "ambiguous-term",
        "A `{term}` mention matches two or more terms at the same rule. It links to the first.",
        "Write the slug, or remove the shared alias.",
    )
    DUPLICATE_ALIAS = (
        "duplicate-alias",
        "An alias is claimed by two terms, or is another term's slug or title. The "
        "warning is given at each claim.",
        "Keep the alias on one term only.",
    )
    DUPLICATE_SLUG = (
        "duplicate-slug",
        "Two term files, in different folders, share a file name. Both files are named.",
        "Rename one of them.",
    )
    NOT_UTF8 = (
        "not-utf8",
        "A term file isn't UTF-8 text (Sphinx would stop the build). The file is left out "
        "of the site, and mentions of it are unknown, until it is saved as UTF-8.",
        "Save the file as UTF-8 in your editor, or fix the byte at the line given.",
    )
    INVALID_SLUG = (
        "invalid-slug",
        "A term file name isn't lower-case letters, digits and single hyphens.",
        "Rename the file.",
    )
    INVALID_DATE = (
        "invalid-date",
        "`last_updated` isn't a real `YYYY-MM-DD` date. The date line is left out.",
        "Write an ISO date.",
    )
    INVALID_URL = (
        "invalid-url",
        "A `same_as` entry isn't an absolute http(s) URL, or a link (a reStructuredText "
        "link, a toctree entry) is a `javascript:`, `vbscript:` or `data:` URL a browser "
        "would run; a link's words stay, as text, a toctree entry goes.",
        "Use a full `https://` URL.",
    )
    UNKNOWN_CTA = (
        "unknown-cta",
        "`cta` names a variant that `conf.py` doesn't declare. The default is shown instead.",
        "Use a declared variant, or `false`.",
    )
    MISSING_TITLE = (
        "missing-title",
        "A term page has no `# Title`. The slug is used as the title.",
        "Add the heading.",
    )
    EMPTY_TITLE = (
        "empty-title",
        "A term page's `# Title` heading has no text: it is empty, or holds only an image, "
        "blank markup, a footnote mark or invisible characters. The slug is used as the "
        "title, in the heading and wherever the term is listed.",
        "Write the term's name in the heading.",
    )
    FAQ_EMPTY = (
        "faq-empty",
        "An `{faq}` block holds no questions.",
        "Add `{question}` blocks, or delete the FAQ.",
    )
    FAQ_EMPTY_ANSWER = (
        "faq-empty-answer",
        "A `{question}` has no answer.",
        "Write the answer in its body.",
    )
    FAQ_NO_QUESTION = (
        "faq-no-question",
        "A `{question}` has no question text. Its answer is kept as plain content.",
        "Write the question after `{question}`.",
    )
    FAQ_MISPLACED = (
        "faq-misplaced",
        "There is text inside `{faq}` but outside every `{question}`, or a `{question}` "
        "outside any `{faq}`. The content is kept; such a question is moved into the "
        "page's FAQ, so that the page and its FAQPage data list the same questions.",
        "Move it into a question, or wrap the question in `::::{faq}`.",
    )
    FAQ_FENCE = (
        "faq-fence",
        "The `{faq}` block's outer fence has no more colons than its questions' (so the "
        "first question's `:::` closes the FAQ), or is never closed (so the FAQ runs to the "
        "end of the page). Reported once, at the opening fence; every question is kept in "
        "the FAQ, and text after the last question stays on the page.",
        "Open the FAQ with `::::{faq}` and close it with a line `::::`.",
    )
    FAQ_MULTIPLE = (
        "faq-multiple",
        "A page has more than one `{faq}` block. The questions are merged into the first block.",
        "Use a single FAQ block.",
    )
    FAQ_DUPLICATE_ANCHOR = (
        "faq-duplicate-anchor",
        "Two questions on one page would get the same anchor.",
        "Reword one question, or give it its own `:anchor:`.",
    )
    FAQ_DUPLICATE_QUESTION = (
        "faq-duplicate-question",
        "The same FAQ question is on two pages. Only the first page marks it up as FAQPage.",
        "Keep the question on one page, or reword one of them.",
    )
    REDIRECT_CONFLICT = (
        "redirect-conflict",
        "A `redirect_from` slug belongs to a live term or another page of the site (such as "
        "`index` or `search` when terms are at the top of the sources), or two terms claim "
        "it. A page is never replaced by a redirect.",
        "Remove the entry, or keep it on one term.",
    )
    JSONLD_INVALID = (
        "jsonld-invalid",
        "A `{jsonld}` block is not valid JSON, holds `NaN` or `Infinity`, or is not an object "
        "or a list of objects. sphinxcontrib-jsonld reports it as `jsonld.invalid`; this "
        "older name still silences it in `suppress_warnings`.",
        "Fix the JSON at the line given.",
    )
    SUMMARY_NOT_ONE_SENTENCE = (
        "summary-not-one-sentence",
        "Check: the summary holds more than one sentence, or does not end with `.`, `!` or `?`.",
        "Keep one defining sentence, and move the rest into the body.",
    )
    SUMMARY_TOO_LONG = (
        "summary-too-long",
        "Check: the summary is longer than `summary_max_length`.",
        "Shorten it. Search results cut it off there.",
    )
    NO_FAQ = (
        "no-faq",
        "Check: a term page has no `{faq}` block.",
        "Add the questions readers ask.",
    )
    NO_TERM_REFERENCE = (
        "no-term-reference",
        "Check: a term page mentions no other term with `{term}`.",
        "Link the terms a reader would want to look up.",
    )
    ORPHAN_TERM = (
        "orphan-term",
        "Check: no page links to the term, and no term lists it as related.",
        "Mention it from a related page, or add it to a `related` list.",
    )
    ONE_WAY_RELATED = (
        "one-way-related",
        "Check: term A lists B as related, but B does not list A.",
        "Add the link back, or remove it.",
    )
    REPEATED_HEADING = (
        "repeated-heading",
        "Check: an H2 heading reads like the headings of more than `repeated_headings` "
        'of the term pages once the term\'s name is taken out ("How X works").',
        "Write a heading that only fits this term.",
    )
    NEAR_DUPLICATE = (
        "near-duplicate",
        "Check: most of a paragraph's wording is also on another term page (named, with its line).",
        "Say it in this page's own words, or link to the other page.",
    )
    STALE_TERM = (
        "stale-term",
        "Check: `last_updated` is older than `max_age_days`.",
        "Review the page and update the date.",
    )
    PLACEHOLDER = (
        "placeholder",
        "Check: the page still holds a placeholder marked `TODO:`, such as the ones "
        "`make term` writes (summary, body, FAQ). Each one is named at its line.",
        "Replace it with your own text.",
    )
    DIRECTIVE = (
        "directive",
        "`{glossary-category}` names an unknown category.",
        "Use a declared id.",
    )
    SLUG_COLLISION = (
        "slug-collision",
        "A term's URL (its slug) is also the URL of another page (`search`, `genindex`, "
        "`404`, a redirect, a page of the site) or the folder of other pages "
        "(`category/`, the hubs' folder). One of the two would be unreachable.",
        "Rename the term file; keep its old slug in `redirect_from` if it was published.",
    )
    PUBLISHED_STATE = (
        "published-state",
        "The doctree folder is inside the output folder, so pickled build state (with "
        "absolute paths) would be published.",
        "Pass `-d` with a folder outside the output to `sphinx-build` (the Makefile "
        "uses `_build/doctrees`).",
    )


#: Editorial checks: what a reviewer would point out, as opposed to what breaks the page.
#: Outside ``termpages_checks_strict`` they are notices, not warnings.
EDITORIAL = frozenset(member for member in TermWarning if member.cause.startswith("Check: "))

Handler = Callable[[TermWarning, str, "nodes.Node | tuple[str, int | None] | str | None"], None]


def emit(
    subtype: TermWarning,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None,
    strict: bool = True,
    suppressed: bool = False,
) -> None:
    """Report one problem: a warning, or for an editorial check outside strict mode a notice.

    A notice goes through the logger at INFO level, so ``-W`` does not fail on
    it, but reads like a warning: ``file:line: check: <message> [termpages.<subtype>]``.
    ``suppressed`` is whether ``suppress_warnings`` names it (Sphinx only filters warnings).
    """
    if subtype in EDITORIAL and not strict:
        if not suppressed:
            logger.info(f"check: {message} [{WARNING_TYPE}.{subtype.value}]", location=location)
        return
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)


def default_handler(
    subtype: TermWarning,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None,
) -> None:
    """Outside a build (or before it starts) a warning is only reported."""
    emit(subtype, message, location)


#: Replaced by problems.py for the length of each build.
handler: Handler = default_handler


def warn(
    subtype: TermWarning,
    message: str,
    location: nodes.Node | tuple[str, int | None] | str | None = None,
) -> None:
    """Emit one writer-facing warning.

    Every warning carries ``type="termpages"`` and a documented subtype so that
    ``suppress_warnings`` can silence exactly one kind, and a location so that
    the writer sees ``file:line``. During a build the warning is also kept with
    the page it is about (problems.py), so that it is reported in every build
    until the page is fixed.
    """
    handler(subtype, message, location)


def warnings_table() -> str:
    """The README's warning table: one Markdown row per subtype, in declaration order."""
    rows = ["| Warning | Cause | Fix |", "| --- | --- | --- |"]
    for subtype in TermWarning:
        cause, fix = (text.replace("|", "\\|") for text in (subtype.cause, subtype.fix))
        rows.append(f"| `{WARNING_TYPE}.{subtype.value}` | {cause} | {fix} |")
    return "\n".join(rows) + "\n"
