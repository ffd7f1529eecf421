"""The triage task end to end: a submitted report is decrypted by the triage worker (the only process
given the triage key), labelled, and queued for a person; twice delivered, it is stored once."""

from dataclasses import replace

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from nlp.models import TriageResult
from nlp.triage import load_model
from observatory.accounts import keys
from observatory.casework.actions import apply_triage
from observatory.casework.models import Case
from observatory.casework.tasks import triage_report
from observatory.celery import app
from reports_intake.actions import submit_report
from reports_intake.models import Report, TimelineEvent
from tests.factories import create_office, new_report
from tests.waiting import wait_until

HOUSING_RACISM = new_report(
    narrative=(
        "Llamé a la inmobiliaria por un piso en Russafa y cuando oyeron mi acento marroquí me dijeron que "
        "el propietario no alquila a extranjeros. A mi compañera española le enseñaron el piso "
        "al día siguiente."
    ),
    location_kind="not_given",
    grounds=[],
    domains=[],
)


@pytest.fixture
def system_keys(db, triage_key_file):
    """The office, whose triage key is the one in the file the worker is given."""
    create_office(triage_key=keys.read_private_key_file(triage_key_file))
    yield
    keys.clear_cache()


def _wait_for_triage(report_id, timeout=90.0) -> TriageResult:
    return wait_until(
        lambda: TriageResult.objects.filter(report_id=report_id).first(),
        timeout,
        what="the worker triaging the report (see var/test-worker.log)",
    )


@pytest.mark.worker
def test_submitted_report_is_triaged_by_the_worker_once(celery_worker, transactional_db, system_keys):
    submitted = submit_report(HOUSING_RACISM)
    result = _wait_for_triage(submitted.report_id)

    report = Report.objects.get(id=submitted.report_id)
    assert report.status == Report.Status.TRIAGED
    assert result.domain == "housing"
    assert "racism" in result.grounds
    assert result.language == "es"
    assert Case.objects.get(report_id=submitted.report_id).status == Case.Status.TRIAGED

    # Delivered again (the outbox is at-least-once): still one result and one "triaged" step.
    # The task ignores its result; this one delivery asks for it, so that the test waits until the
    # worker has finished the duplicate (an exception in it would be raised here too).
    again = app.send_task(
        "casework.triage_report", args=[str(submitted.report_id)], queue="triage", ignore_result=False
    )
    again.get(timeout=60)
    assert TriageResult.objects.filter(report_id=submitted.report_id).count() == 1
    assert TimelineEvent.objects.filter(report_id=submitted.report_id, kind="triaged").count() == 1


def test_web_process_holds_no_triage_key(settings, monkeypatch):
    monkeypatch.delenv("TRIAGE_PRIVATE_KEY_FILE", raising=False)
    assert not [name for name in dir(settings) if "TRIAGE" in name and "KEY" in name]
    with pytest.raises(ImproperlyConfigured):
        keys.load_triage_private_key()


