# Two commands on a fresh machine: `make serve` and `make test`. `make build` writes site/.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# cffconvert (validates CITATION.cff) pins jsonschema<4: it gets a venv of its own.
CFF_VENV := .venv-cff
# Reproducible builds: dates in the sitemap come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1630972800)
export NO_MKDOCS_2_WARNING := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help setup setup-build browser system build serve lint test test-times test-fast new-year bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Building needs requirements-build.txt (pinned: MkDocs, Plotly, kaleido, frictionless) and npm's
# dependencies (the plotly.js bundle) only; the tests add requirements.txt (pytest, Playwright, ...),
# npm's devDependencies (axe, Lighthouse, vnu), the .venv-cff venv and Java.
$(BIN)/.build-installed: requirements-build.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-build.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(BIN)/.installed: requirements.txt $(BIN)/.build-installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(CFF_VENV)/.installed: requirements-cff.txt
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-cff.txt
	touch $@

node_modules/.build-installed: package.json package-lock.json
	@# a current full install (make test) has the build's part already: keep it rather than prune it
	if [ node_modules/.installed -nt package.json ] && [ node_modules/.installed -nt package-lock.json ]; then :; \
	else npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error; fi
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch node_modules/.build-installed $@

# Debian packages, installed only when missing (needs root, or sudo):
# - browser (every build): Chromium, which draws the charts at build time (kaleido) and runs the
#   browser tests and Lighthouse, and CJK fonts for the Chinese charts and printed pages.
#   $BROWSER_PATH names another Chrome/Chromium for the build, the tests and the benchmark alike
#   (GitHub's runners: /usr/bin/google-chrome); $CHROMIUM_PATH, its former name in tests, still works.
# - system (tests only): Java, for the Nu Html Checker; Firefox (firefox-esr), the second engine the
#   loader is checked in (GitHub's runners have /usr/bin/firefox).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define apt_install
	if [ -n "$(1)" ]; then \
	  echo "Installing Debian packages:$(1)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(1) >/dev/null; \
	fi
endef

browser:
	@missing=""; \
	[ -n "$$BROWSER_PATH$$CHROMIUM_PATH" ] || command -v chromium >/dev/null || missing="$$missing chromium"; \
	(fc-list :lang=zh 2>/dev/null | grep -q .) || missing="$$missing fonts-noto-cjk"; \
	$(call apt_install,$$missing)

system: browser
	@missing=""; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing="$$missing firefox-esr"; \
	$(call apt_install,$$missing)

setup: $(BIN)/.installed $(CFF_VENV)/.installed node_modules/.installed ## create .venv and install pinned dependencies, tests' too

setup-build: $(BIN)/.build-installed node_modules/.build-installed ## install only what building needs

build: setup-build browser ## build the site into site/ (strict: any warning fails; keeps the old site/ if the build fails; V=1: every plugin's detail)
	$(BIN)/python -m cbec.cli.build_site site $(if $(V),-v)

PORT ?= 8000
serve: setup-build browser ## build and serve on http://127.0.0.1:8000/ with live reload (errors show in the browser; PORT=8001 for another port)
	$(BIN)/python -m properdocs serve -f mkdocs.yml --strict -a 127.0.0.1:$(PORT)

lint: $(BIN)/.installed ## ruff (format and lint) and mypy (strict on cbec/): zero findings, config in pyproject.toml
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

# Both cores: pytest-xdist, a module's tests on one worker (its module fixtures, e.g. a browser, made once),
# the longest modules first (tests/conftest.py); the session's site is built once per run and shared by the
# workers (tests/conftest.py, built_once).
test: setup system lint ## run every test (data, build, browser, quality gates), after make lint
	$(BIN)/python -m pytest -n auto --dist loadscope --no-loadscope-reorder

test-times: $(BIN)/.installed ## after make test: record each test module's seconds (tests/test-seconds.json), the order a fresh clone runs them in
	$(BIN)/python tests/record_times.py

test-fast: $(BIN)/.installed $(CFF_VENV)/.installed node_modules/.build-installed lint ## make lint, then data, page and chart-logic tests: no build, no browser (< 1 min)
	$(BIN)/python -m pytest -q -n auto -m "not slow and not browser and not build"

new-year: setup-build ## when customs publishes a year: make new-year YEAR=2026 [DATE=2027-01-20] (checks tables, raises the data version, checklist)
	@# YEAR (and DATE, for a back-dated release) from the command line only (an exported one is not a
	@# request), read by the shell from the environment rather than pasted into the recipe, and of their
	@# shape (four digits; YYYY-MM-DD) before Python sees them; Python refuses a DATE after today or
	@# before the current data version.
	@[ "$(origin YEAR)" = "command line" ] || { echo "usage: make new-year YEAR=2026 [DATE=2027-01-20] (on the command line)"; exit 2; }
	@[[ "$$YEAR" =~ ^[0-9]{4}$$ ]] || { echo "YEAR must be four digits, e.g. make new-year YEAR=2026"; exit 2; }
	@[ "$(origin DATE)" != "command line" ] || [[ "$$DATE" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$$ ]] || { echo "DATE must be YYYY-MM-DD, e.g. make new-year YEAR=2026 DATE=2027-01-20"; exit 2; }
	$(BIN)/python -m cbec.cli.new_year "$$YEAR"$(if $(filter command line,$(origin DATE)), --date "$$DATE")

bench: setup build ## page weight, chart render time, Lighthouse mobile per page, build-time ratio (BASELINE=dir: another build, measured in turn)
	$(BIN)/python -m cbec.cli.bench $(if $(BASELINE),--baseline $(BASELINE))

clean: ## remove build output and installed dependencies
	rm -rf site .site-* $(VENV) $(CFF_VENV) node_modules .pytest_cache .cache
