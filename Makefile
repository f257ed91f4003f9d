# Two commands matter: `make html` builds the site, `make test` runs the suite.
# Both create .venv and install the project into it on first use; after that
# they only reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := docs
OUT := _build
# Build state (pickled doctrees) stays outside the published folder $(OUT)/html.
DOCTREES := $(OUT)/doctrees
SPHINX_STRICT := -W --keep-going -n
SPHINXOPTS ?=
PYTEST_ARGS ?=
# Two workers use both cores of a CI runner; whole-site builds run once, shared (conftest.py).
PYTEST_WORKERS ?= 2
# sphinxcontrib-jsonld: a distribution of its own, with its own tests and settings
JSONLD := extensions/sphinxcontrib-jsonld

.PHONY: help install html test lint serve clean bench check term linkcheck pages-artifact audit snapshot fuzz

help:
	@echo "make html   build the site into $(OUT)/html (warnings are errors, checks are notices)"
	@echo "make test   run the whole test suite"
	@echo "make serve  live preview: rebuild on save and reload the browser"
	@echo "make term NAME=\"Query Fan-Out\" CATEGORY=answer-engines   start a new term page"
	@echo "make check  every editorial check as a warning, warnings as errors"
	@echo "make bench  build-speed benchmark against stock Sphinx + MyST + furo"
	@echo "make audit  Lighthouse scores of four pages, phone and desktop (reported, not enforced)"
	@echo "make snapshot  record the built site for the no-change test (after an intended change)"
	@echo "make fuzz   incremental builds against clean builds, after many random edits"
	@echo "make clean  remove build output and generated pages"

install: $(STAMP)

# sphinxcontrib-jsonld first, so that termpages' dependency on it is met from this
# repository and pip never looks for it on the index.
$(STAMP): pyproject.toml $(JSONLD)/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '$(JSONLD)[test]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[site,test]'
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build $(SPHINX_STRICT) -b html -c . -d $(DOCTREES) $(SOURCES) $(OUT)/html $(SPHINXOPTS)

test: lint node_modules/.installed
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)
	$(BIN)/python -m pytest --rootdir $(JSONLD) -c $(JSONLD)/pyproject.toml $(JSONLD)/tests

# vnu.jar (the Nu Html Checker that tests/test_html_validity.py runs) comes from
# npm, pinned by package-lock.json; it runs on Java. .ci/run installs both.
# --ignore-scripts: vnu-jar's postinstall would only download a Java runtime
# when none is on PATH; the jar itself is in the package.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "npm is missing: install it (Debian: apt-get install npm; .ci/run does this)" >&2; \
	  exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Code style, strict typing of the extension, and spelling of code and prose.
LINTED := extensions tests benchmarks tools conf.py
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy --strict extensions/termpages
	cd $(JSONLD) && $(abspath $(BIN))/mypy --strict
	$(BIN)/codespell docs README.md benchmarks/README.md extensions

# The GitHub Pages artifact ($(OUT)/pages). Pages serves the artifact's root at
# PAGES_URL. When the glossary's own address (GLOSSARY_URL) is on that host, the
# site goes under the part of its path below PAGES_URL, so that Pages serves
# https://geonimo.com/glossary/<slug> from glossary/<slug>.html; on another host (a
# proxy in front of Pages) it stays at the root. The 404 page is copied to the
# root too, the only place Pages looks for it.
PAGES_URL ?=
GLOSSARY_URL ?= $(PAGES_URL)
pages-artifact:
	@rm -rf $(OUT)/pages
	@below=$$(python3 -c 'import sys; from urllib.parse import urlsplit; \
	site, pages = (urlsplit(u) for u in sys.argv[1:]); \
	inner, outer = site.path.strip("/"), pages.path.strip("/"); \
	nested = site.netloc == pages.netloc and (inner + "/").startswith(outer + "/" if outer else ""); \
	print(inner[len(outer):].strip("/") if nested else "")' "$(GLOSSARY_URL)" "$(PAGES_URL)") && \
	mkdir -p "$(OUT)/pages/$$below" && cp -R $(OUT)/html/. "$(OUT)/pages/$$below/" && \
	cp $(OUT)/html/404.html $(OUT)/pages/404.html && \
	echo "the site is at /$$below in $(OUT)/pages"

# Every warning and editorial check (termpages_checks in conf.py) fails the build: in
# `make html` the checks are notices, here termpages_checks_strict makes them warnings.
check: $(STAMP)
	$(BIN)/sphinx-build $(SPHINX_STRICT) -D termpages_checks_strict=1 -E -q -b html -c . -d $(OUT)/check-doctrees $(SOURCES) $(OUT)/check

# External links still answer (run weekly in CI; needs the network).
linkcheck: $(STAMP)
	$(BIN)/sphinx-build -b linkcheck -c . -d $(DOCTREES) $(SOURCES) $(OUT)/linkcheck

NAME ?=
CATEGORY ?=
term: $(STAMP)
	$(BIN)/python -m termpages new-term "$(NAME)" --category "$(CATEGORY)" --srcdir $(SOURCES) --confdir .

# The preview at http://127.0.0.1:8000/glossary/, at the same paths as production
# (README: "The preview server"). The hub pages under docs/category are written by
# the build itself, so the watcher ignores them.
serve: $(STAMP)
	$(BIN)/python -m termpages serve --srcdir $(SOURCES) --confdir . --outdir $(OUT)/html \
		--doctreedir $(DOCTREES) --watch extensions --watch _static --watch _templates \
		--ignore '$(SOURCES)/category/*' $(if $(SPHINXOPTS),-- $(SPHINXOPTS))

# Sizes and repeats: make bench BENCH_ARGS="--sizes 250 1000 --repeat 3"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# The differential fuzz (tests/test_incremental_fuzz.py), long: random edits to a copy
# of the site, each incremental build compared file by file with a clean build.
# `make test` runs it short (2 seeds x 2 steps of 3 edits). Seeds: "0-19" or "3,7";
# odd seeds build incrementally with -j 2. One seed alone: python tests/fuzz_edits.py.
FUZZ_SEEDS ?= 0-19
FUZZ_STEPS ?= 8
FUZZ_EDITS ?= 1
fuzz: $(STAMP)
	FUZZ_SEEDS=$(FUZZ_SEEDS) FUZZ_STEPS=$(FUZZ_STEPS) FUZZ_EDITS=$(FUZZ_EDITS) \
		$(BIN)/python -m pytest -p no:randomly -p no:xdist tests/test_incremental_fuzz.py \
		-k equals_clean $(PYTEST_ARGS)

# Record the site's output for tests/test_snapshot.py, after a change meant to alter it.
snapshot: html
	$(BIN)/python tools/site_snapshot.py $(OUT)/html

audit: html node_modules/.installed
	$(BIN)/python tools/audit.py --site $(OUT)/html

clean:
	rm -rf $(OUT) $(SOURCES)/category
