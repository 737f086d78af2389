# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= 3000
SEED ?= 7
DEMO := build/demo
DB := $(DEMO)/crosscurrent.duckdb
# The demo ends by serving the UI; `make demo SERVE=0` stops after the report.
SERVE ?= 1
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= crosscurrent-demo
CHROMIUM := /usr/bin/chromium
WEB := web
VENDOR := src/crosscurrent/web/static/vendor

.PHONY: demo demo-users test lint format install install-dev web chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	touch $@

# The UI's browser libraries: npm installs exactly the lock file's versions, and
# build.mjs copies the files the pages load into the package (nothing from a CDN).
$(VENDOR)/.built: $(WEB)/package.json $(WEB)/package-lock.json $(WEB)/build.mjs
	cd $(WEB) && npm ci --no-audit --no-fund --loglevel=error
	node $(WEB)/build.mjs
	touch $@

web: $(VENDOR)/.built

# The end-to-end tests drive Debian's Chromium (never a browser download).
chromium:
	@test -x $(CHROMIUM) || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

install: $(VENV)/.installed web
install-dev: $(VENV)/.installed-dev web chromium

# The main job: scenario -> agencies -> ingest -> resolve -> report.
demo: install
	@rm -rf $(DEMO)
	@start=$$(date +%s); \
	$(BIN)/crosscurrent scenario --out $(DEMO)/scenario --seed $(SEED) --size $(SIZE) && \
	$(BIN)/crosscurrent --db $(DB) load-scenario $(DEMO)/scenario && \
	$(BIN)/crosscurrent --db $(DB) resolve && \
	$(BIN)/crosscurrent --db $(DB) export clusters -o $(DEMO)/clusters.jsonl && \
	$(BIN)/crosscurrent --db $(DB) statistics load && \
	$(BIN)/crosscurrent --db $(DB) report --as UK-NCA --case DEMO-1 && \
	$(MAKE) --no-print-directory demo-users && \
	echo "demo finished in $$(( $$(date +%s) - start )) s (store: $(DB))"
ifneq ($(SERVE),0)
	@echo
	@echo "Crosscurrent is serving the UI: open http://localhost:$(PORT)/ui/"
	@echo "  sign in as any of: $$(for a in $$($(BIN)/crosscurrent --db $(DB) agency list | cut -f1); do \
		printf '%s ' "$$(echo $$a | tr A-Z a-z)"; done)"
	@echo "  (one analyst per agency; the name is the agency's code) with password: $(DEMO_PASSWORD)"
	@echo "  and a case reference such as DEMO-1. Ctrl-C stops the server."
	@echo
	$(BIN)/crosscurrent --db $(DB) serve --host $(HOST) --port $(PORT)
endif

# One analyst per registered agency, named after its code (uk-nca, fr-pn...).
demo-users:
	@for a in $$($(BIN)/crosscurrent --db $(DB) agency list | cut -f1); do \
		echo "$(DEMO_PASSWORD)" | $(BIN)/crosscurrent --db $(DB) user add \
			"$$(echo $$a | tr A-Z a-z)" --agency $$a --roles analyst --password-stdin || exit 1; \
	done

test: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -n 2

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

clean:
	rm -rf build data .pytest_cache .mypy_cache .ruff_cache $(WEB)/node_modules $(VENDOR)
