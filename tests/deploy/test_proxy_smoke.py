"""The deployment in deploy/ really runs (issue 16, item 19): nginx terminating TLS with a
self-signed certificate in front of gunicorn (deploy/gunicorn.conf.py, production settings,
collected static files) and two task workers, all on loopback. A partner submits a report through
the proxy, a worker scans it, and an officer who logs in through the proxy sees the case.

Uses PostgreSQL when DATABASE_URL points at it (as on CI), else a SQLite file. Needs Debian's
nginx (`make test` installs it); without it the test is skipped, except on CI where it fails.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

pytestmark = pytest.mark.skipif(
    NGINX is None and os.environ.get("CI") != "true", reason="nginx is not installed (make test installs it)"
)


OFFICER_PASSWORD = "Trien-khai-2026!"
OFFICER = f"""
from django.contrib.auth import get_user_model
from mangxanh.org.models import Membership, Role, Unit
user = get_user_model().objects.create_user("canbo.xuly", "canbo.xuly@sgd.example.edu.vn", "{OFFICER_PASSWORD}")
user.full_name = "Cán bộ xử lý thử triển khai"
user.save()
Membership.objects.create(user=user, unit=Unit.objects.get(code="SGD-SL"), role=Role.CASE_OFFICER)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path) -> str:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp / 'deploy.sqlite3'}"
    import psycopg

    name = "mangxanh_deploy_smoke"
    with psycopg.connect(base.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))


def _wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.3).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port}")


class Browser:
    """Just enough of a browser over HTTPS with a self-signed certificate: cookies and redirects."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # our own self-signed certificate on loopback

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response, data.decode("utf-8", "replace")

    def declare(self, path: str, size: int):
        """Send only the headers of a POST of `size` bytes: the proxy must answer before any body."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.context, timeout=30)
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(size))
        conn.endheaders()
        response = conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        conn.close()
        return response, data


