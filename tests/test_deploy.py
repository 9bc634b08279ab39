"""
Production configuration: with DJANGO_DEBUG=0 Django's deployment checklist
finds nothing to complain about, and `make serve` brings up gunicorn with
static files from whitenoise.

These run manage.py and gunicorn in subprocesses, because settings are read
once per process and the test process runs with development settings.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(name, env):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr(settings.{name}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deploy_check_reports_nothing_with_production_settings(production_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "ERROR" not in output


def test_deploy_check_silences_only_hsts_preload(production_env):
    # The one silenced check is W021 (HSTS preload); an operator who opts
    # into preloading gets no silenced check at all.
    assert setting("SILENCED_SYSTEM_CHECKS", production_env()) == "['security.W021']"

    preload = production_env(DJANGO_HSTS_PRELOAD="1")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=preload)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_deploy_check_fails_with_a_weak_secret_key(production_env):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DJANGO_SECRET_KEY="short"),
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_deploy_refuses_to_start_without_a_secret_key(production_env):
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_proxy_ssl_header_comes_from_the_environment(production_env):
    env = production_env(DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    assert setting("SECURE_PROXY_SSL_HEADER", env) == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert setting("SECURE_PROXY_SSL_HEADER", production_env()) == "None"


def test_deploy_database_comes_from_the_environment(production_env):
    env = production_env(DATABASE_URL="postgres://rolwijzer@db.internal:5432/rolwijzer")
    databases = setting("DATABASES['default']", env)
    assert "'ENGINE': 'django.db.backends.postgresql'" in databases
    assert "'HOST': 'db.internal'" in databases
    assert "'CONN_HEALTH_CHECKS': True" in databases


def test_deploy_empty_database_url_means_sqlite(production_env):
    databases = setting("DATABASES['default']", production_env(DATABASE_URL=""))
    assert "'ENGINE': 'django.db.backends.sqlite3'" in databases
    assert "db.sqlite3" in databases


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, **headers):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Host": "rolwijzer.example", **headers})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def served(tmp_path, production_env):
    """`make serve` on a fresh SQLite database, on a free port."""
    port = free_port()
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_DOWNLOADS_ROOT=str(tmp_path / "downloads"),
        DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
    )
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if fetch(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"make serve did not come up:\n{log.read()[-3000:]}")
            time.sleep(0.3)
        yield base, tmp_path, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


def test_deploy_make_serve_runs_gunicorn_with_whitenoise(served):
    base, tmp_path, log = served

    # Plain HTTP from the load balancer: healthz answers, pages go to HTTPS.
    status, headers, body = fetch(f"{base}/healthz")
    assert (status, body) == (200, b"ok")
    status, headers, _ = fetch(f"{base}/admin/login/")
    assert status == 301
    assert headers["Location"] == "https://rolwijzer.example/admin/login/"

    # Behind the TLS proxy: the page, with HSTS and the CSP.
    status, headers, body = fetch(f"{base}/admin/login/", **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]

    # Static files: hashed names from collectstatic, served with a long cache life.
    stylesheet = re.search(rb'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the admin's stylesheet is not linked under a hashed name"
    status, headers, css = fetch(
        f"{base}{stylesheet.group(1).decode()}", **{"X-Forwarded-Proto": "https"}
    )
    assert status == 200 and css
    assert "immutable" in headers["Cache-Control"]

    # At least two workers.
    log.flush()
    log.seek(0)
    assert len(re.findall(r"Booting worker with pid", log.read())) >= 2
