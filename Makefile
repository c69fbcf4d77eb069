# `make run` lints the bundled ops-docs/, writes the freshness report and prints the
# Prometheus rules of the SLOs (`ops-lint slo rules`);
# `make test` runs lint, type checks and the core of the test suite (the tests marked
# `slow` are left out), or the whole suite when CI is set (CI=true make test);
# `make test-all` runs the whole suite anywhere. All of them create .venv first.
# `run` installs only the package (its runtime dependencies); the others add the dev extras.
# With OPS_LINT_PROMETHEUS_URL set, `make run` also runs the deployment gate (`ops-lint gate`).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test test-all lint typecheck clean

# The fast parser comes from a wheel or not at all: without one, markdown-it-py parses every doc.
FAST_PARSER = $(BIN)/python -m pip install --quiet --only-binary=markdown-it-pyrs -e '.[fast]' \
	|| echo "markdown-it-pyrs: no wheel for this platform; markdown-it-py parses every doc"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(FAST_PARSER)
	touch $(RUN_STAMP)

# the dev extras include the package: a dev install serves `make run` too
$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(FAST_PARSER)
	touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/ops-lint check
	$(BIN)/ops-lint freshness --format markdown --output reports/freshness.md
	$(BIN)/ops-lint freshness --format html --output reports/freshness.html
	$(BIN)/ops-lint freshness --format json --output reports/freshness.json
	@echo "Freshness report: reports/freshness.md, reports/freshness.html, reports/freshness.json"
	@echo "Prometheus rules of the SLOs (ops-lint slo rules):"
	$(BIN)/ops-lint slo rules
	@if [ -n "$$OPS_LINT_PROMETHEUS_URL" ]; then $(BIN)/ops-lint gate; fi

lint: $(DEV_STAMP)
	$(BIN)/ruff check ops_lint tests
	$(BIN)/ruff format --check ops_lint

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

# Exit code 5 is pytest's "no tests collected" (e.g. every selected test deselected).
PYTEST = $(BIN)/python -m pytest -q
define pytest_run
$(PYTEST) $(1); rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; rc=0; fi; exit $$rc
endef
# CI (any value but empty, 0, false or no) runs everything; elsewhere the slow tests wait.
FULL_SUITE := $(filter-out _ _0 _false _no _False _FALSE,_$(CI))
CORE_ONLY := $(if $(FULL_SUITE),,-m "not slow")

test: lint typecheck
	$(call pytest_run,$(CORE_ONLY))

test-all: lint typecheck
	$(call pytest_run,)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .ops_lint_cache reports build dist
