"""Social preview images: one 1200×630 PNG per term, hub and home page, named by what it shows.

A link shared in a chat or a feed shows the page's ``og:image``; without one
it is a bare line of text. sphinxext-opengraph can draw cards, but with
matplotlib (and numpy under it), in a fixed 1146×600 layout, at about 31 ms
a card; these are drawn with Pillow and the scalable font it bundles
(``cardimage``), in about 5 ms. Each file is named by a hash of everything it shows (title,
category, brand, colours, size, renderer, logo bytes), so a card is drawn
once, never rewritten while what it shows stays the same, and comes out
byte-identical from a ``-j`` build: it is drawn while its page is written,
from that page's data alone. When the build ends, images no page shows any
more are deleted, so the published folder never holds a stale one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cardimage import HEIGHT, WIDTH, Card, look_of_every_card, render_png
from .config import get_settings, report_setting
from .domain import get_domain
from .seo import base_url, is_html_site_builder
from .shared import head_tag
from .urls import is_not_found_page
from .warnings_ import PATH_LENGTH, shown

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Where the images go, inside the output folder.
FOLDER = "_images/social"
#: What the previous build's cards looked like apart from their text (env attribute).
_FINGERPRINT = "termpages_social_cards_fingerprint"


@functools.cache
def pillow_available() -> bool:
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=16)
def _file_digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def logo_digest(path: str) -> str:
    if not path:
        return ""
    stat = os.stat(path)
    return _file_digest(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _readable_image(path: str, mtime_ns: int, size: int) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, UnidentifiedImageError, ValueError):
        return False
    return True


def logo_path(app: Sphinx) -> str:
    """The configured logo's absolute path, or "" when there is none that Pillow can read."""
    style = get_settings(app.config).social_cards
    if style is None or not style.logo:
        return ""
    path = str(Path(app.confdir, style.logo))
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return path if _readable_image(path, stat.st_mtime_ns, stat.st_size) else ""


def card_for_page(app: Sphinx, pagename: str) -> Card | None:
    """The card a page shows, from the environment and the settings alone; None for none."""
    settings = get_settings(app.config)
    style = settings.social_cards
    if style is None or not pillow_available() or not base_url(app):
        return None
    entry = get_domain(app.env).terms.get(pagename)
    if entry is not None:
        category = settings.categories.get(entry.category or "")
        label = category.title if category is not None else settings.labels.uncategorized
    elif pagename == settings.home_doc or pagename in {
        settings.hub_docname(category_id) for category_id in settings.categories
    }:
        label = settings.labels.social_card_label
    else:
        return None
    heading = app.env.titles.get(pagename)
    title = " ".join(heading.astext().split()) if heading is not None else ""
    title = title or (entry.title if entry is not None else "")
    if not title:
        return None
    logo = logo_path(app)
    return Card(
        title=title,
        label="" if label.casefold() == title.casefold() else label,
        site_name=style.site_name or str(app.config.project),
        background=style.background,
        foreground=style.foreground,
        accent=style.accent,
        logo=logo,
        logo_digest=logo_digest(logo),
    )


def card_pages(app: Sphinx) -> list[str]:
    """Every page that may have a card: terms, hubs and the home page."""
    settings = get_settings(app.config)
    pages = set(get_domain(app.env).terms)
    pages.update(settings.hub_docname(category_id) for category_id in settings.categories)
    pages.add(settings.home_doc)
    return sorted(pages & app.env.found_docs)


def write_card(outdir: Path, card: Card) -> None:
    """Draw the card into the output folder, unless a file of its name is there already."""
    path = outdir / FOLDER / card.filename
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # -j workers may draw one card at once; each renames a whole file into place
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(render_png(card))
    os.replace(temporary, path)


# ---------------------------------------------------------------- page tags


def _tag(attribute: str, key: str, value: str) -> str:
    # a string: html-page-context hands the template its <head> tags as text
    return head_tag("meta", **{attribute: key, "content": value})


