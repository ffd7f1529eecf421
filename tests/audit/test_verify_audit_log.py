"""The audit log is one hash chain: `verify_audit_log` passes on an intact log and, after anyone edits,
deletes or reorders an entry behind the application's back (raw SQL, triggers bypassed as a database
superuser could), fails with a non-zero exit naming the first broken entry."""

import threading
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from observatory.audit import actions as audit
from observatory.audit.models import AuditChainHead, AuditEntry
from tests.factories import office_organisation


@pytest.fixture
def olga(db):
    return get_user_model().objects.create_user("olga", password="x" * 16, is_staff=True)


@pytest.fixture
def office(db):
    return office_organisation()


@pytest.fixture
def log(olga, office):
    """Six entries of the kinds the caseworker pages write."""
    for action in ("viewed", "decrypted", "changed", "referred", "messaged", "exported"):
        audit.record(olga, action, (f"casework.{action}", f"id-{action}"), office)
    return list(AuditEntry.objects.order_by("seq"))


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_log", stdout=out)
    return out.getvalue()


def _tamper(sql: str, params=()) -> None:
    """Run SQL with triggers off, as someone holding the database superuser could."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def _broken_at() -> str:
    with pytest.raises(CommandError) as failure:
        _verify()
    return str(failure.value)


def test_intact_log_verifies_and_prints_the_head_hash(log):
    out = _verify()
    assert "6 entries" in out and log[-1].entry_hash in out
    assert [e.previous_hash for e in log[1:]] == [e.entry_hash for e in log[:-1]]


def test_entries_hold_codes_and_ids_only(log, olga, office):
    entry = log[0]
    assert (entry.actor_id, entry.organisation_id, entry.action) == (olga.pk, office.pk, "viewed")
    assert {f.name for f in AuditEntry._meta.fields} == {
        "id", "seq", "at", "actor_id", "organisation_id", "action", "object_type", "object_id",
        "previous_hash", "entry_hash",
    }  # fmt: skip


def test_editing_an_entry_names_it(log):
    _tamper("UPDATE audit_auditentry SET action = 'viewed' WHERE seq = 3")
    assert "#3" in _broken_at()


def test_editing_an_entry_and_its_hash_names_the_next_one(log):
    entry = log[2]
    entry.object_id = "another-case"
    _tamper(
        "UPDATE audit_auditentry SET object_id = %s, entry_hash = %s WHERE seq = 3",
        [entry.object_id, entry.compute_hash(entry.previous_hash)],
    )
    assert "#4" in _broken_at()


def test_deleting_an_entry_names_the_gap(log):
    _tamper("DELETE FROM audit_auditentry WHERE seq = 2")
    message = _broken_at()
    assert "#2" in message and "missing" in message


def test_deleting_the_last_entry_is_noticed_by_the_chain_head(log):
    _tamper("DELETE FROM audit_auditentry WHERE seq = 6")
    message = _broken_at()
    assert "#6" in message and "missing" in message


def test_reordering_entries_names_the_first_moved_one(log):
    _tamper("UPDATE audit_auditentry SET seq = 1000000 WHERE seq = 2")
    _tamper("UPDATE audit_auditentry SET seq = 2 WHERE seq = 5")
    _tamper("UPDATE audit_auditentry SET seq = 5 WHERE seq = 1000000")
    assert "#2" in _broken_at()


def test_reordering_by_timestamp_is_noticed_too(log):
    _tamper(
        "UPDATE audit_auditentry SET at = (SELECT at FROM audit_auditentry WHERE seq = 1) "
        "- interval '1 hour' WHERE seq = 4"
    )
    assert "#4" in _broken_at()


def test_the_database_refuses_updates_and_deletes(log):
    for sql in ("UPDATE audit_auditentry SET action = 'viewed'", "DELETE FROM audit_auditentry"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql)
    assert AuditEntry.objects.count() == 6
    _verify()


def test_unknown_action_codes_are_refused(olga, office):
    with pytest.raises(ValueError):
        audit.record(olga, "peeked", ("casework.case", "x"), office)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain(olga, office):
    errors = []

    def write(n):
        try:
            for i in range(10):
                audit.record(olga, "viewed", ("casework.case", f"{n}-{i}"), office)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == list(range(1, 61))
    assert AuditChainHead.objects.get().seq == 60
    assert "60 entries" in _verify()
