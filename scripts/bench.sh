#!/usr/bin/env bash
# `make bench`: Rolwijzer at the size of a grown knowledge base, on the local
# PostgreSQL, measured as ratios within one run (scripts/bench.py).
#
#   1. a fresh database with a synthetic knowledge base of BENCH_ARTICLES
#      articles (default 10000; generate_synthetic);
#   2. every page type, uncached and from the cache, against /healthz in the
#      same process; search with the index against a plain icontains;
#   3. export_articles of database 1, loaded with load_articles into an
#      empty database (a second run must write nothing); with
#      BENCH_LOADDATA=1 (make bench-load) that database in Django's format
#      is loaded with loaddata into another, for the ratio of the two;
#   4. gunicorn with 2 workers under wrk: a role page and /healthz.
#
# Prints one table; BENCH_RESULTS (default artifacts/bench.json) keeps the
# figures. The databases are dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${BENCH_ARTICLES:-10000}
WRK_DURATION=${BENCH_WRK_DURATION:-20s}
RESULTS=${BENCH_RESULTS:-artifacts/bench.json}
mkdir -p "$(dirname "${RESULTS}")"
rm -f "${RESULTS}"

for tool in wrk pg_isready; do
  if ! command -v "${tool}" >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  fi
done
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

# shellcheck source=scripts/serve_fresh.sh
. scripts/serve_fresh.sh

MAIN_DB="rolwijzer_bench_$$"
LOAD_OURS_DB="rolwijzer_bench_load_$$"
LOAD_DJANGO_DB="rolwijzer_bench_loaddata_$$"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rolwijzer-bench.XXXXXX")
psql_admin() { psql "${PG_ADMIN_URL}/postgres" -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
cleanup() {
  serve_stop
  for db in "${MAIN_DB}" "${LOAD_OURS_DB}" "${LOAD_DJANGO_DB}"; do
    psql_admin "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" 2>/dev/null || true
  done
  rm -rf "${WORK}"
}
trap cleanup EXIT

# Production settings in this process too: no query log, the Redis cache,
# hashed static files.
export DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export DJANGO_SECRET_KEY
export DJANGO_ALLOWED_HOSTS=testserver,127.0.0.1
export REDIS_URL
export DJANGO_CACHE_PREFIX="${MAIN_DB}"
export DJANGO_STATIC_ROOT="${WORK}/static"
export DJANGO_DOWNLOADS_ROOT="${WORK}/downloads"
$PY manage.py collectstatic --noinput --verbosity 0

use_db() { export DATABASE_URL="${PG_ADMIN_URL}/$1"; }

serve_log "1. ${MAIN_DB}: migrate, generate_synthetic --articles ${ARTICLES}"
psql_admin "CREATE DATABASE ${MAIN_DB}"
use_db "${MAIN_DB}"
$PY manage.py migrate --noinput --verbosity 0
start=$(date +%s)
$PY manage.py generate_synthetic --articles "${ARTICLES}" --verbosity 1 >"${WORK}/generate.txt"
serve_log "   generated in $(( $(date +%s) - start )) s"
psql "${DATABASE_URL}" -q -c "VACUUM ANALYZE" >/dev/null
counts=$($PY - <<'PY'
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")
django.setup()
from articles.models import Article
from roles.models import Competency, Role, Statement
print(", ".join(f"{m.objects.count()} {m._meta.verbose_name_plural}"
                for m in (Article, Role, Competency, Statement)))
PY
)
$PY - "${RESULTS}" "${ARTICLES}" "${counts}" <<'PY'
import json, os, platform, subprocess, sys
from datetime import datetime, timezone
path, articles, counts = sys.argv[1:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
memory = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
postgres = subprocess.run(["psql", "-V"], capture_output=True, text=True).stdout.strip()
meta = {
    "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "machine": f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, "
               f"Python {platform.python_version()}, {postgres}",
    "data": f"generate_synthetic --articles {articles}: {counts}",
}
json.dump({"meta": meta}, open(path, "w"), indent=2)
PY

serve_log "2. page types and search, in-process"
$PY scripts/bench.py pages "${RESULTS}"
$PY scripts/bench_search.py measure "${RESULTS}"

serve_log "3. loading: export_articles, load_articles into an empty database (twice),"
serve_log "   then that database in Django's format, loaddata into another empty one"
$PY manage.py export_articles "${WORK}/fixtures" --verbosity 0
serve_log "   $(ls "${WORK}/fixtures" | wc -l) fixture files ($(du -sh "${WORK}/fixtures" | cut -f1))"
for db in "${LOAD_OURS_DB}" "${LOAD_DJANGO_DB}"; do
  [ "${db}" = "${LOAD_DJANGO_DB}" ] && [ "${BENCH_LOADDATA:-0}" != 1 ] && continue
  psql_admin "CREATE DATABASE ${db}"
  use_db "${db}"
  $PY manage.py migrate --noinput --verbosity 0
done
use_db "${LOAD_OURS_DB}"
$PY scripts/bench.py load load_articles "${WORK}/fixtures" "${RESULTS}"
$PY scripts/bench.py load load_articles "${WORK}/fixtures" "${RESULTS}"
if [ "${BENCH_LOADDATA:-0}" = 1 ]; then
  # The same knowledge as load_articles wrote it, so both load exactly the
  # same. loaddata saves row by row: 18 minutes at 1 000 articles, hours at
  # 10 000, hence a target of its own (make bench-load).
  $PY scripts/bench.py dump "${WORK}/dumpdata.json"
  serve_log "   Django's format: $(du -sh "${WORK}/dumpdata.json" | cut -f1)"
  use_db "${LOAD_DJANGO_DB}"
  $PY scripts/bench.py load loaddata "${WORK}/dumpdata.json" "${RESULTS}"
fi

serve_log "4. throughput: gunicorn (2 workers) on ${MAIN_DB}, wrk ${WRK_DURATION} per path"
role_path=$(use_db "${MAIN_DB}"; $PY -c '
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")
django.setup()
from django.db.models import Count
from roles.models import Role
print(Role.objects.public().annotate(n=Count("role_competencies")).order_by("-n", "pk")
      .first().get_absolute_url())')
WEB_CONCURRENCY=2 serve_existing bench "${MAIN_DB}"
for path in "${role_path}" /healthz; do
  curl -fsS -o /dev/null -H 'X-Forwarded-Proto: https' "${BASE_URL}${path}"
  wrk -t2 -c8 -d"${WRK_DURATION}" --timeout 10s -H 'X-Forwarded-Proto: https' \
    "${BASE_URL}${path}" >"${WORK}/wrk.txt"
  $PY - "${RESULTS}" "${path}" "${WORK}/wrk.txt" <<'PY'
import json, re, sys
path, url, wrk = sys.argv[1], sys.argv[2], open(sys.argv[3]).read()
requests = int(re.search(r"(\d+) requests in", wrk).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", wrk))
errors += int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", wrk)) else 0
results = json.load(open(path))
results.setdefault("wrk", {})[url] = {"requests": requests, "rps": rps, "errors": errors}
json.dump(results, open(path, "w"), indent=2, ensure_ascii=False)
PY
done
serve_stop

echo
$PY scripts/bench.py report "${RESULTS}" | tee "${RESULTS%.json}.txt"
