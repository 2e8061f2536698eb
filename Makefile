# make build: fresh clone -> .venv with the project installed -> site/
# make test:  fresh clone -> the whole suite (lint, types, unit, golden, site, browser)
# make serve: live preview that regenerates pages when data/ or templates/ change
# make bench: generation and build figures for the seed and a synthetic 100x matrix

PYTHON ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: build test lint serve bench check golden clean browser-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# BUILD_ARGS passes options through, e.g. the PR preview's --preview-pr N --preview-base REV.
build: $(STAMP)
	$(PY) -m generator build $(BUILD_ARGS)

check: $(STAMP)
	$(PY) -m generator check

# Browser tests drive Debian's Chromium; it cannot be downloaded by Playwright here.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(PY) -m ruff check generator tests bench
	$(PY) -m ruff format --check generator tests bench
	$(PY) -m mypy

test: $(STAMP) browser-deps lint
	$(PY) -m pytest

golden: $(STAMP)
	$(PY) -m pytest tests/test_golden.py --update-golden

serve: $(STAMP)
	$(PY) -m generator generate
	$(VENV)/bin/mkdocs serve --livereload

bench: $(STAMP) browser-deps
	rm -f bench/out/browser/results.json
	-$(PY) bench/browser.py
	$(PY) bench/run.py --browser-results bench/out/browser/results.json $(BENCH_ARGS)

clean:
	rm -rf build site .site.* bench/out
