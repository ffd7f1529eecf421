"""Finding 5: no leftovers. Deleting a report (untriaged, with an attachment) removes its ciphertext
from storage once the deletion commits; `check_orphans` lists what is left either way (a file no row
points to, a row whose file is gone) and exits 1. (Partial files of a full disk:
test_submission_retry.test_retry_after_a_full_disk_stores_the_report_once.)"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from observatory.accounts.models import Membership
from observatory.casework.models import Case
from reports_intake.actions import STORAGE_PREFIX, Upload, submit_report
from reports_intake.models import Report, StoredFile
from reports_intake.tasks import check_orphans as check_orphans_task
from tests.factories import create_caseworker, create_office, new_report, sign_in
from tests.reports_intake.journey import login, photo_with_gps

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


def test_a_reporter_is_told_a_file_is_missing_instead_of_an_error(media, office, client, settings):
    settings.POW_DIFFICULTY = 8
    submitted = _with_attachment()
    (stored,) = StoredFile.objects.filter(report_id=submitted.report_id)
    (media / stored.storage_name).unlink()
    login(client, submitted.receipt)
    response = client.get(reverse("reports_intake:attachment", args=[stored.id]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Este archivo ya no está en nuestro almacenamiento" in page
    assert 'class="quick-exit"' in page  # the failure page keeps the way out


def test_the_daily_orphan_check_is_scheduled_and_counts_without_naming_anything(
    media, office, caplog, settings
):
    entry = settings.CELERY_BEAT_SCHEDULE["check-orphans"]
    assert entry["task"] == "reports_intake.check_orphans"
    lost = _with_attachment()
    (lost_file,) = StoredFile.objects.filter(report_id=lost.report_id)
    (media / lost_file.storage_name).unlink()
    assert check_orphans_task.apply().get() == {"files_without_rows": 0, "rows_without_files": 1}
    assert str(lost_file.id) not in caplog.text and lost_file.storage_name not in caplog.text
    assert "1 attachment row(s) without a file" in caplog.text
