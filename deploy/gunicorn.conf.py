"""Gunicorn settings for Mạng Xanh behind nginx (deploy/README.md).

    gunicorn -c deploy/gunicorn.conf.py mangxanh.wsgi
"""

import multiprocessing
import os

# Only nginx on this machine talks to gunicorn.
bind = os.environ.get("MANGXANH_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Requests that outlive this are killed and logged; uploads are bounded by nginx first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests, so a slow leak never grows without end.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-* are trusted only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
