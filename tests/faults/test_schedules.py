"""Finding 6: the beat schedule is what keeps reports and bulletins moving. Each entry that must exist is
named here with its task, so deleting or renaming one fails; the bulletin task is retried with backoff
after a database error, so a quarter is not skipped for a blip; beat keeps its schedule on a volume."""

from pathlib import Path

import yaml
from django.conf import settings
from django.db import DatabaseError

from cms.tasks import build_due_bulletins
from observatory.celery import app

REQUIRED = {
    "publish-outbox": "reports_intake.publish_outbox",
    "purge-spent-nonces": "reports_intake.purge_spent_nonces",
    "check-orphans": "reports_intake.check_orphans",
    "build-quarterly-bulletin": "cms.build_due_bulletins",
    "triage-heartbeat": "observatory.triage_heartbeat",
}
COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose.yaml"


def test_every_required_beat_entry_is_scheduled_with_a_registered_task():
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    for name, task in REQUIRED.items():
        assert name in schedule, f"beat entry {name!r} was removed"
        assert schedule[name]["task"] == task
        assert task in app.tasks, f"{task} is not a registered task"
    # The sweeper's minute is part of the republish bound (outbox.REPUBLISH_AFTER_SWEEPS).
    assert schedule["publish-outbox"]["schedule"] == 60.0


def test_the_bulletin_task_is_retried_with_backoff_after_a_database_error():
    assert issubclass(DatabaseError, build_due_bulletins.autoretry_for)
    assert build_due_bulletins.retry_backoff and build_due_bulletins.retry_backoff_max <= 3600
    # Up to about a day of retries (60 s, 120 s, ... capped at an hour).
    assert build_due_bulletins.max_retries >= 24


def test_beat_keeps_its_schedule_on_a_volume():
    beat = yaml.safe_load(COMPOSE.read_text())["services"]["beat"]
    command = beat["command"]
    schedule_file = command[command.index("--schedule") + 1]
    assert not schedule_file.startswith("/tmp/")
    assert any(volume.split(":")[1] == str(Path(schedule_file).parent) for volume in beat["volumes"]), (
        "the schedule file must be on a volume, or a missed run is never caught up"
    )
