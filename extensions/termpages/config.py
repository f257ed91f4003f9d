"""The ``termpages_*`` settings: declared once, validated on ``config-inited``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .warnings_ import TermWarning, warn

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


@dataclass(frozen=True)
class Setting:
    """One ``termpages_*`` configuration value."""

    name: str
    default: Any
    rebuild: Rebuild
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "termpages_terms_dir",
        "terms",
        "env",
        "Folder, relative to the source directory, whose Markdown files are term pages; "
        '"" for the top level of the source directory, where every page but the home page '
        "is a term. A term's slug is its file name, so its URL never depends on its category.",
    ),
    Setting(
        "termpages_hubs_dir",
        "categories",
        "env",
        "Folder, relative to the source directory, where one hub page per category is "
        "generated. Generated files carry a marker line and are git-ignored.",
    ),
    Setting(
        "termpages_home_doc",
        "",
        "env",
        "Docname of the glossary home page (first breadcrumb). Empty means root_doc.",
    ),
    Setting(
        "termpages_categories",
        [],
        "env",
        "List of categories: dicts with id (slug), title, description and optional order.",
    ),
    Setting(
        "termpages_cta",
        {},
        "html",
        "Named call-to-action variants: {name: {heading, text, button, url, utm}}.",
    ),
    Setting(
        "termpages_cta_default",
        "default",
        "html",
        "Variant shown on term pages that do not choose one; empty for none.",
    ),
    Setting(
        "termpages_labels",
        {},
        "html",
        "Overrides for visible labels (see Labels for the keys).",
    ),
    Setting(
        "termpages_self_links",
        False,
        "env",
        "Whether a term page's mention of itself is a link (default: plain text).",
    ),
    Setting(
        "termpages_link_first_only",
        False,
        "env",
        "Link only the first mention of each term on a page; later ones are plain text.",
    ),
    Setting(
        "termpages_previews",
        True,
        "html",
        "Show a preview card (title, summary, link) on hover or focus of a term link.",
    ),
    Setting(
        "termpages_backlinks",
        True,
        "env",
        'Show "Mentioned in" on term pages: the terms whose pages link to it.',
    ),
    Setting(
        "termpages_navigation",
        True,
        "html",
        "Replace the theme's whole-site toctree with a sidebar that stays small: "
        "top-level pages, and the current category's terms around the current one.",
    ),
    Setting(
        "termpages_nav_terms",
        25,
        "html",
        "How many of the current category's terms the sidebar shows.",
    ),
    Setting(
        "termpages_publisher",
        {},
        "html",
        "The organization that publishes the glossary (JSON-LD publisher): "
        "{name, url, logo, same_as}.",
    ),
    Setting(
        "termpages_glossary_name",
        "",
        "html",
        "Name of the glossary as a DefinedTermSet; empty means the project name.",
    ),
    Setting(
        "termpages_glossary_description",
        "",
        "html",
        "One-sentence description of the glossary: the home page's meta description.",
    ),
    Setting(
        "termpages_social_cards",
        False,
        "html",
        "Social preview images: a 1200x630 PNG (og:image) for every term, hub and the home "
        "page; False, or {background, foreground, accent: '#rrggbb', logo: an image file "
        "relative to the configuration folder, site_name}. Needs Pillow and html_baseurl.",
    ),
    Setting(
        "termpages_sitemap",
        True,
        "html",
        "Write sitemap.xml (needs html_baseurl): every page once, lastmod = last_updated.",
    ),
    Setting(
        "termpages_robots",
        {"search": True, "assistants": True, "training": False, "others": True},
        "html",
        "Write robots.txt: which crawler groups may read the site (search, assistants, "
        "training, and others: every crawler the file does not name); False writes none.",
    ),
    Setting(
        "termpages_markdown_twins",
        True,
        "html",
        "Write a clean Markdown twin of every page at its URL + .md.",
    ),
    Setting(
        "termpages_markdown_cta",
        True,
        "html",
        "Put the call to action into Markdown twins, as one plain line.",
    ),
    Setting("termpages_llms_txt", True, "html", "Write llms.txt (llmstxt.org)."),
    Setting(
        "termpages_llms_full",
        True,
        "html",
        "Write llms-full.txt: the whole glossary as one Markdown file (needs the twins).",
    ),
    Setting(
        "termpages_glossary_json",
        True,
        "html",
        "Write glossary.json (every term as data) and its JSON Schema.",
    ),
    Setting(
        "termpages_checks",
        {},
        "env",
        "Editorial checks to run (all off unless set): summary_single_sentence, "
        "summary_max_length (characters, e.g. 160), require_faq, require_term_reference, "
        "orphans, one_way_related, max_age_days, repeated_headings (a share of term pages), "
        "near_duplicate_text (a share of a passage).",
    ),
    Setting(
        "termpages_template_cache",
        True,
        "",
        "Keep the theme's compiled page templates between builds (in the doctree "
        "folder), so a small rebuild does not compile them again.",
    ),
    Setting(
        "termpages_gc_tuning",
        True,
        "",
        "Shape Python's garbage collection for big builds: pause it while the saved "
        "environment loads, freeze what stays alive, hold one doctree at a time.",
    ),
    Setting(
        "termpages_extra_fields",
        [],
        "env",
        "Extra front-matter keys this site allows on term pages without a warning.",
    ),
)


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
        """The button URL with the configured query parameters merged in."""
        if not self.utm:
            return self.url
        parts = urlsplit(self.url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        query += [(key, value.replace("{slug}", slug)) for key, value in self.utm]
        return urlunsplit(parts._replace(query=urlencode(query)))


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


@dataclass(frozen=True)
class Labels:
    """Visible strings, overridable for other languages or wording."""

    faq_heading: str = "Frequently asked questions"
    related_heading: str = "Related terms"
    backlinks_heading: str = "Mentioned in"
    last_updated: str = "Last updated:"
    breadcrumb: str = "Breadcrumb"
    empty_category: str = "No terms in this category yet."
    nav_all_terms: str = "All {count} terms"
    uncategorized: str = "Other terms"
    term_count_one: str = "1 term"
    term_count_many: str = "{count} terms"
    also_called: str = "Also called:"
    see_also: str = "See also:"
    #: The home page's count line; {terms} is term_count_many's text, {first} and {last}
    #: link to the first and the last term from A to Z.
    glossary_count: str = "{terms}, from {first} to {last}"
    glossary_count_one: str = "{terms}: {first}"
    search_label: str = "Search the glossary"
    search_placeholder: str = "Search for a term"
    search_button: str = "Search"
    az_letters_label: str = "Jump to letter"
    not_found_description: str = (
        "This page is not in the glossary. Search for a term, or start from the home page."
    )
    social_card_label: str = "Glossary"

    def term_count(self, count: int) -> str:
        return self.term_count_one if count == 1 else self.term_count_many.format(count=count)


@dataclass(frozen=True)
class Settings:
    terms_dir: str = "terms"
    hubs_dir: str = "categories"
    home_doc: str = "index"
    categories: dict[str, Category] = field(default_factory=dict)
    ctas: dict[str, CallToAction] = field(default_factory=dict)
    default_cta: str | None = None
    labels: Labels = field(default_factory=Labels)
    extra_fields: frozenset[str] = frozenset()
    self_links: bool = False
    link_first_only: bool = False
    previews: bool = True
    backlinks: bool = True
    navigation: bool = True
    nav_terms: int = 25
    publisher: Publisher | None = None
    glossary_name: str = ""
    glossary_description: str = ""
    sitemap: bool = True
    markdown_twins: bool = True
    markdown_cta: bool = True
    llms_txt: bool = True
    llms_full: bool = True
    glossary_json: bool = True
    template_cache: bool = True
    gc_tuning: bool = True
    robots: RobotsPolicy | None = field(default_factory=RobotsPolicy)
    checks: ContentChecks = field(default_factory=ContentChecks)
    social_cards: SocialCards | None = None

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


def is_safe_url(url: str) -> bool:
    """True for absolute http(s) URLs and site-relative paths; never ``javascript:`` & co."""
    if url.startswith("/") and not url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _text(value: Any, where: str, report: Report) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    report(f"{where} must be non-empty text, got {value!r}")
    return None


def _folder(config: Config, name: str, report: Report, top_level: bool = False) -> str:
    """A folder inside the source directory; with ``top_level``, "" (or ".") is the source root."""
    value = getattr(config, name)
    if isinstance(value, str):
        folder = value.strip("/ ")
        if folder == ".":
            folder = ""
        parts = folder.split("/")
        if (folder or top_level) and ".." not in parts and "." not in parts:
            return folder
    default = str(_default(name))
    where = "a folder inside the source directory" + (' or ""' if top_level else "")
    report(f"{name} must be {where}, got {value!r}; using {default!r}")
    return default


def _separate_folders(terms_dir: str, hubs_dir: str, report: Report) -> str:
    """Generated hubs must never land among the writers' term files."""
    inside = terms_dir and (hubs_dir == terms_dir or hubs_dir.startswith(terms_dir + "/"))
    around = terms_dir.startswith(hubs_dir + "/")
    if inside or around:
        default = str(_default("termpages_hubs_dir"))
        report(
            f"termpages_hubs_dir {hubs_dir!r} and termpages_terms_dir {terms_dir!r} overlap: "
            "hub pages would be read as terms, or the hubs' generated .gitignore would hide "
            f"term files; using {default!r}"
        )
        return default if default != terms_dir else f"{terms_dir}-hubs"
    return hubs_dir


