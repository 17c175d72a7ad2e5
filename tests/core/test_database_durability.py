"""Acknowledged means on disk: the embedded SQLite database syncs every commit (synchronous=FULL)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


@pytest.mark.django_db
def test_every_sqlite_connection_syncs_each_commit():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite setting")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == FULL


def test_the_default_database_file_is_wal_and_full(tmp_path):
    # The settings a fresh installation gets, read by a separate process on a real file.
    db = tmp_path / "mangxanh.sqlite3"
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "mangxanh.settings", "DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["wal", str(FULL)]
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.django_db(transaction=True)  # SQLite refuses to change the level inside a transaction
def test_the_database_check_warns_about_settings_that_lose_commits():
    from mangxanh.core.checks import durable_database

    assert durable_database(databases=["default"]) == []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET synchronous_commit = off")  # this session only
            expected = "mangxanh.W001"
        else:
            cursor.execute("PRAGMA synchronous=NORMAL")
            expected = "mangxanh.W002"
    try:
        assert [m.id for m in durable_database(databases=["default"])] == [expected]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = on" if connection.vendor == "postgresql"
                           else "PRAGMA synchronous=FULL")
