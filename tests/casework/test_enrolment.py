"""First sign-in: password only, then the enrolment page (QR code and key), a real TOTP code to confirm,
ten single-use backup codes and the recovery key shown once. Afterwards the page refuses."""

import re

from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken

from observatory.accounts.models import Membership, SealedTOTPDevice
from observatory.casework.models import UserKey
from observatory.casework.staff import keyring
from observatory.casework.staff.enrolment import stored_backup_code
from observatory.crypto import user_keys

from .conftest import PASSWORD


def _new_caseworker(office):
    user = get_user_model().objects.create_user("nuria", password=PASSWORD, is_staff=True)
    Membership.objects.create(
        user=user, organisation=office.organisation, role=Membership.Role.OFFICE_CASEWORKER
    )
    return user


def _enrol(client):
    page = client.get("/staff/enrol/")
    device = SealedTOTPDevice.objects.get(confirmed=False)
    return page, device, client.post("/staff/enrol/", {"otp_token": f"{totp(device.bin_key):06d}"})


def test_first_sign_in_creates_the_key_and_leads_to_enrolment_only(client, office):
    user = _new_caseworker(office)
    response = client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": ""})
    assert response.status_code == 302 and response["Location"] == "/staff/enrol/"
    assert UserKey.objects.filter(user=user).exists()
    assert client.get("/admin/").status_code == 302  # not verified: every other staff page stays closed
    assert client.get("/staff/enrol/").status_code == 200


def test_enrolment_page_shows_a_qr_code_without_inline_style_or_script(client, office):
    _new_caseworker(office)
    client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": ""})
    page = client.get("/staff/enrol/")
    html = page.content.decode()
    device = SealedTOTPDevice.objects.get(confirmed=False)
    assert "<svg" in html and "<path" in html
    assert not re.search(r"<script(?![^>]*\ssrc=)|\sstyle=|<style|javascript:|\son[a-z]+=", html, re.I)
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    assert key[:4] + " " + key[4:8] in html  # the key in text, for typing
    assert "no-store" in page["Cache-Control"]
    client.get("/staff/enrol/")  # a reload shows the same device, it does not pile up new ones
    assert SealedTOTPDevice.objects.filter(confirmed=False).count() == 1


def test_real_totp_code_confirms_and_shows_backup_and_recovery_codes_once(client, office):
    user = _new_caseworker(office)
    client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": ""})
    _, device, done = _enrol(client)
    assert done.status_code == 200
    html = done.content.decode()
    assert len(_shown_backup_codes(html, user)) == 10
    recovery = re.search(r'class="recovery-key">([0-9A-Z-]+)<', html).group(1)
    assert len(recovery) == 39
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/django-admin/").status_code == 200  # this session is now verified
    assert client.get("/staff/enrol/").status_code == 403  # and the page never opens again
    # The printed recovery key really opens the user's key.
    assert keyring.recover_with_recovery_key(user, recovery, "brand new passphrase for nuria")
    assert user_keys.normalise_recovery_code(recovery)


def _shown_backup_codes(html: str, user) -> set[str]:
    """The codes the page showed: the database keeps only their keyed hashes (stored_backup_code)."""
    stored = {t.token for t in StaticToken.objects.filter(device__user=user)}
    assert len(stored) == 10
    return {word for word in re.findall(r"\b[a-z2-7]{8}\b", html) if stored_backup_code(word) in stored}


def test_wrong_code_does_not_confirm(client, office):
    _new_caseworker(office)
    client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": ""})
    client.get("/staff/enrol/")
    device = SealedTOTPDevice.objects.get(confirmed=False)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    assert client.post("/staff/enrol/", {"otp_token": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").status_code == 302


def test_enrolment_refuses_anonymous_and_already_enrolled_users(client, olga, enrolled):
    assert client.get("/staff/enrol/").status_code == 302
    enrolled(olga)
    client.force_login(olga)
    assert client.get("/staff/enrol/").status_code == 403
    assert client.post("/staff/enrol/", {"otp_token": "123456"}).status_code == 403


def test_backup_code_signs_in_once(client, office):
    user = _new_caseworker(office)
    client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": ""})
    _, _device, done = _enrol(client)
    client.post("/staff/logout/")
    code = sorted(_shown_backup_codes(done.content.decode(), user))[0]
    first = client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": code})
    assert first.status_code == 302 and client.get("/django-admin/").status_code == 200
    client.post("/staff/logout/")
    again = client.post("/staff/login/", {"username": "nuria", "password": PASSWORD, "otp_token": code})
    assert again.status_code == 200
    assert client.get("/admin/").status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 9


def test_enrolled_user_cannot_sign_in_with_password_alone(client, olga, enrolled):
    enrolled(olga)
    response = client.post("/staff/login/", {"username": "olga", "password": PASSWORD, "otp_token": ""})
    assert response.status_code == 200
    assert client.get("/staff/enrol/").status_code == 302
