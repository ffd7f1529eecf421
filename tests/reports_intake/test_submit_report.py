import io
import time
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.db import DataError, connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from reports_intake import actions
from reports_intake.actions import Upload, submit_report
from reports_intake.models import KeyWrap, OutboxMessage, Report, StoredFile, TimelineEvent
from reports_intake.outbox import TOPICS


def png(colour=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), colour).save(out, "PNG")
    return out.getvalue()


def stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()]


def test_report_keeps_only_codes_month_and_hour_in_the_clear(intake_keys, boundaries, report_input):
    submitted = submit_report(report_input())

    report = Report.objects.get(id=submitted.report_id)
    assert report.location_kind == "neighbourhood"
    assert report.district_code == "2"
    assert report.neighbourhood_code == "021"  # Russafa
    assert report.incident_month == date(2026, 3, 1)
    assert report.status == "received"
    assert (report.received_at.minute, report.received_at.second, report.received_at.microsecond) == (0, 0, 0)
    payload = bytes(report.payload)
    assert b"inmobiliaria" not in payload and b"2026-03-14" not in payload and b"39.46" not in payload


def test_every_row_written_with_a_report_is_stamped_to_the_hour(intake_keys, boundaries, report_input):
    submitted = submit_report(report_input(attachments=[Upload("p.png", "image/png", png())]))
    rows = [
        Report.objects.get(id=submitted.report_id),
        *KeyWrap.objects.filter(report_id=submitted.report_id),
        *StoredFile.objects.filter(report_id=submitted.report_id),
        *TimelineEvent.objects.filter(report_id=submitted.report_id),
        *OutboxMessage.objects.filter(report_id=submitted.report_id),
    ]
    stamps = {row.created_at for row in rows} | {row.updated_at for row in rows}
    assert all(stamp.minute == stamp.second == stamp.microsecond == 0 for stamp in stamps)


def test_data_key_is_wrapped_to_office_triage_and_reporter(intake_keys, report_input):
    submitted = submit_report(report_input(location_kind="online", point=None))

    report = Report.objects.get(id=submitted.report_id)
    wraps = set(report.key_wraps.values_list("recipient_key_id", flat=True))
    reporter_key_id = actions.envelope.key_id(bytes(report.reporter_public_key))
    assert wraps == {intake_keys.office_key_id, intake_keys.triage_key_id, reporter_key_id}


def test_submission_records_received_event_and_triage_task(intake_keys, report_input):
    submitted = submit_report(report_input(location_kind="not_given", point=None))

    assert list(TimelineEvent.objects.filter(report_id=submitted.report_id).values_list("kind", "seq")) == [
        ("received", 0)
    ]
    task = OutboxMessage.objects.get(report_id=submitted.report_id)
    assert task.task_name == TOPICS["triage"]


def test_online_report_stores_no_place_even_with_a_pin(intake_keys, report_input):
    submitted = submit_report(report_input(location_kind="online"))
    report = Report.objects.get(id=submitted.report_id)
    assert (report.neighbourhood_code, report.district_code) == (None, None)


def test_pin_outside_the_city_keeps_no_code(intake_keys, boundaries, report_input):
    submitted = submit_report(report_input(point=(-3.7038, 40.4168)))  # Madrid
    report = Report.objects.get(id=submitted.report_id)
    assert (report.neighbourhood_code, report.district_code) == (None, None)


def test_chosen_neighbourhood_without_pin_gives_its_district(intake_keys, boundaries, report_input):
    submitted = submit_report(report_input(point=None, neighbourhood_code="011"))
    report = Report.objects.get(id=submitted.report_id)
    assert (report.neighbourhood_code, report.district_code) == ("011", "1")


def test_unknown_codes_are_refused(intake_keys, report_input):
    with pytest.raises(ValueError):
        submit_report(report_input(grounds=["not-a-ground"]))
    with pytest.raises(ValueError):
        submit_report(report_input(reporter_role="spy"))
    assert not Report.objects.exists()


def test_attachments_are_stored_encrypted_under_random_names(intake_keys, report_input, media_root):
    data = png()
    upload = Upload("calle.png", "image/png", data)
    submitted = submit_report(report_input(location_kind="online", attachments=[upload]))

    (stored,) = StoredFile.objects.filter(report_id=submitted.report_id)
    (path,) = stored_files(media_root)
    raw = path.read_bytes()
    assert "." not in path.name and "calle" not in str(path)
    assert data not in raw and b"PNG" not in raw
    assert stored.size == len(raw) and len(raw) % 1024 != len(data) % 1024


def test_nothing_is_stored_when_an_attachment_fails(intake_keys, report_input, media_root, monkeypatch):
    real_save, calls = default_storage.save, []

    def flaky_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", flaky_save)
    uploads = [Upload(f"{i}.png", "image/png", png((i, i, i))) for i in range(3)]
    with pytest.raises(OSError):
        submit_report(report_input(attachments=uploads))

    assert len(calls) == 2
    assert stored_files(media_root) == []
    assert not Report.objects.exists() and not KeyWrap.objects.exists() and not StoredFile.objects.exists()


