"""Retention that erases (DESIGN §10): expired reports are crypto-shredded, leaving no row, file or cache
entry that can be tied to them (a counted case keeps only its clear statistical fields); a legal hold
stops it and is audited; the reporter's request from the mailbox leads to the same shredding after a
grace period, and the case page shows that it was asked, not why."""

import io
import subprocess
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from nlp.actions import UNLABELLED
from observatory.accounts.models import Membership
from observatory.audit.models import AuditEntry
from observatory.casework import actions as casework
from observatory.casework.models import Case, CaseAction
from observatory.casework.staff import keyring
from observatory.crypto import envelope, recipients
from observatory.crypto.keyfiles import read_private_key_file
from observatory.operations import backup, retention
from observatory.stats import tables
from observatory.stats.periods import parse_period
from reports_intake.actions import Upload, submit_report
from reports_intake.mailbox.actions import (
    UnknownReceipt,
    add_reporter_message,
    send_caseworker_message,
    unlock_mailbox,
)
from reports_intake.models import ErasureRequest, KeyWrap, LegalHold, Message, Report, StoredFile
from tests import factories
from tests.ops.test_backup_restore import _backup, _Collect, _dump_as_sql, backup_key  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed rows only

ATTACHMENT = b"%PDF-1.4\nCANARY-FILE-7f3a\n%%EOF\n"


def _submit(narrative: str, with_file: bool = True):
    uploads = [Upload(name="carta.pdf", content_type="application/pdf", data=ATTACHMENT)] if with_file else []
    # No broker message: these reports stand for reports a year or five old, whose tasks are long gone.
    with mock.patch("reports_intake.outbox._publish_new"):
        submitted = submit_report(factories.new_report(narrative=narrative, attachments=uploads))
    return Report.objects.get(pk=submitted.report_id), submitted.receipt


def _age(report: Report, days: int) -> None:
    Report.objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(days=days))


