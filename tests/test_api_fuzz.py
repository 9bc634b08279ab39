"""
Fuzzing the open-data API from its own OpenAPI schema: schemathesis
generates requests for every operation (slugs, filters, page numbers) and
checks that no response is a server error and that every response conforms
to the schema (status code, content type, body).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from sample_knowledge import build

from rolwijzer.wsgi import application

# Generating the schema needs no database, so it can be loaded at collection.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def knowledge_with_drafts(db):
    # The WSGI handler closes "old" connections around each request, which
    # would close the test's transaction; Django's test client does the same.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield build()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, knowledge_with_drafts):
    case.call_and_validate()
