"""Reading a term page's YAML front matter, with the source line of every field."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .config import PASSTHROUGH_FIELDS, SLUG_PATTERN, Settings, is_safe_url
from .lookup import closest, did_you_mean
from .warnings_ import TermWarning, shown

try:  # libyaml is several times faster; a glossary has thousands of these blocks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class FrontMatterLoader(_BaseLoader):
    """Safe YAML read as written: every plain scalar is the writer's text.

    YAML 1.1 would turn ``yes`` into True, ``3.10`` into 3.1, ``1:30`` into 90 and
    ``010`` into 8; front matter is text, so only an empty value means "nothing" (None).
    Dates stay text too: 2026-13-45 is then an invalid date, not invalid YAML. The few
    fields that are not text (``cta: false``) read the words themselves.
    """

    yaml_implicit_resolvers = {"": [("tag:yaml.org,2002:null", re.compile(r"^$"))]}


#: Longest front matter read, in characters: a term's fields fit in a fraction of it.
MAX_SIZE = 50_000
#: Deepest nesting of lists and mappings read (``myst: {substitutions: {...}}`` is 3).
MAX_DEPTH = 20
#: Explicit tags that change nothing here; any other tag is refused.
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("str", "seq", "map"))

#: The words YAML 1.2 reads as booleans, for the one field that is one (``cta``).
YAML_TRUE = frozenset({"true", "True", "TRUE"})
YAML_FALSE = frozenset({"false", "False", "FALSE"})
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

_CLOSING_FENCE = re.compile(r"^---[ \t]*\r?$", re.M)

#: Every field a term page understands, with whether it is required.
TERM_FIELDS: dict[str, bool] = {
    "category": True,
    "summary": True,
    "aliases": False,
    "related": False,
    "last_updated": False,
    "published": False,
    "same_as": False,
    "redirect_from": False,
    "cta": False,
}


@dataclass
class Problem:
    """One thing wrong with the front matter, ready to be warned about."""

    subtype: TermWarning
    message: str
    line: int


@dataclass
class FrontMatter:
    data: dict[str, Any]
    #: 1-based source line of each top-level key.
    key_lines: dict[str, int]
    #: 1-based source line of each item of a top-level list value.
    item_lines: dict[str, list[int]]
    first_line: int = 1


class FrontMatterError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


#: How Sphinx reads sources by default: UTF-8, a leading byte-order mark dropped.
SOURCE_ENCODING = "utf-8-sig"


def read_source_file(path: Path) -> str | None:
    """A page's text as Sphinx reads it, or None when it cannot be read or decoded.

    Editors on Windows may start a file with a byte-order mark; read as plain UTF-8 the
    page would then seem to have no front matter, and leave its category's hub.
    """
    try:
        return path.read_text(encoding=SOURCE_ENCODING)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def undecodable_line(path: Path) -> int | None:
    """The line of the first byte Sphinx could not decode, or None when the file reads."""
    try:
        data = path.read_bytes()
        data.decode(SOURCE_ENCODING)
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    except OSError:
        return None  # Sphinx reports a file it cannot open
    return None


def split_front_matter(text: str) -> tuple[str, int] | None:
    """The YAML text between the ``---`` fences and the line number of the closing fence."""
    if not text.startswith("---"):
        return None
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].rstrip() != "---":
        return None
    closing = _CLOSING_FENCE.search(text, first_newline + 1)
    if closing is None:
        return None
    yaml_text = text[first_newline + 1 : closing.start()]
    closing_line = text.count("\n", 0, closing.start()) + 1
    return yaml_text, closing_line


def refuse_what_could_blow_up(yaml_text: str, offset: int) -> None:
    """Refuse aliases, tags and deep nesting before any value is built from the YAML.

    An alias costs nothing to parse, but ten nested ones make a value of a billion
    items for whatever walks it, such as a warning that quotes it; a term's front
    matter has no need for aliases, anchors or tags. Nesting is capped because
    PyYAML builds nested values by recursion.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=FrontMatterLoader):
        line = event.start_mark.line + offset if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            raise FrontMatterError(
                f"front matter uses the YAML alias {shown('*' + str(event.anchor))}; "
                "term front matter does not read aliases: write the value out",
                line,
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in PLAIN_TAGS:
            written = str(tag).replace("tag:yaml.org,2002:", "!!")
            raise FrontMatterError(
                f"front matter uses the YAML tag {shown(written)}; "
                "term front matter does not read tags: remove it",
                line,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(
                    f"front matter nests lists and mappings more than {MAX_DEPTH} deep", line
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_front_matter(text: str) -> FrontMatter | None:
    """Parse the front matter of a page, or return None when it has none.

    Raises FrontMatterError with the offending line for malformed YAML, a
    non-mapping document, a repeated key (which YAML would silently collapse),
    an alias, a tag, nesting deeper than MAX_DEPTH or a block over MAX_SIZE.
    """
    split = split_front_matter(text)
    if split is None:
        return None
    yaml_text, _ = split
    offset = 2  # YAML line 0 is the line after the opening fence
    if len(yaml_text) > MAX_SIZE:
        raise FrontMatterError(
            f"front matter is {len(yaml_text):,} characters long; at most {MAX_SIZE:,} are read",
            1,
        )
    loader = FrontMatterLoader(yaml_text)
    try:
        refuse_what_could_blow_up(yaml_text, offset)
        node = loader.get_single_node()
        if node is None:
            return FrontMatter({}, {}, {})
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                "front matter must be a mapping of fields (key: value)",
                node.start_mark.line + offset,
            )
        key_lines: dict[str, int] = {}
        item_lines: dict[str, list[int]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + offset
            if key in key_lines:
                raise FrontMatterError(
                    f"front-matter field {shown(key)} is given twice "
                    f"(first on line {key_lines[key]})",
                    line,
                )
            key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[key] = [item.start_mark.line + offset for item in value_node.value]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        # the context ("while scanning a quoted scalar") points at where the
        # writer's mistake starts; the problem mark is often just end of input
        mark = error.context_mark or error.problem_mark
        line = mark.line + offset if mark is not None else 1
        reason = "; ".join(part for part in (error.context, error.problem) if part)
        raise FrontMatterError(f"front matter is not valid YAML: {reason}", line) from None
    except yaml.reader.ReaderError as error:
        # its own text spans two lines and names no line; the first such character is it
        character = chr(error.character) if isinstance(error.character, int) else ""
        position = yaml_text.find(character) if character else -1
        line = yaml_text.count("\n", 0, position) + offset if position >= 0 else 1
        raise FrontMatterError(
            f"front matter holds the character U+{ord(character or chr(0)):04X}, which YAML "
            "does not allow: remove it",
            line,
        ) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise FrontMatterError(f"front matter is not valid YAML: {error}", 1) from None
    finally:
        loader.dispose()
    return FrontMatter(data, key_lines, item_lines)


@dataclass
class TermEntry:
    """Everything other pages need to know about one term."""

    slug: str
    docname: str
    title: str
    summary: str
    category: str | None
    aliases: list[str] = field(default_factory=list)
    #: Source line of each alias, for warnings about aliases two terms claim.
    alias_lines: list[int] = field(default_factory=list)
    #: (slug, source line) pairs, in the writer's order.
    related: list[tuple[str, int]] = field(default_factory=list)
    last_updated: str | None = None
    #: First publication date; structured data falls back to last_updated.
    published: str | None = None
    same_as: list[str] = field(default_factory=list)
    #: Earlier slugs of this term (slug, line): their URLs redirect here.
    redirect_from: list[tuple[str, int]] = field(default_factory=list)
    #: None: the site default; "": no CTA; otherwise a variant name.
    cta: str | None = None
    #: Line of the opening front-matter fence, for warnings about the page as a whole.
    line: int = 1
    #: Line of each front-matter field, for warnings about its value.
    field_lines: dict[str, int] = field(default_factory=dict)


#: Control characters a YAML escape (``"\\u0001"``) can give and no reader sees; the
#: ones Python reads as line breaks (``\\x85``, ``\\x1c``) are spaces already, by ``split``.
CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(CONTROL.sub("", value).split())
    return None


def _control_problems(data: dict[Any, Any], line_of: Callable[[str], int]) -> list[Problem]:
    """One problem per field whose text holds a control character (``_as_text`` drops them)."""
    problems = []
    for key in TERM_FIELDS:
        value = data.get(key)
        texts = value if isinstance(value, list) else [value]
        found = next((m for t in texts if isinstance(t, str) for m in CONTROL.finditer(t)), None)
        if found is not None:
            problems.append(
                Problem(
                    TermWarning.FIELD_TYPE,
                    f"{key!r} holds the control character U+{ord(found[0]):04X}, which no "
                    "reader sees; it is left out",
                    line_of(key),
                )
            )
    return problems


def _as_text_list(
    name: str, value: Any, line: int, item_lines: list[int], problems: list[Problem]
) -> list[tuple[str, int]]:
    """The text items of a list field, each with its own line (the key's when unknown)."""
    if value is None:
        return []
    if isinstance(value, str):
        problems.append(
            Problem(
                TermWarning.FIELD_TYPE,
                f"{name!r} should be a list; read {shown(value)} as a one-item list",
                line,
            )
        )
        value = [value]
    if not isinstance(value, list):
        problems.append(
            Problem(TermWarning.FIELD_TYPE, f"{name!r} must be a list, got {shown(value)}", line)
        )
        return []
    items: list[tuple[str, int]] = []
    for index, item in enumerate(value):
        item_line = item_lines[index] if index < len(item_lines) else line
        text = _as_text(item)
        if not text:
            problems.append(
                Problem(
                    TermWarning.FIELD_TYPE,
                    f"{name!r} items must be text, got {shown(item)}",
                    item_line,
                )
            )
            continue
        items.append((text, item_line))
    return items


def _as_date(
    value: Any, line: int, problems: list[Problem], name: str = "last_updated"
) -> str | None:
    if isinstance(value, str) and ISO_DATE.match(value.strip()):  # the loader makes no dates
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    problems.append(
        Problem(
            TermWarning.INVALID_DATE,
            f"{name!r} must be an ISO date (YYYY-MM-DD), got {shown(value)}",
            line,
        )
    )
    return None


def build_term_entry(
    docname: str,
    slug: str,
    front_matter: FrontMatter | None,
    settings: Settings,
) -> tuple[TermEntry, list[Problem]]:
    """Validate a term's front matter; every problem is reported, nothing raises."""
    problems: list[Problem] = []
    if front_matter is None:
        problem = Problem(
            TermWarning.FIELD_MISSING,
            "term page has no front matter; it needs at least 'category' and 'summary'",
            1,
        )
        return TermEntry(slug, docname, slug, "", None), [problem]
    data = front_matter.data

    def line_of(key: str, index: int | None = None) -> int:
        items = front_matter.item_lines.get(key, [])
        if index is not None and index < len(items):
            return items[index]
        return front_matter.key_lines.get(key, front_matter.first_line)

    def report(subtype: TermWarning, message: str, key: str, index: int | None = None) -> None:
        problems.append(Problem(subtype, message, line_of(key, index)))

    def text_field(key: str, expected: str) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None  # reported as missing or empty
        text = _as_text(value)
        if text is None:
            report(TermWarning.FIELD_TYPE, f"{key!r} must be {expected}, got {shown(value)}", key)
        return text

    problems += _control_problems(data, line_of)
    allowed = set(TERM_FIELDS) | PASSTHROUGH_FIELDS | settings.extra_fields
    for key in map(str, data):
        if key not in allowed:
            hint = did_you_mean(closest(key, sorted(TERM_FIELDS), limit=1))
            report(TermWarning.FIELD_UNKNOWN, f"unknown front-matter field {shown(key)}{hint}", key)
    for key, required in TERM_FIELDS.items():
        if required and data.get(key) is None:
            report(
                TermWarning.FIELD_MISSING, f"required front-matter field {key!r} is missing", key
            )
        elif required and isinstance(data[key], str) and not data[key].strip():
            report(TermWarning.FIELD_MISSING, f"required front-matter field {key!r} is empty", key)

    category = text_field("category", "a category id")
    if category is not None and category not in settings.categories:
        known = ", ".join(settings.categories) or "none declared"
        hint = did_you_mean(
            closest(category, {c.id: [c.title] for c in settings.categories.values()})
        )
        report(
            TermWarning.UNKNOWN_CATEGORY,
            f"unknown category {shown(category)} (declared in conf.py: {known}){hint}",
            "category",
        )
        category = None

    summary = text_field("summary", "text") or ""

    def text_list(key: str) -> list[tuple[str, int]]:
        lines = front_matter.item_lines.get(key, [])
        return _as_text_list(key, data.get(key), line_of(key), lines, problems)

    alias_items = text_list("aliases")
    aliases = [alias for alias, _ in alias_items]
    alias_lines = [line for _, line in alias_items]
    related = text_list("related")

    last_updated = None
    if data.get("last_updated") is not None:
        last_updated = _as_date(data["last_updated"], line_of("last_updated"), problems)

    published = None
    if data.get("published") is not None:
        published = _as_date(data["published"], line_of("published"), problems, "published")

    redirect_from: list[tuple[str, int]] = []
    for old_slug, line in text_list("redirect_from"):
        if SLUG_PATTERN.match(old_slug):
            redirect_from.append((old_slug, line))
        else:
            problems.append(
                Problem(
                    TermWarning.FIELD_TYPE,
                    "'redirect_from' entries must be earlier slugs of this term, "
                    f"got {shown(old_slug)}",
                    line,
                )
            )

    same_as: list[str] = []
    for url, line in text_list("same_as"):
        if is_safe_url(url) and not url.startswith("/"):
            same_as.append(url)
        else:
            problems.append(
                Problem(
                    TermWarning.INVALID_URL,
                    f"'same_as' entries must be absolute http(s) URLs, got {shown(url)}",
                    line,
                )
            )

    cta: str | None = None  # the site default
    raw_cta = data.get("cta")
    if isinstance(raw_cta, str) and raw_cta.strip() in YAML_FALSE:
        cta = ""
    elif isinstance(raw_cta, str) and raw_cta.strip() in YAML_TRUE:
        pass
    elif isinstance(raw_cta, str) and raw_cta.strip() in settings.ctas:
        cta = raw_cta.strip()
    elif isinstance(raw_cta, str) and raw_cta.strip():
        known = ", ".join(settings.ctas) or "none declared"
        report(
            TermWarning.UNKNOWN_CTA,
            f"unknown CTA variant {shown(raw_cta.strip())} (declared in conf.py: {known}); "
            "showing the default",
            "cta",
        )
    elif raw_cta is not None:
        report(
            TermWarning.FIELD_TYPE,
            f"'cta' must be a variant name or false, got {shown(raw_cta)}",
            "cta",
        )

    entry = TermEntry(
        slug=slug,
        docname=docname,
        title=slug,
        summary=summary,
        category=category,
        aliases=aliases,
        alias_lines=alias_lines,
        related=related,
        last_updated=last_updated,
        published=published,
        same_as=same_as,
        redirect_from=redirect_from,
        cta=cta,
        line=front_matter.first_line,
        field_lines=dict(front_matter.key_lines),
    )
    return entry, problems
