"""URLs from writers and settings, read as browsers read them (WHATWG), written percent-encoded."""

from __future__ import annotations

import runpy
from pathlib import Path

import ada_url
import pytest

from conftest import SiteFactory
from termpages.config import is_safe_url
from termpages.markdown import MarkdownTranslator
from termpages.weburls import link_url, url_problem, web_url

REPO = Path(__file__).parent.parent
OTHER_SITE = "a browser reads it as another site, not as a path of this one"
NO_SCHEME = "it has no scheme, and a browser reads it as another site"
CONTROL = "it holds a control character (a tab or line break is dropped by browsers)"

HOSTILE = {
    "/\\evil.example/": OTHER_SITE,
    "/\\\\evil.example": OTHER_SITE,
    "/\t/evil.example": CONTROL,
    "\\\\evil.example": NO_SCHEME,
    "\\evil.example": "it is not an absolute URL or a path starting with /",
    "//evil.example/": NO_SCHEME,
    "java\tscript:alert(1)": CONTROL,
    "java\nscript:alert(1)": CONTROL,
    "javascript:alert(1)": "its scheme 'javascript' is not http or https",
    "JaVaScRiPt:alert(1)": "its scheme 'javascript' is not http or https",
    "data:text/html,<script>alert(1)</script>": "its scheme 'data' is not http or https",
    "vbscript:msgbox": "its scheme 'vbscript' is not http or https",
    "https://user:secret@example.com/": "it holds a user name or password",
    "https://@example.com/": "it names no host"
    if not ada_url.URL("https://@example.com/").hostname
    else None,
    "https:evil.example": "it should start with https://",
    "https:\\\\evil.example": "it should start with https://",
    "https://exa mple.com/": "it is not an absolute URL or a path starting with /",
    "https://example.com/\x00": CONTROL,
    "https://example.com/\u0085": CONTROL,
    "mailto:someone@example.com": "its scheme 'mailto' is not http or https",
}


@pytest.mark.parametrize("url", [url for url, problem in HOSTILE.items() if problem])
def test_a_hostile_url_is_refused_with_its_reason(url: str) -> None:
    assert url_problem(url, site_path=True) == HOSTILE[url]
    assert web_url(url, site_path=True) is None
    assert not is_safe_url(url)


SERIALIZED = {
    # the known injection: what lands is percent-encoded, so no tag can start
    "https://example.com/a)</script><script>alert(1)</script>": (
        "https://example.com/a)%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E"
    ),
    'https://example.com/a"onmouseover="x': "https://example.com/a%22onmouseover=%22x",
    "  https://example.com/ok": "https://example.com/ok",
    "HTTPS://EXAMPLE.COM": "https://example.com/",
    "https://bücher.example/straße": "https://xn--bcher-kva.example/stra%C3%9Fe",
    "https://example.com/a b?q=<x>#f g": "https://example.com/a%20b?q=%3Cx%3E#f%20g",
    "/start": "/start",
    "/a/../b c?x='y'": "/b%20c?x=%27y%27",
}


@pytest.mark.parametrize("url", list(SERIALIZED))
def test_a_safe_url_is_written_as_browsers_serialize_it(url: str) -> None:
    assert url_problem(url, site_path=True) is None
    assert web_url(url, site_path=True) == SERIALIZED[url]


def test_site_paths_only_where_asked() -> None:
    assert url_problem("/start") == "it is not an absolute URL"
    assert web_url("mailto:a@example.com", mailto=True) == "mailto:a@example.com"


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("https://u:p@example.com/", None),
        ("https://example.com/a\tb", None),
        ("https://example.com/a<b>", "https://example.com/a%3Cb%3E"),
        ("mailto:a@example.com", "mailto:a@example.com"),
        ("terms/a b.html", "terms/a%20b.html"),
        ("/x/../y z", "/y%20z"),
    ],
)
def test_links_in_twins(url: str, written: str | None) -> None:
    assert link_url(url) == written


def test_a_twin_keeps_only_the_words_of_a_script_link() -> None:
    from docutils.utils import new_document

    page = MarkdownTranslator(new_document("page"), "https://glossary.example.com/t.html")
    assert page.link("click", "javascript:alert(1)") == "click"
    assert page.link("x", "java\tscript:alert(1)") == "x"
    assert page.link("ok", "/a b") == "[ok](https://glossary.example.com/a%20b)"


def test_a_backslash_cta_path_is_refused_and_the_site_builds(make_site: SiteFactory) -> None:
    site = make_site(
        confoverrides={
            "termpages_cta": {
                "default": {"heading": "H", "text": "T", "button": "B", "url": "/\\evil.example/"},
                "alt": {"heading": "H", "text": "T", "button": "B", "url": "/start"},
            },
            "termpages_cta_default": "default",
        }
    )
    assert site.warning_lines() == [
        "conf.py:13: WARNING: termpages_cta['default'].url must be an http(s) URL or a site "
        "path, got "
        f"'/\\\\evil.example/': {OTHER_SITE}; the variant is disabled [termpages.config]",
    ]
    assert site.html("terms/alpha.html").select("aside.termpages-cta") == []
    assert "evil.example" not in site.text("terms/alpha.html.md")
    # the variant that is fine still shows, as a path of this site
    button = site.html("terms/beta.html").select_one("a.termpages-cta-button")
    assert button is not None and button["href"] == "/start"


