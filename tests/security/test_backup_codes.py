"""Issue 13, finding 9: backup codes in a database dump. Each is a second factor; the table must hold
only a keyed hash of it, and the code itself must still sign its owner in (once)."""

from django.db import connection
from django.test import Client

from observatory.casework.staff.enrolment import issue_backup_codes
from tests.factories import STAFF_PASSWORD, create_staff


def test_backup_codes_are_not_in_a_database_dump_and_still_sign_in(office, enrolled):
    user = create_staff("bea", office.organisation, "office_caseworker")
    enrolled(user)
    codes = issue_backup_codes(user)
    assert not [code for code in codes if _tables_containing(code)]
    client = Client()
    response = client.post(
        "/staff/login/", {"username": "bea", "password": STAFF_PASSWORD, "otp_token": codes[3]}
    )
    assert response.status_code == 302
    again = Client().post(
        "/staff/login/", {"username": "bea", "password": STAFF_PASSWORD, "otp_token": codes[3]}
    )
    assert again.status_code == 200  # single use


def _tables_containing(needle: str) -> list[str]:
    """Every table whose rows, as text, contain `needle` (what a dump of this transaction would show)."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            "select quote_ident(table_schema) || '.' || quote_ident(table_name) "
            "from information_schema.tables where table_type = 'BASE TABLE' "
            "and table_schema not in ('pg_catalog', 'information_schema')"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                f"select count(*) from {table} t where position(%s in lower(t::text)) > 0", [needle]
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found
