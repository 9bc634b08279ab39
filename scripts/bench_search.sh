#!/usr/bin/env bash
# `make bench-search`: search at the size of a grown knowledge base
# (scripts/bench_search.py), quicker than the whole `make bench`.
#
# For each size in BENCH_SIZES (default "10000" articles): a fresh
# PostgreSQL database filled with generate_synthetic, measured, dropped.
# BENCH_SQLITE=1 measures SQLite at the same sizes too. Prints one table
# per run and the growth from size to size; BENCH_RESULTS (default
# artifacts/bench-search.json) keeps the figures. With BENCH_PAGES=1
# (make bench-growth) every page type and the downloads are measured at each
# size as well (scripts/bench.py pages), and their growth printed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PY:-.venv/bin/python}
SIZES=${BENCH_SIZES:-10000}
RESULTS=${BENCH_RESULTS:-artifacts/bench-search.json}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
mkdir -p "$(dirname "${RESULTS}")"
rm -f "${RESULTS}"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rolwijzer-bench-search.XXXXXX")
DATABASES_MADE=()
psql_admin() { psql "${PG_ADMIN_URL}/postgres" -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
cleanup() {
  for db in "${DATABASES_MADE[@]}"; do
    psql_admin "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" 2>/dev/null || true
  done
  rm -rf "${WORK}"
}
trap cleanup EXIT

# Production settings in this process: no query log, hashed static files.
export DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1
export DJANGO_STATIC_ROOT="${WORK}/static"
export DJANGO_DOWNLOADS_ROOT="${WORK}/downloads"
$PY manage.py collectstatic --noinput --verbosity 0

prepare() {
  local label=$1 size=$2
  echo "== ${label}, ${size} articles: migrate, generate_synthetic" >&2
  $PY manage.py migrate --noinput --verbosity 0
  local start=$SECONDS
  $PY manage.py generate_synthetic --articles "${size}" --verbosity 0
  echo "   generated and indexed in $((SECONDS - start)) s" >&2
}

for size in ${SIZES}; do
  db="rolwijzer_bench_search_$$_${size}"
  psql_admin "CREATE DATABASE ${db}"
  DATABASES_MADE+=("${db}")
  export DATABASE_URL="${PG_ADMIN_URL}/${db}"
  prepare PostgreSQL "${size}"
  psql "${DATABASE_URL}" -q -c "VACUUM ANALYZE" >/dev/null
  $PY scripts/bench_search.py measure "${RESULTS}"
  if [ "${BENCH_PAGES:-0}" = 1 ]; then
    echo "{\"meta\": {\"articles\": ${size}}}" >"${RESULTS%.json}-pages-${size}.json"
    $PY scripts/bench.py pages "${RESULTS%.json}-pages-${size}.json"
  fi
  psql_admin "DROP DATABASE IF EXISTS ${db} WITH (FORCE)"
  if [ "${BENCH_SQLITE:-0}" = 1 ]; then
    export DATABASE_URL="sqlite:///${WORK}/bench-${size}.sqlite3"
    prepare SQLite "${size}"
    $PY scripts/bench_search.py measure "${RESULTS}"
    rm -f "${WORK}/bench-${size}.sqlite3"
  fi
done

echo
{
  $PY scripts/bench_search.py report "${RESULTS}"
  if [ "${BENCH_PAGES:-0}" = 1 ]; then
    echo
    # shellcheck disable=SC2046
    $PY scripts/bench.py growth $(for size in ${SIZES}; do echo "${RESULTS%.json}-pages-${size}.json"; done)
  fi
} | tee "${RESULTS%.json}.txt"
