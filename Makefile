# Rolwijzer: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install migrate load run test lint messages serve bench bench-load bench-search bench-growth clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_articles

run: load
	$(PY) manage.py runserver 127.0.0.1:8000

# Production: gunicorn (gunicorn.conf.py) on DATABASE_URL and REDIS_URL from
# the environment, static files collected for whitenoise. Run `make migrate`
# once per release first; see "Running in production" in the README.
serve: install
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=$${DJANGO_DEBUG:-0} $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Two or more processes (pytest-xdist), each on its own test database: the
# suite takes about half as long on two cores.
TEST_WORKERS ?= auto

test: load
	$(PY) -m pytest -n $(TEST_WORKERS)

# On the local PostgreSQL: a synthetic knowledge base of 10000 articles,
# every page type, search, loading and throughput, printed as one table
# (docs/performance.md). Not part of `make test`.
bench: install
	scripts/bench.sh

# The same, at 1000 articles, with load_articles against Django's loaddata
# on the same knowledge (loaddata alone takes about 18 minutes there).
bench-load: install
	BENCH_ARTICLES=$${BENCH_ARTICLES:-1000} BENCH_LOADDATA=1 scripts/bench.sh

# Search only, quicker: BENCH_SIZES="1000 10000 100000" for the growth curve,
# BENCH_SQLITE=1 to measure SQLite as well (docs/performance.md).
bench-search: install
	scripts/bench_search.sh

# How cost grows: search, every page type and the downloads at 1000, 10000
# and 100000 articles (generating 100000 takes about a quarter of an hour).
bench-growth: install
	BENCH_SIZES="$${BENCH_SIZES:-1000 10000 100000}" BENCH_PAGES=1 \
	  BENCH_RESULTS=$${BENCH_RESULTS:-artifacts/bench-growth.json} scripts/bench_search.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
