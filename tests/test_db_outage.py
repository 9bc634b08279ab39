"""
While the database is down, readers get a calm 503 page (no stack trace, no
database access while it renders) and the app picks up again by itself.

The outage is simulated with connection.execute_wrapper: every query raises
the OperationalError psycopg raises when PostgreSQL is gone. The real thing
(stopping PostgreSQL under gunicorn) is scripts/pg_restart_check.sh.
"""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import get_resolver, path

from rolwijzer.middleware import server_error

# The site's own handler500, so this test URLconf handles errors as the site does.
from rolwijzer.urls import handler500  # noqa: F401

OUTAGE_MESSAGE = "server closed the connection unexpectedly"


class DatabaseDown:
    """execute_wrapper that fails every query, and counts the attempts."""

    def __init__(self, exc_class=OperationalError):
        self.exc_class = exc_class
        self.attempts = 0

    def __call__(self, execute, sql, params, many, context):
        self.attempts += 1
        raise self.exc_class(OUTAGE_MESSAGE)


# A small URLconf of its own, so the tests do not depend on which pages the
# site has today: a view that queries, a view whose template's context
# processors query, and a middleware that queries after the view ran.


def querying_view(request):
    return HttpResponse(f"{get_user_model().objects.count()} users")


def context_processor_view(request):
    template = engines["django"].from_string("<p>{{ site_counts }}</p>")
    return HttpResponse(template.render({}, request))


def plain_view(request):
    return HttpResponse("plain")


def buggy_view(request):
    raise ValueError("a bug, not an outage")


def counting_context_processor(request):
    return {"site_counts": get_user_model().objects.count()}


class QueryAfterViewMiddleware:
    """Like a session save: touches the database after the view returned."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path == "/after-view/":
            get_user_model().objects.exists()
        return response


urlpatterns = [
    path("query/", querying_view),
    path("context-processor/", context_processor_view),
    path("after-view/", plain_view),
    path("bug/", buggy_view),
]


@pytest.fixture
def outage_urls(settings):
    settings.ROOT_URLCONF = __name__
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.QueryAfterViewMiddleware"]
    template_settings = [dict(settings.TEMPLATES[0])]
    template_settings[0]["OPTIONS"] = {
        **template_settings[0]["OPTIONS"],
        "context_processors": [
            *template_settings[0]["OPTIONS"]["context_processors"],
            f"{__name__}.counting_context_processor",
        ],
    }
    settings.TEMPLATES = template_settings


def assert_clean_503(response):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert "no-store" in response["Cache-Control"]
    # The page from templates/503.html, not the built-in fallback text.
    assert "startpagina" in body
    for leak in ("Traceback", "OperationalError", "InterfaceError", OUTAGE_MESSAGE, 'File "'):
        assert leak not in body
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/query/", "/context-processor/", "/after-view/"])
def test_outage_answers_503_page_wherever_the_query_happens(outage_urls, url, caplog):
    client = Client(raise_request_exception=False)
    down = DatabaseDown()
    with caplog.at_level(logging.ERROR, logger="rolwijzer.outage"):
        with connection.execute_wrapper(down):
            response = client.get(url)
    assert_clean_503(response)
    assert down.attempts >= 1
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/query/", "/context-processor/"])
def test_outage_answers_503_with_debug_on_too(outage_urls, settings, url):
    """The middleware answers before Django's debug page would: same page in development."""
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(DatabaseDown()):
        response = client.get(url)
    assert_clean_503(response)


@pytest.mark.django_db
def test_outage_page_rendering_does_not_touch_the_database(outage_urls):
    """The failing context processor must not run again for the 503 page."""
    client = Client(raise_request_exception=False)
    down = DatabaseDown()
    with connection.execute_wrapper(down):
        response = client.get("/context-processor/")
    assert_clean_503(response)
    assert down.attempts == 1


@pytest.mark.django_db
def test_outage_interface_error_also_answers_503(outage_urls):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(DatabaseDown(InterfaceError)):
        response = client.get("/query/")
    assert_clean_503(response)


@pytest.mark.django_db
def test_outage_page_keeps_the_security_headers(outage_urls):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(DatabaseDown()):
        response = client.get("/query/")
    assert response.status_code == 503
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_outage_over_the_app_recovers_on_the_next_request(outage_urls):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(DatabaseDown()):
        assert client.get("/query/").status_code == 503
    response = client.get("/query/")
    assert response.status_code == 200
    assert response.content.decode().endswith("users")


@pytest.mark.django_db
def test_outage_other_errors_stay_500(outage_urls):
    response = Client(raise_request_exception=False).get("/bug/")
    assert response.status_code == 500


@pytest.mark.django_db
def test_outage_site_pages_answer_503(admin_user):
    """The real site: the admin (session and user lookup) and a public list."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    with connection.execute_wrapper(DatabaseDown()):
        admin_response = client.get("/admin/")
        list_response = client.get("/roles/")
        health = client.get("/healthz")
    assert_clean_503(admin_response)
    assert_clean_503(list_response)
    # The load balancer's probe neither reads the session nor the database.
    assert health.status_code == 200


def test_outage_handler500_is_installed():
    assert get_resolver().resolve_error_handler(500) is server_error


def test_outage_503_falls_back_to_fixed_text_when_the_template_fails(rf, monkeypatch):
    def missing(name, *args, **kwargs):
        raise OSError("template directory unreadable")

    monkeypatch.setattr("rolwijzer.middleware.loader.get_template", missing)
    try:
        raise OperationalError(OUTAGE_MESSAGE)
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    body = response.content.decode()
    assert "Tijdelijk niet beschikbaar" in body
    assert OUTAGE_MESSAGE not in body
