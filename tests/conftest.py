import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connection

FIXTURES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "fixtures")


def _required(name):
    return os.environ.get(name, "") not in {"", "0", "false", "no"}


def pytest_collection_modifyitems(config, items):
    """
    Tests marked `postgres` need PostgreSQL and tests marked `browser` need
    Chromium. Where these are missing the tests are skipped on a developer's
    machine, but REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 (as CI sets them)
    turn a missing requirement into a failure instead.
    """
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if _required("REQUIRE_POSTGRES") and not on_postgres:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL does not point to PostgreSQL.")
    has_browser = bool(shutil.which("chromium") or os.path.exists("/usr/bin/chromium"))
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    skip_browser = pytest.mark.skip(reason="needs Chromium at /usr/bin/chromium")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "browser" in item.keywords and not has_browser:
            if _required("REQUIRE_BROWSER"):
                raise pytest.UsageError("REQUIRE_BROWSER=1 but /usr/bin/chromium is missing.")
            item.add_marker(skip_browser)


@pytest.fixture
def knowledge(db):
    """The five articles' knowledge, loaded from fixtures/ as an operator would."""
    call_command("load_articles", FIXTURES_DIR, verbosity=0)


@pytest.fixture
def site(db):
    """A small knowledge base built with the factories (tests/factories.py)."""
    from factories import build_site

    return build_site()


@pytest.fixture
def uncached_pages(settings):
    """Every request renders, so a test measures (and counts queries of) the page itself."""
    from factories import UNCACHED

    settings.CACHES = UNCACHED


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def downloads_in_tmp(settings, tmp_path):
    """The JSON download's files in the test's own folder, never the checkout's."""
    settings.DOWNLOADS_ROOT = tmp_path / "downloads"
    # A thread of its own would read the database outside the test's transaction.
    settings.DOWNLOADS_REBUILD = False
    settings.COUNTS_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """
    The database is rolled back after each test, the page cache is not: give
    every test its own content version, so no test is answered with a page
    cached by another.
    """
    from editorial.cache import bump_content_version

    bump_content_version()


def _production_env(**overrides):
    """The environment of a production server, without anything this machine set."""
    import secrets

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_"))
        and key not in {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_ALLOWED_HOSTS="rolwijzer.example",
        DJANGO_SETTINGS_MODULE="rolwijzer.settings",
    )
    env.update(overrides)
    return env


@pytest.fixture
def production_env():
    """Factory for the environment of a production server (DJANGO_DEBUG=0), for subprocesses."""
    return _production_env


@pytest.fixture(scope="session")
def production_security_settings():
    """
    The security settings as settings.py computes them with DJANGO_DEBUG=0
    behind a TLS proxy, read in a subprocess (settings load once per process).
    Tests apply them with the `settings` fixture.
    """
    import json
    import subprocess
    import sys

    names = """
        DEBUG ALLOWED_HOSTS SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD
        SECURE_SSL_REDIRECT SECURE_REDIRECT_EXEMPT SECURE_PROXY_SSL_HEADER
        SECURE_CONTENT_TYPE_NOSNIFF SECURE_REFERRER_POLICY X_FRAME_OPTIONS SESSION_COOKIE_SECURE
        SESSION_COOKIE_HTTPONLY CSRF_COOKIE_SECURE CSRF_COOKIE_HTTPONLY CONTENT_SECURITY_POLICY
        LANGUAGE_COOKIE_SECURE LANGUAGE_COOKIE_HTTPONLY LANGUAGE_COOKIE_SAMESITE
    """.split()
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env = _production_env(DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    root = os.path.dirname(os.path.dirname(__file__))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values
