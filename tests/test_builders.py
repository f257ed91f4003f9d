"""Non-HTML builders get plain, readable output and never crash on glossary nodes."""

from __future__ import annotations

import pytest

from conftest import SiteFactory


def test_text_builder(make_site: SiteFactory) -> None:
    site = make_site(buildername="text")
    assert site.warning_lines() == []
    page = site.text("terms/alpha.txt")
    for expected in (
        "Glossary › Category One › Alpha",
        "Alpha is the first term, used to test every part of a term page.",
        "What is the difference between alpha and beta?",
        "Alpha comes first.",
        "Frequently asked questions",
        "Related terms",
        "Beta — Beta is the second term",
        "Last updated: 2026-06-11",
        "Track this for your brand",
        "Get your free audit",
    ):
        assert expected in page, expected
    assert "Alpha" in site.text("index.txt") and "Éclair" in site.text("index.txt")


@pytest.mark.parametrize("buildername", ["latex", "man", "texinfo", "singlehtml", "dirhtml"])
def test_other_builders_build_cleanly(make_site: SiteFactory, buildername: str) -> None:
    site = make_site(buildername=buildername)
    assert site.warning_lines() == []
