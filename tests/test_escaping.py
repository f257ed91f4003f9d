"""Whatever a writer or conf.py supplies lands escaped: no markup, no script, no handlers."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from conftest import SiteFactory, text_of

HOSTILE = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>'


def test_hostile_front_matter_and_faq_are_escaped(make_site: SiteFactory) -> None:
    site = make_site(
        {
            "terms/evil.md": (
                "---\ncategory: cat-one\n"
                f"summary: '{HOSTILE}'\n"
                f"aliases: ['{HOSTILE}']\n"
                "---\n\n"
                "# Evil \\<b>title\\</b>\n\n"
                "::::{faq}\n"
                f":::{{question}} {HOSTILE}\n"
                "Answer.\n:::\n::::\n"
            )
        }
    )
    assert site.warning_lines() == []
    for name in ("terms/evil.html", "categories/cat-one.html", "index.html"):
        soup = site.html(name)
        article = soup.select_one("article")
        assert article.find("img") is None
        assert article.find("script") is None
        assert article.find("b") is None
    evil = site.html("terms/evil.html")
    assert HOSTILE in text_of(evil.select_one("p.termpages-definition"))
    assert HOSTILE in text_of(evil.select_one("summary"))


def test_hostile_cta_config_is_escaped(make_site: SiteFactory) -> None:
    site = make_site(
        confoverrides={
            "termpages_cta": {
                "default": {
                    "heading": HOSTILE,
                    "text": HOSTILE,
                    "button": HOSTILE,
                    "url": 'https://example.com/a"onmouseover="alert(1)',
                    "utm": {"utm_source": HOSTILE},
                },
                "alt": {"heading": "h", "text": "t", "button": "b", "url": "/x"},
            }
        }
    )
    assert site.warning_lines() == []
    box = site.html("terms/alpha.html").select_one("aside.termpages-cta")
    assert box.find("img") is None and box.find("script") is None
    assert text_of(box.find("h2")) == HOSTILE
    button = box.select_one("a")
    assert set(button.attrs) == {"class", "href"}
    # the URL as browsers serialize it: its quotes percent-encoded, wherever it lands
    assert button["href"].startswith("https://example.com/a%22onmouseover=%22alert(1)?utm_source=")


def test_a_cta_url_that_closes_a_tag_lands_percent_encoded(make_site: SiteFactory) -> None:
    url = "https://example.com/a)</script><script>alert(1)</script>"
    encoded = "https://example.com/a)%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E"
    cta = {"heading": "H", "text": "T", "button": "Go", "url": url}
    site = make_site(
        confoverrides={
            "termpages_cta": {"default": cta, "alt": {**cta, "url": "/x"}},
            "termpages_markdown_cta": True,
        }
    )
    assert site.warning_lines() == []
    button = site.html("terms/alpha.html").select_one("a.termpages-cta-button")
    assert button is not None and button["href"] == encoded
    markdown = MarkdownIt("commonmark").enable("table")
    for name in ("terms/alpha.html.md", "llms-full.txt"):
        text = site.text(name)
        assert "<script" not in text.lower()
        tokens = markdown.parse(text)
        inline = [child for token in tokens for child in token.children or []]
        assert not [t for t in tokens + inline if t.type.startswith("html_")]
        hrefs = [str(t.attrs["href"]) for t in inline if t.type == "link_open"]
        assert encoded in hrefs, name


def test_exports_hold_no_control_character_and_each_entry_stays_one_line(
    make_site: SiteFactory,
) -> None:
    # raw in the body (MyST keeps them as text); Python's splitlines() breaks lines at
    # \x0b, \x0c, \x1c-\x1e, \x85, U+2028 and U+2029, so a tool reading llms.txt line by
    # line would take what follows for an entry of its own
    separators = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    site = make_site(
        {
            "terms/evil.md": (
                "---\ncategory: cat-one\nsummary: Evil\n---\n\n"
                "# Evil\u2028- [Fake](https://evil.example/)\n\n"
                f"Body\x01 text{separators}\x7f\x9f ends.\n"
            )
        }
    )
    for name in ("terms/evil.html.md", "llms.txt", "llms-full.txt"):
        text = site.text(name)
        assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", text), name
        assert "evil.example" not in "".join(
            line for line in text.splitlines() if line.startswith("- [Fake]")
        ), name
    twin = site.text("terms/evil.html.md")
    assert "Body text" + " " * len(separators) + " ends." in twin
