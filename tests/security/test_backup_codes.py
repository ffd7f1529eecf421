"""Issue 13, finding 9: backup codes in a database dump. Each is a second factor; the table must hold
only a keyed hash of it, and the code itself must still sign its owner in (once)."""

from django.test import Client

from observatory.casework.staff.enrolment import issue_backup_codes
from tests.factories import STAFF_PASSWORD, create_staff
from tests.reports_intake.dumps import tables_containing


def test_backup_codes_are_not_in_a_database_dump_and_still_sign_in(office, enrolled):
    user = create_staff("bea", office.organisation, "office_caseworker")
    enrolled(user)
    codes = issue_backup_codes(user)
    assert not [code for code in codes if tables_containing(code, ignore_case=True)]
    client = Client()
    response = client.post(
        "/staff/login/", {"username": "bea", "password": STAFF_PASSWORD, "otp_token": codes[3]}
    )
    assert response.status_code == 302
    again = Client().post(
        "/staff/login/", {"username": "bea", "password": STAFF_PASSWORD, "otp_token": codes[3]}
    )
    assert again.status_code == 200  # single use
