"""The ``termpages_*`` settings: each declared once, then registered and validated from there."""

from __future__ import annotations

import ast
import copy
import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .warnings_ import TermWarning, shown, warn
from .weburls import url_problem, web_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Front-matter keys that belong to MyST or Sphinx rather than to termpages;
#: a term page may use them without a "field-unknown" warning.
PASSTHROUGH_FIELDS = frozenset(
    {"myst", "html_meta", "substitutions", "orphan", "nocomments", "nosearch", "tocdepth"}
)

#: What Sphinx must redo when a setting changes: re-read everything, rewrite pages, or nothing.
Rebuild = Literal["env", "html", ""]

Report = Callable[[str], None]

NoneType = type(None)


# ---------------------------------------------------------------- parsed values
@dataclass(frozen=True)
class Category:
    id: str
    title: str
    description: str
    order: int


@dataclass(frozen=True)
class CallToAction:
    name: str
    heading: str
    text: str
    button: str
    url: str
    #: UTM (or other) query parameters; ``{slug}`` in a value is replaced by the term's slug.
    utm: tuple[tuple[str, str], ...] = ()

    def href(self, slug: str) -> str:
        """The button URL with the configured query parameters merged in, as browsers write it."""
        if not self.utm:
            return self.url
        parts = urlsplit(self.url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        query += [(key, value.replace("{slug}", slug)) for key, value in self.utm]
        merged = urlunsplit(parts._replace(query=urlencode(query)))
        # urlencode leaves nothing a browser would read differently; the check is a guard
        return web_url(merged, site_path=True) or self.url


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str
    logo: str = ""
    same_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class RobotsPolicy:
    """Which groups of crawlers robots.txt lets in (see robots.py for who is in each group)."""

    search: bool = True
    assistants: bool = True
    training: bool = False
    #: The ``User-agent: *`` group: new crawlers appear faster than any list is updated.
    others: bool = True


@dataclass(frozen=True)
class SocialCards:
    """How the social preview images look (socialcards.py)."""

    background: str = "#111827"
    foreground: str = "#ffffff"
    accent: str = "#2563eb"
    #: An image file, relative to the configuration folder; "" for none.
    logo: str = ""
    #: The brand shown on every card; "" means the project name.
    site_name: str = ""


@dataclass(frozen=True)
class ContentChecks:
    """Editorial checks (checks.py); each is off unless conf.py switches it on."""

    summary_single_sentence: bool = False
    #: Characters; 0 is off. 160 is what search results show.
    summary_max_length: int = 0
    require_faq: bool = False
    require_term_reference: bool = False
    orphans: bool = False
    one_way_related: bool = False
    #: Days since last_updated; 0 is off.
    max_age_days: int = 0
    #: Share of term pages (0 to 1) above which one H2 wording, the term's own name taken
    #: out, is a template rather than a heading; 0 is off.
    repeated_headings: float = 0.0
    #: Share (0 to 1) of a passage's word sequences found on one other term page above which
    #: the passage is a near-duplicate of that page's; 0 is off.
    near_duplicate_text: float = 0.0
    #: Text marked ``TODO:`` (what ``make term`` writes) still in a page.
    placeholders: bool = False


def _label(default: str, note: str = "", formatted: bool = False) -> Any:
    """A label's default wording, and where it shows when its name does not say (for the docs).

    A ``formatted`` label is filled in with ``str.format``, so an override may use only the
    placeholders of its default; the others are filled in leniently (``hubs.formatted``).
    """
    return field(default=default, metadata={"note": note, "formatted": formatted})


@dataclass(frozen=True)
class Labels:
    """Visible strings, overridable for other languages or wording."""

    faq_heading: str = _label("Frequently asked questions")
    related_heading: str = _label("Related terms")
    backlinks_heading: str = _label("Mentioned in")
    backlinks_all: str = _label(
        "All {count} pages that mention {title}",
        'under a shortened "Mentioned in", the link to the full list',
        formatted=True,
    )
    backlinks_list_title: str = _label(
        "Pages that mention {title}", 'the title of the full "Mentioned in" list', formatted=True
    )
    backlinks_list_page: str = _label(
        "Page {page} of {pages}",
        "after the full list's title from its second page on",
        formatted=True,
    )
    pagination: str = _label("Pages", "the accessible name of a list's page links")
    previous_page: str = _label("Previous")
    next_page: str = _label("Next")
    last_updated: str = _label("Last updated:")
    breadcrumb: str = _label("Breadcrumb", "the breadcrumb trail's accessible name")
    empty_category: str = _label("No terms in this category yet.")
    nav_all_terms: str = _label(
        "All {count} terms", "the sidebar's link to a whole category", formatted=True
    )
    uncategorized: str = _label("Other terms")
    term_count_one: str = _label("1 term")
    term_count_many: str = _label("{count} terms", formatted=True)
    also_called: str = _label("Also called:")
    see_also: str = _label("See also:", "before the `same_as` links")
    glossary_count: str = _label(
        "{terms}, from {first} to {last}",
        "the home page's count line; `{terms}` is `term_count_many` filled in, `{first}` and "
        "`{last}` the linked first and last terms from A to Z",
    )
    glossary_count_one: str = _label("{terms}: {first}", "for a glossary of one term")
    search_label: str = _label("Search the glossary", "the search box's label")
    search_placeholder: str = _label("Search for a term")
    search_button: str = _label("Search")
    az_letters_label: str = _label("Jump to letter", "the A–Z letter bar's accessible name")
    finder_list: str = _label("Suggested terms", "the term finder's list of suggestions")
    finder_count_one: str = _label(
        "1 term suggested", "announced to screen readers as the term finder's list opens"
    )
    finder_count_many: str = _label("{count} terms suggested", formatted=True)
    finder_none: str = _label(
        "No term matches; press Enter to search the full text",
        "the term finder's announcement when nothing matches",
    )
    az_letter_title: str = _label(
        "Terms: {letter}", "the title of a letter's page of the A–Z", formatted=True
    )
    pages_label: str = _label("Pages", "the page bar's accessible name, on a paginated list")
    page_number: str = _label(
        "Page {page} of {pages}", "after a paginated page's title", formatted=True
    )
    not_found_description: str = _label(
        "This page is not in the glossary. Search for a term, or start from the home page.",
        "the 404 page's meta description",
    )
    social_card_label: str = _label(
        "Glossary", "above the title of a hub's or the home page's social preview image"
    )

    def term_count(self, count: int) -> str:
        return self.term_count_one if count == 1 else self.term_count_many.format(count=count)


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Setting:
    """One ``termpages_*`` configuration value: everything known about it, in one place."""

    #: The name in conf.py.
    name: str
    #: The raw default, as conf.py would write it.
    default: Any
    rebuild: Rebuild
    #: The raw types registered with Sphinx (its documentation and ``app.config.values``).
    types: tuple[type, ...]
    #: Turns the raw value into the parsed one, reporting each bad part and falling back.
    parse: Callable[[Any, Reading], Any]
    #: Markdown; the README's configuration table is generated from it.
    help: str
    #: The attribute of :class:`Settings` that holds the parsed value.
    attribute: str = ""

    def has_declared_type(self, value: Any) -> bool:
        """Sphinx's own test: the default's exact type or one of ``types``, subclasses not."""
        return type(value) is type(self.default) or type(value) in self.types


@dataclass(frozen=True)
class BuildFolders:
    """The folders of one build, absolute and resolved."""

    srcdir: Path
    outdir: Path
    doctreedir: Path

    @classmethod
    def of(cls, app: Sphinx) -> BuildFolders:
        return cls(*(Path(folder).resolve() for folder in (app.srcdir, app.outdir, app.doctreedir)))


@dataclass(frozen=True)
class Reading:
    """What a parser may look at: its setting, the raw configuration and what came before."""

    setting: Setting
    #: The raw configuration: other settings' raw values, ``root_doc``, ``project``.
    config: object
    #: Where files named in the settings are looked for, when known.
    confdir: Path | None
    report: Report
    #: The values parsed so far, by attribute, in declaration order.
    parsed: Mapping[str, Any]
    #: Sphinx's folders, when known: folder settings must not overlap them.
    folders: BuildFolders | None = None

    def raw(self, name: str) -> Any:
        return _raw_value(self.config, name)


def _raw_value(config: object, name: str) -> Any:
    """A setting's raw value; one the configuration does not have counts as its default."""
    return getattr(config, name, _RAW_DEFAULTS[name])


def _declare(
    name: str,
    default: Any,
    rebuild: Rebuild,
    types: tuple[type, ...],
    parse: Callable[[Any, Reading], Any],
    help: str,
) -> Any:
    """A field of :class:`Settings` that declares its setting; its default is the parsed default."""
    setting = Setting(name, default, rebuild, types, parse, help)
    return field(
        default_factory=functools.partial(_parsed_default, name),
        metadata={_DECLARATION: setting},
    )


_DECLARATION = "termpages_setting"


def _parsed_default(name: str) -> Any:
    # a copy, so that no two Settings share one mutable dict
    return copy.copy(_parsed_defaults()[name])


@functools.cache
def _parsed_defaults() -> dict[str, Any]:
    def defaults_must_parse(message: str) -> None:
        raise ValueError(f"a termpages default does not parse: {message}")

    values, _ = _parse_values(SimpleNamespace(), defaults_must_parse, None)
    return {setting.name: values[setting.attribute] for setting in SETTINGS}


# ---------------------------------------------------------------- parsers


def is_safe_url(url: str) -> bool:
    """True for absolute http(s) URLs and paths of this site, read as browsers read them.

    Never ``javascript:`` & co, nor a "path" such as ``/\\evil.example`` that a
    browser takes to another site (weburls.py).
    """
    return url_problem(url, site_path=True) is None


def _plain(value: str) -> str:
    """A ``str`` subclass as a plain ``str``, without calling anything the subclass overrides."""
    return str.__str__(value)


def _listed(keys: Any) -> str:
    """Keys of a setting, as a message lists them: a few, each bounded."""
    names = sorted(key if isinstance(key, str) and len(key) <= 40 else shown(key) for key in keys)
    return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def _unknown_keys(raw: Mapping[Any, Any], known: Iterable[str]) -> str:
    """The keys of ``raw`` that are not ``known``, listed; "" when there are none."""
    known = set(known)
    return _listed(key for key in raw if not (isinstance(key, str) and key in known))


def _text(value: Any, where: str, report: Report) -> str | None:
    if isinstance(value, str) and value.strip():
        return _plain(value.strip())
    report(f"{where} must be non-empty text, got {shown(value)}")
    return None


#: A folder or file name a setting may give: no control characters, no characters that
#: Windows or a shell treat specially, no more than most file systems allow.
_PATH_PART = re.compile(r'^[^\x00-\x1f\x7f\\:*?"<>|]{1,100}$')


def _relative_path(value: str) -> str | None:
    """``value`` as a clean relative path (no "." or ".." parts, no trailing "/"), or None."""
    path = value.strip().rstrip("/")
    if not path or path.startswith("/") or len(path) > 255:
        return None
    parts = path.split("/")
    if any(part in (".", "..") or not _PATH_PART.match(part) for part in parts):
        return None
    return path


def _overlap(folder: str, other: str) -> bool:
    """Whether two folders relative to the same root are the same or one holds the other."""
    return (
        not folder
        or not other
        or folder == other
        or f"{folder}/".startswith(f"{other}/")
        or (f"{other}/".startswith(f"{folder}/"))
    )


def _folder(value: Any, reading: Reading, top_level: bool = False) -> str:
    """A folder inside the source directory; with ``top_level``, "" is the source root.

    An absolute path, "." and ".." are refused rather than guessed at: "." would mean the
    source root to one reader and "the usual folder" to another.
    """
    name, default = reading.setting.name, str(reading.setting.default)
    folder: str | None = None
    if isinstance(value, str):
        folder = "" if top_level and value == "" else _relative_path(value)
    if folder is None:
        where = "must be a folder inside the source directory" + (' or ""' if top_level else "")
        if top_level and isinstance(value, str) and value.strip() in (".", "./"):
            where += ' (write "" for the top of the source directory)'
        reading.report(f"{name} {where}, got {shown(value)}; using {shown(default)}")
        return default
    built = _built_folder(folder, reading)
    if built is None:
        return folder
    reading.report(
        f"{name} {shown(folder)} overlaps Sphinx's {built} folder: its files would be read as "
        f"sources, or sources written among them; using {shown(default)}"
    )
    return default


def _built_folder(folder: str, reading: Reading) -> str | None:
    """Which of Sphinx's output and doctree folders a folder of the source directory overlaps.

    The source root holds ``_build`` on most sites, so only a folder inside one of them, or
    (other than the root) holding one, overlaps it.
    """
    if reading.folders is None:
        return None
    source = reading.folders.srcdir / folder
    for what, built in (
        ("output", reading.folders.outdir),
        ("doctree", reading.folders.doctreedir),
    ):
        if source == built or built in source.parents or (folder and source in built.parents):
            return what
    return None


def _terms_folder(value: Any, reading: Reading) -> str:
    return _folder(value, reading, top_level=True)


def _hubs_folder(value: Any, reading: Reading) -> str:
    """Generated hubs must never land among the writers' term files."""
    hubs_dir = _folder(value, reading)
    terms_dir: str = reading.parsed["terms_dir"]
    # terms at the top level are only the top folder's files: a sub-folder cannot clash
    if terms_dir and _overlap(hubs_dir, terms_dir):
        default = str(reading.setting.default)
        fallback = default if not _overlap(default, terms_dir) else f"{terms_dir}-hubs"
        reading.report(
            f"termpages_hubs_dir {shown(hubs_dir)} and termpages_terms_dir {shown(terms_dir)} "
            "overlap: hub pages would be read as terms, or generated files would land among "
            f"term files; using {shown(fallback)}"
        )
        return fallback
    return hubs_dir


def _home_doc(value: Any, reading: Reading) -> str:
    root_doc = str(reading.raw("root_doc"))
    if isinstance(value, str):
        docname = _relative_path(value) if value.strip() else ""
        if docname is not None and not docname.endswith(".md"):
            return docname or root_doc
        problem = "must be a docname (a source path without .md)"
    else:
        problem = "must be a docname (text)"
    reading.report(
        f"termpages_home_doc {problem}, got {shown(value)}; using root_doc {shown(root_doc)}"
    )
    return root_doc


def _flag(value: Any, reading: Reading) -> bool:
    if isinstance(value, bool):
        return value
    name, default = reading.setting.name, reading.setting.default
    reading.report(f"{name} must be True or False, got {shown(value)}; using {default}")
    return bool(default)


def _count(value: Any, reading: Reading) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return int(value)
    name, default = reading.setting.name, reading.setting.default
    reading.report(f"{name} must be a positive whole number, got {shown(value)}; using {default}")
    return int(default)


#: The longest a name, description or label may be: the text lands on every page.
_TEXT_LENGTH = 1_000


def _too_long(value: str) -> bool:
    return len(value) > _TEXT_LENGTH


def _optional_text(value: Any, reading: Reading) -> str:
    if not isinstance(value, str):
        reading.report(f"{reading.setting.name} must be text, got {shown(value)}")
    elif _too_long(value):
        reading.report(
            f"{reading.setting.name} must be at most {_TEXT_LENGTH} characters, got {shown(value)}"
        )
    else:
        return " ".join(value.split())
    return ""


def _template_cache(value: Any, reading: Reading) -> bool | str:
    """On, off, or a folder of its own (relative to the configuration folder) to share."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip():
        # absolute, or relative to the configuration folder; ".." is fine: it is our own folder
        folder = value.strip()
        parts = [part for part in folder.split("/") if part]
        if len(folder) <= 1000 and all(_PATH_PART.match(part) for part in parts):
            return _plain(folder)
    name = reading.setting.name
    reading.report(f"{name} must be True, False or a folder, got {shown(value)}; using True")
    return True


def _glossary_name(value: Any, reading: Reading) -> str:
    return _optional_text(value, reading) or str(reading.raw("project"))


def _extra_fields(value: Any, reading: Reading) -> frozenset[str]:
    if isinstance(value, (list, tuple)) and all(
        isinstance(x, str) and 0 < len(x) <= 100 for x in value
    ):
        return frozenset(map(_plain, value))
    reading.report(f"termpages_extra_fields must be a list of text, got {shown(value)}")
    return frozenset()


def _publisher(raw: Any, reading: Reading) -> Publisher | None:
    """One warning for everything wrong with the publisher, so a bad dict is one message."""
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, dict):
        reading.report(f"termpages_publisher must be a dict, got {shown(raw)}")
        return None
    problems: list[str] = []
    unknown = _unknown_keys(raw, ("name", "url", "logo", "same_as"))
    if unknown:
        problems.append(f"termpages_publisher has unknown keys: {unknown}")
    name = _text(raw.get("name"), "termpages_publisher.name", problems.append)
    url = _text(raw.get("url"), "termpages_publisher.url", problems.append)
    if url is not None:
        url = _absolute_url(url, "termpages_publisher.url", problems.append)
    logo = raw.get("logo", "")
    if logo:
        logo = _absolute_url(logo, "termpages_publisher.logo", problems.append) or ""
    same_as = raw.get("same_as", [])
    if not isinstance(same_as, (list, tuple)):
        problems.append(
            f"termpages_publisher.same_as must be a list of http(s) URLs, got {shown(same_as)}"
        )
        same_as = []
    same_as = [
        found
        for index, entry in enumerate(same_as[:100])
        if (found := _absolute_url(entry, f"termpages_publisher.same_as[{index}]", problems.append))
    ]
    if problems:
        reading.report("; ".join(problems))
    if name is None or url is None:
        return None
    return Publisher(name, url, _plain(logo or ""), tuple(map(_plain, same_as)))


def _absolute_url(value: Any, where: str, report: Report) -> str | None:
    """An absolute http(s) URL as browsers serialize it, or None after one warning."""
    problem = url_problem(value) if isinstance(value, str) else "it is not text"
    if problem is None:
        return web_url(value)
    report(f"{where} must be an absolute http(s) URL, got {shown(value)}: {problem}")
    return None


def _checks(raw: Any, reading: Reading) -> ContentChecks:
    report = reading.report
    if not isinstance(raw, dict):
        report(f"termpages_checks must be a dict, got {shown(raw)}")
        return ContentChecks()
    known = {check.name: str(check.type) for check in fields(ContentChecks)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        where = f"termpages_checks[{shown(key)}]"
        kind = known.get(key) if isinstance(key, str) else None
        if kind is None:
            known_keys = ", ".join(sorted(known))
            report(f"termpages_checks has unknown key {shown(key)}; known: {known_keys}")
        elif kind == "bool" and not isinstance(value, bool):
            report(f"{where} must be True or False, got {shown(value)}")
        elif kind == "int" and (
            not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10**6
        ):
            report(f"{where} must be a whole number (0 is off), got {shown(value)}")
        elif kind == "float" and (
            not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1
        ):
            # "not 0 <= nan <= 1" is True: NaN is refused with the rest
            report(f"{where} must be a share from 0 to 1 (0 is off), got {shown(value)}")
        else:
            values[_plain(key)] = {"bool": bool, "int": int, "float": float}[kind](value)
    return ContentChecks(**values)


def _robots(raw: Any, reading: Reading) -> RobotsPolicy | None:
    report = reading.report
    if raw is False:
        return None
    if not isinstance(raw, dict) or not all(isinstance(v, bool) for v in raw.values()):
        report(f"termpages_robots must be False or a dict of True/False, got {shown(raw)}")
        return RobotsPolicy()
    known = [policy.name for policy in fields(RobotsPolicy)]
    unknown = _unknown_keys(raw, known)
    if unknown:
        report(f"termpages_robots has unknown keys: {unknown}; known: {_listed(known)}")
    return RobotsPolicy(**{key: bool(raw[key]) for key in known if key in raw})


_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def _is_file(path: Path) -> bool:
    """``Path.is_file`` for a path from a setting, which may be too long or hold a NUL."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _social_cards(raw: Any, reading: Reading) -> SocialCards | None:
    report, confdir = reading.report, reading.confdir
    if raw is False or raw is None:
        return None
    if raw is True:
        return SocialCards()
    known = [card.name for card in fields(SocialCards)]
    if not isinstance(raw, dict):
        report(
            f"termpages_social_cards must be False or a dict ({', '.join(known)}), got "
            f"{shown(raw)}; no social cards are made"
        )
        return None
    problems: list[str] = []
    unknown = _unknown_keys(raw, known)
    if unknown:
        problems.append(
            f"termpages_social_cards has unknown keys: {unknown}; known: {_listed(known)}"
        )
    values: dict[str, str] = {}
    for key in ("background", "foreground", "accent"):
        colour = raw.get(key, getattr(SocialCards, key))
        if isinstance(colour, str) and _COLOUR.match(colour.strip()):
            colour = colour.strip().lower()
            values[key] = colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])
        else:
            problems.append(
                f"termpages_social_cards.{key} must be a colour like '#4338ca', got "
                f"{shown(colour)}; using {shown(getattr(SocialCards, key))}"
            )
    logo = raw.get("logo", "")
    if not isinstance(logo, str) or len(logo) > 1000:
        problems.append(
            f"termpages_social_cards.logo must be a file path, got {shown(logo)}; no logo is shown"
        )
    elif logo.strip():
        logo = logo.strip()
        if not logo.lower().endswith(_LOGO_SUFFIXES):
            problems.append(
                "termpages_social_cards.logo must be a PNG, JPEG, GIF or WebP file, got "
                f"{shown(logo)}; no logo is shown"
            )
        elif confdir is not None and not _is_file(confdir / logo):
            problems.append(
                f"termpages_social_cards.logo {shown(logo)} is not a file in the configuration "
                "folder; no logo is shown"
            )
        else:
            values["logo"] = _plain(logo)
    site_name = raw.get("site_name", "")
    if isinstance(site_name, str) and not _too_long(site_name):
        values["site_name"] = " ".join(site_name.split())
    else:
        problems.append(
            f"termpages_social_cards.site_name must be text, got {shown(site_name)}; "
            "using the project name"
        )
    for problem in problems:
        report(problem)
    return SocialCards(**values)


