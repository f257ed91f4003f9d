"""The ``termpages_*`` settings: each declared once, then registered and validated from there."""

from __future__ import annotations

import copy
import functools
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .warnings_ import TermWarning, warn
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


def _text(value: Any, where: str, report: Report) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    report(f"{where} must be non-empty text, got {value!r}")
    return None


def _folder(value: Any, reading: Reading, top_level: bool = False) -> str:
    """A folder inside the source directory; with ``top_level``, "" (or ".") is the source root."""
    if isinstance(value, str):
        folder = value.strip("/ ")
        if folder == ".":
            folder = ""
        parts = folder.split("/")
        if (folder or top_level) and ".." not in parts and "." not in parts:
            return folder
    name, default = reading.setting.name, str(reading.setting.default)
    where = "a folder inside the source directory" + (' or ""' if top_level else "")
    reading.report(f"{name} must be {where}, got {value!r}; using {default!r}")
    return default


def _terms_folder(value: Any, reading: Reading) -> str:
    return _folder(value, reading, top_level=True)


def _hubs_folder(value: Any, reading: Reading) -> str:
    """Generated hubs must never land among the writers' term files."""
    hubs_dir = _folder(value, reading)
    terms_dir: str = reading.parsed["terms_dir"]
    inside = terms_dir and (hubs_dir == terms_dir or hubs_dir.startswith(terms_dir + "/"))
    around = terms_dir.startswith(hubs_dir + "/")
    if inside or around:
        default = str(reading.setting.default)
        reading.report(
            f"termpages_hubs_dir {hubs_dir!r} and termpages_terms_dir {terms_dir!r} overlap: "
            "hub pages would be read as terms, or the hubs' generated .gitignore would hide "
            f"term files; using {default!r}"
        )
        return default if default != terms_dir else f"{terms_dir}-hubs"
    return hubs_dir


def _home_doc(value: Any, reading: Reading) -> str:
    root_doc = str(reading.raw("root_doc"))
    if isinstance(value, str):
        return value or root_doc
    reading.report(
        f"termpages_home_doc must be a docname (text), got {value!r}; using root_doc {root_doc!r}"
    )
    return root_doc


def _flag(value: Any, reading: Reading) -> bool:
    if isinstance(value, bool):
        return value
    name, default = reading.setting.name, reading.setting.default
    reading.report(f"{name} must be True or False, got {value!r}; using {default}")
    return bool(default)


def _count(value: Any, reading: Reading) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    name, default = reading.setting.name, reading.setting.default
    reading.report(f"{name} must be a positive whole number, got {value!r}; using {default}")
    return int(default)


def _optional_text(value: Any, reading: Reading) -> str:
    if isinstance(value, str):
        return " ".join(value.split())
    reading.report(f"{reading.setting.name} must be text, got {value!r}")
    return ""


