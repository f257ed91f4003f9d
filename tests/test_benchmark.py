"""The benchmark still runs: a tiny glossary through every column of the table."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO, BackgroundRun, run_in_background


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def without_colour_settings(environ: Mapping[str, str]) -> dict[str, str]:
    colour = {"CI", "FORCE_COLOR", "FORCE_COLOUR", "NO_COLOR", "NO_COLOUR"}
    return {key: value for key, value in environ.items() if key not in colour}


# CI=true and FORCE_COLOR make Sphinx colour its output and redraw its progress
# line in place; the page count must survive both
ENVIRONMENTS = {"plain": {}, "ci": {"CI": "true"}, "force-color": {"FORCE_COLOR": "1"}}
# two terms: the smallest glossary with a link between terms and a full row
SIZE = 2


def benchmark_command(folder: Path) -> list[str]:
    return [sys.executable, "benchmarks/bench.py", "--corpus", "uniform", "--sizes", str(SIZE),
            "--edits", "1", "--stock-max", str(SIZE), "--preview-sizes"]  # fmt: skip


def preview_command(folder: Path) -> list[str]:
    """The preview table only: the preview server and a browser, on two terms."""
    return [sys.executable, "benchmarks/bench.py", "--corpus", "uniform", "--sizes", "--edits",
            "1", "--preview-sizes", str(SIZE)]  # fmt: skip


# one run per environment, all started when collection ends: each is a chain of
# builds that waits on itself, not on the others or on the tests before it
BENCHMARK_RUNS = {
    name: run_in_background(
        "benchmark_runs",
        benchmark_command,
        {**without_colour_settings(os.environ), **environment},
        name=f"benchmark_{name}",
    )
    for name, environment in ENVIRONMENTS.items()
}


PREVIEW_RUN = run_in_background(
    "benchmark_runs", preview_command, without_colour_settings(os.environ), name="benchmark_preview"
)


@pytest.fixture(scope="module")
def benchmark_runs() -> dict[str, BackgroundRun]:
    return {**BENCHMARK_RUNS, "preview": PREVIEW_RUN}


@pytest.mark.parametrize("environment", list(ENVIRONMENTS))
def test_benchmark_prints_a_full_row_for_a_small_glossary(
    benchmark_runs: dict[str, BackgroundRun], environment: str
) -> None:
    _, result = benchmark_runs[environment].wait(timeout=600)
    stdout = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in stdout.splitlines() if line.startswith(f"| {SIZE} |")]
    assert rows, stdout
    cells = [cell.strip() for cell in rows[-1].strip("|").split("|")]
    assert len(cells) == 12 and "—" not in cells  # stock furo was built too
    # the edit of one term's body rewrites that term and its hub, nothing else
    assert re.fullmatch(r"[\d.]+ \([\d.]+%, 2\)", cells[9])


def test_written_pages_are_read_from_plain_and_redrawn_progress() -> None:
    bench = load_bench()
    plain = "writing output... [ 50%] terms/a\nwriting output... [100%] index\n"
    redrawn = (
        "\x1b[2Kwriting output... \x1b[01m[ 50%] \x1b[39;49;00mterms/a\r"
        "\x1b[2Kwriting output... \x1b[01m[100%] \x1b[39;49;00mindex\r\n"
    )
    assert bench.pages_written(plain) == ["terms/a", "index"]
    assert bench.pages_written(redrawn) == ["terms/a", "index"]
    assert bench.pages_written("writing output... \n") == []


def test_benchmark_measures_the_preview_server_for_both_kinds_of_edit(
    benchmark_runs: dict[str, BackgroundRun],
) -> None:
    _, result = benchmark_runs["preview"].wait(timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "body edit: save to visible s" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith(f"| {SIZE} |")]
    assert rows, result.stdout
    cells = [cell.strip() for cell in rows[-1].strip("|").split("|")]
    assert len(cells) == 5
    assert all(re.fullmatch(r"\d+\.\d\d", cell) for cell in cells[1:]), cells


# the skewed corpus, small: 12 terms give every one of its 12 categories a term
SKEWED_SIZE = 12


def skewed_command(folder: Path) -> list[str]:
    return [sys.executable, "benchmarks/bench.py", "--corpus", "skewed", "--sizes",
            str(SKEWED_SIZE), "--edits", "1", "--stock-max", "0", "--preview-sizes"]  # fmt: skip


SKEWED_RUN = run_in_background(
    "skewed_run", skewed_command, without_colour_settings(os.environ), name="benchmark_skewed"
)


@pytest.fixture(scope="module")
def skewed_run() -> BackgroundRun:
    return SKEWED_RUN


MENTION = re.compile(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`")


def front_matter(text: str) -> dict[str, str]:
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.splitlines())


def test_the_skewed_corpus_is_skewed(tmp_path: Path) -> None:
    """Written as the benchmark builds it: the shape is read back from the files."""
    bench = load_bench()
    count = 40
    bench.write_ours(tmp_path, bench.make_corpus("skewed", count))
    pages = {p.stem: p.read_text() for p in (tmp_path / "docs").glob("*.md") if p.stem != "index"}
    assert len(pages) == count
    mentions = {
        slug: set(MENTION.findall(text.split("::::{faq}")[0])) for slug, text in pages.items()
    }
    counts = {slug: len(MENTION.findall(text)) for slug, text in pages.items()}
    # 3 to 40 mentions a page, of varied numbers
    assert all(3 <= n <= 40 for n in counts.values()), counts
    assert len(set(counts.values())) >= 8
    # a power law: the most-mentioned term is mentioned from most pages, the median one
    # from few
    mentioned_from = sorted(
        (sum(slug in m for m in mentions.values()) for slug in pages), reverse=True
    )
    assert mentioned_from[0] >= 0.6 * count, mentioned_from
    assert mentioned_from[count // 2] <= 0.25 * count, mentioned_from
    assert all(slug in pages for m in mentions.values() for slug in m)  # every link resolves
    # pages of varied length and shape
    lengths = sorted(len(text) for text in pages.values())
    assert lengths[-1] > 3 * lengths[0], lengths
    bodies = "\n".join(pages.values())
    for block in ("| Name |", "```python", "::::{grid}", "::::{faq}"):
        assert block in bodies, block
    assert "```{note}" in bodies or "```{tip}" in bodies or "```{warning}" in bodies
    # twelve categories of uneven size, each declared in conf.py
    fields = {slug: front_matter(text) for slug, text in pages.items()}
    categories = [f["category"] for f in fields.values()]
    assert len(set(categories)) == 12
    sizes = sorted((categories.count(c) for c in set(categories)), reverse=True)
    assert sizes[0] >= 3 * sizes[-1], sizes
    conf = (tmp_path / "conf.py").read_text()
    assert all(f'"id": "{c}"' in conf for c in set(categories))
    # aliases: abbreviations and plurals, and pages that mention a term by them
    aliases = {slug: f["aliases"].strip("[]").split(", ") for slug, f in fields.items()}
    llm = aliases["large-language-model"]
    assert llm == ["LLM", "Large Language Models"]
    assert sum(a.isupper() for v in aliases.values() for a in v) >= count // 2
    assert re.search(r"\{term\}`(LLM|Large Language Models) <large-language-model>`", bodies)
    # no alias claimed twice, nor one that names another term
    names = [n.casefold() for slug, v in aliases.items() for n in [slug, *v]]
    assert len(names) == len(set(names))


def test_the_skewed_corpus_is_the_same_every_time() -> None:
    bench = load_bench()
    first, second = bench.make_skewed_terms(60), bench.make_skewed_terms(60)
    assert first == second
    assert bench.make_skewed_terms(60, seed=12) != first


def table_rows(stdout: str, heading: str) -> list[list[str]]:
    """The rows of the table whose header starts with ``heading``, as cells."""
    lines = stdout.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_benchmark_prints_the_time_page_weight_and_targets_tables_of_the_skewed_corpus(
    skewed_run: BackgroundRun,
) -> None:
    _, result = skewed_run.wait(timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    stdout = result.stdout
    assert "## skewed corpus" in stdout and "## uniform corpus" not in stdout
    times = table_rows(stdout, "| terms | stock furo s")
    assert len(times) == 1 and times[0][0] == str(SKEWED_SIZE) and len(times[0]) == 12
    assert re.fullmatch(r"\d+\.\d\d", times[0][4])  # ours/floor
    weights = {row[0]: row for row in table_rows(stdout, f"| skewed · {SKEWED_SIZE} terms")}
    # the site writes no general index (conf.py: its A to Z list is the index)
    assert "genindex" not in weights
    for kind in ("term page", "category hub page", "home page", "search page",
                 "Markdown twin", "export llms.txt", "export llms-full.txt",
                 "export glossary.json", "export searchindex.js", "export sitemap.xml",
                 "export objects.inv"):  # fmt: skip
        assert kind in weights, (kind, stdout)
        assert re.fullmatch(r"\d+\.\d", weights[kind][2]), weights[kind]
    assert weights["term page"][3] == str(SKEWED_SIZE)  # every term page, counted
    assert weights["term page"][1].endswith(".html")
    assert weights["category hub page"][1].startswith("category/")
    assert weights["category hub page"][3] == "12"
    assert weights["home page"][1] == "index.html"
    # the floor's heaviest of the same kind, and the ratio to it
    assert re.fullmatch(r"\d+\.\d", weights["term page"][5])
    assert re.fullmatch(r"\d+\.\d\d", weights["term page"][6])
    targets = {row[0]: row for row in table_rows(stdout, "| target (skewed")}
    assert len(targets) == 8
    assert targets["no term page over 100 KB"][2] == "yes"  # 12 small pages
    assert targets["peak memory under 2 GB"][2] == "yes"
    assert all(row[2] in ("yes", "no", "—") for row in targets.values())


def test_page_weights_find_new_kinds_of_page_by_walking_the_build(tmp_path: Path) -> None:
    """Pages other parts of the site may add: continuation hubs, letter pages, per-category
    exports, the term finder's index."""
    bench = load_bench()
    files = {
        "index.html": 10,
        "alpha.html": 300,
        "beta.html": 100 * 1024 + 1,  # over the term page limit
        "category/geo.html": 50,
        "category/geo-2.html": 250 * 1024,  # a continuation page, over the limit
        "letters/a.html": 70,
        "alpha/mentioned-in-2.html": 90,
        "genindex.html": 500 * 1024,  # Sphinx's own, over the limit a page has
        "search.html": 20,
        "llms.txt": 40,
        "llms-full.txt": 400,
        "glossary.json": 30,
        "newexport.xml": 5,
        "category/geo/llms.txt": 60,
        "category/geo/llms-full.txt": 600,
        "termfinder/index.json": 2000,
        "termfinder/shard-1.json": 1000,
        "alpha.md": 80,
        "_static/big.js": 900 * 1024,
    }
    for name, size in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"a" * size)
    weights = bench.page_weights(tmp_path, bench.Layout({"alpha", "beta"}))
    got = {kind: (w.name, w.size, w.count, w.over) for kind, w in weights.items()}
    assert got["term page"] == ("beta.html", 100 * 1024 + 1, 2, 1)
    assert got["category hub page"] == ("category/geo-2.html", 250 * 1024, 2, 1)
    assert got["other generated page"] == ("alpha/mentioned-in-2.html", 90, 2, 0)
    assert got["genindex"] == ("genindex.html", 500 * 1024, 1, 1)
    assert got["export newexport.xml"] == ("newexport.xml", 5, 1, 0)
    assert got["per-category llms.txt"] == ("category/geo/llms.txt", 60, 1, 0)
    assert got["per-category llms-full.txt"] == ("category/geo/llms-full.txt", 600, 1, 0)
    assert got["Markdown twin"] == ("alpha.md", 80, 1, 0)
    finder = weights["term finder index"]
    assert (finder.name, finder.size, finder.count) == ("termfinder/index.json", 2000, 1)
    assert finder.gzip_size is not None and 0 < finder.gzip_size < 200
    shard = weights["term finder summary shard"]
    assert (shard.name, shard.size, shard.count) == ("termfinder/shard-1.json", 1000, 1)
    assert not any("_static" in w.name for w in weights.values())
    row = {"corpus": "skewed", "terms": 2, "weights": weights, "floor_weights": {}}
    table = bench.weight_table(row)
    assert "| term finder index | termfinder/index.json | 2.0 (" in table
    rows = {r[0]: r for r in table_rows(table, "| skewed · 2 terms")}
    assert rows["category hub page"][4] == "1" and rows["genindex"][4] == "1"


