"""What `/readyz` and `/metrics` report: is each dependency reachable, and is work flowing.

Every probe has a short deadline, so a dead dependency makes the answer "not ready" within about a second
instead of holding a web thread. Error details are exception class names only: a message may carry a
URL with a password in it, and nothing here may leak into a response or a log.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from kombu import Connection

from observatory.casework.models import Case
from reports_intake.models import OutboxMessage, Report

HEARTBEAT_CACHE_KEY = "observatory:operations:triage-heartbeat"
# Kept long after the threshold, so that /readyz can say how stale a heartbeat is rather than "never".
HEARTBEAT_CACHE_SECONDS = 7 * 24 * 3600
_CACHE_PROBE_KEY = "observatory:operations:cache-probe"


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: dict

    def as_json(self) -> dict:
        return {"ok": self.ok, **self.detail}


def _failure(exc: BaseException) -> Check:
    return Check(False, {"error": type(exc).__name__})


def record_heartbeat() -> None:
    """Called by the heartbeat task on the triage worker (observatory.operations.tasks)."""
    cache.set(HEARTBEAT_CACHE_KEY, time.time(), HEARTBEAT_CACHE_SECONDS)


def heartbeat_age() -> float | None:
    """Seconds since the triage worker last ran the heartbeat task; None if it never did."""
    seen = cache.get(HEARTBEAT_CACHE_KEY)
    return None if seen is None else max(0.0, time.time() - float(seen))


def broker_in_process() -> bool:
    """The demo: no broker, tasks run in the web process, so there is no broker or worker to wait for."""
    return not settings.CELERY_BROKER_URL


def _broker_connection() -> Connection:
    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": timeout,
        "socket_timeout": timeout,
        "read_timeout": timeout,
        "write_timeout": timeout,
    }
    return Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout, transport_options=options)


def queue_names() -> list[str]:
    """Every queue a task is routed to (settings), the only values the queue-depth label takes."""
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values() if "queue" in route}
    return sorted({settings.CELERY_TASK_DEFAULT_QUEUE, *routed})


def queue_depths() -> dict[str, int]:
    """Messages waiting in each queue. Raises if the broker cannot be reached."""
    depths = {}
    with _broker_connection() as conn:
        conn.ensure_connection(max_retries=0)  # fail at the first refusal: no retry loop in a probe
        for name in queue_names():
            # A channel per queue: on AMQP a passive declare of a missing queue closes its channel.
            with conn.channel() as channel:
                try:
                    depths[name] = channel.queue_declare(queue=name, passive=True).message_count
                except conn.channel_errors:
                    depths[name] = 0  # never declared: nothing was ever sent to it
    return depths


def check_broker() -> Check:
    if broker_in_process():
        return Check(True, {"mode": "in-process"})
    try:
        with _broker_connection() as conn:
            conn.ensure_connection(max_retries=0)
    except Exception as exc:  # noqa: BLE001 - connection errors come in many classes (kombu, redis, amqp)
        return _failure(exc)
    return Check(True, {})


def check_database() -> Check:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            timeout_ms = int(settings.HEALTH_CHECK_TIMEOUT_SECONDS * 1000)
            # Set back afterwards: inside a caller's transaction (a test's) a local setting outlives the
            # savepoint and would cut every later statement of that transaction short.
            cursor.execute(
                "SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                [str(timeout_ms)],
            )
            previous = cursor.fetchone()[0]
            cursor.execute("SELECT 1")
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return _failure(exc)
    return Check(True, {})


def check_cache() -> Check:
    try:
        cache.get(_CACHE_PROBE_KEY)  # a round trip; the configured client has 2 s socket deadlines
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)
    return Check(True, {})


def outbox_backlog() -> tuple[int, float | None]:
    """(pending outbox rows, age in seconds of the oldest one). Both real time: a backlog only builds
    when the broker or the sweeper is failing, and then the alarm matters more than the minute."""
    pending = OutboxMessage.objects.filter(published_at__isnull=True).order_by()
    summary = pending.aggregate(oldest=Min("created_at"))
    oldest = summary["oldest"]
    return pending.count(), None if oldest is None else _age(oldest)


def oldest_untriaged_age() -> float | None:
    """Age of the oldest report still waiting for triage. `received_at` is rounded down to the hour, so
    this overstates the wait by up to an hour (thresholds allow for it)."""
    oldest = Report.objects.filter(status=Report.Status.RECEIVED).order_by().aggregate(m=Min("received_at"))
    return None if oldest["m"] is None else _age(oldest["m"])


def overdue_acknowledgements() -> int:
    return Case.objects.overdue().count()


def _age(moment) -> float:
    return max(0.0, (timezone.now() - moment).total_seconds())


def _threshold(value: float | None, maximum: float) -> Check:
    return Check(value is None or value <= maximum, {"value": value, "max": maximum})


def _work_checks() -> dict[str, Check]:
    backlog, _ = outbox_backlog()
    return {
        "outbox_backlog": _threshold(backlog, settings.HEALTH_OUTBOX_BACKLOG_MAX),
        "oldest_untriaged_seconds": _threshold(
            oldest_untriaged_age(), settings.HEALTH_UNTRIAGED_MAX_AGE_SECONDS
        ),
    }


def _heartbeat_check() -> Check:
    if broker_in_process():
        return Check(True, {"mode": "in-process"})
    age = heartbeat_age()
    maximum = settings.HEALTH_HEARTBEAT_MAX_AGE_SECONDS
    return Check(age is not None and age <= maximum, {"age_seconds": age, "max": maximum})


def readiness() -> dict[str, Check]:
    """Every check /readyz reports; ready when all are ok."""
    checks = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    if checks["database"].ok:
        try:
            checks.update(_work_checks())
        except Exception as exc:  # noqa: BLE001 - the database went away between two queries
            checks["work"] = _failure(exc)
    if checks["cache"].ok:
        try:
            checks["triage_heartbeat"] = _heartbeat_check()
        except Exception as exc:  # noqa: BLE001
            checks["triage_heartbeat"] = _failure(exc)
    else:
        checks["triage_heartbeat"] = Check(False, {"error": "cache unreachable"})
    return checks
