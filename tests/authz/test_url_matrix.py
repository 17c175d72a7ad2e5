"""Every URL of the project is in the matrix, and nobody anonymous gets past the log-in page."""

from __future__ import annotations

from django.urls import reverse

from tests.authz.conftest import admin_url, url_names
from tests.authz.matrix import ADMIN_AREA, MATRIX, MEMBER, PUBLIC, SCOPED, SHARED, TARGET_UNITS, rule_for

LOGIN_URL = "/tai-khoan/dang-nhap/"
ADMIN_LOGIN_URL = "/quan-tri/login/"


def test_every_url_pattern_is_classified():
    missing = [name for name in url_names() if rule_for(name) is None]
    assert not missing, (
        "URLs without an entry in tests/authz/matrix.py (say who may use them, and for "
        f"unit objects how to build another unit's URL): {missing}"
    )


def test_matrix_names_no_url_that_does_not_exist():
    stale = sorted(set(MATRIX) - set(url_names()))
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


def _sample_request(name: str, demo) -> tuple[str, str, dict]:
    rule = rule_for(name)
    if rule.kind == ADMIN_AREA:
        return "GET", admin_url(name), {}
    if name == "accounts:password_reset_confirm":
        return "GET", reverse(name, kwargs={"uidb64": "MQ", "token": "sai-ma"}), {}
    kwargs, data = rule.target(demo[TARGET_UNITS[0]]) if rule.target else ({}, {})
    return rule.method, reverse(name, kwargs=kwargs), data


def test_anonymous_is_sent_to_log_in(client, demo):
    failures = []
    for name in url_names():
        rule = rule_for(name)
        if rule is None or rule.kind == PUBLIC:
            continue
        method, url, data = _sample_request(name, demo)
        response = client.post(url, data) if method == "POST" else client.get(url)
        login = ADMIN_LOGIN_URL if rule.kind == ADMIN_AREA else LOGIN_URL
        if response.status_code != 302 or not response["Location"].startswith(login):
            failures.append(f"{method} {url} ({name}): {response.status_code} {response.get('Location', '')}")
    assert not failures, "anonymous requests not sent to log-in:\n" + "\n".join(failures)


def test_public_pages_answer_anonymous_people(client, demo):
    failures = []
    for name in url_names():
        rule = rule_for(name)
        if rule is None or rule.kind != PUBLIC:
            continue
        _, url, _ = _sample_request(name, demo)
        response = client.get(url)
        if response.status_code not in rule.allowed_status:
            failures.append(f"GET {url} ({name}): {response.status_code}")
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            if 'lang="vi"' not in response.content.decode():
                failures.append(f"GET {url} ({name}): page is not marked Vietnamese")
    assert not failures, "\n".join(failures)


def test_object_urls_know_how_to_build_another_units_url(demo):
    for name, rule in MATRIX.items():
        if rule.kind in (SCOPED, MEMBER, SHARED):
            assert rule.target is not None, name
            rule.target(demo["THCS-HONGSON"])