def parse_categories(raw: Any, report: Report) -> dict[str, Category]:
    """The categories in order; each bad entry is one report (all its problems), then skipped."""
    if not isinstance(raw, (list, tuple)):
        report(f"termpages_categories must be a list of dicts, got {shown(raw)}")
        return {}
    found: list[tuple[int, int, Category]] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"termpages_categories[{index}]"
        if not isinstance(entry, dict):
            report(f"{where} must be a dict, got {shown(entry)}")
            continue
        problems: list[str] = []
        unknown = _unknown_keys(entry, ("id", "title", "description", "order"))
        if unknown:
            problems.append(f"{where} has unknown keys: {unknown}")
        category_id = entry.get("id")
        usable = True
        if not isinstance(category_id, str) or not SLUG_PATTERN.match(category_id):
            problems.append(
                f"{where}.id must be a slug (lower-case letters, digits, hyphens), "
                f"got {shown(category_id)}",
            )
            usable = False
        elif category_id in seen:
            problems.append(f"{where}.id {shown(category_id)} is declared twice")
            usable = False
        title = _text(entry.get("title"), f"{where}.title", problems.append)
        description = entry.get("description", "")
        if not isinstance(description, str):
            problems.append(f"{where}.description must be text, got {shown(description)}")
            description = ""
        order = entry.get("order", index)
        if not isinstance(order, int) or isinstance(order, bool):
            problems.append(f"{where}.order must be an integer, got {shown(order)}")
            order = index
        if problems:
            report("; ".join(problems))
        if not usable or title is None or not isinstance(category_id, str):
            continue
        category_id = _plain(category_id)
        seen.add(category_id)
        category = Category(category_id, title, _plain(description.strip()), int(order))
        found.append((int(order), index, category))
    return {category.id: category for _, _, category in sorted(found, key=lambda t: t[:2])}