@pytest.mark.parametrize(
    ("value", "written", "problem"),
    [
        ("https://git.example/edit/{filename}", "https://git.example/edit/{filename}", None),
        ("https://git.example/a b/{filename}", "https://git.example/a%20b/{filename}", None),
        ("javascript:alert(1)//{filename}", None, "its scheme 'javascript' is not http or https"),
        ("/\\evil.example/{filename}", None, NO_SCHEME),
    ],
)
def test_the_sites_edit_address_is_read_as_browsers_read_it(
    value: str, written: str | None, problem: str | None
) -> None:
    conf = runpy.run_path(str(REPO / "conf.py"))
    assert conf["edit_link"](value) == (written or conf["DEFAULT_EDIT_URL"], problem)


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        ("/\\evil.example/glossary/", NO_SCHEME),
        # page paths added after a query or a fragment would not be pages of the site
        (
            "https://evil.example/?x=/glossary/",
            "it has a query or a fragment, and page paths added after it would be part of it",
        ),
        (
            "https://evil.example/#/glossary/",
            "it has a query or a fragment, and page paths added after it would be part of it",
        ),
    ],
)
def test_an_unsafe_site_address_is_warned_and_left_out(
    make_site: SiteFactory, base: str, problem: str
) -> None:
    site = make_site(confoverrides={"html_baseurl": base})
    assert site.warning_lines() == [
        f"conf.py:28: WARNING: html_baseurl must be an absolute http(s) URL, got {base!r}: "
        f"{problem}; pages are written without it [termpages.config]"
    ]
    twin = site.text("terms/alpha.html.md")
    assert "evil.example" not in twin and "evil.example" not in site.text("llms.txt")
    # nothing else uses it either: Sphinx's canonical link, the JSON-LD ids and urls
    page = site.text("terms/alpha.html")
    assert "evil.example" not in page
    assert site.html("terms/alpha.html").find("link", rel="canonical") is None


def test_a_redirect_stub_escapes_the_address_it_sends_readers_to(make_site: SiteFactory) -> None:
    # browsers' serialization keeps & and ' in a path: "&quot;" would read as a quote
    base = "https://glossary.example.com/a&quot;b'c/"
    beta = (REPO / "tests/roots/test-basic/terms/beta.md").read_text(encoding="utf-8")
    site = make_site(
        {"terms/beta.md": beta.replace("---\n\n#", "redirect_from: [bet]\n---\n\n#", 1)},
        confoverrides={"html_baseurl": base},
    )
    assert site.warning_lines() == []
    stub = site.html("terms/bet.html")
    target = base + "terms/beta.html"
    assert stub.find("link", rel="canonical")["href"] == target
    assert stub.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={target}"
    assert stub.find("a")["href"] == target and stub.find("a").get_text() == target


def test_links_a_browser_would_run_as_script_are_warned_and_unlinked(
    make_site: SiteFactory,
) -> None:
    # MyST refuses javascript: itself; reStructuredText links and toctree entries did not
    page = (
        "---\norphan: true\n---\n\n# Links\n\n"
        "```{eval-rst}\n`run <javascript:alert(1)>`_ `tab <JaVa\tScRiPt:alert(2)>`_ "
        "`doc <data:text/html,x>`_ `ok <https://example.com/>`_\n```\n\n"
        "```{toctree}\n:caption: More\n\nEvil <javascript://%0aalert(3)>\n"
        "Fine <https://example.org/>\n```\n"
    )
    site = make_site({"links.md": page})
    left_out = " left out: a browser would run its {} URL as a script [termpages.invalid-url]"
    assert site.warning_lines() == [
        "links.md:8: WARNING: link to 'javascript:alert(1)'" + left_out.format("javascript"),
        "links.md:8: WARNING: link to 'JaVaScRiPt:alert(2)'" + left_out.format("javascript"),
        "links.md:8: WARNING: link to 'data:text/html,x'" + left_out.format("data"),
        "links.md:11: WARNING: link to 'javascript://%0aalert(3)'" + left_out.format("javascript"),
    ]
    soup = site.html("links.html")
    hrefs = [str(a.get("href", "")) for a in soup.find_all("a")]
    assert not [h for h in hrefs if h.lower().startswith(("javascript", "data", "vbscript"))]
    assert "https://example.com/" in hrefs and "https://example.org/" in hrefs
    # the words of an unlinked reference stay on the page
    assert "run" in soup.select_one("article").get_text()
