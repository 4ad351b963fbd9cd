# One task runner. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= data/umea.duckdb
PORT   ?= 8501

# Everything the default database is built from: raw files, crosswalks, metadata and build code.
BUILD_INPUTS := $(wildcard data/raw/*) $(wildcard data/crosswalks/*.csv) \
                $(wildcard data/*.yaml) $(wildcard indicators/*.py) $(wildcard indicators/sql/*.sql)

.PHONY: run test setup setup-test db clean lint

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

setup: $(VENV)/.runtime
setup-test: $(VENV)/.test

# Rebuilt when missing or older than any of its inputs.
$(DB): $(VENV)/.runtime $(BUILD_INPUTS)
	$(PY) -m indicators.build --db $(DB)

db: $(DB)

run: $(DB)
	UMEA_DB=$(DB) $(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

test: $(VENV)/.test
	$(PY) -m pytest

lint: $(VENV)/.test
	$(PY) -m ruff check . || true

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