def _categories(raw: Any, reading: Reading) -> dict[str, Category]:
    return parse_categories(raw, reading.report)


def _cta(name: Any, entry: Any, problems: list[str]) -> CallToAction | None:
    """One variant, or None when it cannot be shown; what is wrong goes into ``problems``."""
    where = f"termpages_cta[{shown(name)}]"
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        problems.append(
            f"termpages_cta has a variant whose name is not a short text: {shown(name)}"
        )
        return None
    if not isinstance(entry, dict):
        problems.append(f"{where} must be a dict, got {shown(entry)}")
        return None
    unknown = _unknown_keys(entry, ("heading", "text", "button", "url", "utm"))
    if unknown:
        problems.append(f"{where} has unknown keys: {unknown}")
    heading, text, button, url = (
        _text(entry.get(key), f"{where}.{key}", problems.append)
        for key in ("heading", "text", "button", "url")
    )
    problem = url_problem(url, site_path=True) if url is not None else None
    if problem is not None:
        problems.append(
            f"{where}.url must be an http(s) URL or a site path, got {shown(url)}: {problem}"
        )
        url = None
    elif url is not None:
        url = web_url(url, site_path=True)  # what browsers would go to, percent-encoded
    utm_raw = entry.get("utm", {})
    utm: tuple[tuple[str, str], ...] = ()
    if isinstance(utm_raw, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in utm_raw.items()
    ):
        utm = tuple((_plain(k), _plain(v)) for k, v in utm_raw.items())
    else:
        problems.append(f"{where}.utm must map text to text, got {shown(utm_raw)}")
    if heading is None or text is None or button is None or url is None:
        return None
    return CallToAction(_plain(name), heading, text, button, url, utm)