@pytest.fixture
def world(office, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    olga = factories.create_caseworker("olga", office, Membership.Role.OFFICE_CASEWORKER)
    admin = factories.create_staff("ana", office.organisation, Membership.Role.ORG_ADMIN)
    org = office.organisation

    # A: a case closed six years ago, labels confirmed (counted in the statistics), with messages both
    # ways, a reporter's file and a sealed action note.
    a, a_receipt = _submit("CANARY-A narrative")
    case_a = casework.apply_triage(a.id, {**UNLABELLED, "model_version": "test"})
    _, reporter_private = unlock_mailbox(a_receipt)
    add_reporter_message(a.id, reporter_private, "CANARY-A reporter message", [
        Upload(name="foto.pdf", content_type="application/pdf", data=ATTACHMENT)
    ])  # fmt: skip
    dek = keyring.report_data_key(a, org, office.key.private)
    send_caseworker_message(a.id, org, "CANARY-A caseworker message", dek=dek)
    casework.confirm_labels(case_a, organisation=org, by=olga, grounds=["racism"], domain="employment",
                            incident_type="denial_of_service")  # fmt: skip
    casework.record_action(case_a, organisation=org, by=olga, code=_redress_code(), on=timezone.now().date(),
                           note="CANARY-A note", org_private=office.key.private)  # fmt: skip
    casework.close_case(Case.objects.get(pk=case_a.pk), organisation=org, by=olga)
    Case.objects.filter(pk=case_a.pk).update(closed_at=timezone.now() - timedelta(days=6 * 365))

    # B: never taken up (its case is still new, labels never confirmed), received two years ago.
    b, b_receipt = _submit("CANARY-B narrative")
    _age(b, 2 * 365)
    # C: expired like B but under a legal hold. D: fresh, kept.
    c, _ = _submit("CANARY-C narrative", with_file=False)
    _age(c, 2 * 365)
    d, _ = _submit("CANARY-D narrative")
    return {"office": office, "olga": olga, "admin": admin, "a": a, "case_a": case_a, "a_receipt": a_receipt,
            "b": b, "b_receipt": b_receipt, "c": c, "d": d}  # fmt: skip


def _redress_code() -> str:
    from observatory.taxonomy import REDRESS_ACTIONS

    return REDRESS_ACTIONS.values[0]


def _traces(report: Report) -> dict[str, str]:
    """Every identifier and ciphertext of a report, as they would appear in a plain-SQL dump (bytea as
    hex), in storage (file names) and in Redis (ids)."""
    found = {
        "lookup": bytes(report.reporter_lookup).hex(),
        "payload": bytes(report.payload)[:48].hex(),
        "sealed_reporter_key": bytes(report.reporter_private_sealed)[:48].hex(),
        "reporter_public_key": bytes(report.reporter_public_key)[:48].hex(),
    }
    for wrap in KeyWrap.objects.filter(report=report):
        found[f"wrap {wrap.recipient_key_id}"] = bytes(wrap.wrapped_dek)[:48].hex()
    for message in Message.objects.filter(report=report):
        found[f"message {message.id}"] = str(message.id)
        found[f"message ciphertext {message.id}"] = bytes(message.sealed)[:48].hex()
    for stored in StoredFile.objects.filter(report=report):
        found[f"file {stored.id}"] = str(stored.id)
        found[f"file name {stored.id}"] = stored.storage_name
    return found


def _pg_dump() -> str:
    db = django_settings.DATABASES["default"]
    return subprocess.run(
        ["pg_dump", "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "--data-only", db["NAME"]],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def _redis_dump() -> str:
    """Every key and value of the cache and broker databases, as text."""
    seen = []
    for url in (django_settings.REDIS_URL, django_settings.CELERY_BROKER_URL):
        client = redis.Redis.from_url(url)
        for key in client.scan_iter():
            seen.append(key.decode(errors="replace"))
            kind = client.type(key).decode()
            if kind == "string":
                seen.append(client.get(key).decode(errors="replace"))
            elif kind == "list":
                seen += [v.decode(errors="replace") for v in client.lrange(key, 0, -1)]
            elif kind == "hash":
                seen += [f"{k}={v}" for k, v in client.hgetall(key).items()]
            elif kind in ("set", "zset"):
                seen += [
                    str(v) for v in (client.smembers(key) if kind == "set" else client.zrange(key, 0, -1))
                ]
    return "\n".join(seen)


def _media() -> set[str]:
    root = Path(django_settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_expired_reports_are_shredded_leaving_nothing_but_anonymous_counts(world):
    a, b, c, d, case_a = world["a"], world["b"], world["c"], world["d"], world["case_a"]
    retention.set_legal_hold(world["admin"], c)
    traces_a, traces_b, traces_d = _traces(a), _traces(b), _traces(d)
    # The search can fail: before shredding every trace is where we look.
    before = _pg_dump()
    assert all(value in before for value in {**traces_a, **traces_b}.values())
    assert str(b.id) in before
    files_before = _media()
    assert {traces_a[k] for k in traces_a if k.startswith("file name")} <= files_before
    statistics_before = tables.count_tables(parse_period(str(timezone.now().year)))

    assert sorted(map(str, retention.expired_report_ids())) == sorted([str(a.id), str(b.id)])
    out = io.StringIO()
    call_command("shred_expired", stdout=out)
    assert "shredded 1 report(s) entirely and 1 counted case(s)" in out.getvalue()

    after = _pg_dump()
    left = {name for name, value in {**traces_a, **traces_b}.items() if value in after}
    assert left == set()
    assert str(b.id) not in after  # B never counted: no row of it at all
    assert all(value in after for value in traces_d.values())  # D, not expired, untouched
    assert not Report.objects.filter(pk=b.pk).exists()
    files = _media()
    gone = {v for t in (traces_a, traces_b) for k, v in t.items() if k.startswith("file name")}
    assert files & gone == set()
    assert {traces_d[k] for k in traces_d if k.startswith("file name")} <= files
    redis_text = _redis_dump()
    for report in (a, b):
        assert str(report.id) not in redis_text and report.id.hex not in redis_text
    assert str(case_a.id) not in redis_text

    # The receipts open nothing any more.
    for receipt in (world["a_receipt"], world["b_receipt"]):
        with pytest.raises(UnknownReceipt):
            unlock_mailbox(receipt)
    # A counted case keeps its content-free statistical fields: the same counts as before.
    kept = Case.objects.get(pk=case_a.pk)
    assert kept.labels_confirmed_at and kept.confirmed_grounds == ["racism"]
    assert CaseAction.objects.get(case=kept).note_sealed is None
    assert tables.count_tables(parse_period(str(timezone.now().year))) == statistics_before
    assert retention.retention_of(Report.objects.get(pk=a.pk)).shredded

    # C was held; lifting the hold lets the next run shred it. Both are audited, under the admin.
    assert Report.objects.filter(pk=c.pk).exists() and KeyWrap.objects.filter(report=c).exists()
    retention.lift_legal_hold(world["admin"], c)
    assert retention.shred_expired() == {"deleted": 1, "kept_for_statistics": 0}
    assert not Report.objects.filter(pk=c.pk).exists()
    audited = list(AuditEntry.objects.filter(object_id=str(c.pk)).values_list("object_type", "actor_id"))
    assert audited == [
        (retention.AUDIT_HOLD_SET, world["admin"].pk), (retention.AUDIT_HOLD_LIFTED, world["admin"].pk)
    ]  # fmt: skip
    assert AuditEntry.objects.filter(object_type=retention.AUDIT_SHREDDED, object_id=str(case_a.pk)).exists()


def test_only_an_office_admin_sets_a_legal_hold_and_the_database_refuses_to_delete_a_held_report(world):
    c = world["c"]
    with pytest.raises(retention.NotAllowed):
        retention.set_legal_hold(world["olga"], c)  # a caseworker, not an admin
    with pytest.raises(CommandError, match="not an admin"):
        call_command("legal_hold", "set", str(c.pk), by="olga", stdout=io.StringIO())
    out = io.StringIO()
    call_command("legal_hold", "set", str(c.pk), by="ana", stdout=out)
    assert "legal hold set" in out.getvalue()
    assert retention.shred_report(c.pk) is None
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Report.objects.filter(pk=c.pk).delete()
    assert LegalHold.objects.filter(report=c).exists()


def test_a_reporters_request_is_carried_out_after_the_grace_period(world, settings):
    d = world["d"]
    from reports_intake.mailbox.erasure import request_erasure

    request_erasure(d.id)
    assert d.id not in retention.expired_report_ids()  # within the grace period
    state = retention.retention_of(d)
    assert (
        state.erasure_requested_at
        and state.due.date()
        == (state.erasure_requested_at + timedelta(days=settings.RETENTION_ERASURE_GRACE_DAYS)).date()
    )
    later = timezone.now() + timedelta(days=settings.RETENTION_ERASURE_GRACE_DAYS + 1)
    assert d.id in retention.expired_report_ids(later)
    assert retention.shred_report(d.id).kept_for_statistics is False
    assert not Report.objects.filter(pk=d.pk).exists() and not ErasureRequest.objects.exists()


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="the office and triage keys are not rotated after retention (not built): an older archive's "
    "wraps to them still open with the keys the live system holds (SECURITY.md, known gaps)",
)
def test_an_older_backup_of_a_shredded_report_opens_with_no_key_the_live_system_holds(
    world,
    backup_key,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    a, office, olga = world["a"], world["office"], world["olga"]
    archive = _backup(tmp_path)
    collected = _Collect()
    backup.read_archive(archive, read_private_key_file(backup_key), collected)
    old_sql = _dump_as_sql(bytes(collected.members[backup.DATABASE]), tmp_path)
    old_wraps = {w.recipient_key_id: bytes(w.wrapped_dek) for w in KeyWrap.objects.filter(report=a)}
    old_payload, schema = bytes(a.payload), a.schema_version
    assert all(wrapped.hex() in old_sql for wrapped in old_wraps.values())  # the archive holds them
    assert bytes(a.payload)[:48].hex() in old_sql

    retention.shred_expired()

    # Every private key the live system holds after shredding: the caseworker's (password), the
    # organisation keys her grants open, the triage worker's key.
    user_private = keyring.unlock_user_key(olga, factories.STAFF_PASSWORD)
    live = [
        keyring.organisation_private_key(olga, user_private, office.organisation),
        office.triage_key.private,
    ]
    opened = []
    for wrapped in old_wraps.values():
        for private in live:
            try:
                dek = recipients.open_report_key(wrapped, private, a.id)
            except envelope.DecryptionError:
                continue
            opened.append(recipients.open_report_payload(dek, old_payload, a.id, schema)["narrative"])
    assert opened == []


def test_the_mailbox_offers_deletion_and_the_case_page_shows_that_it_was_asked(
    db, client, settings, tmp_path
):
    from tests.reports_intake.journey import install_submission_keys, login

    settings.MEDIA_ROOT = tmp_path
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    install_submission_keys()
    with mock.patch("reports_intake.outbox._publish_new"):
        submitted = submit_report(factories.new_report(narrative="CANARY-E"))
    login(client, submitted.receipt)
    from django.urls import reverse

    page = client.get(reverse("reports_intake:erasure"))
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    assert reverse("reports_intake:erasure") in client.get(reverse("reports_intake:mailbox")).content.decode()
    assert client.post(reverse("reports_intake:erasure"), {"confirm": "1"}).status_code == 302
    assert ErasureRequest.objects.filter(report_id=submitted.report_id).exists()
    assert 'name="withdraw"' in client.get(reverse("reports_intake:erasure")).content.decode()

    # The case page's retention block says that deletion was asked for, and when, and nothing else.
    from django.template.loader import render_to_string as render
    from django.utils import translation

    def render_to_string(name, context):
        with translation.override("en"):
            return render(name, context)

    report = Report.objects.get(pk=submitted.report_id)
    html = render_to_string("operations/case_retention.html", {"report": report})
    assert "asked for this report to be deleted" in html
    assert client.post(reverse("reports_intake:erasure"), {"withdraw": "1"}).status_code == 302
    assert not ErasureRequest.objects.exists()
    assert "asked for this report to be deleted" not in render_to_string(
        "operations/case_retention.html", {"report": report}
    )
