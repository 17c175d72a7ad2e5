"""`mangxanh run`: prepare the database, then serve the web app and one task worker together.

Both children run in their own process group, so Ctrl-C in a terminal reaches
only this command, which then stops each child exactly once (a second SIGINT
would make the worker abandon the task it is running).
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_TIMEOUT = 10  # seconds each child gets to finish its current request or task


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Migrate, load the demo province if the database is empty, then run web server and task worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo province.")

    def handle(self, *args, **options):
        from mangxanh.org.models import Unit

        call_command("migrate", interactive=False, verbosity=0)
        if not options["no_demo"] and not Unit.objects.exists() and not settings.PRODUCTION:
            call_command("demo", "load")
            # Sample channels and drafts so editors and reviewers have something to open.
            # (quietly: the console e-mail backend would print their notification e-mails).
            with contextlib.redirect_stdout(io.StringIO()):
                call_command("demo_review")
        from mangxanh.core.tasks import heartbeat

        # Proves at once, on the health page, that the worker runs tasks.
        heartbeat.enqueue()

        base = [sys.executable, "-m", "mangxanh"]
        # The demo runs as users will see it: Vietnamese error pages, not Django's debug pages
        # (which list every URL pattern). DEBUG=1 in the environment still turns them on.
        env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "0")}
        addr = f"{options['host']}:{options['port']}"
        # SIGTERM (systemd, docker stop) and a closed terminal stop everything the same way as Ctrl-C.
        signal.signal(signal.SIGTERM, _raise_interrupt)
        signal.signal(signal.SIGHUP, _raise_interrupt)
        children: list[subprocess.Popen] = []
        failed: list[subprocess.Popen] = []
        try:
            children.append(subprocess.Popen([*base, "runserver", addr, "--noreload"], process_group=0, env=env))
            children.append(subprocess.Popen([*base, "worker"], process_group=0, env=env))
            self.stdout.write(self.style.SUCCESS(f"\nMạng Xanh đang chạy tại http://{addr}/  (Ctrl-C để dừng)\n"))
            if not settings.PRODUCTION:
                from mangxanh.org.demo import DEMO_PASSWORD, demo_logins

                self.stdout.write(f"Tài khoản thử nghiệm (mật khẩu chung: {DEMO_PASSWORD}):")
                for username, description in demo_logins():
                    self.stdout.write(f"  {username:<22} {description}")
            self.stdout.flush()
            while all(child.poll() is None for child in children):
                time.sleep(0.3)
            failed = [c for c in children if c.returncode not in (None, 0)]
            if failed:
                self.stderr.write(f"Một tiến trình đã dừng bất thường (mã {failed[0].returncode}); dừng tất cả.")
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
            self._stop(children)
        self.stdout.write("Đã dừng máy chủ web và tác vụ nền.")
        if failed:
            sys.exit(1)

    @staticmethod
    def _stop(children: list[subprocess.Popen]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
