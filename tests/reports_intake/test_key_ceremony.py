import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from observatory.accounts import keys
from observatory.accounts.models import Organisation, TriageKey
from observatory.crypto import envelope
from tests.factories import office_organisation


@pytest.fixture
def office_before_ceremony(db):
    """The office as the ceremony finds it: no keys yet (the shared `office` fixture has them)."""
    return office_organisation()


def test_ceremony_stores_public_keys_and_writes_private_keys_for_owners_only(
    office_before_ceremony, tmp_path, capsys
):
    call_command("key_ceremony", office_slug="oficina", triage_key_out=tmp_path / "triage.key")

    out = capsys.readouterr().out
    office = office_before_ceremony
    office.refresh_from_db()
    triage = TriageKey.objects.get(active=True)
    for path, public in (
        (tmp_path / "office-oficina.key", office.public_key),
        (tmp_path / "triage.key", triage.public_key),
    ):
        assert path.stat().st_mode & 0o777 == 0o600
        loaded = keys.read_private_key_file(path)
        assert loaded.public == bytes(public) and loaded.key_id in out
        assert json.loads(path.read_text())["private"] not in out  # ids are printed, never keys
        assert envelope.unwrap_key(
            envelope.wrap_key(b"k" * 32, bytes(public), context=b"t"), loaded.private, context=b"t"
        )
    assert keys.submission_keys().triage.key_id == triage.key_id


def test_ceremony_refuses_to_overwrite_a_key_file_or_replace_an_office_key(office_before_ceremony, tmp_path):
    (tmp_path / "triage.key").write_text("precious")
    with pytest.raises(CommandError, match="refusing to overwrite"):
        call_command("key_ceremony", office_slug="oficina", triage_key_out=tmp_path / "triage.key")
    assert (tmp_path / "triage.key").read_text() == "precious"
    call_command("key_ceremony", office_slug="oficina", triage_key_out=tmp_path / "new" / "triage.key")
    with pytest.raises(CommandError, match="already has a key"):
        call_command("key_ceremony", office_slug="oficina", triage_key_out=tmp_path / "other" / "triage.key")


def test_demo_ceremony_is_idempotent(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("key_ceremony", demo=True)
    office = Organisation.objects.get(slug="oficina")
    first = (office.key_id, TriageKey.objects.get(active=True).key_id)
    call_command("key_ceremony", demo=True)
    office.refresh_from_db()
    assert (office.key_id, TriageKey.objects.get(active=True).key_id) == first
    assert TriageKey.objects.count() == 1
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["office-oficina.key", "triage.key"]