def test_targets_are_judged_on_the_largest_size(tmp_path: Path) -> None:
    bench = load_bench()
    for name, size in {"index.html": 10, "a.html": 50, "category/c-2.html": 201 * 1024,
                       "llms.txt": 99 * 1024, "termfinder/index.json": 100}.items():  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * size)
    weights = bench.page_weights(tmp_path, bench.Layout({"a"}))
    times = {"ours_vs_floor": 1.3, "peak_rss_mb": 500.0, "incremental": 1.0}
    small = {**times, "corpus": "skewed", "terms": 250, "ms_per_term": 20.0, "weights": {}}
    large = {**times, "corpus": "skewed", "terms": 5000, "ms_per_term": 24.0,
             "incremental_share": 0.049, "weights": weights}  # fmt: skip
    targets = {
        row[0]: row[1:] for row in table_rows(bench.targets_table([small, large]), "| target")
    }
    assert targets["no term page over 100 KB"] == ["0.0 KB (a.html); 0 over", "yes"]
    assert targets["no hub, home or other generated page over 200 KB"] == [
        "201.0 KB (category/c-2.html); 1 over", "no"]  # fmt: skip
    assert targets["root llms.txt under 100 KB"] == ["99.0 KB", "yes"]
    assert targets["term finder index under 150 KB gzip -9"][1] == "yes"
    assert targets["full build at most 1.25× the floor"] == ["1.30×", "no"]
    assert targets["per-term cost within 1.25× of the cost at 250 terms"] == ["1.20×", "yes"]
    assert targets["peak memory under 2 GB"] == ["500 MB", "yes"]
    assert targets["one-term body edit under 5% of the full build"] == ["1.00 s = 4.9%", "yes"]
    assert weights["category hub page"].over == 1  # the table left the build's weights alone
    assert bench.targets_table([large]).count("| one size run | — |") == 1
