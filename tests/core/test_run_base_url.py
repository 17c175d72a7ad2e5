"""`mangxanh run --port N`: links in e-mails point at the port the web server really listens on."""

from __future__ import annotations

import os
import subprocess
import sys

from mangxanh.core.management.commands.run import child_env


def test_children_get_a_base_url_on_their_own_port():
    env = child_env({"PATH": "/usr/bin"}, host="127.0.0.1", port="8471")
    assert env["MANGXANH_BASE_URL"] == "http://127.0.0.1:8471"
    assert env["PATH"] == "/usr/bin" and env["DEBUG"] == "0"


def test_a_base_url_already_set_is_kept():
    env = child_env({"MANGXANH_BASE_URL": "https://mangxanh.example", "DEBUG": "1"}, host="0.0.0.0", port="8471")
    assert env["MANGXANH_BASE_URL"] == "https://mangxanh.example" and env["DEBUG"] == "1"


def test_listening_on_every_address_still_links_to_this_machine():
    # 0.0.0.0 is not an address a browser can open.
    assert child_env({}, host="0.0.0.0", port="9000")["MANGXANH_BASE_URL"] == "http://127.0.0.1:9000"


def test_settings_read_the_base_url_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings; print(settings.MANGXANH_BASE_URL)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mangxanh.settings", "MANGXANH_BASE_URL": "http://127.0.0.1:8471"}
    env.pop("MANGXANH_PRODUCTION", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "http://127.0.0.1:8471"
