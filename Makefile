# 逾期应对指南 — two commands do everything on a fresh machine:
#   make site   create .venv, install, ingest sources/ into docs/, build both scripts into site/
#   make test   the whole test suite (unit, golden, real builds, headless Chromium)
VENV   ?= .venv
PYTHON ?= python3
PY      = $(VENV)/bin/python
FAQKIT  = $(VENV)/bin/faqkit

.PHONY: site ingest build check serve test lint bench mutate chromium clean

# Stock Debian and Ubuntu ship python3 without venv's ensurepip: install it the way chromium is.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

ingest: $(VENV)/.installed
	$(FAQKIT) ingest sources --docs docs

build: $(VENV)/.installed
	$(FAQKIT) build --docs docs --site site

# Every page checked as CI checks pull requests (messages name file, line and the fix).
check: $(VENV)/.installed
	$(FAQKIT) check --docs docs

site: ingest build
	@echo "Open site/index.html (简体) or site/zh-Hant/index.html (繁體), or run: make serve"

serve: ingest
	$(FAQKIT) serve --docs docs --site site

# Debian's Chromium and CJK fonts for the browser tests (playwright cannot download browsers here).
chromium:
	@test -x /usr/bin/chromium && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check scripts tests

# The browser tests fail, not skip, when chromium is missing here: the target above installs it.
test: $(VENV)/.installed chromium lint
	FAQKIT_REQUIRE_BROWSER=1 $(PY) -m pytest

# The benchmarks live in scripts/bench/, outside the installed package. BENCH=ingest runs one;
# BENCH=realworld CORPUS=DIR [SPLIT=dev|heldout|all] [SEARCH=1] [LABELS=list] measures a folder of real articles
# (LABELS=scripts/bench/realworld_extra.yaml with CORPUS=corpus/extra: the second set).
bench: $(VENV)/.installed
	CORPUS="$(CORPUS)" SPLIT="$(SPLIT)" SEARCH="$(SEARCH)" PYTHONPATH=scripts $(PY) -m bench $(BENCH)

# Mutation testing of the core modules (not part of `make test` or CI; it takes tens of minutes): mutmut on
# the functions of repair, dedup, publish, the contact rule, the short answer and segment's headings, then
# every calibrated threshold and contact pattern bent one way at a time (scripts/mutate/). Prints killed /
# total and killed / non-equivalent per area; the equivalent survivors are in tests/mutation_equivalents.md.
# repair's mutants are sampled (every 5th; MUTATE='--repair-sample 1' for all, hours); MUTATE='--areas dedup'
# narrows it (python -m mutate --help in scripts/ lists the options).
mutate: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,mutate]'
	PYTHONPATH=scripts $(PY) -m mutate $(MUTATE)

clean:
	rm -rf site build .pytest_cache