def test_report_through_nginx_is_scanned_and_seen_by_an_officer(tmp_path):
    assert NGINX, "nginx is required on CI (make test installs it)"
    web_port, https_port, http_port = _free_port(), _free_port(), _free_port()
    var = tmp_path / "var"
    var.mkdir()
    os.chmod(tmp_path, 0o755)
    base_env = {**os.environ, "DATABASE_URL": _database_url(tmp_path), "MANGXANH_VAR_DIR": str(var),
                "DJANGO_SETTINGS_MODULE": "mangxanh.settings"}
    for leaked in ("MANGXANH_PRODUCTION", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # set for the test process only
        base_env.pop(leaked, None)
    prod_env = {**base_env, "MANGXANH_PRODUCTION": "1", "DEBUG": "0",
                "SECRET_KEY": "deploy-test-only-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{https_port}", "BEHIND_HTTPS_PROXY": "1",
                "MANGXANH_BIND": f"127.0.0.1:{web_port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "2",
                "MANGXANH_REQUIRE_ADMIN_2FA": "0", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    mx = [str(BIN / "python"), "-m", "mangxanh"]

    def run(args, env):
        done = subprocess.run([*mx, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"mangxanh {' '.join(args)}: {done.stdout[-2000:]} {done.stderr[-2000:]}"
        return done

    # The demo province is development data: loaded before the production switch is turned on.
    run(["migrate", "-v0"], base_env)
    run(["demo", "load"], base_env)
    # Demo accounts never log in on a real installation: a real officer of the Sở does.
    run(["shell", "-c", OFFICER], base_env)
    created_key = run(["apikey", "create", "--unit", "SGD-SL", "--scope", "reports:write"], base_env).stdout
    api_key = [line for line in created_key.splitlines() if line.strip()][-1].strip()
    run(["collectstatic", "--noinput", "-v0"], prod_env)
    run(["check", "--deploy", "--fail-level", "WARNING"], prod_env)

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    site = (ROOT / "deploy" / "nginx" / "mangxanh.conf").read_text(encoding="utf-8")
    for name, value in {"UPSTREAM": f"127.0.0.1:{web_port}", "HTTP_LISTEN": f"127.0.0.1:{http_port}",
                        "HTTPS_LISTEN": f"127.0.0.1:{https_port}", "HTTPS_PORT": str(https_port),
                        "SERVER_NAME": "127.0.0.1", "CERT": str(cert), "KEY": str(key),
                        "STATIC_ROOT": str(var / "static")}.items():
        site = site.replace(f"@{name}@", value)
    assert "@" not in re.sub(r"#.*", "", site), "every placeholder of the site file is filled"
    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    (nginx_dir / "site.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (nginx_dir / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {nginx_dir}/nginx.pid;\nerror_log {nginx_dir}/error.log;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n access_log off;\n client_body_temp_path {nginx_dir}/body;\n proxy_temp_path {nginx_dir}/proxy;\n"
        f" fastcgi_temp_path {nginx_dir}/fastcgi;\n uwsgi_temp_path {nginx_dir}/uwsgi;\n scgi_temp_path {nginx_dir}/scgi;\n"
        f" include {nginx_dir}/site.conf;\n}}\n", encoding="utf-8")

    processes = []
    try:
        processes.append(subprocess.Popen([str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                           "mangxanh.wsgi"], env=prod_env, cwd=ROOT,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for _ in range(2):
            processes.append(subprocess.Popen([*mx, "worker"], env=prod_env, cwd=ROOT,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        processes.append(subprocess.Popen([NGINX, "-p", str(nginx_dir), "-c", str(nginx_dir / "nginx.conf"),
                                           "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        _wait_port(web_port)
        _wait_port(https_port)

        # Plain HTTP is sent to HTTPS; HTTPS answers with HSTS.
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/phan-anh/")
        redirect = plain.getresponse()
        assert redirect.status == 301 and redirect.getheader("Location").startswith(f"https://127.0.0.1:{https_port}/")
        browser = Browser(https_port)
        home, _ = browser.request("GET", "/")
        assert home.status == 200 and "max-age" in (home.getheader("Strict-Transport-Security") or "")
        static_url = re.search(r'href="(/static/[^"]+\.css)"', _)
        assert static_url, "pages link to the collected static files"
        css, _ = browser.request("GET", static_url.group(1))
        assert css.status == 200 and "immutable" in (css.getheader("Cache-Control") or "")

        # A 300 MB body is refused by its declared size, before it is sent: Vietnamese page, API JSON.
        refused, page = browser.declare("/phan-anh/", 300 * 1024 * 1024)
        assert refused.status == 413 and "Nội dung gửi lên quá lớn (413)" in page and "111" in page
        refused, answer = browser.declare("/api/v1/files", 300 * 1024 * 1024)
        assert refused.status == 413 and refused.getheader("Content-Type").startswith("application/json")
        assert json.loads(answer)["error"]["code"] == "too_large"

        # A partner submits a report through the proxy.
        body = json.dumps({"incident_type": ["child_abuse"], "description": "Một tài khoản lạ dọa tung ảnh nóng "
                           "của học sinh lớp 8 lên mạng nếu em không gửi thêm ảnh và chuyển 2 triệu.",
                           "urls": ["https://vi.du/bai/1"]}, ensure_ascii=False).encode()
        created, text = browser.request("POST", "/api/v1/reports", body, {
            "Content-Type": "application/json", "X-Api-Key": api_key, "Idempotency-Key": "deploy-smoke-1"})
        assert created.status == 201, text
        code = json.loads(text)["code"]

        # A worker opens its case and scans it: the engine's categories arrive on the report.
        deadline = time.monotonic() + 90
        scanned = ""
        while time.monotonic() < deadline:
            scanned = run(["shell", "-c", f"from mangxanh.intake.models import Report; r = Report.objects.get(code='{code}'); "
                                          "print(r.engine_categories, r.case.number if r.case else '')"], prod_env).stdout
            if "child_abuse" in scanned:
                break
            time.sleep(1)
        assert "child_abuse" in scanned, "a worker behind the deployment scanned the report"

        # An officer logs in through the proxy and sees the case.
        page, html = browser.request("GET", "/tai-khoan/dang-nhap/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        form = urlencode({"csrfmiddlewaretoken": token, "username": "canbo.xuly", "password": OFFICER_PASSWORD}).encode()
        logged, answer = browser.request("POST", "/tai-khoan/dang-nhap/", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": f"https://127.0.0.1:{https_port}/tai-khoan/dang-nhap/"})
        errors = re.findall(r'class="(?:errorlist[^"]*|notice[^"]*)"[^>]*>(.*?)</', answer, re.S)
        assert logged.status == 302, f"the log-in form accepts the officer through the proxy: {errors}"
        cases, html = browser.request("GET", "/vu-viec/")
        assert cases.status == 200 and "no-store" in (cases.getheader("Cache-Control") or "")
        assert scanned.split()[-1] in html, "the officer's case list shows the new case"
    finally:
        for proc in processes:
            proc.terminate()
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
