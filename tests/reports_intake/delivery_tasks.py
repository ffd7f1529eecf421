"""A stand-in consumer for delivery tests (the real one is observatory.casework.tasks.triage_report). Only
the workers that tests/reports_intake start themselves import it (`--include`).

Every execution appends a line to $DELIVERY_LOG, so a test can count deliveries; the processing goes
through the idempotent `mark_triaged`, so a test can count outcomes in the database. With
$DELIVERY_SLEEP_FIRST set, the first execution sleeps that long: a window to kill its worker in."""

import os
import time

from celery import shared_task

from reports_intake.actions import mark_triaged

TASK_NAME = "tests.delivery.process_report"


@shared_task(name=TASK_NAME, ignore_result=True)
def process_report(report_id: str) -> None:
    log = os.environ["DELIVERY_LOG"]
    with open(log, "a") as fh:
        fh.write(f"start {report_id}\n")
    with open(log) as fh:
        first = sum(1 for _ in fh) == 1
    if first and os.environ.get("DELIVERY_SLEEP_FIRST"):
        time.sleep(float(os.environ["DELIVERY_SLEEP_FIRST"]))
    mark_triaged(report_id)
