#!/usr/bin/env bash
# Load test: wrk on loopback against gunicorn (`make serve`, production
# settings) on a fresh PostgreSQL database loaded with the fixtures.
# A mix of every page type, the API and searches; 60 s, 32 connections.
# Prints requests, req/s, latency and errors; exits non-zero on any error
# (a socket error, a timeout, or any answer other than 2xx).
#
#   scripts/loadtest.sh                     # the full run
#   LOADTEST_DURATION=10s scripts/loadtest.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${LOADTEST_DURATION:-60s}
CONNECTIONS=${LOADTEST_CONNECTIONS:-32}
THREADS=${LOADTEST_THREADS:-2}

if ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# shellcheck source=scripts/serve_fresh.sh
. scripts/serve_fresh.sh
trap serve_stop EXIT
serve_fresh load

export LOADTEST_PATHS="${SERVE_DIR}/paths.txt"
$PY scripts/loadtest_paths.py >"${LOADTEST_PATHS}"
serve_log "$(wc -l <"${LOADTEST_PATHS}") paths; each must answer 200 before the run"
while read -r path; do
  status=$(get_status "${path//\{rand\}/1}")
  if [ "${status}" != 200 ]; then
    serve_log "FAIL: ${path} answered ${status}"
    exit 1
  fi
done <"${LOADTEST_PATHS}"

serve_log "wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION}"
wrk -t"${THREADS}" -c"${CONNECTIONS}" -d"${DURATION}" --timeout 10s --latency \
  -H 'X-Forwarded-Proto: https' -s scripts/loadtest.lua "${BASE_URL}" | tee "${SERVE_DIR}/wrk.txt"

result=$(grep '^RESULT ' "${SERVE_DIR}/wrk.txt") || { serve_log "FAIL: wrk printed no result"; exit 1; }
errors=0
for field in not_2xx connect_errors read_errors write_errors timeouts; do
  value=$(sed -n "s/.* ${field}=\([0-9]*\).*/\1/p" <<<"${result}")
  errors=$((errors + value))
done
server_errors=$(grep -c -E 'Traceback|\[ERROR\]|\[CRITICAL\]' "${SERVE_DIR}/server.log" || true)
echo
echo "Load test: ${result#RESULT }"
echo "Load test: server log errors=${server_errors}"
if [ "${errors}" -ne 0 ] || [ "${server_errors}" -ne 0 ]; then
  serve_log "FAIL: ${errors} request errors, ${server_errors} errors in the server log"
  tail -n 30 "${SERVE_DIR}/server.log" >&2
  exit 1
fi
serve_log "OK: no errors"
