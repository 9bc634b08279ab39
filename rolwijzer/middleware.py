"""
Two guards at the edge of every request.

NUL characters: a NUL byte in the path, the query string, a header or a
cookie is never meaningful here, and PostgreSQL cannot store or compare one
(psycopg refuses the query with a ValueError, a 500). Every search box,
filter, admin lookup and the session (whose key comes from a cookie, in
which Django decodes an octal escape such as "\\000") would need its own
check; RejectNullCharactersMiddleware answers 400 before any of them runs.
Form fields already refuse NUL in POST data.

Database outages: they answer 503 "Service Unavailable" instead of a 500
with a stack trace. The reader sees a short apology, the load balancer and
crawlers see a temporary condition, and the app recovers by itself once
PostgreSQL is back (CONN_HEALTH_CHECKS replaces the dead connection on the
next request). Two entry points, because Django reports errors in two ways:

- DatabaseUnavailableMiddleware.process_exception sees errors raised by a
  view or while a TemplateResponse renders (a context processor or template
  that reads the database, a lazy queryset).
- server_error, installed as handler500, sees everything else that escapes
  to Django's uncaught-exception handler, such as a middleware saving the
  session after the view ran.

The 503 page itself is rendered without a RequestContext (so no context
processors run, nothing reads request.user) from a template that extends
nothing; if even that fails the response falls back to a fixed text.
"""

import logging
import sys

from django.core.exceptions import SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("rolwijzer.outage")

# Seconds a client is asked to wait; a PostgreSQL restart takes a few.
RETRY_AFTER = 30

FALLBACK_BODY = (
    '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
    "<title>Tijdelijk niet beschikbaar</title></head><body>"
    "<h1>Tijdelijk niet beschikbaar</h1>"
    "<p>Rolwijzer kan zijn gegevens nu niet bereiken. Probeer het over een minuut opnieuw.</p>"
    "</body></html>"
)


def null_character_in(request):
    """Where the request holds a NUL character ("the URL", "a header", "a cookie"), or None."""
    if "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    ):
        return "the URL"
    # WSGI gives every header as text (its bytes read as Latin-1).
    if any(
        isinstance(value, str) and "\x00" in value
        for name, value in request.META.items()
        if name.startswith("HTTP_") or name in ("CONTENT_TYPE", "CONTENT_LENGTH")
    ):
        return "a header"
    if any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items()):
        return "a cookie"
    return None


class RejectNullCharactersMiddleware:
    """Place it before any middleware that reads a header, a cookie or the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = null_character_in(request)
        if where:
            return defaults.bad_request(request, SuspiciousOperation(f"NUL character in {where}"))
        return self.get_response(request)


def is_database_outage(exc):
    return isinstance(exc, (OperationalError, InterfaceError))


def database_unavailable(request, exc):
    logger.error(
        "Database unavailable, answered 503 for %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        str(exc).strip().splitlines()[0] if str(exc).strip() else "",
    )
    try:
        body = loader.get_template("503.html").render({"retry_after": RETRY_AFTER})
    except Exception:
        # The outage page must never become an error page of its own.
        logger.exception("Could not render 503.html; sending the built-in text")
        body = FALLBACK_BODY
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER)
    # A proxy or browser must not keep serving the outage after recovery.
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_outage(exception):
            return database_unavailable(request, exception)
        return None


def server_error(request, *args, **kwargs):
    """handler500: a database outage outside the view still becomes a 503."""
    exc = sys.exc_info()[1]
    if is_database_outage(exc):
        return database_unavailable(request, exc)
    return defaults.server_error(request, *args, **kwargs)
