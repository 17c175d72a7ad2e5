"""A fuzz run of the partner API from its OpenAPI description (Hypothesis bodies aimed at ReportIn; the
schemathesis run is in test_api_schemathesis.py): whatever the body, the answer is JSON and never a 5xx."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mangxanh.intake.models import Report

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.text(alphabet=st.characters(codec="utf-8"), max_size=5))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8),
                                                                                           inner, max_size=4),
                      max_leaves=10)


VALID = {"incident_type": ["scam"], "description": "Trang giả danh trường thu tiền", "urls": ["https://vi.du/a"]}


def _bodies(schema_props: dict):
    fields = {name: values for name in schema_props}
    # Mostly valid bodies with one field broken reach deeper than pure noise.
    one_broken = st.tuples(st.sampled_from(sorted(schema_props)), values).map(lambda kv: {**VALID, kv[0]: kv[1]})
    return st.one_of(one_broken, st.fixed_dictionaries({}, optional=fields), values)


@pytest.fixture(scope="module")
def props(django_db_blocker):
    from mangxanh.intake.api import api

    schema = api.get_openapi_schema()
    return schema["components"]["schemas"]["ReportIn"]["properties"]


@pytest.mark.django_db
def test_fuzz_submit(client, partner, props):
    _, raw = partner

    @settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
    @given(body=_bodies(props), idem=st.text(max_size=10))
    def run(body, idem):
        try:
            payload = json.dumps(body)
        except (TypeError, ValueError):
            return
        headers = {"HTTP_X_API_KEY": raw}
        if idem.isprintable() and idem.isascii():
            headers["HTTP_IDEMPOTENCY_KEY"] = idem
        for path in ("/api/v1/reports", "/api/v1/reports/batch"):
            response = client.post(path, payload, content_type="application/json", **headers)
            assert response.status_code < 500, response.content
            assert response["Content-Type"].startswith("application/json")

    run()
    assert Report.objects.count() >= 0
