"""Finding 5: no leftovers. Deleting a report (untriaged, with an attachment) removes its ciphertext
from storage once the deletion commits; `check_orphans` lists what is left either way (a file no row
points to, a row whose file is gone) and exits 1. (Partial files of a full disk:
test_submission_retry.test_retry_after_a_full_disk_stores_the_report_once.)"""

import pytest
from django.core.management import call_command

from observatory.accounts.models import Membership
from observatory.casework.models import Case
from reports_intake.actions import STORAGE_PREFIX, Upload, submit_report
from reports_intake.models import Report, StoredFile
from tests.factories import create_caseworker, create_office, new_report, sign_in
from tests.reports_intake.journey import photo_with_gps

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def office(media):
    return create_office()


def _with_attachment():
    upload = Upload("foto.jpg", "image/jpeg", photo_with_gps())
    return submit_report(new_report(location_kind="online", point=None, attachments=[upload]))


def test_deleting_a_report_deletes_its_files(media, office):
    submitted = _with_attachment()
    (stored,) = StoredFile.objects.filter(report_id=submitted.report_id)
    assert (media / stored.storage_name).exists()
    Case.objects.filter(report_id=submitted.report_id).delete()  # Case.report is PROTECT: first, on purpose
    Report.objects.filter(id=submitted.report_id).delete()
    assert not (media / stored.storage_name).exists()


def test_check_orphans_lists_both_kinds_and_fails(media, office, capsys):
    kept, lost = _with_attachment(), _with_attachment()
    (lost_file,) = StoredFile.objects.filter(report_id=lost.report_id)
    (media / lost_file.storage_name).unlink()  # the row stays, its file is gone
    (media / STORAGE_PREFIX / "stray").write_bytes(b"ciphertext with no row")
    with pytest.raises(SystemExit) as exit_:
        call_command("check_orphans")
    out = capsys.readouterr().out
    assert exit_.value.code == 1
    assert f"row without file: {lost_file.id}" in out
    assert f"file without row: {STORAGE_PREFIX}stray" in out
    assert "2 orphan(s)" in out
    assert StoredFile.objects.filter(report_id=kept.report_id).exists()


def test_a_caseworker_is_told_a_file_is_missing_instead_of_an_error(media, office, client, enrolled):
    caseworker = create_caseworker("olga", office, Membership.Role.OFFICE_CASEWORKER)
    submitted = _with_attachment()
    (stored,) = StoredFile.objects.filter(report_id=submitted.report_id)
    (media / stored.storage_name).unlink()
    case = Case.objects.get(report_id=submitted.report_id)
    sign_in(client, caseworker, enrolled)
    response = client.get(f"/staff/cases/{case.id}/files/{stored.id}/", follow=True)
    assert response.status_code == 200
    assert "Este archivo no está en el almacenamiento" in response.content.decode()