def _ctas(raw: Any, reading: Reading) -> dict[str, CallToAction]:
    """The variants; each bad one is one report, saying whether it is disabled."""
    if not isinstance(raw, dict):
        reading.report(f"termpages_cta must be a dict of variants, got {shown(raw)}")
        return {}
    ctas: dict[str, CallToAction] = {}
    for name, entry in raw.items():
        problems: list[str] = []
        cta = _cta(name, entry, problems)
        if cta is not None:
            ctas[cta.name] = cta
        elif isinstance(name, str) and isinstance(entry, dict):
            problems[-1] += "; the variant is disabled"
        if problems:
            reading.report("; ".join(problems))
    return ctas


def _default_cta(value: Any, reading: Reading) -> str | None:
    if value is None or value is False or value == "":
        return None
    if not isinstance(value, str):
        reading.report(
            "termpages_cta_default must be the name of a termpages_cta variant, got "
            f"{shown(value)}; pages that do not choose one show none"
        )
        return None
    if value not in reading.parsed["ctas"]:
        raw = reading.raw("termpages_cta")
        if not isinstance(raw, dict) or value in raw:
            return None  # termpages_cta's own warning has said why the variant is unusable
        if raw or value != "default":  # "default" and no variants: a site without a CTA
            reading.report(
                f"termpages_cta_default {shown(value)} is not a usable variant of termpages_cta"
                + (f"; its variants: {_listed(raw)}" if raw else "")
            )
        return None
    return _plain(value)


#: What a formatted label's placeholders are filled in with, by name: a value of the type
#: used when the page is written, so that a format spec is tried the way it will be used.
_PLACEHOLDER_SAMPLES: dict[str, object] = {"count": 1234, "page": 2, "pages": 3}


def _template_problem(template: str, allowed: frozenset[str]) -> str | None:
    """Why a label template cannot be filled in with the ``allowed`` placeholders, if it cannot.

    ``string.Formatter().parse`` splits the template the way ``str.format`` will: a field
    must be one of the plain names allowed (no ``{0}``, ``{}``, ``{count.real}`` or
    ``{count[0]}``), with no ``!r`` conversion and a format spec without nested fields, and
    the spec must format the value the page gives that name.
    """
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return "has an unmatched { or }; write {{ or }} for a brace"
    known = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        field = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if name not in allowed:
            return f"has an unknown placeholder {shown(field)[1:-1]}; it may use {known}"
        if conversion:
            return f"has a conversion in {shown(field)[1:-1]}; write {{{name}}}"
        if spec and ("{" in spec or "}" in spec):
            return f"has a placeholder inside {shown(field)[1:-1]}; write {{{name}}}"
        try:
            format(_PLACEHOLDER_SAMPLES.get(name, ""), spec or "")
        except (ValueError, TypeError) as error:
            return f"cannot be filled in ({shown(str(error))[1:-1]})"
    return None


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


def _labels(raw: Any, reading: Reading) -> Labels:
    report = reading.report
    if not isinstance(raw, dict):
        report(f"termpages_labels must be a dict, got {shown(raw)}")
        return Labels()
    declared = {label.name: label for label in fields(Labels)}
    defaults = {name: str(label.default) for name, label in declared.items()}
    overrides: dict[str, str] = {}
    for key, value in raw.items():
        if not (isinstance(key, str) and key in defaults):
            known_keys = ", ".join(sorted(defaults))
            report(f"termpages_labels has unknown key {shown(key)}; known: {known_keys}")
            continue
        if not isinstance(value, str):
            report(f"termpages_labels[{shown(key)}] must be text, got {shown(value)}")
            continue
        if _too_long(value):
            report(
                f"termpages_labels[{shown(key)}] must be at most {_TEXT_LENGTH} characters, "
                f"got {shown(value)}"
            )
            continue
        problem = None
        if declared[key].metadata["formatted"]:
            problem = _template_problem(value, _placeholders(defaults[key]))
        if problem is not None:
            report(
                f"termpages_labels[{shown(key)}] {shown(value)} {problem}; "
                f"using {shown(defaults[key])}"
            )
        else:
            overrides[_plain(key)] = _plain(value)
    return Labels(**overrides)


# ---------------------------------------------------------------- the settings

_BOOL = (bool,)


