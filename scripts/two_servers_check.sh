#!/usr/bin/env bash
# Scaling out as the README describes it, tested: two app servers (two
# gunicorns on their own ports, production settings) on one PostgreSQL and
# one Redis.
#   1. a role page is read (and cached) through server B;
#   2. an editor puts the role back to draft in the admin of server A: B's
#      next page is 404, then publishing it through B makes A show it again;
#   3. wrk against both at once (every page type, the API, searches): 0 errors
#      and nothing in either server's log.
#
#   scripts/two_servers_check.sh
#   TWO_SERVERS_DURATION=10s scripts/two_servers_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${TWO_SERVERS_DURATION:-10s}
if ! command -v wrk >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

# shellcheck source=scripts/serve_fresh.sh
. scripts/serve_fresh.sh
SERVE_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')
export SERVE_SECRET_KEY
A_PID= B_PID= A_DIR= B_DIR= A_DB=
stop_both() {
  SERVER_PID=${B_PID} SERVE_DIR=${B_DIR} SERVE_DB= serve_stop
  SERVER_PID=${A_PID} SERVE_DIR=${A_DIR} SERVE_DB=${A_DB} SERVE_DROP_DB=1 serve_stop
}
trap stop_both EXIT

serve_fresh two
A_URL=${BASE_URL} A_PID=${SERVER_PID} A_DIR=${SERVE_DIR} A_DB=${SERVE_DB}
SERVER_PID=
serve_existing two-b "${A_DB}"
B_URL=${BASE_URL} B_PID=${SERVER_PID} B_DIR=${SERVE_DIR}
serve_log "server A ${A_URL}, server B ${B_URL}, database ${A_DB}, one Redis"

password=$($PY -c 'import secrets; print(secrets.token_urlsafe(16))')
DJANGO_SUPERUSER_PASSWORD=${password} $PY manage.py createsuperuser --noinput \
  --username redacteur --email redacteur@example.org >/dev/null
read -r role_id role_path < <($PY manage.py shell --verbosity 0 -c '
from roles.models import Role
role = Role.objects.public().order_by("pk").first()
print(role.pk, role.get_absolute_url())')

expect() {  # expect SERVER_URL PATH STATUS
  local status
  status=$(BASE_URL=$1 get_status "$2")
  if [ "${status}" != "$3" ]; then
    serve_log "FAIL: $1$2 answered ${status}, expected $3"
    exit 1
  fi
  serve_log "$1$2: $3"
}

holds_role() {  # holds_role SERVER_URL: whether that server's JSON download lists the role
  curl -fsS -o "${A_DIR}/download.json" -H 'X-Forwarded-Proto: https' "$1/downloads/rolwijzer.json" \
    || { serve_log "FAIL: $1/downloads/rolwijzer.json"; exit 1; }
  grep -q "\"slug\": \"${role_slug}\"" "${A_DIR}/download.json"
}
json_folders() { find "${A_DIR}/downloads" -maxdepth 1 -name '*-json' 2>/dev/null | wc -l; }
role_slug=$(basename "${role_path}")

expect "${B_URL}" "${role_path}" 200
expect "${B_URL}" "${role_path}" 200
holds_role "${A_URL}" || { serve_log "FAIL: ${role_slug} not in A's download"; exit 1; }
$PY scripts/edit_through_admin.py "${A_URL}" redacteur "${password}" "${role_id}" unpublish
expect "${B_URL}" "${role_path}" 404
expect "${A_URL}" "${role_path}" 404
# The server the edit went through rebuilds the download it gave before, unasked.
for _ in $(seq 1 60); do [ "$(json_folders)" -ge 2 ] && break; sleep 0.25; done
if [ "$(json_folders)" -lt 2 ]; then
  serve_log "FAIL: A did not rebuild its JSON download after the edit"
  exit 1
fi
for url in "${A_URL}" "${B_URL}"; do
  if holds_role "${url}"; then
    serve_log "FAIL: ${url}'s download still holds the role put back to draft"
    exit 1
  fi
done
serve_log "the JSON download follows the edit on both servers (A rebuilt it in the background)"
$PY scripts/edit_through_admin.py "${B_URL}" redacteur "${password}" "${role_id}" publish
expect "${A_URL}" "${role_path}" 200
expect "${B_URL}" "${role_path}" 200

export LOADTEST_PATHS="${A_DIR}/paths.txt"
$PY scripts/loadtest_paths.py >"${LOADTEST_PATHS}"
serve_log "wrk against both servers at once, ${DURATION} each, $(wc -l <"${LOADTEST_PATHS}") paths"
wrk_pids=()
for url in "${A_URL}" "${B_URL}"; do
  wrk -t1 -c16 -d"${DURATION}" --timeout 10s -H 'X-Forwarded-Proto: https' \
    -s scripts/loadtest.lua "${url}" >"${A_DIR}/wrk-${url##*:}.txt" &
  wrk_pids+=($!)
done
wait "${wrk_pids[@]}"  # not the servers, which run in the background too

errors=0
for url in "${A_URL}" "${B_URL}"; do
  result=$(grep '^RESULT ' "${A_DIR}/wrk-${url##*:}.txt") || { serve_log "FAIL: no wrk result for ${url}"; exit 1; }
  echo "Two servers: ${url}: ${result#RESULT }"
  for field in not_2xx connect_errors read_errors write_errors timeouts; do
    errors=$((errors + $(sed -n "s/.* ${field}=\([0-9]*\).*/\1/p" <<<"${result}")))
  done
done
server_errors=$(cat "${A_DIR}/server.log" "${B_DIR}/server.log" | grep -c -E 'Traceback|\[ERROR\]|\[CRITICAL\]' || true)
echo "Two servers: ${errors} request errors, ${server_errors} errors in the server logs"
if [ "${errors}" -ne 0 ] || [ "${server_errors}" -ne 0 ]; then
  tail -n 30 "${A_DIR}/server.log" "${B_DIR}/server.log" >&2
  exit 1
fi
serve_log "OK: an edit through either server shows on the other's next page; 0 errors"