def _template_cache(value: Any, reading: Reading) -> bool | str:
    """On, off, or a folder of its own (relative to the configuration folder) to share."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip()
    name = reading.setting.name
    reading.report(f"{name} must be True, False or a folder, got {value!r}; using True")
    return True


def _glossary_name(value: Any, reading: Reading) -> str:
    return _optional_text(value, reading) or str(reading.raw("project"))


def _extra_fields(value: Any, reading: Reading) -> frozenset[str]:
    if isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value):
        return frozenset(value)
    reading.report(f"termpages_extra_fields must be a list of text, got {value!r}")
    return frozenset()


def _publisher(raw: Any, reading: Reading) -> Publisher | None:
    report = reading.report
    if raw is None or raw == {}:
        return None
    if not isinstance(raw, dict):
        report(f"termpages_publisher must be a dict, got {raw!r}")
        return None
    unknown = sorted(map(str, set(raw) - {"name", "url", "logo", "same_as"}))
    if unknown:
        report(f"termpages_publisher has unknown keys: {', '.join(unknown)}")
    name = _text(raw.get("name"), "termpages_publisher.name", report)
    url = _text(raw.get("url"), "termpages_publisher.url", report)
    if url is not None:
        url = _absolute_url(url, "termpages_publisher.url", report)
    logo = raw.get("logo", "")
    if logo:
        logo = _absolute_url(logo, "termpages_publisher.logo", report) or ""
    same_as = raw.get("same_as", [])
    if not isinstance(same_as, (list, tuple)):
        report(f"termpages_publisher.same_as must be a list of http(s) URLs, got {same_as!r}")
        same_as = []
    same_as = [
        found
        for index, entry in enumerate(same_as)
        if (found := _absolute_url(entry, f"termpages_publisher.same_as[{index}]", report))
    ]
    if name is None or url is None:
        return None
    return Publisher(name, url, logo or "", tuple(same_as))


def _absolute_url(value: Any, where: str, report: Report) -> str | None:
    """An absolute http(s) URL as browsers serialize it, or None after one warning."""
    problem = url_problem(value) if isinstance(value, str) else "it is not text"
    if problem is None:
        return web_url(value)
    report(f"{where} must be an absolute http(s) URL, got {value!r}: {problem}")
    return None


def _checks(raw: Any, reading: Reading) -> ContentChecks:
    report = reading.report
    if not isinstance(raw, dict):
        report(f"termpages_checks must be a dict, got {raw!r}")
        return ContentChecks()
    known = {check.name: check.type for check in fields(ContentChecks)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            report(f"termpages_checks has unknown key {key!r}; known: {', '.join(sorted(known))}")
        elif known[key] == "bool" and not isinstance(value, bool):
            report(f"termpages_checks[{key!r}] must be True or False, got {value!r}")
        elif known[key] == "int" and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            report(f"termpages_checks[{key!r}] must be a whole number (0 is off), got {value!r}")
        elif known[key] == "float" and (
            not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1
        ):
            report(
                f"termpages_checks[{key!r}] must be a share from 0 to 1 (0 is off), got {value!r}"
            )
        else:
            values[key] = value
    return ContentChecks(**values)


def _robots(raw: Any, reading: Reading) -> RobotsPolicy | None:
    report = reading.report
    if raw is False:
        return None
    if not isinstance(raw, dict) or not all(isinstance(v, bool) for v in raw.values()):
        report(f"termpages_robots must be False or a dict of True/False, got {raw!r}")
        return RobotsPolicy()
    known = {policy.name for policy in fields(RobotsPolicy)}
    unknown = sorted(map(str, set(raw) - known))
    if unknown:
        report(
            f"termpages_robots has unknown keys: {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )
    return RobotsPolicy(**{key: value for key, value in raw.items() if key in known})


_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def _social_cards(raw: Any, reading: Reading) -> SocialCards | None:
    report, confdir = reading.report, reading.confdir
    if raw is False or raw is None:
        return None
    if raw is True:
        return SocialCards()
    known = [card.name for card in fields(SocialCards)]
    if not isinstance(raw, dict):
        report(
            f"termpages_social_cards must be False or a dict ({', '.join(known)}), got {raw!r}; "
            "no social cards are made"
        )
        return None
    unknown = sorted(map(str, set(raw) - set(known)))
    if unknown:
        report(
            f"termpages_social_cards has unknown keys: {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )
    values: dict[str, str] = {}
    for key in ("background", "foreground", "accent"):
        colour = raw.get(key, getattr(SocialCards, key))
        if isinstance(colour, str) and _COLOUR.match(colour.strip()):
            colour = colour.strip().lower()
            values[key] = colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])
        else:
            report(
                f"termpages_social_cards.{key} must be a colour like '#4338ca', got {colour!r}; "
                f"using {getattr(SocialCards, key)!r}"
            )
    logo = raw.get("logo", "")
    if not isinstance(logo, str):
        report(f"termpages_social_cards.logo must be a file path, got {logo!r}; no logo is shown")
    elif logo.strip():
        logo = logo.strip()
        if not logo.lower().endswith(_LOGO_SUFFIXES):
            report(
                f"termpages_social_cards.logo must be a PNG, JPEG, GIF or WebP file, got {logo!r}; "
                "no logo is shown"
            )
        elif confdir is not None and not (confdir / logo).is_file():
            report(
                f"termpages_social_cards.logo {logo!r} is not a file in the configuration "
                "folder; no logo is shown"
            )
        else:
            values["logo"] = logo
    site_name = raw.get("site_name", "")
    if isinstance(site_name, str):
        values["site_name"] = " ".join(site_name.split())
    else:
        report(
            f"termpages_social_cards.site_name must be text, got {site_name!r}; "
            "using the project name"
        )
    return SocialCards(**values)


def parse_categories(raw: Any, report: Report) -> dict[str, Category]:
    if not isinstance(raw, (list, tuple)):
        report(f"termpages_categories must be a list of dicts, got {raw!r}")
        return {}
    found: list[tuple[int, int, Category]] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"termpages_categories[{index}]"
        if not isinstance(entry, dict):
            report(f"{where} must be a dict, got {entry!r}")
            continue
        unknown = sorted(map(str, set(entry) - {"id", "title", "description", "order"}))
        if unknown:
            report(f"{where} has unknown keys: {', '.join(unknown)}")
        category_id = entry.get("id")
        if not isinstance(category_id, str) or not SLUG_PATTERN.match(category_id):
            report(
                f"{where}.id must be a slug (lower-case letters, digits, hyphens), "
                f"got {category_id!r}",
            )
            continue
        if category_id in seen:
            report(f"{where}.id {category_id!r} is declared twice")
            continue
        title = _text(entry.get("title"), f"{where}.title", report)
        if title is None:
            continue
        description = entry.get("description", "")
        if not isinstance(description, str):
            report(f"{where}.description must be text, got {description!r}")
            description = ""
        order = entry.get("order", index)
        if not isinstance(order, int) or isinstance(order, bool):
            report(f"{where}.order must be an integer, got {order!r}")
            order = index
        seen.add(category_id)
        found.append((order, index, Category(category_id, title, description.strip(), order)))
    return {category.id: category for _, _, category in sorted(found, key=lambda t: t[:2])}


def _categories(raw: Any, reading: Reading) -> dict[str, Category]:
    return parse_categories(raw, reading.report)


def _ctas(raw: Any, reading: Reading) -> dict[str, CallToAction]:
    report = reading.report
    if not isinstance(raw, dict):
        report(f"termpages_cta must be a dict of variants, got {raw!r}")
        return {}
    ctas: dict[str, CallToAction] = {}
    for name, entry in raw.items():
        where = f"termpages_cta[{name!r}]"
        if not isinstance(entry, dict):
            report(f"{where} must be a dict, got {entry!r}")
            continue
        unknown = sorted(map(str, set(entry) - {"heading", "text", "button", "url", "utm"}))
        if unknown:
            report(f"{where} has unknown keys: {', '.join(unknown)}")
        values = [
            _text(entry.get(key), f"{where}.{key}", report) for key in ("heading", "text", "button")
        ]
        url = _text(entry.get("url"), f"{where}.url", report)
        problem = url_problem(url, site_path=True) if url is not None else None
        if problem is not None:
            report(
                f"{where}.url must be an http(s) URL or a site path, got {url!r}: {problem}; "
                "the variant is disabled",
            )
            url = None
        elif url is not None:
            url = web_url(url, site_path=True)  # what browsers would go to, percent-encoded
        utm_raw = entry.get("utm", {})
        utm: list[tuple[str, str]] = []
        if not isinstance(utm_raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in utm_raw.items()
        ):
            report(f"{where}.utm must map text to text, got {utm_raw!r}")
        else:
            utm = list(utm_raw.items())
        heading, text, button = values
        if heading is None or text is None or button is None or url is None:
            continue
        ctas[str(name)] = CallToAction(str(name), heading, text, button, url, tuple(utm))
    return ctas


def _default_cta(value: Any, reading: Reading) -> str | None:
    if value is None or value is False or value == "":
        return None
    if not isinstance(value, str):
        reading.report(
            f"termpages_cta_default must be the name of a termpages_cta variant, got {value!r}; "
            "pages that do not choose one show none"
        )
        return None
    if value not in reading.parsed["ctas"]:
        # the default "default" with no variants declared is a site without a CTA, not a mistake
        if reading.raw("termpages_cta") or value != "default":
            reading.report(
                f"termpages_cta_default {value!r} is not a usable variant of termpages_cta"
            )
        return None
    return value


def _template_problem(template: str, allowed: frozenset[str]) -> str | None:
    """Why a label template cannot be filled in with the ``allowed`` placeholders, if it cannot."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return "has an unmatched { or }; write {{ or }} for a brace"
    unknown = sorted(names - allowed)
    if unknown:
        given = ", ".join("{" + name + "}" for name in unknown)
        known = ", ".join("{" + name + "}" for name in sorted(allowed)) or "none"
        return f"has an unknown placeholder {given}; it may use {known}"
    try:
        template.format(**dict.fromkeys(allowed, 1))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        return f"cannot be filled in ({error})"
    return None


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


