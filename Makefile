# `make run` lints the bundled ops-docs/ and writes the freshness report;
# `make test` runs lint, type checks and the test suite. Both create .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ops-lint check
	$(BIN)/ops-lint freshness --format markdown --output reports/freshness.md
	$(BIN)/ops-lint freshness --format html --output reports/freshness.html
	$(BIN)/ops-lint freshness --format json --output reports/freshness.json
	@echo "Freshness report: reports/freshness.md, reports/freshness.html, reports/freshness.json"

lint: $(STAMP)
	$(BIN)/ruff check ops_lint tests
	$(BIN)/ruff format --check ops_lint

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .ops_lint_cache reports build dist