def _default(name: str) -> Any:
    return next(setting.default for setting in SETTINGS if setting.name == name)


def _flag(config: Config, name: str, report: Report) -> bool:
    value = getattr(config, name)
    if isinstance(value, bool):
        return value
    report(f"{name} must be True or False, got {value!r}; using {_default(name)}")
    return bool(_default(name))


def _count(config: Config, name: str, report: Report) -> int:
    value = getattr(config, name)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    report(f"{name} must be a positive whole number, got {value!r}; using {_default(name)}")
    return int(_default(name))


def _optional_text(config: Config, name: str, report: Report) -> str:
    value = getattr(config, name)
    if isinstance(value, str):
        return " ".join(value.split())
    report(f"{name} must be text, got {value!r}")
    return ""


def _publisher(raw: Any, report: Report) -> Publisher | None:
    if raw in ({}, None):
        return None
    if not isinstance(raw, dict):
        report(f"termpages_publisher must be a dict, got {raw!r}")
        return None
    unknown = sorted(set(raw) - {"name", "url", "logo", "same_as"})
    if unknown:
        report(f"termpages_publisher has unknown keys: {', '.join(unknown)}")
    name = _text(raw.get("name"), "termpages_publisher.name", report)
    url = _text(raw.get("url"), "termpages_publisher.url", report)
    if url is not None and not (is_safe_url(url) and not url.startswith("/")):
        report(f"termpages_publisher.url must be an absolute http(s) URL, got {url!r}")
        url = None
    logo = raw.get("logo", "")
    if logo and not (isinstance(logo, str) and is_safe_url(logo) and not logo.startswith("/")):
        report(f"termpages_publisher.logo must be an absolute http(s) URL, got {logo!r}")
        logo = ""
    same_as = raw.get("same_as", [])
    if not isinstance(same_as, (list, tuple)) or not all(
        isinstance(u, str) and is_safe_url(u) and not u.startswith("/") for u in same_as
    ):
        report(f"termpages_publisher.same_as must be a list of http(s) URLs, got {same_as!r}")
        same_as = []
    if name is None or url is None:
        return None
    return Publisher(name, url, logo, tuple(same_as))


