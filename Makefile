# Sanwari: two commands on a fresh machine.
#   make run    set up, build the demo database if absent, serve http://localhost:8501
#   make test   set up, then the whole test suite
# Everything the machine lacks is installed by `make setup` (idempotent; fast when done).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make
SANWARI_DB ?= data/demo.duckdb
PORT ?= 8501
# Listen on this machine only unless told otherwise (SANWARI_ADDRESS=0.0.0.0 serves the network).
SANWARI_ADDRESS ?= 127.0.0.1
export BROWSER_PATH ?= /usr/bin/chromium
APT_PACKAGES := chromium fonts-noto-cjk fonts-ipaexfont-gothic poppler-utils nginx-light postgresql libreoffice-impress

# The suite runs in TEST_WORKERS processes (pytest-xdist), a whole test file per worker so that
# a module's app servers and Chromium start once. Three workers on the 2 cores pay off because
# the browser tests also wait on page runs (four were slower: the cores were saturated). The
# keyboard tests (marker `alone`) run afterwards with nothing beside them. TEST_WORKERS=0 runs
# the first part in one process too.
TEST_WORKERS ?= 3
PARALLEL := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

.PHONY: setup run test test-fast bench bench-quick stress stress-replicas mutations demo clean help
.DEFAULT_GOAL := help

help:
	@echo "make run   - serve the dashboard on http://$(SANWARI_ADDRESS):$(PORT) (demo data unless SANWARI_DB is set; PORT=, SANWARI_ADDRESS= to change)"
	@echo "make test  - run the whole test suite"
	@echo "make test-fast - the suite without the Playwright browser tests (a quick check while working)"
	@echo "make stress - 20 browser sessions during imports (CI runs it after make test)"
	@echo "make stress-replicas - nginx (deploy/) and 2 replicas, 40 browser sessions, an import, a replica killed"
	@echo "make bench - print the benchmark table (not part of make test)"

setup: $(STAMP)/venv $(STAMP)/system

# Python packages, pinned in requirements.txt; redone only when that file changes.
$(STAMP)/venv: requirements.txt
	@mkdir -p $(STAMP)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Chromium (for exports and browser tests), Japanese fonts, poppler and LibreOffice Impress
# (the test that opens the PPTX headless, as a council's PC would), from Debian:
# browser downloads (playwright install, kaleido_get_chrome) do not work here.
$(STAMP)/system:
	@mkdir -p $(STAMP)
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q "Noto Sans CJK" \
	    && command -v pdffonts >/dev/null && test -x /usr/sbin/nginx && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	    && command -v soffice >/dev/null; then echo "system packages present"; \
	elif [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	elif command -v sudo >/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	else echo "WARNING: cannot install $(APT_PACKAGES) (not root, no sudo): chart exports will be unavailable"; fi
	@touch $@

# The real OpenID provider of the sign-in test (tests/oidc: panva's oidc-provider on Node >= 20,
# pinned by its package-lock.json); redone only when the lock file changes. Without Node the
# test says so and is skipped; `make run` does not need it.
$(STAMP)/oidc: tests/oidc/package-lock.json
	@mkdir -p $(STAMP)
	@if command -v npm >/dev/null; then npm ci --prefix tests/oidc --no-audit --no-fund --silent && touch $@; \
	else echo "WARNING: node/npm not installed: the OIDC sign-in test (tests/test_oidc_browser.py) will be skipped"; fi

data/demo.duckdb: $(STAMP)/venv
	@test -f $@ || { echo "building the demo database (about 30 s)..."; $(PY) -m dashboard demo --db $@; }

demo: setup
	$(PY) -m dashboard demo --db data/demo.duckdb --force

run: setup data/demo.duckdb
	SANWARI_DB=$(SANWARI_DB) $(PY) -m dashboard serve --port $(PORT) --address $(SANWARI_ADDRESS)

# The 20-session browser stress test runs in `make stress` (CI runs both).
test: setup $(STAMP)/oidc
	@status=0; \
	$(PY) -m pytest tests -q -p no:cacheprovider -m "not stress and not replicas and not alone" $(PARALLEL) || status=1; \
	$(PY) -m pytest tests -q -p no:cacheprovider -m "alone" || status=1; \
	exit $$status

# The quick loop while working: everything but the tests that drive Chromium through
# Playwright (metrics, SQL oracles, invariants, imports, access, AppTest pages, exports).
# `make test` (and CI) still runs the whole suite; most of its time is those browser tests.
test-fast: setup
	$(PY) -m pytest tests -q -p no:cacheprovider -m "not browser and not stress and not replicas" $(PARALLEL)

# 20 Playwright sessions on Debian's Chromium cycling through the pages while a CLI import
# and an import through the page run: p95 time-to-ready and errors (must be 0).
# After the stress test, any ast.parse in the pytest process can raise "SystemError: AST
# constructor recursion depth mismatch" (CPython bug gh-106905, fixed in 3.11.8; this machine has
# 3.11.7): pytest's traceback renderer and the hypothesis plugin's lazy import both parse
# source, and the crash hid the test's own result. --tb=native and no hypothesis plugin
# (this run has no property tests) keep ast.parse out of it.
stress: setup
	$(PY) -m pytest tests -q -s -p no:cacheprovider -p no:hypothesispytest -m stress --tb=native

# nginx with deploy/nginx/sanwari.conf in front of 2 replicas sharing one folder (database,
# accounts, audit log, SQLite state store): 40 browser sessions through nginx while an import
# runs through one replica, throttling across replicas, then one replica is killed (the same
# flags as stress, for the same CPython bug). CI runs it after make stress.
stress-replicas: setup
	$(PY) -m pytest tests/test_replicas.py -q -s -p no:cacheprovider -p no:hypothesispytest -m replicas --tb=native

# One table: build time, size and memory at 1x and 10x, every page query (median, p95,
# ratio to a bare aggregate), page reruns, import rows/s, council pack. Not part of make test.
bench: setup
	$(PY) tests/bench/run.py --workdir /tmp/sanwari-bench --write-readme

# Break each metric rule once in a scratch worktree and check that its tests fail.
mutations: setup
	$(PY) tests/bench/mutations.py

bench-quick: setup
	$(PY) tests/bench/run.py --workdir /tmp/sanwari-bench --scales 1 --quick --reuse

clean:
	rm -rf $(STAMP) data/*.duckdb* tests/artifacts
