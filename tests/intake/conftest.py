"""Fixtures for intake tests: images, a partner key, a helper to submit reports and run their scans."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mangxanh.intake import services
from mangxanh.intake.models import ApiKey
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import perform_scan


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}
    from django.core.cache import cache

    cache.clear()


def png_bytes(color=(200, 30, 30), size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 32), (10, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van A"
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def partner(demo):
    key, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm",
                            scopes=["reports:write", "reports:read", "files:write"])
    return key, raw


def run_scans() -> int:
    done = 0
    for scan in Scan.objects.filter(status=ScanStatus.PENDING).order_by("pk"):
        perform_scan(scan)
        done += 1
    return done


def submit(**kwargs) -> services.Submitted:
    data = {"categories": ["harassment"], "description": "Bạn lớp 8A bị bêu xấu trên nhóm chat."}
    data.update(kwargs)
    return services.submit_report(services.ReportInput(**data))
