"""The CI and hosting files run commands that exist here, and nothing else."""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import tomllib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, text_of

MAKE_TARGETS = set(re.findall(r"^([a-z][a-z-]*):", (REPO / "Makefile").read_text(), re.M))
EXTRAS = set(
    tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
)


def commands(workflow: dict[str, object]) -> list[str]:
    found: list[str] = []
    jobs = workflow.get("jobs", {})
    assert isinstance(jobs, dict)
    for job in jobs.values():
        for step in job.get("steps", []):
            if "run" in step:
                found.append(step["run"])
    return found


def assert_known(command: str) -> None:
    for target in re.findall(r"\bmake ([a-z][a-z-]*)", command):
        assert target in MAKE_TARGETS, f"no make target {target!r} for {command!r}"
    for extras in re.findall(r"\.\[([a-z,]+)\]", command):
        assert set(extras.split(",")) <= EXTRAS, command


def test_github_workflow() -> None:
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text())
    triggers = workflow[True]  # YAML reads the key `on` as True
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    runs = commands(workflow)
    assert "make test" in runs and "make html" in runs and "make linkcheck" in runs
    for command in runs:
        assert_known(command)
    assert workflow["jobs"]["deploy"]["if"] == (
        "github.ref == 'refs/heads/main' && github.event_name == 'push'"
    )
    build_env = next(
        step for step in workflow["jobs"]["build"]["steps"] if step.get("run") == "make html"
    )["env"]
    assert "GEONIMO_GLOSSARY_BASE_URL" in build_env


def test_read_the_docs() -> None:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    for command in config["build"]["commands"]:
        assert_known(command)
        assert "GEONIMO_GLOSSARY_BASE_URL" in command
        # Read the Docs can't serve x.html at /x: that preview keeps ".html" links
        assert "GEONIMO_GLOSSARY_LINK_SUFFIX=.html" in command


def test_pre_commit_hooks_use_the_projects_tools() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    for repo in config["repos"]:
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            assert_known(hook["entry"])
            assert hook["entry"].startswith((".venv/bin/", "make "))


# ------------------------------------------------------------------ served as production is


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    """One request, redirects not followed: what a crawler sees first."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path or "/")
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def live_urls() -> list[tuple[str, str]]:
    rows = (REPO / "tests/data/live-urls.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(row.split("\t")) for row in rows[2:] if row]  # type: ignore[misc]


def test_every_live_url_answers_with_its_term(served_real_site: str) -> None:
    host = served_real_site.removesuffix("glossary/")
    terms = {
        term["slug"]: term
        for term in json.loads(fetch(served_real_site + "glossary.json")[2])["terms"]
    }
    answered = []
    for path, live_title in live_urls():
        slug = path.rsplit("/", 1)[1]
        assert slug in terms, f"the live glossary has {path}; ours has no such term"
        assert terms[slug]["title"] == live_title  # the live site's title too
        status, headers, body = fetch(host + path.lstrip("/"))
        assert status == 200, path
        assert headers["content-type"].startswith("text/html"), path
        page = BeautifulSoup(body, "html.parser")
        assert page.find("link", rel="canonical")["href"] == "https://geonimo.com" + path
        assert text_of(page.select_one("article h1")).rstrip("¶") == terms[slug]["title"]
        answered.append(slug)
    assert len(answered) == len(live_urls()) == 8


def test_home_trailing_slashes_twins_and_missing_pages(served_real_site: str) -> None:
    host = served_real_site.removesuffix("glossary/")
    status, headers, _ = fetch(host + "glossary")
    assert status == 301 and urlsplit(headers["location"]).path == "/glossary/"
    status, _, body = fetch(served_real_site)
    assert status == 200
    home = BeautifulSoup(body, "html.parser")
    assert home.find("link", rel="canonical")["href"] == "https://geonimo.com/glossary/"
    status, headers, _ = fetch(served_real_site + "fine-tuning/")
    assert status == 301 and urlsplit(headers["location"]).path == "/glossary/fine-tuning"
    status, headers, body = fetch(served_real_site + "fine-tuning.md")
    assert status == 200 and headers["content-type"].startswith("text/markdown")
    assert body.startswith("# Fine-Tuning")
    status, _, body = fetch(served_real_site + "category/how-llms-work")
    assert status == 200 and "How LLMs Work" in body
    status, _, body = fetch(served_real_site + "no-such-term")
    assert status == 404 and "Page not found" in body


def test_a_crawler_meets_one_url_per_page(served_real_site: str) -> None:
    """From the home page, every link on every page answers 200 at the URL it is linked by."""
    host = served_real_site.removesuffix("glossary/")
    base = "https://geonimo.com/glossary/"
    seen: set[str] = set()
    queue = [served_real_site]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, headers, body = fetch(url)
        assert status == 200, url
        if not headers["content-type"].startswith("text/html"):
            continue
        page = BeautifulSoup(body, "html.parser")
        canonical = page.find("link", rel="canonical")
        if canonical is not None:  # the one public URL is the one the page was reached by
            assert canonical["href"] == base + url.removeprefix(served_real_site), url
        for tag in page.select("a[href], link[href], script[src], img[src]"):
            target = urljoin(url, tag.get("href") or tag.get("src")).split("#")[0]
            if target.startswith(host) and tag.get("rel") != ["canonical"]:
                queue.append(target.split("?")[0])
    pages = [url for url in seen if not urlsplit(url).path.startswith("/glossary/_static/")]
    assert len(pages) > 40


@pytest.mark.parametrize(
    ("pages_url", "glossary_url", "folder"),
    [
        ("https://geonimo.com", "https://geonimo.com/glossary/", "glossary/"),
        ("https://owner.github.io/repo", "https://owner.github.io/repo", ""),
        ("https://owner.github.io/repo", "https://owner.github.io/repo/glossary/", "glossary/"),
        ("https://owner.github.io/repo", "https://geonimo.com/glossary/", ""),  # a proxy
    ],
)
def test_the_pages_artifact_puts_the_site_at_its_path(
    tmp_path: Path, pages_url: str, glossary_url: str, folder: str
) -> None:
    html = tmp_path / "html"
    (html / "category").mkdir(parents=True)
    for name in ("index.html", "404.html", "fine-tuning.html", "category/geo.html"):
        (html / name).write_text(name)
    subprocess.run(
        ["make", "-s", "pages-artifact", f"OUT={tmp_path}", f"PAGES_URL={pages_url}",
         f"GLOSSARY_URL={glossary_url}"],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    pages = tmp_path / "pages"
    assert (pages / folder / "fine-tuning.html").read_text() == "fine-tuning.html"
    assert (pages / folder / "category/geo.html").is_file()
    assert (pages / "404.html").read_text() == "404.html"
