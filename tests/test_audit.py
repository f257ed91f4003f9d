"""tools/audit.py (``make audit``): its table and summary of Lighthouse reports, its README block,
and the pinned Lighthouse it runs. No real Lighthouse run here: eight of them take minutes."""

from __future__ import annotations

import copy
import datetime
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import REPO


def load_audit() -> ModuleType:
    """tools/ is not a package: load the script as a module."""
    spec = importlib.util.spec_from_file_location("audit", REPO / "tools" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


audit = load_audit()

# A Lighthouse JSON report cut down to what the script reads, with Lighthouse's own structure:
# category scores from 0 to 1 with their audits by id, and each audit's score, mode and title.
REPORT: dict[str, Any] = {
    "lighthouseVersion": "12.8.2",
    "requestedUrl": "http://127.0.0.1:8000/glossary/fine-tuning",
    "categories": {
        "performance": {
            "id": "performance",
            "title": "Performance",
            "score": 0.93,
            "auditRefs": [
                {"id": "first-contentful-paint", "weight": 10, "group": "metrics"},
                {"id": "largest-contentful-paint", "weight": 25, "group": "metrics"},
                {"id": "render-blocking-resources", "weight": 0},
            ],
        },
        "accessibility": {
            "id": "accessibility",
            "title": "Accessibility",
            "score": 0.96,
            "auditRefs": [
                {"id": "color-contrast", "weight": 7},
                {"id": "target-size", "weight": 7},
                {"id": "aria-allowed-attr", "weight": 10},
            ],
        },
        "best-practices": {
            "id": "best-practices",
            "title": "Best Practices",
            "score": 1,
            "auditRefs": [{"id": "errors-in-console", "weight": 1}],
        },
        "seo": {
            "id": "seo",
            "title": "SEO",
            "score": 1,
            "auditRefs": [
                {"id": "document-title", "weight": 1},
                {"id": "structured-data", "weight": 0},
            ],
        },
    },
    "audits": {
        "first-contentful-paint": {
            "id": "first-contentful-paint",
            "title": "First Contentful Paint",
            "score": 0.99,
            "scoreDisplayMode": "numeric",
            "displayValue": "1.1 s",
        },
        "largest-contentful-paint": {
            "id": "largest-contentful-paint",
            "title": "Largest Contentful Paint",
            "score": 0.81,
            "scoreDisplayMode": "numeric",
            "displayValue": "2.9 s",
        },
        "render-blocking-resources": {
            "id": "render-blocking-resources",
            "title": "Eliminate render-blocking resources",
            "score": 1,
            "scoreDisplayMode": "metricSavings",
        },
        "color-contrast": {
            "id": "color-contrast",
            "title": "Background and foreground colors have a sufficient contrast ratio",
            "score": 1,
            "scoreDisplayMode": "binary",
        },
        "target-size": {
            "id": "target-size",
            "title": "Touch targets do not have sufficient size or spacing.",
            "score": 0,
            "scoreDisplayMode": "binary",
        },
        "aria-allowed-attr": {
            "id": "aria-allowed-attr",
            "title": "`[aria-*]` attributes match their roles",
            "score": None,
            "scoreDisplayMode": "notApplicable",
        },
        "errors-in-console": {
            "id": "errors-in-console",
            "title": "No browser errors logged to the console",
            "score": 1,
            "scoreDisplayMode": "binary",
        },
        "document-title": {
            "id": "document-title",
            "title": "Document has a `<title>` element",
            "score": 1,
            "scoreDisplayMode": "binary",
        },
        "structured-data": {
            "id": "structured-data",
            "title": "Structured data is valid",
            "score": None,
            "scoreDisplayMode": "manual",
        },
    },
}

TERM = audit.Page("term", "fine-tuning")


def report(**scores: float) -> dict[str, Any]:
    """REPORT, through JSON as the script reads it, with other category scores."""
    changed = json.loads(json.dumps(REPORT))
    for category, score in scores.items():
        changed["categories"][category.replace("_", "-")]["score"] = score
    return changed


def test_table_and_the_audits_below_target() -> None:
    results = [
        audit.parse_report(report(), TERM, "phone"),
        audit.parse_report(report(performance=1, accessibility=1), TERM, "desktop"),
    ]
    assert audit.summary(results) == (
        "| Page | Form factor | Performance | Accessibility | Best practices | SEO |\n"
        "| --- | --- | ---: | ---: | ---: | ---: |\n"
        "| term (`/glossary/fine-tuning`) | phone | 93 | 96 | 100 | 100 |\n"
        "| term (`/glossary/fine-tuning`) | desktop | 100 | 100 | 100 | 100 |\n"
        "\n"
        "Below target (phone performance 95, everything else 100):\n"
        "\n"
        "- term (`/glossary/fine-tuning`), phone: Performance 93 (target 95)\n"
        "  - `first-contentful-paint`: First Contentful Paint (1.1 s)\n"
        "  - `largest-contentful-paint`: Largest Contentful Paint (2.9 s)\n"
        "- term (`/glossary/fine-tuning`), phone: Accessibility 96 (target 100)\n"
        "  - `target-size`: Touch targets do not have sufficient size or spacing.\n"
    )


def test_phone_performance_from_95_and_everything_else_at_100_meet_the_targets() -> None:
    phone = audit.parse_report(report(performance=0.95, accessibility=1), TERM, "phone")
    assert audit.below_target([phone]) == "Every score meets its target.\n"
    desktop = audit.parse_report(report(performance=0.95, accessibility=1), TERM, "desktop")
    assert "desktop: Performance 95 (target 100)" in audit.below_target([desktop])


def test_a_category_lighthouse_could_not_score() -> None:
    result = audit.parse_report(report(seo=None), TERM, "phone")
    assert result.scores["seo"] is None
    assert "| term (`/glossary/fine-tuning`) | phone | 93 | 96 | 100 | error |" in (
        audit.table([result])
    )
    assert "phone: SEO error (target 100)" in audit.below_target([result])


def test_an_audit_that_could_not_run_is_listed() -> None:
    broken = report(accessibility=1)
    broken["audits"]["color-contrast"] |= {
        "score": None,
        "scoreDisplayMode": "error",
        "errorMessage": "Required CSSUsage gatherer did not run.",
    }
    failures = audit.failing_audits(broken, "accessibility")
    assert [(f.id, f.display_value) for f in failures] == [
        ("color-contrast", "Required CSSUsage gatherer did not run."),
        ("target-size", ""),
    ]


def test_a_report_with_a_runtime_error_is_a_lighthouse_failure() -> None:
    failed = copy.deepcopy(REPORT) | {
        "runtimeError": {"code": "ERRORED_DOCUMENT_REQUEST", "message": "Status code: 404"}
    }
    with pytest.raises(audit.LighthouseError, match="ERRORED_DOCUMENT_REQUEST"):
        audit.parse_report(failed, TERM, "phone")


def test_lighthouse_command() -> None:
    phone, desktop = audit.FORM_FACTORS
    missing = audit.Page("404", "no-such-page", not_found=True)
    url = "http://127.0.0.1:8000/glossary/fine-tuning"
    command = audit.lighthouse_command(url, Path("out.json"), TERM, phone)
    assert command[:3] == ["node", str(REPO / "node_modules/lighthouse/cli/index.js"), url]
    assert "--output=json" in command and "--output-path=out.json" in command
    assert "--only-categories=performance,accessibility,best-practices,seo" in command
    chrome_flags = next(flag for flag in command if flag.startswith("--chrome-flags="))
    assert {"--headless=new", "--no-sandbox", "--disable-background-networking"} <= set(
        chrome_flags.removeprefix("--chrome-flags=").split()
    )
    assert "--preset=desktop" not in command and "--ignore-status-code" not in command
    assert "--preset=desktop" in audit.lighthouse_command(url, Path("o"), TERM, desktop)
    assert "--ignore-status-code" in audit.lighthouse_command(url, Path("o"), missing, phone)


# --------------------------------------------------------------------------- the README block


def test_readme_block_is_replaced_in_place() -> None:
    results = [audit.parse_report(report(), TERM, "phone")]
    block = audit.readme_block(results, "Chromium 156.0.8078.114", datetime.date(2026, 12, 2))
    assert block.startswith(
        "Run of 2026-12-02 with Lighthouse 12.8.2, Chromium 156.0.8078.114:\n\n| Page |"
    )
    readme = (
        "# Title\n\nBefore.\n\n<!-- audit-table -->\nold table\n<!-- /audit-table -->\n\nAfter.\n"
    )
    replaced = audit.replace_readme_block(readme, block)
    assert replaced == (
        f"# Title\n\nBefore.\n\n<!-- audit-table -->\n{block}<!-- /audit-table -->\n\nAfter.\n"
    )
    assert audit.replace_readme_block(replaced, block) == replaced
    with pytest.raises(ValueError, match="audit-table"):
        audit.replace_readme_block("# No block\n", block)


def test_the_readme_holds_a_block_the_script_can_rewrite() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    inner = readme.split(audit.README_START + "\n", 1)[1].split(audit.README_END, 1)[0]
    assert re.match(r"Run of \d{4}-\d{2}-\d{2} with Lighthouse \d+\.\d+\.\d+, Chromium ", inner)
    assert audit.table([]).splitlines()[0] in inner


# --------------------------------------------------------------------------- the pinned Lighthouse


def test_make_audit_runs_the_pinned_lighthouse() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    target = r"^audit: html node_modules/\.installed\n"
    recipe = r"\t\$\(BIN\)/python tools/audit\.py --site \$\(OUT\)/html$"
    assert re.search(target + recipe, makefile, re.M)
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M)
    assert phony is not None and "audit" in phony.group(1).split()
    assert "make audit" in makefile.split("\nhelp:", 1)[1].split("\n\n", 1)[0]
    # an exact version, which runs on Node 20 (Lighthouse 13 needs Node 22.19)
    pinned = json.loads((REPO / "package.json").read_text())["devDependencies"]["lighthouse"]
    assert re.fullmatch(r"12\.\d+\.\d+", pinned), pinned
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert lock["packages"][""]["devDependencies"]["lighthouse"] == pinned
    assert lock["packages"]["node_modules/lighthouse"]["version"] == pinned
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"Lighthouse {pinned}" in readme
    installed = REPO / "node_modules/lighthouse/package.json"
    if installed.is_file():  # `make test` installs it first (npm ci)
        assert json.loads(installed.read_text())["version"] == pinned
