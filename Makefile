# Reachroom — the single entry point. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_CREATORS ?= 20000

.PHONY: run test test-pg lint bench install clean demo migrate

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

## Create the environment, migrate the embedded database, load demo data if empty, serve on :8000.
run: $(STAMP)
	$(BIN)/reachroom run --creators $(DEMO_CREATORS)

## Create the environment and run every test (browser tests run where Chromium is installed).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

migrate: $(STAMP)
	$(BIN)/reachroom db upgrade

demo: $(STAMP)
	$(BIN)/reachroom demo --creators $(DEMO_CREATORS)

## Style (ruff), import contracts (lint-imports) and types (mypy); config in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy src

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache
