"""`mangxanh run` in a fresh var/ directory: serves the log-in page, its worker runs the
start-up task (SQLite file database shared by both processes), and Ctrl-C stops both.

Stopping is tried the ways `make run` meets it: Ctrl-C to the terminal's process group,
SIGTERM to the group from a supervisor that started it without job control (SIGINT ignored),
a second signal during shutdown, and `run` itself killed outright."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PROBE_TOKEN = "run-test-probe"


def _get(url: str) -> tuple[int, str]:
    # The health page shows details only to administrators and to probes holding HEALTH_TOKEN.
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {PROBE_TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, timeout: float, what: str, process: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mangxanh run exited early while waiting for {what}: {process.stdout.read()}")
        try:
            value = predicate()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            value = None
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find the child processes")
@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_run_serves_login_runs_worker_and_stops_cleanly(tmp_path, stop_signal):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "MANGXANH_PRODUCTION"}}
    env.update(MANGXANH_VAR_DIR=str(tmp_path), PORT=str(port), PYTHONUNBUFFERED="1", HEALTH_TOKEN=PROBE_TOKEN)
    process = subprocess.Popen(
        [sys.executable, "-m", "mangxanh", "run", "--no-demo"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, body = _wait_for(lambda: _get(f"{base}/tai-khoan/dang-nhap/"), 90, "the log-in page", process)
        assert status == 200
        assert "Tên đăng nhập hoặc e-mail" in body
        assert (tmp_path / "mangxanh.sqlite3").exists()
        # Users of the demo see the production error page in Vietnamese, not Django's debug page
        # listing every URL pattern; static files and the favicon are still served.
        status, body = _get(f"{base}/khong-co-trang-nay/")
        assert status == 404 and "Không tìm thấy trang (404)" in body
        assert "URLconf" not in body and "DEBUG = True" not in body
        assert 'rel="icon"' in body
        assert _status(f"{base}/static/core/favicon.ico") == 200
        assert _status(f"{base}/favicon.ico") == 200  # the redirect to the static file is followed
        assert _status(f"{base}/static/core/site.css") == 200

        # The worker started by `run` picks up the heartbeat task enqueued at start-up.
        health = _wait_for(
            lambda: (h := json.loads(_get(f"{base}/suc-khoe/?format=json")[1]))["last_success_task"] and h,
            60, "the worker to run the start-up task", process,
        )
        assert health["queue_depth"] == 0
        assert health["last_success_task"] == "heartbeat"
        # The worker's scheduler runs the periodic jobs by itself (no cron), on the shared SQLite file.
        health = _wait_for(
            lambda: (h := json.loads(_get(f"{base}/suc-khoe/?format=json")[1]))
            and all(job["last_ok"] for job in h["jobs"]) and h,
            60, "the scheduler to run every periodic job", process,
        )
        assert {job["name"] for job in health["jobs"]} >= {"retention_purge", "intake_deadlines", "scan_sweep"}
        assert all(job["next_run_at"] > job["last_started_at"] for job in health["jobs"])

        children = _children(process.pid)
        assert len(children) == 2, children  # web server and worker
        # No autoreloader: neither child runs the real work in a grandchild process.
        assert [grandchild for pid in children for grandchild in _children(pid)] == []
        process.send_signal(stop_signal)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, output
    assert f"http://127.0.0.1:{port}/" in output
    assert "Đã dừng máy chủ web và tác vụ nền." in output
    assert "Traceback" not in output
    assert not [pid for pid in children if _alive(pid)], "a child process survived Ctrl-C"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A var/ folder with a migrated database, copied by each test so `run` starts in seconds."""
    var = tmp_path_factory.mktemp("run-template")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "MANGXANH_PRODUCTION"}}
    env.update(MANGXANH_VAR_DIR=str(var))
    subprocess.run([sys.executable, "-m", "mangxanh", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    return var


def _start_group_leader(var: Path, port: int, *, ignore_sigint: bool) -> subprocess.Popen:
    """`run` as the leader of its own process group, as `make run` is in a terminal or under a supervisor.

    A shell without job control (`make run &`, scripts) starts background commands with SIGINT ignored."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "MANGXANH_PRODUCTION"}}
    env.update(MANGXANH_VAR_DIR=str(var), PORT=str(port), PYTHONUNBUFFERED="1")

    def setup():
        os.setpgid(0, 0)
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)

    return subprocess.Popen([sys.executable, "-m", "mangxanh", "run", "--no-demo"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, preexec_fn=setup)


def _serving_group(tmp_path: Path, migrated: Path, *, ignore_sigint: bool) -> tuple[subprocess.Popen, int, list[int]]:
    """`run` started as a process-group leader on a copy of the migrated folder, its log-in page answering,
    and its two children (web server, worker); everything is killed again if it does not get there."""
    var = tmp_path / "var"
    shutil.copytree(migrated, var)
    port = _free_port()
    process = _start_group_leader(var, port, ignore_sigint=ignore_sigint)
    children: list[int] = []
    try:
        _wait_for(lambda: _get(f"http://127.0.0.1:{port}/tai-khoan/dang-nhap/")[0] == 200, 90, "the log-in page",
                  process)
        children = _children(process.pid)
        assert len(children) == 2, children
    except BaseException:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.communicate(timeout=10)
        raise
    return process, port, children


def _gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not [pid for pid in pids if _alive(pid)]:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find the child processes")
@pytest.mark.parametrize(
    ("ignore_sigint", "signals"),
    [
        (False, [signal.SIGINT]),  # Ctrl-C in a terminal reaches the whole foreground group
        (True, [signal.SIGTERM]),  # a supervisor stops the group
        (True, [signal.SIGTERM, signal.SIGTERM]),  # and insists during shutdown
        (True, [signal.SIGHUP]),  # the terminal is closed
    ],
    ids=["ctrl-c", "group-sigterm", "second-signal", "hangup"],
)
def test_a_signal_to_the_process_group_stops_web_server_and_worker(tmp_path, migrated, ignore_sigint, signals):
    process, _, children = _serving_group(tmp_path, migrated, ignore_sigint=ignore_sigint)
    try:
        for number, signum in enumerate(signals):
            if number:
                time.sleep(0.2)
            os.killpg(process.pid, signum)
        # Well inside run's 10-second grace period: the children stop because they were asked to.
        output, _ = process.communicate(timeout=6)
        _gone_within(children, 2)
    finally:
        survivors = [pid for pid in children if _alive(pid)]
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in survivors:  # orphans would hold the output pipe open and hang the test
            os.kill(pid, signal.SIGKILL)
        if process.returncode is None:
            process.communicate(timeout=10)
    assert not survivors, "a child process survived the group signal"
    assert process.returncode == 0, output
    assert "Đã dừng máy chủ web và tác vụ nền." in output
    assert "Traceback" not in output


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find the child processes")
def test_children_stop_when_run_itself_is_killed(tmp_path, migrated):
    process, port, children = _serving_group(tmp_path, migrated, ignore_sigint=True)
    try:
        process.kill()  # SIGKILL: run cannot stop anything itself
        process.wait(timeout=5)
        assert _gone_within(children, 8), "web server or worker left running as orphans"
    finally:
        if process.poll() is None:
            process.kill()
        for pid in children:  # do not leave orphans behind when the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        process.communicate(timeout=10)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
