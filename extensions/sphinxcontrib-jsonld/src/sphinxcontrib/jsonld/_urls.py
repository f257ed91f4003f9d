"""URLs from settings, read as browsers read them (WHATWG rules, with ``ada-url``).

Python's ``urllib`` splits by RFC 3986; a browser reads ``/\\evil.example/`` as
another host and ``JaVa\\tScRiPt:`` as ``javascript:``. A URL the graph writes
is checked and serialized the way the browser or crawler will read it.
"""

from __future__ import annotations

import re

import ada_url

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def web_url_problem(text: str, *, base: bool = False) -> str | None:
    """Why ``text`` is no absolute http(s) URL a browser would open, or None.

    With ``base`` (``html_baseurl``), a query or fragment is refused too: the
    pages' paths are added after it.
    """
    if _CONTROL.search(text):
        return "it holds a control character"
    try:
        url = ada_url.URL(text.strip(" "))
    except ValueError:
        return "it is not an absolute URL"
    if url.protocol not in ("http:", "https:"):
        return f"its scheme {url.protocol.rstrip(':')!r} is not http or https"
    if url.username or url.password:
        return "it holds a user name or password"
    if not url.hostname or not text.strip(" ").lower().startswith(url.protocol + "//"):
        return f"it should start with {url.protocol}// and a host"
    if base and ("?" in url.href or "#" in url.href):
        return "it has a query or a fragment, and page paths added after it would be part of it"
    return None


def serialized(text: str) -> str:
    """A URL ``web_url_problem`` accepted, as browsers serialize it (percent-encoded)."""
    return ada_url.URL(text.strip(" ")).href