def _checks(raw: Any, report: Report) -> ContentChecks:
    if not isinstance(raw, dict):
        report(f"termpages_checks must be a dict, got {raw!r}")
        return ContentChecks()
    fields = ContentChecks.__dataclass_fields__
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            report(f"termpages_checks has unknown key {key!r}; known: {', '.join(sorted(fields))}")
        elif fields[key].type == "bool" and not isinstance(value, bool):
            report(f"termpages_checks[{key!r}] must be True or False, got {value!r}")
        elif fields[key].type == "int" and (
            not isinstance(value, int) or isinstance(value, bool) or value < 0
        ):
            report(f"termpages_checks[{key!r}] must be a whole number (0 is off), got {value!r}")
        elif fields[key].type == "float" and (
            not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1
        ):
            report(
                f"termpages_checks[{key!r}] must be a share from 0 to 1 (0 is off), got {value!r}"
            )
        else:
            values[key] = value
    return ContentChecks(**values)


def _robots(raw: Any, report: Report) -> RobotsPolicy | None:
    if raw is False:
        return None
    if not isinstance(raw, dict) or not all(isinstance(v, bool) for v in raw.values()):
        report(f"termpages_robots must be False or a dict of True/False, got {raw!r}")
        return RobotsPolicy()
    known = set(RobotsPolicy.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        report(
            f"termpages_robots has unknown keys: {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )
    return RobotsPolicy(**{key: value for key, value in raw.items() if key in known})


_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")


def _social_cards(raw: Any, confdir: Path | None, report: Report) -> SocialCards | None:
    if raw is False or raw is None:
        return None
    if raw is True:
        return SocialCards()
    known = SocialCards.__dataclass_fields__
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
        unknown = sorted(set(entry) - {"id", "title", "description", "order"})
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


def _ctas(raw: Any, report: Report) -> dict[str, CallToAction]:
    if not isinstance(raw, dict):
        report(f"termpages_cta must be a dict of variants, got {raw!r}")
        return {}
    ctas: dict[str, CallToAction] = {}
    for name, entry in raw.items():
        where = f"termpages_cta[{name!r}]"
        if not isinstance(entry, dict):
            report(f"{where} must be a dict, got {entry!r}")
            continue
        unknown = sorted(set(entry) - {"heading", "text", "button", "url", "utm"})
        if unknown:
            report(f"{where} has unknown keys: {', '.join(unknown)}")
        values = [
            _text(entry.get(key), f"{where}.{key}", report) for key in ("heading", "text", "button")
        ]
        url = _text(entry.get("url"), f"{where}.url", report)
        if url is not None and not is_safe_url(url):
            report(
                f"{where}.url must be an http(s) URL or a site path, got {url!r}; "
                "the variant is disabled",
            )
            url = None
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


def _labels(raw: Any, report: Report) -> Labels:
    if not isinstance(raw, dict):
        report(f"termpages_labels must be a dict, got {raw!r}")
        return Labels()
    known = set(Labels.__dataclass_fields__)
    overrides: dict[str, str] = {}
    for key, value in raw.items():
        if key not in known:
            report(
                f"termpages_labels has unknown key {key!r}; known: {', '.join(sorted(known))}",
            )
        elif not isinstance(value, str):
            report(f"termpages_labels[{key!r}] must be text, got {value!r}")
        else:
            overrides[key] = value
    return Labels(**overrides)


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

Report = Callable[[str], None]


def parse_settings(
    config: Config, report: Report | None = None, confdir: Path | None = None
) -> Settings:
    """Turn the raw ``termpages_*`` values into Settings, reporting each bad part.

    ``confdir``, when known, is where files named in the settings are looked for.
    """
    if report is None:
        report = ConfigReporter(None)
    ctas = _ctas(config.termpages_cta, report)
    default_cta = config.termpages_cta_default or None
    if default_cta is not None and default_cta not in ctas:
        if config.termpages_cta or default_cta != "default":
            report(
                f"termpages_cta_default {default_cta!r} is not a usable variant of termpages_cta"
            )
        default_cta = None
    extra = config.termpages_extra_fields
    if not isinstance(extra, (list, tuple)) or not all(isinstance(x, str) for x in extra):
        report(f"termpages_extra_fields must be a list of text, got {extra!r}")
        extra = []
    terms_dir = _folder(config, "termpages_terms_dir", report, top_level=True)
    hubs_dir = _separate_folders(terms_dir, _folder(config, "termpages_hubs_dir", report), report)
    return Settings(
        terms_dir=terms_dir,
        hubs_dir=hubs_dir,
        home_doc=config.termpages_home_doc or config.root_doc,
        categories=parse_categories(config.termpages_categories, report),
        ctas=ctas,
        default_cta=default_cta,
        labels=_labels(config.termpages_labels, report),
        extra_fields=frozenset(extra),
        self_links=_flag(config, "termpages_self_links", report),
        link_first_only=_flag(config, "termpages_link_first_only", report),
        previews=_flag(config, "termpages_previews", report),
        backlinks=_flag(config, "termpages_backlinks", report),
        navigation=_flag(config, "termpages_navigation", report),
        nav_terms=_count(config, "termpages_nav_terms", report),
        publisher=_publisher(config.termpages_publisher, report),
        glossary_name=_optional_text(config, "termpages_glossary_name", report) or config.project,
        glossary_description=_optional_text(config, "termpages_glossary_description", report),
        sitemap=_flag(config, "termpages_sitemap", report),
        markdown_twins=_flag(config, "termpages_markdown_twins", report),
        markdown_cta=_flag(config, "termpages_markdown_cta", report),
        llms_txt=_flag(config, "termpages_llms_txt", report),
        llms_full=_flag(config, "termpages_llms_full", report),
        glossary_json=_flag(config, "termpages_glossary_json", report),
        template_cache=_flag(config, "termpages_template_cache", report),
        gc_tuning=_flag(config, "termpages_gc_tuning", report),
        robots=_robots(config.termpages_robots, report),
        checks=_checks(config.termpages_checks, report),
        social_cards=_social_cards(config.termpages_social_cards, confdir, report),
    )


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
    setattr(config, _CACHE_ATTRIBUTE, parse_settings(config, ConfigReporter(conf_file), confdir))


def setup_config(app: Sphinx) -> None:
    for setting in SETTINGS:
        app.add_config_value(
            setting.name, setting.default, setting.rebuild, types=Any, description=setting.help
        )
    app.connect("config-inited", validate_config)
