"""Prometheus metrics, computed at scrape time from the database and the broker, so every web process
answers alike (no per-process counters to merge).

No label carries personal data or a client address: the only labels are a dependency name, a report
status and a queue name, each from a fixed list. Report counts cover only reports received before the
current clock hour, so those series move once an hour and give away no more than the database's
hour-rounded times; a per-scrape count would date each submission to the scrape interval.
"""

from datetime import timedelta

from django.db.models import Count
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from observatory.models import hour_now
from observatory.operations import health, triage_timing
from reports_intake.models import Report


def _gauge(name: str, documentation: str, value: float | None, labels=None) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, documentation, labels=list(labels or {}))
    if value is not None:
        family.add_metric(list((labels or {}).values()), value)
    return family


def _report_metrics():
    hour = hour_now()
    settled = Report.objects.filter(received_at__lt=hour).order_by()
    by_status = dict(settled.values_list("status").annotate(n=Count("id")))
    reports = GaugeMetricFamily(
        "observatory_reports", "Reports received before the current hour, by status", labels=["status"]
    )
    for status in Report.Status.values:
        reports.add_metric([status], by_status.get(status, 0))
    yield reports
    yield _gauge(
        "observatory_reports_received_previous_hour",
        "Reports received in the last complete clock hour",
        settled.filter(received_at__gte=hour - timedelta(hours=1)).count(),
    )
    yield _gauge(
        "observatory_oldest_untriaged_report_age_seconds",
        "Age of the oldest report waiting for triage (hour precision; 0 when none waits)",
        health.oldest_untriaged_age() or 0.0,
    )
    backlog, oldest = health.outbox_backlog()
    yield _gauge("observatory_outbox_backlog", "Outbox tasks not yet published to the broker", backlog)
    yield _gauge(
        "observatory_outbox_oldest_pending_age_seconds",
        "Age of the oldest unpublished outbox task (0 when none)",
        oldest or 0.0,
    )
    yield _gauge(
        "observatory_cases_overdue_acknowledgement",
        "Open cases whose reporter was not acknowledged by the deadline",
        health.overdue_acknowledgements(),
    )


class ObservatoryCollector:
    def describe(self):
        return []  # nothing at registration: collecting reads the database

    def collect(self):
        up = GaugeMetricFamily("observatory_up", "1 when the dependency answers", labels=["dependency"])
        database = health.check_database()
        cache = health.check_cache()
        up.add_metric(["database"], float(database.ok))
        up.add_metric(["cache"], float(cache.ok))
        depths = None
        if not health.broker_in_process():
            try:
                depths = health.queue_depths()
            except Exception:  # noqa: BLE001 - connection errors come in many classes
                depths = None
            up.add_metric(["broker"], float(depths is not None))
        yield up
        if database.ok:
            yield from _report_metrics()
        if depths is not None:
            queues = GaugeMetricFamily("observatory_queue_depth", "Messages waiting", labels=["queue"])
            for name, depth in depths.items():
                queues.add_metric([name], depth)
            yield queues
        if cache.ok and not health.broker_in_process():
            age = health.heartbeat_age()
            yield _gauge(
                "observatory_triage_heartbeat_age_seconds",
                "Seconds since the triage worker last ran its heartbeat task (absent: never)",
                age,
            )
        if cache.ok:
            buckets, _count, total = triage_timing.snapshot()
            yield HistogramMetricFamily(
                "observatory_triage_task_duration_seconds",
                "Run time of the triage tasks the triage workers finished",
                buckets=buckets,
                sum_value=total,
            )


registry = CollectorRegistry(auto_describe=False)
registry.register(ObservatoryCollector())


CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # what generate_latest writes


def render() -> bytes:
    return generate_latest(registry)
