"""robots.txt means one thing: parsers that take the first matching group agree with
those that take the longest, and both give the answer termpages_robots asks for."""

from __future__ import annotations

from typing import Any
from urllib.robotparser import RobotFileParser

import pytest
from protego import Protego

from conftest import SiteFactory
from termpages.robots import CRAWLERS, ordered

HOME = "https://glossary.example.com/"
UNKNOWN = "SomeNewBot/1.0"

#: The crawlers a site owner most often asks about, each with the group it is in.
EXPECTED_GROUP = {
    "GPTBot": "training",
    "OAI-SearchBot": "search",
    "ChatGPT-User": "assistants",
    "ClaudeBot": "training",
    "Claude-SearchBot": "search",
    "PerplexityBot": "search",
    "Google-Extended": "training",
    "Googlebot": "search",
    "Bingbot": "search",
    "CCBot": "training",
    "Applebot": "search",
    "Applebot-Extended": "training",
    "Bytespider": "training",
    "Amazonbot": "training",
    "meta-externalagent": "training",
}

POLICIES = [
    pytest.param(None, id="default"),
    pytest.param(
        {"search": True, "assistants": False, "training": True, "others": False}, id="inverted"
    ),
]


def named_agents(robots: str) -> list[str]:
    return [
        line.split(":", 1)[1].strip()
        for line in robots.splitlines()
        if line.lower().startswith("user-agent:") and not line.endswith("*")
    ]


def group_of(agent: str) -> str:
    for group, agents in CRAWLERS.items():
        if agent.lower() in (a.lower() for a in agents):
            return group
    return "others"


def answers(robots: str, agent: str) -> tuple[bool, bool]:
    first_match = RobotFileParser()
    first_match.parse(robots.splitlines())
    longest_match = Protego.parse(robots)
    return first_match.can_fetch(agent, HOME), longest_match.can_fetch(HOME, agent)


@pytest.mark.parametrize("policy", POLICIES)
def test_both_parsers_give_the_policys_answer(
    make_site: SiteFactory, policy: dict[str, bool] | None
) -> None:
    overrides: dict[str, Any] = {} if policy is None else {"termpages_robots": policy}
    site = make_site(confoverrides=overrides)
    assert site.warning_lines() == []
    robots = (site.outdir / "robots.txt").read_text(encoding="utf-8")
    wanted = {"search": True, "assistants": True, "training": False, "others": True}
    wanted.update(policy or {})
    named = named_agents(robots)
    assert {group_of(agent) for agent in EXPECTED_GROUP} == {"search", "assistants", "training"}
    assert all(group_of(agent) == group for agent, group in EXPECTED_GROUP.items())
    for agent in [*EXPECTED_GROUP, *named, "Bytespider/1.0", UNKNOWN]:
        robotparser_says, protego_says = answers(robots, agent)
        expected = wanted[group_of(agent.split("/")[0])]
        assert (robotparser_says, protego_says) == (expected, expected), agent


def test_each_crawler_has_its_own_group_and_is_named_once(make_site: SiteFactory) -> None:
    robots = (make_site().outdir / "robots.txt").read_text(encoding="utf-8")
    named = named_agents(robots)
    every = [agent for agents in CRAWLERS.values() for agent in agents]
    assert sorted(named) == sorted(every)
    assert len({agent.lower() for agent in named}) == len(named)
    # one User-agent line per group: each is followed by its rule, never by another agent
    lines = robots.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("User-agent:"):
            assert lines[index + 1].startswith(("Allow:", "Disallow:")), line
    assert "User-agent: *\nAllow: /\n" in robots


def test_others_decides_the_catch_all_group(make_site: SiteFactory) -> None:
    closed = make_site(confoverrides={"termpages_robots": {"others": False}})
    robots = (closed.outdir / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *\nDisallow: /\n" in robots
    assert answers(robots, UNKNOWN) == (False, False)
    assert answers(robots, "Googlebot") == (True, True)


def test_a_wrong_others_value_is_reported(make_site: SiteFactory) -> None:
    site = make_site(confoverrides={"termpages_robots": {"others": "yes"}})
    problem = "termpages_robots must be False or a dict of True/False"
    assert any(problem in line for line in site.warning_lines())


def assert_containing_tokens_first(agents: list[str]) -> None:
    for earlier, agent in enumerate(agents):
        for other in agents[earlier + 1 :]:
            assert agent.lower() not in other.lower(), f"{other} must come before {agent}"


def test_an_agent_containing_another_comes_first() -> None:
    given = ["Bot", "Applebot", "X", "Applebot-Extended", "applebot-extended-v2", "Googlebot"]
    result = ordered(given)
    assert sorted(result) == sorted(given)
    assert_containing_tokens_first(result)
    assert result.index("Applebot-Extended") < result.index("Applebot") < result.index("Bot")
    assert ordered(["Bingbot", "Googlebot", "CCBot"]) == ["Googlebot", "Bingbot", "CCBot"]


def test_the_written_file_follows_the_ordering_rule(make_site: SiteFactory) -> None:
    robots = (make_site().outdir / "robots.txt").read_text(encoding="utf-8")
    named = named_agents(robots)
    assert_containing_tokens_first(named)
    assert named.index("Applebot-Extended") < named.index("Applebot")
