"""robots.txt: which crawlers the site lets in (termpages_robots), read alike by every parser."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from .config import RobotsPolicy

#: Crawlers of each group robots.txt can let in or keep out (termpages_robots).
#: Every crawler not named here gets the ``User-agent: *`` group (``others``).
CRAWLERS: dict[str, tuple[str, ...]] = {
    # search engines, including the indexes AI answer engines search
    "search": (
        "Googlebot",
        "Bingbot",
        "DuckDuckBot",
        "Applebot",
        "OAI-SearchBot",
        "Claude-SearchBot",
        "PerplexityBot",
    ),
    # fetches made on a user's behalf while an assistant answers them
    "assistants": (
        "ChatGPT-User",
        "Claude-User",
        "Perplexity-User",
        "MistralAI-User",
        "DuckAssistBot",
        "Meta-ExternalFetcher",
    ),
    # collection of model training data
    "training": (
        "GPTBot",
        "ClaudeBot",
        "anthropic-ai",
        "Google-Extended",
        "Applebot-Extended",
        "CCBot",
        "Meta-ExternalAgent",
        "Bytespider",
        "Amazonbot",
        "cohere-ai",
        "cohere-training-data-crawler",
        "Diffbot",
        "Omgilibot",
        "AI2Bot",
    ),
}


def ordered(agents: Iterable[str]) -> list[str]:
    """The agents, longest token first; equal lengths keep their given order.

    Python's urllib.robotparser obeys the first group whose token is part of the
    crawler's name, Protego (and Google's parser) the longest such token. When
    every token comes before the shorter ones, the first match is the longest,
    so both read one rule: Applebot-Extended is not let in by Applebot's group.
    A token that contains another is always longer, so it always comes first.
    """
    return sorted(agents, key=lambda agent: -len(agent))


def robots_txt(policy: RobotsPolicy, base: str, sitemap: bool) -> str:
    path = urlsplit(base).path or "/"
    allowed = {
        "search": policy.search,
        "assistants": policy.assistants,
        "training": policy.training,
    }
    group_of = {agent: group for group, agents in CRAWLERS.items() for agent in agents}
    lines = [
        "# Written by termpages from conf.py (termpages_robots).",
        "# One group per crawler, longest name first, so that parsers taking the first",
        "# matching group and parsers taking the longest match read the same rule.",
        "",
    ]
    for agent in ordered(group_of):
        lines += [f"User-agent: {agent}", _rule(allowed[group_of[agent]], path), ""]
    lines += ["User-agent: *", _rule(policy.others, path), ""]
    if sitemap and base:
        lines.append(f"Sitemap: {base}sitemap.xml")
    return "\n".join(lines) + "\n"


def _rule(allowed: bool, path: str) -> str:
    return f"{'Allow' if allowed else 'Disallow'}: {path}"