@dataclass(frozen=True)
class Settings:
    """The parsed settings; each field declares its ``termpages_*`` value, in README order.

    A field's default is its setting's raw default, parsed; a parser may use the fields above it.
    """

    terms_dir: str = _declare(
        "termpages_terms_dir",
        "terms",
        "env",
        (str,),
        _terms_folder,
        "Folder, relative to the source folder, whose `.md` files are term pages. A term's slug "
        'is its file name, so its URL never depends on its category. `""` is the top of the '
        "source folder: every page there but the home page is a term, and its URL is its slug "
        '(the Geonimo site). Other pages then go in sub-folders. `"."`, `..` and absolute paths '
        "are refused.",
    )
    hubs_dir: str = _declare(
        "termpages_hubs_dir",
        "categories",
        "env",
        (str,),
        _hubs_folder,
        "Folder, relative to the source folder, where one hub page per category is generated "
        '(`"category"` on the Geonimo site). Generated files carry a marker line and are '
        "git-ignored (the folder's `.gitignore` names them one by one). It must be a folder "
        "of its own: not the source root, not the terms folder or one holding or inside it, "
        "and not in Sphinx's output or doctree folder.",
    )
    home_doc: str = _declare(
        "termpages_home_doc",
        "",
        "env",
        (str,),
        _home_doc,
        "Docname of the glossary home page: the page the breadcrumb's first link points at. "
        '`""` means `root_doc`.',
    )
    categories: dict[str, Category] = _declare(
        "termpages_categories",
        [],
        "env",
        (list, tuple),
        _categories,
        "The categories, in order: dicts with `id` (a slug), `title`, `description` and an "
        'optional `order`; see "Categories, hubs and the home page".',
    )
    ctas: dict[str, CallToAction] = _declare(
        "termpages_cta",
        {},
        "html",
        (dict,),
        _ctas,
        'Named call-to-action variants: `{name: {"heading", "text", "button", "url", "utm"}}`; '
        'see "The call to action".',
    )
    default_cta: str | None = _declare(
        "termpages_cta_default",
        "default",
        "html",
        (str, bool, NoneType),
        _default_cta,
        'The variant shown on term pages that do not choose one; `""` for none.',
    )
    labels: Labels = _declare(
        "termpages_labels",
        {},
        "html",
        (dict,),
        _labels,
        "Visible wording, for another language or other words. Each key, with its default: "
        + ", ".join(
            f'`{label.name}` ("{label.default}"'
            + (f", {label.metadata['note']}" if label.metadata["note"] else "")
            + ")"
            for label in fields(Labels)
        )
        + ". "
        + " and ".join(f"`{label.name}`" for label in fields(Labels) if label.metadata["formatted"])
        + " may use only the placeholders of their defaults.",
    )
    checks: ContentChecks = _declare(
        "termpages_checks",
        {},
        "env",
        (dict,),
        _checks,
        'Editorial checks to run, each off unless set (see "Editorial checks"): '
        "`summary_single_sentence`, `summary_max_length` (characters, e.g. 160), `require_faq`, "
        "`require_term_reference`, `orphans`, `one_way_related`, `max_age_days`, "
        "`repeated_headings` (a share of term pages), `near_duplicate_text` (a share of a "
        "passage), `placeholders` (text marked `TODO:`).",
    )
    checks_strict: bool = _declare(
        "termpages_checks_strict",
        False,
        "",
        _BOOL,
        _flag,
        "Report the editorial checks as warnings, so that `-W` fails on them (`make check` "
        "sets it). When `False` they are notices, `file:line: check: <message> "
        "[termpages.<subtype>]`, which `-W` does not fail on; `suppress_warnings` silences "
        "them either way.",
    )
    extra_fields: frozenset[str] = _declare(
        "termpages_extra_fields",
        [],
        "env",
        (list, tuple),
        _extra_fields,
        "Extra front-matter keys this site allows on term pages without a `field-unknown` warning.",
    )
    self_links: bool = _declare(
        "termpages_self_links",
        False,
        "env",
        _BOOL,
        _flag,
        "Whether a page's mention of its own term is a link. By default it is plain text.",
    )
    link_first_only: bool = _declare(
        "termpages_link_first_only",
        False,
        "env",
        _BOOL,
        _flag,
        "Link only the first mention of each term on a page. Later mentions are plain text.",
    )
    previews: bool = _declare(
        "termpages_previews",
        True,
        "html",
        _BOOL,
        _flag,
        "Show a preview card (title, summary, link) on hover or focus of a term link.",
    )
    term_finder: bool = _declare(
        "termpages_term_finder",
        True,
        "html",
        _BOOL,
        _flag,
        "Make every search box a term finder: it suggests terms (title, alias or slug, "
        "forgiving case, accents and hyphens) with their summaries as the reader types, "
        "from `termfinder/index.json`, fetched when a search box is first used.",
    )
    backlinks: bool = _declare(
        "termpages_backlinks",
        True,
        "env",
        _BOOL,
        _flag,
        'Show "Mentioned in" on term pages: the terms whose pages link to it.',
    )
    mentions_shown: int = _declare(
        "termpages_mentions_shown",
        12,
        "env",  # the full lists follow from the environment (mentionlists.py)
        (int,),
        _count,
        'How many pages "Mentioned in" shows on a term page. With more, it shows that many '
        "(pages whose summary names the term first, then pages of the term's category, then "
        "the most mentioned pages, then by title; listed by title) and links to the full list, "
        "written as pages of its own of 200 entries each (noindex, not in the sitemap).",
    )
    navigation: bool = _declare(
        "termpages_navigation",
        True,
        "html",
        _BOOL,
        _flag,
        "Replace the theme's whole-site toctree with a sidebar that stays small: top-level "
        "pages, and the current category's terms around the current one (see \"Navigation, "
        'and why the site stays fast at any size").',
    )
    nav_terms: int = _declare(
        "termpages_nav_terms",
        25,
        "html",
        (int,),
        _count,
        "How many of the current category's terms the sidebar shows.",
    )
    hub_page_size: int = _declare(
        "termpages_hub_page_size",
        120,
        "env",
        (int,),
        _count,
        "How many terms one category hub page lists; a bigger category's hub continues on "
        "pages `<id>-2`, `<id>-3`, ... linked by a page bar.",
    )
    az_inline_max: int = _declare(
        "termpages_az_inline_max",
        150,
        "env",
        (int,),
        _count,
        "Above this many terms the home page's A–Z keeps only its letter bar, and each "
        "letter's terms are listed on a page of their own (`<hubs_dir>/letters/<letter>`); "
        "every term stays two clicks from the home page.",
    )
    publisher: Publisher | None = _declare(
        "termpages_publisher",
        {},
        "html",
        (dict, NoneType),
        _publisher,
        'The organization that publishes the glossary: `{"name", "url", "logo", "same_as"}`. '
        "It becomes the JSON-LD `Organization`.",
    )
    glossary_name: str = _declare(
        "termpages_glossary_name",
        "",
        "html",
        (str,),
        _glossary_name,
        'Name of the glossary as a `DefinedTermSet`; `""` means `project`.',
    )
    glossary_description: str = _declare(
        "termpages_glossary_description",
        "",
        "html",
        (str,),
        _optional_text,
        "One-sentence description of the glossary: the home page's meta description, and the "
        "glossary's description in structured data.",
    )
    markdown_twins: bool = _declare(
        "termpages_markdown_twins",
        True,
        "html",
        _BOOL,
        _flag,
        "Write a clean Markdown twin of every page, at its URL + `.md`.",
    )
    markdown_cta: bool = _declare(
        "termpages_markdown_cta",
        True,
        "html",
        _BOOL,
        _flag,
        "Put the call to action into Markdown twins, as one plain line.",
    )
    llms_txt: bool = _declare(
        "termpages_llms_txt", True, "html", _BOOL, _flag, "Write `llms.txt` (llmstxt.org)."
    )
    llms_full: bool = _declare(
        "termpages_llms_full",
        True,
        "html",
        _BOOL,
        _flag,
        "Write `llms-full.txt`: the whole glossary as one Markdown file (needs the twins).",
    )
    llms_txt_max_terms: int = _declare(
        "termpages_llms_txt_max_terms",
        300,
        "html",
        (int,),
        _count,
        "Up to this many terms, `llms.txt` lists every term with its summary; beyond, it lists "
        "the categories only, and each category's own `llms.txt` lists its terms.",
    )
    glossary_json: bool = _declare(
        "termpages_glossary_json",
        True,
        "html",
        _BOOL,
        _flag,
        "Write `glossary.json` (every term as data) and its JSON Schema.",
    )
    sitemap: bool = _declare(
        "termpages_sitemap",
        True,
        "html",
        _BOOL,
        _flag,
        "Write `sitemap.xml`: every page once, `lastmod` from `last_updated`. This needs "
        "`html_baseurl`.",
    )
    social_cards: SocialCards | None = _declare(
        "termpages_social_cards",
        False,
        "html",
        (bool, dict, NoneType),
        _social_cards,
        'Social preview images (see "Social previews"): a 1200x630 PNG (`og:image`) for every '
        'term, hub and the home page. `False`, or `{"background", "foreground", "accent"}` '
        f'colours (`"#rrggbb"`; defaults `{SocialCards.background}`, '
        f"`{SocialCards.foreground}`, `{SocialCards.accent}`), "
        '`"logo"` (a PNG, JPEG, GIF or WebP file relative to the configuration folder) and '
        '`"site_name"` (`""` is `project`). Needs Pillow and `html_baseurl`. A bad colour, or '
        "a logo that is missing or unreadable, is one `config` warning, and the default (or no "
        "logo) is used.",
    )
    robots: RobotsPolicy | None = _declare(
        "termpages_robots",
        {"search": True, "assistants": True, "training": False, "others": True},
        "html",
        (bool, dict),
        _robots,
        "Which crawler groups `robots.txt` lets in: `search`, `assistants`, `training`, and "
        "`others`, every crawler the file does not name (`User-agent: *`). `False` writes no "
        "`robots.txt`.",
    )
    template_cache: bool | str = _declare(
        "termpages_template_cache",
        True,
        "",
        (bool, str),
        _template_cache,
        "Keep the theme's compiled page templates between builds (in the doctree folder, or "
        "in the folder given, relative to the configuration folder, which several sites or "
        "checkouts may share), so "
        "a small rebuild does not compile them again. Needs `termpages.speed` in `extensions` "
        '(see "Build speed").',
    )
    preview: bool = _declare(
        "termpages_preview",
        False,
        "",
        _BOOL,
        _flag,
        "A build for the preview server (`make serve` sets it): the pages are the same, but "
        "the whole-site files (`sitemap.xml`, `robots.txt`, `llms.txt`, `llms-full.txt`, "
        "`glossary.json`) and the social preview images are not written, so that a one-page "
        "edit shows sooner. The next ordinary build writes them all again.",
    )
    gc_tuning: bool = _declare(
        "termpages_gc_tuning",
        True,
        "",
        _BOOL,
        _flag,
        "Shape Python's garbage collection for big builds: pause it while the saved "
        "environment loads, freeze what stays alive, hold one doctree at a time. Needs "
        '`termpages.speed` in `extensions` (see "Build speed").',
    )

    def is_term(self, docname: str) -> bool:
        if self.terms_dir:
            return docname.startswith(self.terms_dir + "/")
        # terms at the top level: their URLs are {html_baseurl}<slug>
        return "/" not in docname and docname != self.home_doc

    def term_docname(self, slug: str) -> str:
        return f"{self.terms_dir}/{slug}" if self.terms_dir else slug

    def term_files(self, srcdir: Path) -> list[Path]:
        """Every term source file, sorted; the same rule as ``is_term``."""
        if self.terms_dir:
            root = srcdir / self.terms_dir
            return sorted(root.rglob("*.md")) if root.is_dir() else []
        return sorted(path for path in srcdir.glob("*.md") if self.is_term(path.stem))

    def term_file(self, slug: str) -> str:
        """Where a term's source file is, relative to the source folder, as writers see it."""
        return f"{self.term_docname(slug)}.md"

    def hub_docname(self, category_id: str, page: int = 1) -> str:
        """The hub's first page is ``<hubs_dir>/<id>``; further pages are ``<id>-2``, ..."""
        return f"{self.hubs_dir}/{category_id}" + (f"-{page}" if page > 1 else "")

    def letter_docname(self, letter: str, page: int = 1) -> str:
        """A letter's page of the A–Z (``#`` is ``other``), when the A–Z is split."""
        name = "other" if letter == "#" else letter.lower()
        return f"{self.hubs_dir}/letters/{name}" + (f"-{page}" if page > 1 else "")

    def ordered_categories(self) -> list[Category]:
        return list(self.categories.values())


