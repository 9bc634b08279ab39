"""
/api/: the read-only open-data API and its OpenAPI schema at a stable
address, /api/schema/ (YAML; ?format=json for JSON). The URL patterns are
assembled in rolwijzer/api_urls.py, with the router of every kind
(roles/api_kinds.py) and the viewsets written in this app and the apps above
it (debates).
"""

import threading

from django.conf import settings
from django.urls import path, re_path
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response

from . import api

# The schema is the same for every request in a language: generated once per
# process and language. drf-spectacular loads its extensions while it first
# generates, and that is not thread-safe (a few concurrent first requests
# after a worker started answered 500). The lock lets one thread generate
# while the others wait; rolwijzer/wsgi.py generates every language's as a
# worker starts, before any request.
SCHEMA_LOCK = threading.Lock()
GENERATED = {}


def openapi_schema(language=None):
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with SCHEMA_LOCK:
        if language not in GENERATED:
            with translation.override(language):
                GENERATED[language] = SchemaGenerator().get_schema(request=None, public=True)
    return GENERATED[language]


class SchemaView(SpectacularAPIView):
    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        suffix = self.perform_content_negotiation(request, force=True)[0].format
        filename = f"{spectacular_settings.TITLE}.{suffix}"
        return Response(
            openapi_schema(), headers={"Content-Disposition": f'inline; filename="{filename}"'}
        )


def api_patterns(router):
    """The API's URL patterns: the schema, `router`'s (roles/api_kinds.py), the JSON 404."""
    return [
        path("schema/", SchemaView.as_view(), name="schema"),
        *router.urls,
        # Paths that end in a slash but match nothing, such as a malformed slug;
        # without the slash Django's redirect to the slashed URL still applies.
        re_path(r"^(?P<path>[\s\S]*/)$", api.not_found, name="not-found"),
    ]
