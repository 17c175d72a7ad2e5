"""Shared set-up of the benchmarks (not tests): a throw-away database, a generated department tree,
its leader, and timing a callable a few times."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def start_django() -> str:
    """A fresh SQLite database in a temporary folder, migrated; returns the folder (remove it at the end)."""
    tmp = tempfile.mkdtemp(prefix="mangxanh-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mangxanh.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    print(f"Database: {settings.DATABASES['default']['ENGINE']} in {tmp}")
    return tmp


def build_department(n_schools: int, n_communes: int, school_type_codes: tuple[str, ...], school_name: str):
    """A Sở with n_communes communes and n_schools schools spread evenly under them (school types in turn).
    Returns (root, schools)."""
    from mangxanh.org.models import Unit, UnitType
    from mangxanh.org.seed import seed_unit_types

    seed_unit_types(UnitType)
    types = {t.code: t for t in UnitType.objects.all()}
    school_types = [types[c] for c in school_type_codes]
    root = Unit.objects.add_root({"code": "SGD-BENCH", "name": "Sở Giáo dục và Đào tạo tỉnh Thử Nghiệm",
                                  "unit_type": types["so-gddt"]})
    per_commune = n_schools // n_communes
    schools = []
    for c in range(n_communes):
        root = Unit.objects.get(pk=root.pk)
        commune = Unit.objects.add_child(root, {"code": f"XA-{c:03d}", "name": f"UBND xã Thử Nghiệm {c + 1}",
                                                "unit_type": types["ubnd-xa"]})
        for s in range(per_commune):
            commune = Unit.objects.get(pk=commune.pk)
            schools.append(Unit.objects.add_child(commune, {
                "code": f"TR-{c:03d}-{s:02d}", "name": f"{school_name} {c + 1}.{s + 1}",
                "unit_type": school_types[s % len(school_types)]}))
    return Unit.objects.get(depth=1), schools


def department_leader(root):
    from django.contrib.auth import get_user_model

    from mangxanh.org.models import Membership, Role

    leader = get_user_model().objects.create(username="bench.leader", full_name="Lãnh đạo Sở thử")
    Membership.objects.create(user=leader, unit=root, role=Role.LEADER)
    return leader


def time_page(client, url: str, repeat: int, check=lambda response: True) -> list[float]:
    """Seconds per GET of url, repeat times; each answer must be a 200 that passes check."""
    timings = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200 and check(response), response.status_code
    return timings


def summary(timings: list[float]) -> str:
    return f"median {statistics.median(timings):.3f} s, max {max(timings):.3f} s"
