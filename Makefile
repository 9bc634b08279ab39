# Rolwijzer: `make run` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install migrate load run test lint messages serve bench clean

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

test: load
	$(PY) -m pytest

# On the local PostgreSQL: a synthetic knowledge base of 10000 articles,
# every page type, search, loading and throughput, printed as one table
# (docs/performance.md). Not part of `make test`.
bench: install
	scripts/bench.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