def _labels(raw: Any, reading: Reading) -> Labels:
    report = reading.report
    if not isinstance(raw, dict):
        report(f"termpages_labels must be a dict, got {raw!r}")
        return Labels()
    declared = {label.name: label for label in fields(Labels)}
    defaults = {name: str(label.default) for name, label in declared.items()}
    overrides: dict[str, str] = {}
    for key, value in raw.items():
        if key not in defaults:
            report(
                f"termpages_labels has unknown key {key!r}; known: {', '.join(sorted(defaults))}",
            )
            continue
        if not isinstance(value, str):
            report(f"termpages_labels[{key!r}] must be text, got {value!r}")
            continue
        problem = None
        if declared[key].metadata["formatted"]:
            problem = _template_problem(value, _placeholders(defaults[key]))
        if problem is not None:
            report(f"termpages_labels[{key!r}] {value!r} {problem}; using {defaults[key]!r}")
        else:
            overrides[key] = value
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
        "(the Geonimo site). Other pages then go in sub-folders.",
    )
    hubs_dir: str = _declare(
        "termpages_hubs_dir",
        "categories",
        "env",
        (str,),
        _hubs_folder,
        "Folder, relative to the source folder, where one hub page per category is generated "
        '(`"category"` on the Geonimo site). Generated files carry a marker line and are '
        "git-ignored. It may not overlap the terms folder: hub pages would be read as terms, "
        "or the hubs' generated `.gitignore` would hide term files.",
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
    backlinks: bool = _declare(
        "termpages_backlinks",
        True,
        "env",
        _BOOL,
        _flag,
        'Show "Mentioned in" on term pages: the terms whose pages link to it.',
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

    def hub_docname(self, category_id: str) -> str:
        return f"{self.hubs_dir}/{category_id}"

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
        self.lines: dict[str, int] = {}
        self.conf_file = conf_file
        if conf_file is not None and conf_file.is_file():
            text = conf_file.read_text(encoding="utf-8")
            for number, line in enumerate(text.splitlines(), start=1):
                match = _ASSIGNMENT.match(line)
                if match:
                    self.lines[match.group(1)] = number  # the last assignment wins

    def __call__(self, message: str) -> None:
        setting = message.split("[", 1)[0].split(".", 1)[0].split(" ", 1)[0]
        line = self.lines.get(setting)
        # a location containing ":" is printed as is, before "WARNING:"
        location = f"{self.conf_file}:{line}" if line is not None else None
        warn(TermWarning.CONFIG, message, location)


_ASSIGNMENT = re.compile(r"^(termpages_\w+)\s*(?::[^=]*)?=")


def _parse_values(
    config: object, report: Report, confdir: Path | None
) -> tuple[dict[str, Any], set[str]]:
    """Every parsed value by attribute, and the names of the settings that were reported."""
    values: dict[str, Any] = {}
    reported: set[str] = set()
    for setting in SETTINGS:

        def report_setting(message: str, name: str = setting.name) -> None:
            reported.add(name)
            report(message)

        reading = Reading(setting, config, confdir, report_setting, values)
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
    conf_file = Path(app.confdir) / "conf.py" if app.confdir else None
    confdir = Path(app.confdir) if app.confdir else None
    values, reported = _parse_values(config, ConfigReporter(conf_file), confdir)
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
            setattr(config, setting.name, base(value))


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
