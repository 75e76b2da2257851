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

.PHONY: help setup system build serve test bench clean

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(CFF_VENV)/.installed: requirements-cff.txt
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-cff.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need: Chromium (browser tests, Lighthouse; CHROMIUM_PATH names another
# browser instead), CJK fonts (Chinese pages printed to PDF), Java (the Nu Html Checker).
# Installed only when missing; needs root.
system:
	@missing=""; \
	[ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	(fc-list :lang=zh 2>/dev/null | grep -q .) || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

setup: $(BIN)/.installed $(CFF_VENV)/.installed node_modules/.installed ## create .venv and install pinned dependencies

build: setup ## build the site into site/ (strict: any warning fails; keeps the old site/ if the build fails)
	$(BIN)/python -m scripts.build_site site

serve: setup ## build and serve on http://127.0.0.1:8000/ with live reload (errors show in the browser)
	$(BIN)/python -m mkdocs serve --strict -a 127.0.0.1:8000

test: setup system ## run every test (data, build, browser, quality gates)
	$(BIN)/python -m pytest

bench: build ## page weight, chart render time, build-time ratio
	$(BIN)/python -m scripts.bench

clean: ## remove build output and installed dependencies
	rm -rf site .site-* $(VENV) $(CFF_VENV) node_modules .pytest_cache
