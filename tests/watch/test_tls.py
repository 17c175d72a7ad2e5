"""TLS on a real (loopback) https server: the certificate's expiry is read and warned about, and an
untrusted certificate is refused. The certificate is made with the openssl command at test time."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mangxanh.watch import fetcher
from mangxanh.watch.fetcher import FetchError

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")


class Hello(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        body = b"<p>xin chao</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Strict-Transport-Security", "max-age=63072000")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def https_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "10", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/", str(cert)
    server.shutdown()
    server.server_close()


def test_certificate_expiry_is_read_and_warned(https_server, settings):
    url, cert = https_server
    settings.WATCH_ALLOW_HOSTS = ["127.0.0.1"]
    settings.WATCH_CA_FILE = cert
    response = fetcher.fetch(url)
    assert response.status == 200
    days = (response.cert_not_after - datetime.now(UTC)).days
    assert 8 <= days <= 10
    assert fetcher.tls_warning_level(response.cert_not_after, datetime.now(UTC)) == 14
    present, _ = fetcher.header_report(response.headers, https=True)
    assert "strict-transport-security" in present


def test_untrusted_certificate_is_refused(https_server, settings):
    url, _ = https_server
    settings.WATCH_ALLOW_HOSTS = ["127.0.0.1"]
    settings.WATCH_CA_FILE = None
    with pytest.raises(FetchError, match="Chứng chỉ"):
        fetcher.fetch(url)


@pytest.mark.django_db
def test_site_check_records_the_tls_warning(https_server, settings, demo):
    from mangxanh.review.models import OfficialChannel
    from mangxanh.watch.checks import check_site, site_for

    url, cert = https_server
    settings.WATCH_ALLOW_HOSTS = ["127.0.0.1"]
    settings.WATCH_CA_FILE = cert
    channel = OfficialChannel.objects.create(unit=demo["THCS-BENTHUY"], kind="website", name="Trang TLS", address=url)
    check = check_site(site_for(channel))
    assert check.ok and check.tls_warning_days == 14 and check.tls_expires_at is not None
    assert "strict-transport-security" in check.headers_present
