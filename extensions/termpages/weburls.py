"""URLs read the way browsers read them (WHATWG URL Standard), and written as they serialize.

Python's ``urllib`` splits a URL by RFC 3986; browsers parse it by the WHATWG
rules, which drop tabs and newlines, read ``\\`` as ``/`` and take ``/\\host``
as another host. A URL checked one way and followed the other is how
``/\\evil.example/`` passes as a site path. So every URL a writer or a setting
gives is parsed here with ``ada-url`` (a WHATWG parser), and what the site
writes is the parser's serialization, which percent-encodes ``<``, ``>``,
``"``, spaces and control characters wherever they appear.
"""

from __future__ import annotations

import functools
import re

import ada_url

#: Stands in for the site while a site path is resolved; no real origin looks like it.
_DUMMY_BASE = "https://termpages.invalid/"
_DUMMY_ORIGIN = "https://termpages.invalid"
WEB_SCHEMES = frozenset({"http:", "https:"})
#: C0 controls, DEL and the C1 range: browsers drop some silently, which hides what a URL is.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _parsed(text: str, base: str | None = None) -> ada_url.URL | None:
    try:
        return ada_url.URL(text, base=base) if base else ada_url.URL(text)
    except ValueError:
        return None


def url_problem(text: str, *, site_path: bool = False, mailto: bool = False) -> str | None:
    """Why a browser would not take ``text`` to a web page we mean, or None when it would.

    With ``site_path``, a path of this site (``/start``) is accepted too: it must
    start with ``/`` and, resolved against the site, stay on the site.
    """
    if not isinstance(text, str) or not text.strip():
        return "it is empty"
    if _CONTROL.search(text):
        return "it holds a control character (a tab or line break is dropped by browsers)"
    text = text.strip(" ")
    if site_path and text.startswith("/") and not text.startswith("//"):
        resolved = _parsed(text, _DUMMY_BASE)
        if resolved is None or resolved.origin != _DUMMY_ORIGIN:
            return "a browser reads it as another site, not as a path of this one"
        return None
    url = _parsed(text)
    if url is None:
        elsewhere = _parsed(text, _DUMMY_BASE)
        if elsewhere is not None and elsewhere.origin != _DUMMY_ORIGIN:
            return "it has no scheme, and a browser reads it as another site"
        return "it is not an absolute URL" + (" or a path starting with /" if site_path else "")
    schemes = WEB_SCHEMES | ({"mailto:"} if mailto else set())
    if url.protocol not in schemes:
        return f"its scheme {url.protocol.rstrip(':')!r} is not " + (
            "http, https or mailto" if mailto else "http or https"
        )
    if url.protocol == "mailto:":
        return None
    if url.username or url.password:
        return "it holds a user name or password"
    if not url.hostname:
        return "it names no host"
    if not text.lower().startswith(url.protocol + "//"):
        # "https:evil.example" or "https:\\evil" still reach a host; say what is meant
        return f"it should start with {url.protocol}//"
    return None


def base_url_problem(text: str) -> str | None:
    """Why ``text`` cannot be the address pages' paths are added to, or None.

    Besides what ``url_problem`` refuses: a query or a fragment, after which an
    added ``terms/x.html`` would be part of the query, not a page of the site.
    """
    problem = url_problem(text)
    if problem is not None:
        return problem
    url = _parsed(text.strip(" "))
    assert url is not None  # url_problem parsed it
    if "?" in url.href or "#" in url.href:  # the path has its own ? and # percent-encoded
        return "it has a query or a fragment, and page paths added after it would be part of it"
    return None


def web_url(text: str, *, site_path: bool = False, mailto: bool = False) -> str | None:
    """The URL as browsers serialize it (percent-encoded), or None when it is not safe."""
    if url_problem(text, site_path=site_path, mailto=mailto) is not None:
        return None
    text = text.strip(" ")
    if site_path and text.startswith("/"):
        resolved = _parsed(text, _DUMMY_BASE)
        assert resolved is not None  # url_problem parsed it
        return resolved.href.removeprefix(_DUMMY_ORIGIN)
    url = _parsed(text)
    assert url is not None
    return url.href


def is_web_url(text: str, *, site_path: bool = False, mailto: bool = False) -> bool:
    return url_problem(text, site_path=site_path, mailto=mailto) is None


# a pure function of its text, asked again for every page that links the same term
@functools.lru_cache(maxsize=8192)
def link_url(url: str) -> str | None:
    """A link's URL, already resolved against its page, as browsers serialize it.

    None when a browser would not go to a web page or a mail address with it
    (``javascript:``, ``data:``, credentials, control characters). A URL without
    a scheme (a site built without ``html_baseurl``) keeps its relative form,
    percent-encoded the same way.
    """
    if _CONTROL.search(url):
        return None
    absolute = _parsed(url)
    if absolute is None:
        prefix = _DUMMY_BASE if url.startswith("/") else _DUMMY_BASE + "_/"
        relative = _parsed(url, prefix)
        if relative is None or not relative.href.startswith(prefix):
            return None
        return ("/" if url.startswith("/") else "") + relative.href.removeprefix(prefix)
    if absolute.protocol not in WEB_SCHEMES | {"mailto:"}:
        return None
    if absolute.username or absolute.password:
        return None
    return absolute.href


#: Schemes whose URL a browser runs or renders as a document of its own, not a page to go to.
SCRIPT_SCHEMES = frozenset({"javascript:", "vbscript:", "data:"})


def script_scheme(url: str) -> str | None:
    """``javascript`` (or ``vbscript``, ``data``) when a browser would run ``url`` as script.

    Read as browsers read it: ``JaVa\\tScRiPt:`` is ``javascript:``. A relative URL is None.
    """
    absolute = _parsed(url.strip())
    if absolute is None or absolute.protocol not in SCRIPT_SCHEMES:
        return None
    return absolute.protocol.rstrip(":")


def web_urls(urls: list[str] | tuple[str, ...]) -> list[str]:
    """The absolute http(s) URLs among ``urls``, serialized; for lists checked once already."""
    return [url for url in map(web_url, urls) if url is not None]
