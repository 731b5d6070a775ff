# The two commands of the quickstart: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench clean

$(BIN)/symcheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(BIN)/symcheck

# Check the bundled example; exit status 1 only means "mistakes found", which is the demo working.
demo: install
	$(BIN)/symcheck check examples/deep_learning_homework.md; status=$$?; [ $$status -le 1 ]

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/bench_check.py

clean:
	rm -rf $(VENV) build *.egg-info
