"""A staff member's password seals her user key (casework.staff.keyring.change_password re-seals it).
Wagtail's own account page would change the password without re-sealing: the next sign-in would then
leave her locked out of every case. Staff change their password on the staff pages only."""

import re

from tests.factories import STAFF_PASSWORD, create_staff, sign_in

NEW_PASSWORD = "a different passphrase for the account 99"


def _form_fields(html: str) -> dict[str, str]:
    """Every field of the account page's form with the value it shows (what a browser would send)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or re.search(r'type="(submit|file)"', tag):
            continue
        if re.search(r'type="(checkbox|radio)"', tag) and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body) or re.search(
            r'<option[^>]*value="([^"]*)"', body
        )
        fields[name] = chosen.group(1) if chosen else ""
    return fields


def test_the_wagtail_account_page_cannot_change_a_staff_password(client, office, enrolled):
    editor = create_staff("elena", office.organisation, "system_admin")
    editor.is_superuser = True
    editor.first_name, editor.last_name, editor.email = "Elena", "Soler", "elena@example.org"
    editor.save(update_fields=["is_superuser", "first_name", "last_name", "email"])
    sign_in(client, editor, enrolled)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    fields = _form_fields(page.content.decode())
    fields |= {
        "password-old_password": STAFF_PASSWORD,
        "password-new_password1": NEW_PASSWORD,
        "password-new_password2": NEW_PASSWORD,
    }
    client.post("/admin/account/", fields)
    editor.refresh_from_db()
    assert editor.check_password(STAFF_PASSWORD)
    assert not editor.check_password(NEW_PASSWORD)
    assert "new_password1" not in client.get("/admin/account/").content.decode()
    assert client.get("/admin/password_reset/").status_code == 404


def test_the_django_admin_cannot_change_a_staff_password_either(client, office, enrolled):
    editor = create_staff("elena", office.organisation, "system_admin")
    editor.is_superuser = True
    editor.save(update_fields=["is_superuser"])
    sign_in(client, editor, enrolled)
    client.post(
        "/django-admin/password_change/",
        {"old_password": STAFF_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.post(
        f"/django-admin/auth/user/{editor.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    editor.refresh_from_db()
    assert editor.check_password(STAFF_PASSWORD)
