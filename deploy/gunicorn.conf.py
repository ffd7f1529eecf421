"""gunicorn settings for the web tier. The web tier holds public keys only (DESIGN §2)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
# Request bodies are capped by nginx and Django; keep header limits tight too.
limit_request_line = 4094
limit_request_fields = 60
# No access log: it would record client addresses and user agents (DESIGN §5). Errors go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
