"""`mangxanh run`: prepare the database, then serve the web app and one task worker together.

Both children run in their own process group, so Ctrl-C in a terminal reaches
only this command, which then stops each child exactly once (a second SIGINT
would make the worker abandon the task it is running).

Stopping works however the signal comes: Ctrl-C, SIGTERM or SIGHUP to this
command or to its whole process group (`make run` under a supervisor). A second
signal while stopping stops the children at once, and the children end with
this command even when it is killed outright (Linux: PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

STOP_TIMEOUT = 10  # seconds each child gets to finish its current request or task


PR_SET_PDEATHSIG = 1  # linux/prctl.h
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()


def _child_setup(parent: int) -> None:
    """Runs in each child between fork and exec: no threads, no locks, only system calls."""
    # A shell without job control (`make run &`, scripts, some supervisors) starts us with SIGINT
    # ignored, and children inherit that: Python then never raises KeyboardInterrupt, so runserver
    # would ignore the stop request. Children always get the default SIGINT disposition.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if _PRCTL is not None:
        # If this command dies without stopping us (SIGKILL, a crash), the kernel sends SIGTERM.
        _PRCTL(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


class StopRequests:
    """Counts stop signals; the main loop and the shutdown read the count (no work in the handler)."""

    def __init__(self):
        self.count = 0

    def __call__(self, signum, frame):
        self.count += 1

    def install(self) -> None:
        for signum in STOP_SIGNALS:
            signal.signal(signum, self)


def child_env(environ: Mapping[str, str], *, host: str, port: str) -> dict[str, str]:
    """The environment of the web server and the worker this command starts.

    E-mails (staff reminders, reporter notices, invitations) link to settings.MANGXANH_BASE_URL; without
    it they would say port 8000 while `PORT=8471 make run` serves 8471. A value already set wins (a proxy
    in front, a real domain)."""
    # The demo runs as users will see it: Vietnamese error pages, not Django's debug pages
    # (which list every URL pattern). DEBUG=1 in the environment still turns them on.
    env = {**environ, "DEBUG": environ.get("DEBUG", "0")}
    if not env.get("MANGXANH_BASE_URL"):
        # A wildcard address is where the server listens, not one a browser can open.
        name = "127.0.0.1" if host in {"", "0.0.0.0", "::", "[::]"} else host
        if ":" in name and not name.startswith("["):
            name = f"[{name}]"  # an IPv6 address in a URL
        env["MANGXANH_BASE_URL"] = f"http://{name}:{port}"
    return env


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
        env = child_env(os.environ, host=options["host"], port=str(options["port"]))
        addr = f"{options['host']}:{options['port']}"
        # Ctrl-C, SIGTERM (systemd, docker stop, a group kill) and a closed terminal all stop everything.
        stops = StopRequests()
        stops.install()
        children: list[subprocess.Popen] = []
        failed: list[subprocess.Popen] = []
        parent = os.getpid()
        try:
            for command in ([*base, "runserver", addr, "--noreload"], [*base, "worker"]):
                if stops.count:
                    break
                children.append(subprocess.Popen(command, process_group=0, env=env, preexec_fn=lambda: _child_setup(parent)))
            if not stops.count:
                self._announce(addr)
            while not stops.count and all(child.poll() is None for child in children):
                time.sleep(0.2)
            failed = [c for c in children if c.returncode not in (None, 0)]
            if failed and not stops.count:
                self.stderr.write(f"Một tiến trình đã dừng bất thường (mã {failed[0].returncode}); dừng tất cả.")
        finally:
            self._stop(children, stops)
        self.stdout.write("Đã dừng máy chủ web và tác vụ nền.")
        if failed and not stops.count:
            sys.exit(1)

    def _announce(self, addr: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nMạng Xanh đang chạy tại http://{addr}/  (Ctrl-C để dừng)\n"))
        if not settings.PRODUCTION:
            from mangxanh.org.demo import DEMO_PASSWORD, demo_logins

            self.stdout.write(f"Tài khoản thử nghiệm (mật khẩu chung: {DEMO_PASSWORD}):")
            for username, description in demo_logins():
                self.stdout.write(f"  {username:<22} {description}")
        self.stdout.flush()

    @staticmethod
    def _stop(children: list[subprocess.Popen], stops: StopRequests) -> None:
        """Ask each child once to finish (SIGINT); kill them after STOP_TIMEOUT or at the next stop signal."""
        asked = stops.count
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT
        while any(child.poll() is None for child in children):
            if time.monotonic() > deadline or stops.count > asked:
                for child in children:
                    if child.poll() is None:
                        child.kill()
            time.sleep(0.05)
        for child in children:
            child.wait()
