# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SIZE ?= 3000
SEED ?= 7
DEMO := build/demo
DB := $(DEMO)/crosscurrent.duckdb

.PHONY: demo test lint format install install-dev clean

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

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The main job: scenario -> agencies -> ingest -> resolve -> report.
demo: install
	@rm -rf $(DEMO)
	@start=$$(date +%s); \
	$(BIN)/crosscurrent scenario --out $(DEMO)/scenario --seed $(SEED) --size $(SIZE) && \
	$(BIN)/crosscurrent --db $(DB) load-scenario $(DEMO)/scenario && \
	$(BIN)/crosscurrent --db $(DB) resolve && \
	$(BIN)/crosscurrent --db $(DB) export clusters -o $(DEMO)/clusters.jsonl && \
	$(BIN)/crosscurrent --db $(DB) report --as UK-NCA --case DEMO-1 && \
	echo "demo finished in $$(( $$(date +%s) - start )) s (store: $(DB))"

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
	rm -rf build data .pytest_cache .mypy_cache .ruff_cache
