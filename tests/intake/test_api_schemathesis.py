"""Schemathesis against the partner API's own OpenAPI description (issue 16, item 21): bounded
generated requests to every operation find no server error and no status code the description
does not declare. Runs in-process through the WSGI application on the test database."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request; inside a test that is
    the test's own transaction (PostgreSQL), so do what Django's test client does: keep it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_partner_api_answers_as_described(partner, keep_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3
    raw_key = partner[1]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.headers = {**(case.headers or {}), "X-Api-Key": raw_key}
            response = case.call()
            case.validate_response(response, checks=(not_a_server_error, status_code_conformance))

        check()