def add_card_tags(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """og:image and Twitter's large card for a page with a card; Twitter's summary otherwise.

    Runs after seo.add_meta_tags (100) and before sphinxext-opengraph (500),
    which writes the ``og:*`` values of ``context["meta"]`` as tags.
    """
    settings = get_settings(app.config)
    if settings.social_cards is None or not is_html_site_builder(app):
        return
    if doctree is None or is_not_found_page(app, pagename):
        return  # no OpenGraph tags on these pages either
    card = card_for_page(app, pagename)
    if card is None:
        context["metatags"] = (
            context.get("metatags", "") + _tag("name", "twitter:card", "summary") + "\n"
        )
        return
    if not settings.preview:  # the tags stay: the previewed page is the published one
        write_card(Path(app.outdir), card)
    url = f"{base_url(app)}{FOLDER}/{card.filename}"
    image = {
        "og:image": url,
        "og:image:type": "image/png",
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
        "og:image:alt": card.alt,
    }
    tags = [
        _tag("name", "twitter:card", "summary_large_image"),
        _tag("name", "twitter:image", url),
        _tag("name", "twitter:image:alt", card.alt),
    ]
    if "sphinxext.opengraph" in app.extensions:
        meta = dict(context.get("meta") or {})  # a copy: never write into env.metadata
        # sphinxext-opengraph escapes only quotes in what it writes; give it escaped text
        meta.update({key: html.escape(value, quote=False) for key, value in image.items()})
        context["meta"] = meta
    else:
        tags = [_tag("property", key, value) for key, value in image.items()] + tags
    context["metatags"] = context.get("metatags", "") + "".join(tag + "\n" for tag in tags)


# ---------------------------------------------------------------- builds


def check_requirements(app: Sphinx) -> None:
    """What the settings can't tell: Pillow, the site's address, a logo Pillow can read."""
    style = get_settings(app.config).social_cards
    if style is None or not is_html_site_builder(app):
        return
    report = report_setting(app)
    if not pillow_available():
        report(
            "termpages_social_cards needs Pillow, which is not installed "
            "(pip install 'pillow>=10.1'); no social cards are made"
        )
    elif not base_url(app):
        report(
            "termpages_social_cards needs html_baseurl (og:image must be an absolute URL); "
            "no social cards are made"
        )
    elif style.logo and not logo_path(app):
        report(
            f"termpages_social_cards.logo {shown(style.logo, PATH_LENGTH)} is not an image "
            "Pillow can read; no logo is shown"
        )


def fingerprint(app: Sphinx) -> str:
    """What every card depends on that Sphinx does not watch: the renderer and the logo's bytes.

    (A change in conf.py already makes Sphinx rewrite every page.)
    """
    settings = get_settings(app.config)
    style = settings.social_cards
    if style is None or not pillow_available() or not base_url(app):
        return ""
    logo = logo_path(app)
    return json.dumps([look_of_every_card(), logo_digest(logo)], sort_keys=True)


def rewrite_when_the_look_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """A new logo file or Pillow changes every card, though no page or setting changed."""
    new = fingerprint(app)
    old = getattr(env, _FINGERPRINT, None)
    setattr(env, _FINGERPRINT, new)
    if old is None or old == new or not new:
        return []  # a first build writes every page anyway
    return card_pages(app)


def remove_unused_cards(app: Sphinx, exception: BaseException | None) -> None:
    """Keep exactly the images the pages show: draw a missing one, delete every other."""
    if exception is not None or not is_html_site_builder(app):
        return
    if get_settings(app.config).preview:
        return  # no images in the preview; the next ordinary build draws the missing ones
    outdir = Path(app.outdir)
    wanted: set[str] = set()
    for pagename in card_pages(app):
        card = card_for_page(app, pagename)
        if card is not None:
            write_card(outdir, card)  # present already, unless someone deleted it
            wanted.add(card.filename)
    folder = outdir / FOLDER
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name not in wanted:
            path.unlink()
    for empty in (folder, folder.parent):  # Sphinx makes _images again when it needs it
        with contextlib.suppress(OSError):
            empty.rmdir()


def setup_social_cards(app: Sphinx) -> None:
    app.connect("builder-inited", check_requirements)
    app.connect("env-updated", rewrite_when_the_look_changes)
    app.connect("html-page-context", add_card_tags, priority=200)
    app.connect("build-finished", remove_unused_cards)