#: Every setting, in declaration order.
SETTINGS: tuple[Setting, ...] = tuple(
    replace(declared.metadata[_DECLARATION], attribute=declared.name)
    for declared in fields(Settings)
)

#: Each setting's raw default by name, and those of Sphinx's own values a parser reads
#: (``project`` as unnamed).
_RAW_DEFAULTS: dict[str, Any] = {
    "root_doc": "index",
    "project": "",
    **{setting.name: setting.default for setting in SETTINGS},
}


# ---------------------------------------------------------------- parsing


class ConfigReporter:
    """Warns about a setting at the line of conf.py that assigns it, when there is one."""

    def __init__(self, conf_file: Path | None) -> None:
        self.conf_file = conf_file
        self.lines = assignment_lines(conf_file) if conf_file is not None else {}

    def __call__(self, message: str) -> None:
        # every message starts with the setting's name: "termpages_x must ...", "termpages_x[...]"
        setting = re.split(r"[\s.\[:]", message, maxsplit=1)[0]
        line = self.lines.get(setting)
        # a location containing ":" is printed as is, before "WARNING:"
        location = f"{self.conf_file}:{line}" if line is not None else None
        warn(TermWarning.CONFIG, message, location)


def report_setting(app: Sphinx) -> ConfigReporter:
    """Reports a problem with a setting found during the build, at its line of conf.py."""
    return ConfigReporter(Path(app.confdir) / "conf.py" if app.confdir else None)


