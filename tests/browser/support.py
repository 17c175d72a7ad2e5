"""Browser test support: Playwright (sync API) driving Debian's chromium against pytest-django's live_server.

The fixtures are made available to the whole suite by tests/conftest.py, so every browser test
shares one chromium (a second sync Playwright in the same thread fails).

Browsers are never downloaded: chromium comes from the system (`make test`
installs the Debian package when it is missing). Screenshots go to
var/test-artifacts/ so CI can keep them.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "var" / "test-artifacts"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_path()
    if executable is None:
        pytest.fail("Debian chromium is missing: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) at desktop size, pointed at the live server."""
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, "name") saves var/test-artifacts/name.png and returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str, **options) -> Path:
        path = ARTIFACTS / f"{name}.png"
        tab.screenshot(path=str(path), **options)
        return path

    return take


@pytest.fixture
def log_in():
    """log_in(page, username): fills in and submits the real log-in form."""
    from mangxanh.org.demo import DEMO_PASSWORD

    def submit(tab, username: str, password: str = DEMO_PASSWORD) -> None:
        tab.goto("/tai-khoan/dang-nhap/")
        tab.get_by_label("Tên đăng nhập hoặc e-mail").fill(username)
        tab.get_by_label("Mật khẩu").fill(password)
        tab.get_by_role("button", name="Đăng nhập").click()
        tab.wait_for_load_state()

    return submit


def run_tasks() -> None:
    """Run every queued task (scans, e-mails) with django-tasks' database worker (the loop of `mangxanh db_worker`).

    Called from the test between browser steps, while the page waits (HTMX polling) for the
    findings. Not from a second thread: SQLite's shared in-memory test database answers
    "table is locked" to concurrent writers instead of waiting. The command's own handle()
    installs signal handlers, so its Worker is used directly, in batch mode.
    """
    from django.db import OperationalError
    from django_tasks_db.management.commands.db_worker import Worker

    for _ in range(5):
        try:
            Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                   max_tasks=None, worker_id="browser-test-worker", excluded_queue_names=[]).run()
            return
        except OperationalError:  # the live server was writing at that moment: try again
            time.sleep(0.2)
    raise AssertionError("the task worker could not reach the database")
