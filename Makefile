# The two commands of the quickstart: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench docs clean

$(BIN)/symcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/symcheck

# Check the bundled example; exit status 1 only means "mistakes found", which is the demo working.
demo: install
	$(BIN)/symcheck check examples/deep_learning_homework.md; status=$$?; [ $$status -le 1 ]

# Lint and type-check first (fail fast, seconds), then the suite (minutes). ruff and mypy come with the test extra.
test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Benchmarks (not tests): the seed's check time, documents and scaling, and a generated class of 200.
# bench/bench_equivalence.py needs the bench extra: $(BIN)/pip install -e '.[bench]'
bench: install
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_documents.py
	$(BIN)/python bench/bench_class.py --count 200

# The documentation site (guide + API reference from the docstrings) into site/; any warning fails the build.
docs: install
	$(BIN)/pip install -q -e '.[docs]'
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) build *.egg-info site
