"""Issue 13, finding 9: traces left on a seized phone or a copied disk."""

import os
from pathlib import Path

from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client

# The mailbox tests' submitted report (a fixture) and their receipt login.
from tests.reports_intake.test_mailbox_views import login, report  # noqa: F401


def test_the_csrf_cookie_ends_with_the_browser_session(db):
    response = Client().get("/staff/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # no date: gone when the browser closes


def test_stored_files_and_their_folder_carry_the_hour_only(settings, tmp_path, db):
    """A file's modification time (and its folder's) would otherwise give the exact second a report was
    received, undoing the hour rounding of the database."""
    settings.MEDIA_ROOT = str(tmp_path)
    name = default_storage.save("reports/0123abcd", ContentFile(b"ciphertext"))
    for path in (Path(tmp_path) / name, (Path(tmp_path) / name).parent):
        stat = os.stat(path)
        assert stat.st_mtime % 3600 == 0 and stat.st_atime % 3600 == 0, path


def test_a_mailbox_session_row_does_not_name_its_report(client, report):  # noqa: F811
    """A dump of the session table must not say which report a reporter was reading."""
    submitted, _office = report
    assert login(client, submitted.receipt).status_code == 302
    rows = [str(row.get_decoded()) + row.session_data for row in Session.objects.all()]
    assert rows
    report_id = str(submitted.report_id)
    assert not [row for row in rows if report_id in row or report_id.replace("-", "") in row]


def test_the_django_admin_does_not_show_or_add_totp_devices(client, enrolled):
    """A superuser could copy a colleague's second factor from a device's page, or add a device whose
    secret the database keeps in clear (django-otp's own TOTPDevice)."""
    from django.contrib.auth import get_user_model

    from tests.factories import STAFF_PASSWORD, sign_in

    admin_user = get_user_model().objects.create_user(
        "root", password=STAFF_PASSWORD, is_staff=True, is_superuser=True
    )
    sign_in(client, admin_user, enrolled)
    device = admin_user.sealedtotpdevice_set.get()
    index = client.get("/django-admin/")
    assert index.status_code == 200
    assert device.bin_key.hex() not in index.content.decode()
    for model in ("accounts/sealedtotpdevice", "otp_totp/totpdevice"):
        assert client.get(f"/django-admin/{model}/").status_code == 404
        assert client.get(f"/django-admin/{model}/add/").status_code == 404
        assert client.get(f"/django-admin/{model}/{device.pk}/change/").status_code == 404
