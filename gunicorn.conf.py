"""
Gunicorn settings for `make serve`. Everything can be overridden from the
environment, so the same file serves one laptop and a row of app servers
behind a proxy. The app is stateless: sessions live in the database, the
cache in Redis (REDIS_URL), static files are served by whitenoise.
"""

import multiprocessing
import os

wsgi_app = "rolwijzer.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads per worker let one worker keep connections alive and wait on
# PostgreSQL for one request while serving another. At least two workers so
# a crashed or recycled worker never leaves the server without one.
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count() * 2)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5

# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Several servers (or several copies on one machine) must not fight over one
# control socket in the home directory; nothing here uses it.
control_socket_disable = True

# For process supervisors and scripts that signal the master (HUP reloads).
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
