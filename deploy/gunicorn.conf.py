"""Gunicorn settings for Mạng Xanh behind nginx (deploy/README.md).

    gunicorn -c deploy/gunicorn.conf.py mangxanh.wsgi
"""

import multiprocessing
import os

# Only nginx on this machine talks to gunicorn.
bind = os.environ.get("MANGXANH_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# One thread per process (gunicorn's sync worker): nginx buffers slow clients, and threads of one
# process only take turns on its interpreter lock. Measured on two cores with 50 clients
# (benchmarks/bench_intake_load.py, PostgreSQL): 5 x 1 gave 341 reports/s, p95 193 ms; 5 x 4 gave
# 296 reports/s, p95 429 ms.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Requests that outlive this are killed and logged; uploads are bounded by nginx first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Load the application once in the master, then fork: a worker that dies (or is killed) is back
# in milliseconds instead of re-importing Django and the engine, and the workers share that memory.
# Safe here: nothing opens a database connection at import time (connections open per request).
preload_app = True
# A worker is replaced after this many requests, so a slow leak never grows without end.
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-* are trusted only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
