#!/usr/bin/env bash
# PostgreSQL restart under a running app: `make serve` (production settings)
# answers 200; PostgreSQL stops; pages answer 503 with the outage page and no
# traceback, /healthz still answers; PostgreSQL starts again; pages answer
# 200 again from the same gunicorn workers, which were not restarted.
#
# This stops the local PostgreSQL cluster for a few seconds. It waits until
# no other client is connected (up to PG_RESTART_WAIT seconds, default 300)
# and gives up rather than break someone else's work. PostgreSQL is always
# started again on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER_VERSION=${PG_CLUSTER_VERSION:-$(ls /etc/postgresql | sort -V | tail -n 1)}
WAIT=${PG_RESTART_WAIT:-300}
# Enough requests after the restart to reach every worker thread.
AFTER_REQUESTS=${PG_RESTART_REQUESTS:-40}

pg() { pg_ctlcluster --skip-systemctl-redirect "${CLUSTER_VERSION}" main "$@"; }

ensure_postgres_running() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    serve_log "starting PostgreSQL again"
    pg start || true
    for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
  fi
}

# shellcheck source=scripts/serve_fresh.sh
. scripts/serve_fresh.sh
cleanup() {
  ensure_postgres_running
  serve_stop
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  serve_log "FAIL: $*"
  exit 1
}

WEB_CONCURRENCY=${WEB_CONCURRENCY:-2} serve_fresh restart
role_path=$($PY scripts/loadtest_paths.py | grep -m1 '^/roles/.\+/$') || fail "no role page"
page="${SERVE_DIR}/page.html"

status=$(get_status "${role_path}" "${page}")
[ "${status}" = 200 ] || fail "before the restart ${role_path} answered ${status}"
master=$(cat "${GUNICORN_PIDFILE}") || fail "no gunicorn pid file"
workers_before=$(pgrep -P "${master}" | sort | tr '\n' ' ')
serve_log "before: ${role_path} answered 200; gunicorn ${master}, workers ${workers_before}"

# Wait for a quiet moment: nobody but this script's server is connected.
others() {
  psql "${PG_ADMIN_URL}/postgres" -Atq -c "SELECT count(*) FROM pg_stat_activity
    WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
      AND coalesce(datname, '') <> '${SERVE_DB}'"
}
waited=0
while [ "$(others)" != 0 ]; do
  [ "${waited}" -lt "${WAIT}" ] || fail "other clients stayed connected for ${WAIT} s; not stopping PostgreSQL"
  [ "${waited}" = 0 ] && serve_log "waiting for other PostgreSQL clients to finish"
  sleep 2
  waited=$((waited + 2))
done

serve_log "stopping PostgreSQL ${CLUSTER_VERSION}/main"
stopped_at=$(date +%s.%N)
pg stop -m fast
# A query string the page cache has never seen, so the page needs the database.
status=$(get_status "${role_path}?uncached=${RANDOM}${RANDOM}" "${page}")
search=$(get_status "/search/?q=community+${RANDOM}" "${SERVE_DIR}/search.html")
health=$(get_status /healthz)
# Pages rendered before the outage may still come from the cache (200).
cached=$(get_status "${role_path}" "${SERVE_DIR}/cached.html")
pg start
for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 0.5; done
downtime=$(echo "$(date +%s.%N) - ${stopped_at}" | bc)
serve_log "PostgreSQL is back after ${downtime} s"

serve_log "while down: ${role_path} (uncached) ${status}, a search ${search}, /healthz ${health}, ${role_path} (cached) ${cached}"
[ "${status}" = 503 ] || fail "while PostgreSQL was down ${role_path} answered ${status}, not 503"
[ "${search}" = 503 ] || fail "while PostgreSQL was down a search answered ${search}, not 503"
[ "${health}" = 200 ] || fail "while PostgreSQL was down /healthz answered ${health}"
[ "${cached}" = 200 ] || [ "${cached}" = 503 ] || fail "while PostgreSQL was down the cached page answered ${cached}"
for body in "${page}" "${SERVE_DIR}/search.html" "${SERVE_DIR}/cached.html"; do
  if grep -q -E 'Traceback|OperationalError|psycopg|File "' "${body}"; then
    fail "the outage page shows error details"
  fi
done
grep -q "Tijdelijk niet beschikbaar" "${page}" || fail "the 503 answer is not the outage page"

ok=0
for _ in $(seq 1 "${AFTER_REQUESTS}"); do
  status=$(get_status "${role_path}?after=${RANDOM}${RANDOM}")
  [ "${status}" = 200 ] && ok=$((ok + 1))
done
workers_after=$(pgrep -P "${master}" | sort | tr '\n' ' ')
serve_log "after: ${ok}/${AFTER_REQUESTS} requests answered 200; workers ${workers_after}"
[ "${ok}" = "${AFTER_REQUESTS}" ] || fail "only ${ok} of ${AFTER_REQUESTS} requests succeeded after the restart"
kill -0 "${master}" 2>/dev/null || fail "gunicorn is gone"
[ "${workers_before}" = "${workers_after}" ] || fail "the gunicorn workers were restarted"
echo "Restart check: 200 before; while down: 503 outage page (no traceback) for pages that need the database, ${cached} for a cached page, 200 for /healthz; after: ${ok}/${AFTER_REQUESTS} x 200 from the same gunicorn workers; PostgreSQL down ${downtime} s"
