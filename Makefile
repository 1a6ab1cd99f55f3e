# Innbyggerstemmen – the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Debian packages the tests need: the browser, PDF text extraction, WeasyPrint's font subsetting.
TEST_DEBS := chromium libharfbuzz-subset0 poppler-utils fonts-dejavu-core
# Tests run in parallel, one worker per core (each worker gets its own test database).
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install deps node migrate demo worker beat messages bench clean system-test-deps scaleout-check

run: install migrate demo  ## Set up and start the portal on http://127.0.0.1:8000
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip
	$(PIP) install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo

worker: install  ## Celery worker (needs REDIS_URL)
	$(VENV)/bin/celery -A innbyggerstemmen worker --loglevel=info

beat: install  ## Celery beat scheduler (needs REDIS_URL)
	$(VENV)/bin/celery -A innbyggerstemmen beat --loglevel=info  # exactly one; schedule in the database

system-test-deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

test: install system-test-deps  ## The layers, then the whole suite, browser tests included
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --durations=15 $(PYTEST_ARGS)

# Benchmark of the real workloads on PostgreSQL (bench/run.py; see "Performance" in the README).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/innbyggerstemmen_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
SIZE ?= small

bench: install  ## make bench [SIZE=small|national] [BENCH_ARGS="--duration 10 --reuse"]
	@command -v wrk >/dev/null 2>&1 || { echo "Installing wrk"; $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk >/dev/null; }
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) \
	  $(PY) -m bench.run --size $(SIZE) $(BENCH_ARGS)

messages:  ## Update and compile the translation catalogues (needs GNU gettext)
	$(PY) manage.py translations

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3

# Two web nodes, two workers and one beat on this machine's PostgreSQL and Redis, under load and a
# killed worker: exits non-zero when anything is lost or sent twice (deploy/scaleout_check.py).
scaleout-check: install
	$(PY) deploy/scaleout_check.py $(SCALEOUT_ARGS)
