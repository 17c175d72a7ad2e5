"""Shared fixtures: the demo province, logged-in clients, fast password hashing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from mangxanh.org import demo as demo_module
from mangxanh.org.models import Unit
from tests.browser.support import browser, log_in, page, screenshot  # noqa: F401 (shared fixtures)


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # The demo creates many users; the real hasher would make every test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_head_dir(request, settings, tmp_path):
    # Each test's database gets its own audit head file, never the one of var/. The file is
    # written when a transaction commits, which tests wrapped in one transaction never do:
    # there it is off, as `audit verify` would rightly fail on entries without a head file.
    settings.AUDIT_HEAD_DIR = str(tmp_path / "audit-head") if _commits(request) else ""


def _commits(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Rate-limit and lock-out counters live in the cache: each test starts with none, in this
    process's memory even when CACHE_URL is set (tests/test_shared_cache.py switches to Redis)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "mangxanh-tests"}}
    cache.clear()


@pytest.fixture
def demo(db) -> dict[str, Unit]:
    """Load the demo province; returns its units by code."""
    demo_module.load()
    # Transactional tests (live_server) flush the database, seeded reference data included.
    from mangxanh.intake.models import Agency, LegalClock
    from mangxanh.intake.seed import seed

    seed(LegalClock, Agency)
    return {u.code: u for u in Unit.objects.all()}


@pytest.fixture
def user_client():
    """user_client("thcs.bientap") -> a Client logged in as that demo user."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return make


@pytest.fixture
def probe(settings) -> Client:
    """A monitoring probe holding the health token: /suc-khoe/ shows it the details."""
    settings.HEALTH_TOKEN = "probe-token"
    return Client(HTTP_AUTHORIZATION="Bearer probe-token")


@pytest.fixture
def immediate_tasks(settings):
    """Queued tasks (e-mail after commit, webhooks) run at once in the test process instead of the worker;
    wrap the code under test in django_capture_on_commit_callbacks(execute=True) to reach the queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def victim_case(demo):
    """A child-abuse case at THCS Bến Thủy with a named victim: the most protected record there is."""
    from mangxanh.intake.models import VictimSupport
    from tests.intake.conftest import submit

    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"],
                  description="Học sinh lớp 7 bị người lạ dụ gửi ảnh").report.case
    VictimSupport.objects.create(case=case, victim_name="Nguyễn Thị Lan Anh", victim_class="7A")
    return case
