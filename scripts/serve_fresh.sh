# Sourced by the scripts in this folder: runs the app as production runs it
# (`make serve`: DJANGO_DEBUG=0, gunicorn, whitenoise, PostgreSQL, Redis) on
# a fresh PostgreSQL database of its own, loaded with the fixtures, on a free
# loopback port behind a pretend TLS proxy (X-Forwarded-Proto: https).
#
#   serve_fresh NAME     creates the database rolwijzer_NAME_<pid>, starts the server
#   serve_existing NAME DB  starts the server on the existing database DB instead
#   $BASE_URL            http://127.0.0.1:<port>
#   $SERVE_DIR           a scratch directory (server log, static files)
#   $SERVER_PID          the process group of `make serve`
#   $GUNICORN_PIDFILE    holds the pid of the gunicorn master
#   serve_stop           stops the server and drops a database serve_fresh made

PG_ADMIN_URL=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
PY=.venv/bin/python

serve_log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

serve_fresh() {
  local name=$1
  SERVE_DB="rolwijzer_${name}_$$"
  SERVE_DROP_DB=1
  serve_environment "${name}" || return 1
  serve_log "database ${SERVE_DB}: create, migrate, load the fixtures"
  psql "${PG_ADMIN_URL}/postgres" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE ${SERVE_DB}" >/dev/null
  $PY manage.py migrate --noinput --verbosity 0
  $PY manage.py load_articles --verbosity 0
  serve_start
}

serve_existing() {
  SERVE_DB=$2
  SERVE_DROP_DB=
  serve_environment "$1" || return 1
  serve_start
}

serve_environment() {
  local name=$1
  SERVE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/rolwijzer-${name}.XXXXXX")
  local port
  port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  BASE_URL="http://127.0.0.1:${port}"

  export DJANGO_DEBUG=0
  # SERVE_SECRET_KEY: the same key for several servers of one site.
  DJANGO_SECRET_KEY=${SERVE_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(64))')}
  export DJANGO_SECRET_KEY
  export DJANGO_ALLOWED_HOSTS=127.0.0.1
  export DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https
  export DATABASE_URL="${PG_ADMIN_URL}/${SERVE_DB}"
  export REDIS_URL
  export DJANGO_CACHE_PREFIX="${SERVE_DB}"
  export DJANGO_STATIC_ROOT="${SERVE_DIR}/static"
  export DJANGO_DOWNLOADS_ROOT="${SERVE_DIR}/downloads"
  export GUNICORN_BIND="127.0.0.1:${port}"
  export GUNICORN_ACCESS_LOG="${SERVE_DIR}/access.log"
  export GUNICORN_PIDFILE="${SERVE_DIR}/gunicorn.pid"

  if ! $PY -c 'import os, redis; redis.Redis.from_url(os.environ["REDIS_URL"]).ping()' 2>/dev/null; then
    serve_log "Redis does not answer at ${REDIS_URL}; start it or set REDIS_URL"
    return 1
  fi
}

serve_start() {
  serve_log "make serve on ${BASE_URL} (WEB_CONCURRENCY=${WEB_CONCURRENCY:-default})"
  setsid make --no-print-directory serve >"${SERVE_DIR}/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "${BASE_URL}/healthz" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "${SERVER_PID}" 2>/dev/null; then break; fi
    sleep 0.5
  done
  serve_log "the server did not come up:"
  tail -n 40 "${SERVE_DIR}/server.log" >&2
  return 1
}

serve_stop() {
  if [ -n "${SERVER_PID:-}" ] && kill -0 "${SERVER_PID}" 2>/dev/null; then
    kill -TERM -- "-${SERVER_PID}" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "${SERVER_PID}" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-${SERVER_PID}" 2>/dev/null || true
  fi
  SERVER_PID=
  if [ -n "${SERVE_DB:-}" ] && [ -n "${SERVE_DROP_DB:-}" ]; then
    psql "${PG_ADMIN_URL}/postgres" -q -c "DROP DATABASE IF EXISTS ${SERVE_DB} WITH (FORCE)" \
      >/dev/null 2>&1 || true
    SERVE_DB=
  fi
  if [ -n "${SERVE_DIR:-}" ] && [ -z "${KEEP_SERVE_DIR:-}" ]; then
    rm -rf "${SERVE_DIR}"
  fi
}

# GET with the header the TLS proxy would add; prints the status code.
get_status() {
  curl -sS -o "${2:-/dev/null}" -w '%{http_code}' -H 'X-Forwarded-Proto: https' "${BASE_URL}$1"
}
