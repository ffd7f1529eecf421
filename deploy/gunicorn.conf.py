"""gunicorn settings for the web tier. The web tier holds public keys only (DESIGN §2)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The intake is CPU-bound Python (forms, templates, the ORM, HPKE) with short database and Redis waits,
# and one worker process can run Python on one core at a time. One worker per core plus one, with two
# threads each to cover those waits: measured on 2 cores (bench/bench_intake.py) this used ~15-20% less
# CPU per submission than 2 x cores + 1 workers x 4 threads, whose 20 threads mostly queued for the GIL,
# at the same or better latency. Override with GUNICORN_WORKERS / GUNICORN_THREADS.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# Deadlines, innermost first, each below the one around it so that the innermost answers the reporter:
# a database statement 10 s and a lock wait 3 s (settings.WEB_DB_TIMEOUTS_MS, switched on for this
# process by OBSERVATORY_WEB below), the cache 2 s and the broker 2 s to connect plus 2 s to send
# (settings), a worker that stops answering altogether 30 s (`timeout`), and the proxy's
# proxy_read_timeout (nginx's default, 60 s) last. A request that cannot finish therefore gets the
# "nothing was saved, send again" page from the application, not a proxy's bare 502/504.
os.environ.setdefault("OBSERVATORY_WEB", "1")
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
