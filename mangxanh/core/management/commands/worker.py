"""`mangxanh worker`: one task worker on the database backend (django-tasks-db).

Start the command several times (on one or many machines) for more workers. On
PostgreSQL each worker claims a task with SELECT … FOR UPDATE SKIP LOCKED, so
workers never take the same task; on SQLite the claim runs in an exclusive
transaction, which is safe but serialises workers: use one there.
"""

import os
import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand


def default_worker_id() -> str:
    # Readable in the task results (worker_ids) and unique across machines.
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]


class Command(BaseCommand):
    help = "Run a task worker (database backend). Start it several times for more workers."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="Queues to take tasks from, comma-separated (* = all).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls of an empty queue.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Stop after this many tasks.")
        parser.add_argument("--batch", action="store_true", help="Run the tasks waiting now, then stop.")
        parser.add_argument("--worker-id", default=None, help="Unique name of this worker (default: host-pid).")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not run the periodic jobs here.")
        parser.add_argument("--schedule-every", type=float, default=30.0,
                            help="Seconds between checks for due periodic jobs.")

    def handle(self, *args, **options):
        kwargs = {
            "queue_name": options["queue_name"],
            "interval": options["interval"],
            "worker_id": options["worker_id"] or default_worker_id(),
            "batch": options["batch"],
            # The autoreloader would run the worker in a child process that Ctrl-C cannot stop cleanly.
            "reload": False,
            "verbosity": options["verbosity"],
        }
        if options["max_tasks"]:
            kwargs["max_tasks"] = options["max_tasks"]
        scheduler = None
        if not options["batch"] and not options["no_scheduler"]:
            from mangxanh.core.scheduler import SchedulerThread

            # Periodic jobs (reminders, escalation, purge, feeds, scan sweep) run beside the task loop;
            # with several workers each due job still runs once (mangxanh.core.scheduler).
            scheduler = SchedulerThread(kwargs["worker_id"], every=options["schedule_every"])
            scheduler.start()
        try:
            call_command("db_worker", **kwargs)
        except KeyboardInterrupt:
            # Ctrl-C (or `make run` stopping) before db_worker installed its own handlers, e.g. while
            # it is still being imported: a stop request, not an error worth a traceback.
            pass
        finally:
            if scheduler:
                scheduler.stop()
