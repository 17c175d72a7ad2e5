"""`mangxanh check --database default`: the database keeps what it acknowledges.

A report is acknowledged once its transaction commits. PostgreSQL with synchronous_commit=off
answers before the commit is on disk; fsync=off or full_page_writes=off can corrupt the whole
cluster on power loss. SQLite runs with synchronous=FULL (settings). Database checks run only
when asked for a database (``check --database default``), never on every start.
"""

from __future__ import annotations

from django.core import checks
from django.db import connections

# setting -> the value that loses acknowledged data
POSTGRES_UNSAFE = {"synchronous_commit": "off", "fsync": "off", "full_page_writes": "off"}


@checks.register(checks.Tags.database)
def durable_database(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for name, unsafe in POSTGRES_UNSAFE.items():
                    cursor.execute(f"SHOW {name}")
                    if cursor.fetchone()[0] == unsafe:
                        problems.append(checks.Warning(
                            f"PostgreSQL ({alias}) runs with {name}={unsafe}: acknowledged reports can be lost "
                            "on a crash or power loss.",
                            hint=f"Set {name}=on in postgresql.conf (see README, Durability).",
                            id="mangxanh.W001",
                        ))
            elif connection.vendor == "sqlite":
                cursor.execute("PRAGMA synchronous")
                if cursor.fetchone()[0] < 2:
                    problems.append(checks.Warning(
                        f"SQLite ({alias}) runs with synchronous below FULL: the last acknowledged reports can "
                        "vanish on power loss.",
                        hint="Keep the project's init_command (PRAGMA synchronous=FULL).",
                        id="mangxanh.W002",
                    ))
    return problems
