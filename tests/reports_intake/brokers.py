"""Private brokers and workers for delivery tests: a redis-server on a spare port (the shared one on
6379 is never touched) and `celery worker` processes pointed at it and at the test database."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings

from observatory.celery import app

REPO = Path(__file__).resolve().parents[2]


def spare_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


class RedisServer:
    def __init__(self, port: int | None = None):
        self.port = port or spare_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(self._answers, 10):
            raise RuntimeError("private redis-server did not start")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        wait_for(lambda: not self._answers(), 5)

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)

    def _answers(self) -> bool:
        try:
            return self.client().ping()
        except Exception:  # noqa: BLE001
            return False


_LAUNCHER = """
import sys
from observatory.celery import app
app.conf.broker_transport_options = {"visibility_timeout": float(sys.argv[1])}
app.worker_main(sys.argv[2:])
"""


class Worker:
    """`celery worker` on a private broker, consuming the default queue, with the delivery test task."""

    def __init__(
        self, broker_url, log_dir: Path, *, pool="solo", visibility_timeout=3600, env=None, queues="default"
    ):
        self.name = f"delivery-{uuid.uuid4().hex[:8]}@%h"
        self.logfile = log_dir / f"{self.name.split('@')[0]}.log"
        db = settings.DATABASES["default"]
        worker_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "observatory.settings_test",
            "DATABASE_URL": f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": broker_url,
            **(env or {}),
        }
        args = [
            "worker", "-P", pool, "-c", "1", "-Q", queues, "-n", self.name, "-l", "DEBUG",
            "--include", "tests.reports_intake.delivery_tasks",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(visibility_timeout), *args],
            cwd=REPO,
            env=worker_env,
            stdout=open(self.logfile, "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so a SIGKILL takes its pool children too
        )
        if not wait_for(lambda: "ready." in self.log() or self.proc.poll() is not None, 60):
            raise RuntimeError(f"worker did not start:\n{self.log()}")
        if self.proc.poll() is not None:
            raise RuntimeError(f"worker exited:\n{self.log()}")

    def log(self) -> str:
        return self.logfile.read_text() if self.logfile.exists() else ""

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: what a crashed host looks like to the broker."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def publishing_to(broker_url: str):
    """Point this process's Celery app (the outbox publisher) at another broker for the block."""
    # broker_write_url, not broker_url: Celery lets $CELERY_BROKER_URL win over broker_url in conf.
    saved = app.conf.get("broker_write_url"), app._pool, app.amqp._producer_pool
    app.conf.broker_write_url, app._pool, app.amqp._producer_pool = broker_url, None, None
    try:
        yield
    finally:
        if app._pool is not None:
            app._pool.force_close_all()
        app.conf.broker_write_url, app._pool, app.amqp._producer_pool = saved