def made_folder(app: Sphinx, folder: Path, setting: str, named: str, consequence: str) -> bool:
    """Create a folder a setting names; when it cannot be, one warning about the setting.

    ``named`` is the folder as the message shows it; ``consequence`` says what goes without.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = shown(error.strerror or str(error))[1:-1]
        report_setting(app)(f"{setting} {shown(named)} cannot be created ({reason}); {consequence}")
        return False
    return True


#: Sphinx's own settings that termpages checks too, and reports at their conf.py line.
CHECKED_SPHINX_SETTINGS = frozenset({"html_baseurl"})


def assignment_lines(conf_file: Path) -> dict[str, int]:
    """The line of conf.py that last assigns each ``termpages_*`` (or checked Sphinx) setting.

    Read with ``ast``, so that ``x: T = ...``, ``x = y = ...``, ``x += ...``, ``x[key] = ...``
    and assignments inside ``if`` blocks are all found; the last one in the file wins.
    """
    try:
        tree = ast.parse(conf_file.read_bytes(), str(conf_file))
    except (OSError, SyntaxError, ValueError):
        return {}
    lines: dict[str, int] = {}
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for target in targets:
            for name in _assigned_names(target):
                if name.id.startswith("termpages_") or name.id in CHECKED_SPHINX_SETTINGS:
                    lines[name.id] = max(lines.get(name.id, 0), name.lineno)
    return lines


def _assigned_names(target: ast.expr) -> Iterator[ast.Name]:
    """The names an assignment target changes: ``a``, ``a, b``, ``*a``, ``a[k]``, ``a.x``."""
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _assigned_names(element)
    elif isinstance(target, (ast.Starred, ast.Subscript, ast.Attribute)):
        yield from _assigned_names(target.value)
    elif isinstance(target, ast.Name):
        yield target


def _parse_values(
    config: object, report: Report, confdir: Path | None, folders: BuildFolders | None = None
) -> tuple[dict[str, Any], set[str]]:
    """Every parsed value by attribute, and the names of the settings that were reported."""
    values: dict[str, Any] = {}
    reported: set[str] = set()
    for setting in SETTINGS:

        def report_setting(message: str, name: str = setting.name) -> None:
            reported.add(name)
            report(message)

        reading = Reading(setting, config, confdir, report_setting, values, folders)
        values[setting.attribute] = setting.parse(_raw_value(config, setting.name), reading)
    return values, reported


def parse_settings(
    config: object, report: Report | None = None, confdir: Path | None = None
) -> Settings:
    """Turn the raw ``termpages_*`` values into Settings, reporting each bad part.

    ``config`` is Sphinx's configuration or any object with the settings as attributes; one
    it does not have counts as its default. ``confdir``, when known, is where files named in
    the settings are looked for.
    """
    values, _ = _parse_values(config, report or ConfigReporter(None), confdir)
    return Settings(**values)


def settings_of(namespace: Mapping[str, Any]) -> Settings:
    """The settings a conf.py's names give, outside a build (the preview server, ``new-term``).

    Parsed the way a build parses them, so a bad folder setting falls back to the same
    default here as there; the build is what reports it.
    """
    return parse_settings(
        SimpleNamespace(**{str(key): namespace[key] for key in namespace}), _quiet
    )


def _quiet(message: str) -> None:
    del message


_CACHE_ATTRIBUTE = "_termpages_settings"


def get_settings(config: Config) -> Settings:
    """The validated settings; parsed once per build (``config-inited`` fills the cache)."""
    cached = config.__dict__.get(_CACHE_ATTRIBUTE)
    if cached is None:
        cached = parse_settings(config)
        setattr(config, _CACHE_ATTRIBUTE, cached)
    assert isinstance(cached, Settings)
    return cached


def validate_config(app: Sphinx, config: Config) -> None:
    confdir = Path(app.confdir) if app.confdir else None
    values, reported = _parse_values(config, report_setting(app), confdir, BuildFolders.of(app))
    setattr(config, _CACHE_ATTRIBUTE, Settings(**values))
    for setting in SETTINGS:
        value = getattr(config, setting.name)
        if setting.has_declared_type(value):
            continue
        # Sphinx checks the declared types after this handler (config-inited, priority 800)
        # and would warn a second time, with no location and no subtype to suppress. The value
        # in use is already decided above, so the raw one is brought in line with it: the
        # default when it was reported, or the declared type it is a subclass of when not.
        base = next((kind for kind in setting.types if isinstance(value, kind)), None)
        if setting.name in reported or base is None:
            setattr(config, setting.name, setting.default)
        else:
            # str(value) would call the subclass's __str__; str.__str__ does not
            setattr(config, setting.name, _plain(value) if base is str else base(value))


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name,
            setting.default,
            setting.rebuild,
            types=setting.types,
            description=setting.help,
        )
    # before Sphinx's own type check (priority 800), which validate_config keeps quiet
    app.connect("config-inited", validate_config, priority=500)


# ---------------------------------------------------------------- documentation


def _python_literal(value: Any) -> str:
    """A default as conf.py would write it: double-quoted text, as in the README."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, dict):
        items = (f"{_python_literal(key)}: {_python_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_python_literal(item) for item in value) + "]"
    return repr(value)


def settings_table() -> str:
    """The README's configuration reference: one Markdown row per setting."""
    rows = ["| Setting | Default | Meaning |", "| --- | --- | --- |"]
    for setting in SETTINGS:
        meaning = setting.help.replace("|", "\\|")
        rows.append(f"| `{setting.name}` | `{_python_literal(setting.default)}` | {meaning} |")
    return "\n".join(rows) + "\n"
