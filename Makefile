# `make run` lints the bundled ops-docs/ and writes the freshness report;
# `make test` runs lint, type checks and the test suite. Both create .venv first.
# `run` installs only the package (its runtime dependencies); `test` adds the dev extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint typecheck clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

# the dev extras include the package: a dev install serves `make run` too
$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/ops-lint check
	$(BIN)/ops-lint freshness --format markdown --output reports/freshness.md
	$(BIN)/ops-lint freshness --format html --output reports/freshness.html
	$(BIN)/ops-lint freshness --format json --output reports/freshness.json
	@echo "Freshness report: reports/freshness.md, reports/freshness.html, reports/freshness.json"

lint: $(DEV_STAMP)
	$(BIN)/ruff check ops_lint tests
	$(BIN)/ruff format --check ops_lint

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .ops_lint_cache reports build dist
