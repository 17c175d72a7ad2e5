"""`mangxanh run` in a fresh var/ directory: serves the log-in page, its worker runs the
start-up task (SQLite file database shared by both processes), and Ctrl-C stops both."""

from __future__ import annotations

import json
import os
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


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
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
    env.update(MANGXANH_VAR_DIR=str(tmp_path), PORT=str(port), PYTHONUNBUFFERED="1")
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