# Autocommit, as in a web request: the one INSERT statement is its own transaction.
@pytest.mark.django_db(transaction=True)
def test_nothing_is_stored_when_the_database_refuses_the_last_row(
    intake_keys, report_input, media_root, monkeypatch
):
    # The outbox row is written last; a task name longer than its column makes PostgreSQL refuse it.
    monkeypatch.setitem(TOPICS, "triage", "x" * 500)
    with pytest.raises(DataError):
        submit_report(report_input(attachments=[Upload("a.png", "image/png", png())]))

    assert stored_files(media_root) == []
    assert not Report.objects.exists() and not StoredFile.objects.exists()
    assert not OutboxMessage.objects.exists()


def _statements_for_one_submission(report_input, django_capture_on_commit_callbacks, **changes) -> int:
    with CaptureQueriesContext(connection) as queries:
        with django_capture_on_commit_callbacks(execute=True):
            submit_report(report_input(**changes))
    # Savepoints are the test's transaction, not the submission's work.
    return len([q for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_sql_statements_per_submission_do_not_grow_with_stored_reports(
    intake_keys, boundaries, report_input, django_capture_on_commit_callbacks
):
    uploads = [Upload("a.png", "image/png", png()), Upload("b.png", "image/png", png((1, 2, 3)))]
    submit_report(report_input())  # warm the key cache, as in a running web process
    empty = _statements_for_one_submission(report_input, django_capture_on_commit_callbacks)
    with_files = _statements_for_one_submission(
        report_input, django_capture_on_commit_callbacks, attachments=uploads
    )
    for _ in range(200):
        submit_report(report_input())
    full = _statements_for_one_submission(report_input, django_capture_on_commit_callbacks)

    assert Report.objects.count() == 204
    assert empty == full
    assert with_files == empty  # the files' rows go in the same statement
    # locate the pin + one INSERT of every row + the UPDATE marking the outbox row published
    assert full <= 3
    print(f"\nSQL statements per submission: {full} (with 2 attachments: {with_files})")


def test_submission_is_fast(intake_keys, boundaries, report_input):
    submit_report(report_input())
    started = time.perf_counter()
    for _ in range(50):
        submit_report(report_input())
    per_submission = (time.perf_counter() - started) / 50
    print(f"\nsubmit_report: {per_submission * 1000:.1f} ms per submission")
    assert per_submission < 0.25


def test_a_submission_written_from_a_kept_statement_is_written_as_the_compiler_writes_it(
    intake_keys, boundaries, report_input, media_root, monkeypatch
):
    """observatory.db keeps each shape's compiled INSERT and prepares later rows' values itself; what it
    sends must be exactly what Django's insert compiler would have sent for those rows."""
    from django.db.models.sql import InsertQuery

    from observatory import db

    db._shapes.clear()
    sent, original = [], db._insert_sql

    def compared(conn, objects):
        statement, values = original(conn, objects)
        query = InsertQuery(type(objects[0]))
        query.insert_values(type(objects[0])._meta.concrete_fields, objects)
        ((expected_statement, expected_values),) = query.get_compiler(connection=conn).as_sql()
        sent.append(
            (
                type(objects[0]),
                len(objects),
                statement == expected_statement,
                db._same(values, expected_values),
            )
        )
        return statement, values

    monkeypatch.setattr(db, "_insert_sql", compared)
    uploads = [Upload("a.png", "image/png", png())]
    for _ in range(2):  # the first compiles and learns each shape, the second is written from it
        submit_report(report_input(attachments=uploads))

    kept = {(model, rows) for (_alias, model, rows, _placeholders), shape in db._shapes.items() if shape}
    assert {(Report, 1), (KeyWrap, 3), (StoredFile, 1), (TimelineEvent, 1), (OutboxMessage, 1)} <= kept
    assert sent and all(same_statement and same_values for *_group, same_statement, same_values in sent)
    assert Report.objects.count() == 2 and KeyWrap.objects.count() == 6


def test_a_row_with_an_expression_is_compiled_every_time(intake_keys, report_input):
    from django.db.models.functions import Now

    from observatory import db
    from observatory.db import insert_together

    submitted = submit_report(report_input())
    db._shapes.clear()
    for seq in (1, 2):
        event = TimelineEvent(report_id=submitted.report_id, kind=TimelineEvent.Kind.RECEIVED, seq=seq)
        event.created_at = event.updated_at = Now()
        insert_together([event])

    assert not any(model is TimelineEvent for _alias, model, *_rest in db._shapes)
    assert TimelineEvent.objects.filter(report_id=submitted.report_id).count() == 3
