"""Fixtures for intake tests: images, a partner key, a helper to submit reports and run their scans."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from mangxanh.intake import services
from mangxanh.intake.models import ApiKey
from mangxanh.intake.opening import open_waiting_reports
from tests.files.conftest import media  # noqa: F401 (autouse: files in a temporary folder, no rate limits)
from tests.files.images import jpeg_with_gps  # noqa: F401 (intake and audit tests import it from here)
from tests.review.conftest import run_pending_scans as run_scans  # noqa: F401 (imported from here)


def png_bytes(color=(200, 30, 30), size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def partner(demo):
    key, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm",
                            scopes=["reports:write", "reports:read", "files:write"])
    return key, raw


def open_cases() -> int:
    """Open the case of every stored report that has none, as the worker's open_case task does."""
    return open_waiting_reports(older_than=timedelta(0))


def submit(**kwargs) -> services.Submitted:
    """submit_report() followed by the task that opens the report's case (as the worker would)."""
    data = {"categories": ["harassment"], "description": "Bạn lớp 8A bị bêu xấu trên nhóm chat."}
    data.update(kwargs)
    submitted = services.submit_report(services.ReportInput(**data))
    open_cases()
    submitted.report.refresh_from_db()
    return submitted
