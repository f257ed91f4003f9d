"""The CI and hosting files run commands that exist here, and nothing else."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import REPO

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


def test_pre_commit_hooks_use_the_projects_tools() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    for repo in config["repos"]:
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            assert_known(hook["entry"])
            assert hook["entry"].startswith((".venv/bin/", "make "))
