"""Schemathesis against the partner API's own OpenAPI description (issue 16, item 21): bounded
generated requests to every operation find no server error and no status code the description
does not declare. Runs in-process through the WSGI application on the test database."""

from __future__ import annotations

import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

EXAMPLES_PER_OPERATION = 25


def test_partner_api_answers_as_described(partner):
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
