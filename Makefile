# Two commands matter: `make html` builds the site, `make test` runs the suite.
# Both create .venv and install the project into it on first use; after that
# they only reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SOURCES := docs
OUT := _build
SPHINX_STRICT := -W --keep-going -n
SPHINXOPTS ?=
PYTEST_ARGS ?=

.PHONY: help install html test lint serve clean bench check term linkcheck

help:
	@echo "make html   build the site into $(OUT)/html (warnings are errors)"
	@echo "make test   run the whole test suite"
	@echo "make serve  live preview: rebuild on save and reload the browser"
	@echo "make term NAME=\"Query Fan-Out\" CATEGORY=ai-search   start a new term page"
	@echo "make check  every editorial check, warnings as errors"
	@echo "make bench  build-speed benchmark against stock Sphinx + MyST + furo"
	@echo "make clean  remove build output and generated pages"

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[site,test]'
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build $(SPHINX_STRICT) -b html -c . $(SOURCES) $(OUT)/html $(SPHINXOPTS)

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Code style, strict typing of the extension, and spelling of code and prose.
LINTED := extensions tests benchmarks conf.py
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy --strict extensions/termpages
	$(BIN)/codespell docs README.md benchmarks/README.md extensions

# Every warning and editorial check (termpages_checks in conf.py) fails the build.
check: $(STAMP)
	$(BIN)/sphinx-build $(SPHINX_STRICT) -E -q -b html -c . $(SOURCES) $(OUT)/check

# External links still answer (run weekly in CI; needs the network).
linkcheck: $(STAMP)
	$(BIN)/sphinx-build -b linkcheck -c . $(SOURCES) $(OUT)/linkcheck

NAME ?=
CATEGORY ?=
term: $(STAMP)
	$(BIN)/python -m termpages new-term "$(NAME)" --category "$(CATEGORY)" --srcdir $(SOURCES) --confdir .

# The hub pages under docs/categories are written by the build itself, so the
# watcher ignores them (otherwise every category change would build twice).
serve: $(STAMP)
	$(BIN)/sphinx-autobuild -c . $(SOURCES) $(OUT)/html \
		--watch extensions --watch conf.py --ignore '*/docs/categories/*' $(SPHINXOPTS)

# Sizes and repeats: make bench BENCH_ARGS="--sizes 250 1000 --repeat 3"
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(OUT) $(SOURCES)/categories
