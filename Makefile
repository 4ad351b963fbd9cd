# One task runner. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DB     ?= data/umea.duckdb
PORT   ?= 8501

# Everything the default database is built from: raw files, crosswalks, metadata and build code.
BUILD_INPUTS := $(wildcard data/raw/*) $(wildcard data/crosswalks/*.csv) \
                $(wildcard data/*.yaml) $(wildcard data/demo/*.yaml) $(shell find indicators -name "*.py" -o -name "*.sql")

.PHONY: run test setup setup-test db clean lint

$(VENV)/.runtime: requirements.txt
	@echo "Setting up $(VENV) and installing the pinned runtime packages (about a minute) …"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.test: requirements-test.txt $(VENV)/.runtime
	@echo "Installing the pinned test packages …"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

setup: $(VENV)/.runtime
setup-test: $(VENV)/.test

# Rebuilt when missing or older than any of its inputs.
$(DB): $(VENV)/.runtime $(BUILD_INPUTS)
	@echo "Building the default database $(DB) from data/raw (official and derived figures) …"
	$(PY) -m indicators.build --db $(DB)

db: $(DB)

# The DEMO dataset: the default data plus the seeded generator's illustrative indicators
# (association membership, perceived safety, distance to public transport), every screen
# labelled illustrative. Never the default. Served on its own file and port.
DEMO_DB ?= data/demo.duckdb
.PHONY: demo
demo: $(VENV)/.runtime
	@echo "Building the DEMO dataset (illustrative generated figures) into $(DEMO_DB) …"
	$(PY) -m indicators.build --demo --force --db $(DEMO_DB)
	UMEA_DB=$(DEMO_DB) $(PY) serve.py --server.address 127.0.0.1 --server.port $(PORT)

run: $(DB)
	UMEA_DB=$(DB) $(PY) serve.py --server.address 127.0.0.1 --server.port $(PORT)

# Many users: REPLICAS Streamlit processes (default: one per core) behind HAProxy on
# 127.0.0.1:8080 (PORT=… to change; SERVE_ADDRESS=0.0.0.0 to listen beyond this machine), with a
# sticky cookie, health checks and a supervisor that restarts a dead replica (docs/deployment.md).
# Debian's HAProxy is installed with apt-get when missing and we are root.
HAPROXY       ?= /usr/sbin/haproxy
REPLICAS      ?= $(shell nproc 2>/dev/null || echo 2)
SERVE_ADDRESS ?= 127.0.0.1
SERVE_PORT    := $(if $(filter file,$(origin PORT)),8080,$(PORT))

.PHONY: serve setup-serve
$(HAPROXY):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing haproxy (Debian) …"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; }; \
	else \
	  echo "make serve needs HAProxy at $(HAPROXY): sudo apt-get install haproxy" >&2; exit 1; \
	fi

setup-serve: $(VENV)/.runtime $(HAPROXY)

serve: $(DB) $(HAPROXY)
	UMEA_DB=$(DB) $(PY) -m deploy.supervise --replicas $(REPLICAS) \
	  --address $(SERVE_ADDRESS) --port $(SERVE_PORT) --haproxy $(HAPROXY)

# Browser screenshots land in artifacts/screenshots/ (git-ignored; CI can keep them).
test: $(VENV)/.test
	mkdir -p artifacts/screenshots
	$(PY) -m pytest

# The same two checks run inside `make test` (tests/test_lint.py); rule decisions in pyproject.toml.
lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(DB) .pytest_cache

# Check and add new data, all or nothing: make ingest FILES="a.csv b.yaml" (docs/ingest.md).
# Not a prerequisite of $(DB): an ingest extends the published file, it never rebuilds it.
.PHONY: ingest
ingest:
	$(PY) -m indicators.ingest $(FILES) --db $(DB)

# The kiosk: only the kiosk page, locked configuration from kiosk/config.toml (docs in
# kiosk/launch.py). Idle reset: UMEA_KIOSK_IDLE_SECONDS (90), UMEA_KIOSK_WARNING_SECONDS
# (30, at least 20); pulse answers in UMEA_PULSE_DB (data/pulse/pulse.sqlite).
.PHONY: kiosk
kiosk: $(DB)
	UMEA_DB=$(DB) $(PY) -m kiosk.launch --address 127.0.0.1 --port $(PORT)

# Speed, payload, memory and concurrency at Umeå and national scale (docs/performance.md).
# Not part of `make test`. Prints a table and writes artifacts/bench.json (git-ignored).
# BENCH_ARGS="--quick" for a short smoke run; "--rebuild" to regenerate the national database.
.PHONY: bench
bench: $(VENV)/.runtime $(HAPROXY)
	$(PY) -m bench.run --haproxy $(HAPROXY) $(BENCH_ARGS)

# Publish the kiosk's citizen-pulse answers as an indicator (quality citizen_pulse).
.PHONY: pulse
pulse:
	$(PY) -m indicators.ingest --pulse --db $(DB)