def test_text_the_model_cannot_handle_still_reaches_a_person(
    system_keys, triage_key_file, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("TRIAGE_PRIVATE_KEY_FILE", str(triage_key_file))
    with django_capture_on_commit_callbacks():
        submitted = submit_report(
            replace(HOUSING_RACISM, narrative="🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂")
        )

    def broken(*args, **kwargs):
        raise RuntimeError("model failure")

    monkeypatch.setattr("nlp.triage.triage", broken)
    triage_report.run(str(submitted.report_id))
    result = TriageResult.objects.get(report_id=submitted.report_id)
    assert result.needs_review
    assert Report.objects.get(id=submitted.report_id).status == Report.Status.TRIAGED


def test_urgent_report_raises_a_content_free_alert(system_keys, settings, django_capture_on_commit_callbacks):
    settings.OFFICE_ALERT_EMAILS = ["oficina@example.org"]
    with django_capture_on_commit_callbacks():
        submitted = submit_report(replace(HOUSING_RACISM, narrative="Me han dicho que me van a matar " * 3))
    urgent = {
        "language": "es",
        "grounds": ["racism"],
        "domain": "public_space",
        "incident_type": "threat",
        "urgent": True,
        "urgency_reasons": ["threat_to_life"],
        "scores": {},
        "pii": [],
        "model_version": "test",
    }
    with django_capture_on_commit_callbacks(execute=True):
        apply_triage(submitted.report_id, urgent)
        apply_triage(submitted.report_id, urgent)  # a second delivery alerts nobody again
    assert Report.objects.get(id=submitted.report_id).urgent
    assert Case.objects.get(report_id=submitted.report_id).urgent
    assert len(mail.outbox) == 1
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert "matar" not in body and str(submitted.report_id) not in body


def test_a_worker_without_its_key_still_puts_the_report_in_front_of_a_person(
    system_keys, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        submitted = submit_report(HOUSING_RACISM)
    monkeypatch.delenv("TRIAGE_PRIVATE_KEY_FILE", raising=False)
    triage_report.run(str(submitted.report_id))
    assert TriageResult.objects.get(report_id=submitted.report_id).needs_review
    assert Case.objects.filter(report_id=submitted.report_id).exists()


URGENT_NOW = (
    "Ahora mismo en la parada del autobús de Orriols dos hombres me han pegado y me sangra la cabeza. Me "
    "gritaban que me van a matar por ser moro. Sigo aquí, tengo miedo."
)


def test_first_pass_flags_an_urgent_report_and_the_full_pass_replaces_it(
    system_keys, triage_key_file, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("TRIAGE_PRIVATE_KEY_FILE", str(triage_key_file))
    meta = load_model().meta
    assert meta["first_pass_model_version"], "the served model has an encoder, hence a first pass"
    with django_capture_on_commit_callbacks():
        submitted = submit_report(replace(HOUSING_RACISM, narrative=URGENT_NOW))

    # The task as the worker runs it on the first message: the TF-IDF pass alone, stored at once (the
    # full pass is sent to the back of the triage queue).
    triage_report.run(str(submitted.report_id))
    first = TriageResult.objects.get(report_id=submitted.report_id)
    assert first.model_version == meta["first_pass_model_version"]
    assert first.urgent and Case.objects.get(report_id=submitted.report_id).urgent

    # The message the first pass sent: the encoder pass replaces the suggestion, the flag stays.
    triage_report.run(str(submitted.report_id), full_pass=True)
    full = TriageResult.objects.get(report_id=submitted.report_id)
    assert full.model_version == meta["model_version"]
    assert Case.objects.get(report_id=submitted.report_id).urgent

    # A redelivered first message finds the full result and changes nothing.
    triage_report.run(str(submitted.report_id))
    assert TriageResult.objects.get(report_id=submitted.report_id).model_version == meta["model_version"]
    assert TimelineEvent.objects.filter(report_id=submitted.report_id, kind="triaged").count() == 1


@pytest.mark.worker
def test_the_worker_follows_the_first_pass_with_the_full_pass(celery_worker, transactional_db, system_keys):
    full_version = load_model().meta["model_version"]
    submitted = submit_report(replace(HOUSING_RACISM, narrative=URGENT_NOW))
    result = wait_until(
        lambda: TriageResult.objects.filter(
            report_id=submitted.report_id, model_version=full_version
        ).first(),
        120.0,
        what="the worker's full pass (see var/test-worker.log)",
    )
    assert result.urgent
    assert Case.objects.get(report_id=submitted.report_id).urgent


def test_a_failed_full_pass_leaves_the_first_pass_suggestion(
    system_keys, triage_key_file, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("TRIAGE_PRIVATE_KEY_FILE", str(triage_key_file))
    meta = load_model().meta
    with django_capture_on_commit_callbacks():
        submitted = submit_report(replace(HOUSING_RACISM, narrative=URGENT_NOW))
    triage_report.run(str(submitted.report_id))

    monkeypatch.delenv("TRIAGE_PRIVATE_KEY_FILE")  # the full pass cannot decrypt the report
    keys.clear_cache()
    triage_report.run(str(submitted.report_id), full_pass=True)
    result = TriageResult.objects.get(report_id=submitted.report_id)
    assert result.model_version == meta["first_pass_model_version"]
    assert not result.needs_review and result.urgent
