# Two commands for a newcomer: `make demo` and `make test`. Both set up .venv first when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint audit run dashboard clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/pressmon demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo
	$(BIN)/bandit -q -c pyproject.toml -r pressmon pipeline crawlers dashboard models

# pytest: one worker per core, a test file's tests kept together (its module fixtures built once);
# the slowest tests listed so a growing suite is seen.
test: lint
	$(BIN)/pytest -n auto --dist loadfile --durations=25

# Needs PyPI's vulnerability data; kept out of `make test` (see README "Security").
audit: setup
	$(BIN)/pip-audit --skip-editable

run: setup
	$(BIN)/pressmon init
	$(BIN)/pressmon weekly

dashboard: setup
	$(BIN)/pressmon dashboard

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
