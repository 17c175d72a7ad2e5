"""Queue a task together with the rows it works on.

With the database task backend the task is a row of the same database: enqueued inside the caller's
transaction, a commit stores the change and its task or neither, so a crash between the two cannot
leave work nobody will do. Other backends (immediate, dummy) would run or drop the task before the
commit, so they are queued after it; the sweeps (mangxanh.scanning.sweep,
mangxanh.intake.opening.open_waiting_reports) catch what such a backend loses.
"""

from __future__ import annotations

from django.db import router, transaction


def tasks_in_same_database(task, model) -> bool:
    """Whether task is queued as a row of the database that stores model's rows."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    return isinstance(task_backends[task.backend], DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == router.db_for_write(model)
    )


def enqueue_with(task, model, *args) -> None:
    """Enqueue task(*args) so that it commits with the caller's rows of model (see the module)."""
    if tasks_in_same_database(task, model):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
