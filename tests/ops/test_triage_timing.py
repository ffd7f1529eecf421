"""Triage latency in /metrics: the triage worker times each triage task it finishes and the histogram
`observatory_triage_task_duration_seconds` shows it, from any web process, with no label but its fixed
bucket bounds."""

from django.db import transaction
from prometheus_client.parser import text_string_to_metric_families

from observatory.accounts import keys
from observatory.operations import triage_timing
from reports_intake.actions import submit_report
from reports_intake.models import Report
from tests import factories
from tests.waiting import wait_until

HISTOGRAM = "observatory_triage_task_duration_seconds"


def _histogram(client, token) -> dict[str, float]:
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}").content.decode()
    family = next(f for f in text_string_to_metric_families(text) if f.name == HISTOGRAM)
    return {
        sample.labels.get("le", sample.name.rsplit("_", 1)[-1]): sample.value for sample in family.samples
    }


def test_each_finished_triage_task_is_timed_into_the_histogram(
    celery_worker, transactional_db, triage_key_file, client, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.METRICS_TOKEN = "scrape-token-for-tests"
    factories.create_office(triage_key=keys.read_private_key_file(triage_key_file))
    triage_timing.reset()
    assert _histogram(client, settings.METRICS_TOKEN)["count"] == 0

    with transaction.atomic():
        submitted = submit_report(factories.new_report(narrative=factories.REPORTER_NARRATIVE))
    wait_until(
        lambda: Report.objects.filter(pk=submitted.report_id, status=Report.Status.TRIAGED).exists(),
        90,
        what="the report triaged by the worker",
    )
    histogram = wait_until(
        lambda: (h := _histogram(client, settings.METRICS_TOKEN))["count"] >= 1 and h,
        30,
        what="the triage task timed",
    )
    bounds = [str(b) for b in triage_timing.BUCKETS] + ["+Inf"]
    cumulative = [histogram[bound] for bound in bounds]
    assert cumulative == sorted(cumulative) and cumulative[-1] == histogram["count"]
    assert 0 < histogram["sum"] < 60 * histogram["count"]
