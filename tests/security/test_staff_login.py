"""Issue 13, finding 7: the staff sign-in as an attacker tries it — guessing passwords, telling a right
password from a wrong one, locking a colleague out, or going around the second factor."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client
from django_otp.oath import totp

from observatory.accounts.models import SealedTOTPDevice
from observatory.casework.staff import throttle

PASSWORD = "correct horse battery staple 42"


pytestmark = pytest.mark.usefixtures("clean_staff_throttles")


@pytest.fixture
def staff_user(db):
    user = get_user_model().objects.create_user("caseworker", password=PASSWORD, is_staff=True)
    SealedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _code(user) -> str:
    device = SealedTOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _wrong_code(user) -> str:
    return f"{(int(_code(user)) + 1) % 1_000_000:06d}"


def _login(client, password, code, ip="203.0.113.5", username="caseworker"):
    return client.post(
        "/staff/login/",
        {"username": username, "password": password, "otp_token": code},
        REMOTE_ADDR=ip,
    )


def _errors(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors()) if response.context else ""


def test_wrong_password_and_wrong_code_look_the_same(staff_user):
    wrong_password = _login(Client(), "not the password at all", _wrong_code(staff_user))
    right_password = _login(Client(), PASSWORD, _wrong_code(staff_user), ip="203.0.113.6")
    assert wrong_password.status_code == right_password.status_code == 200
    assert _errors(wrong_password) == _errors(right_password) != ""
    assert dict(wrong_password.context["form"].errors) == dict(right_password.context["form"].errors)


def test_password_guessing_from_one_client_is_slowed_down(staff_user):
    client = Client()
    for n in range(12):
        _login(client, f"guess number {n}", "123456")
    # Even the right password and code are not checked while this client is made to wait.
    response = _login(client, PASSWORD, _code(staff_user))
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def _a_minute_later(monkeypatch):
    later = throttle._clock() + 61
    monkeypatch.setattr(throttle, "_clock", lambda: later)


def test_guessing_from_many_addresses_slows_the_account_but_the_owner_gets_in(staff_user, monkeypatch):
    for n in range(40):
        _login(Client(), f"guess number {n}", "123456", ip=f"198.51.{n}.1")
    # The account's wait never exceeds a minute, whatever the number of failures.
    _a_minute_later(monkeypatch)
    owner = Client()
    response = _login(owner, PASSWORD, _code(staff_user), ip="192.0.2.10")
    assert response.status_code == 302, _errors(response)
    assert owner.session["_auth_user_id"] == str(staff_user.pk)


def test_failing_codes_does_not_lock_the_owner_out(staff_user, monkeypatch):
    """Someone who knows the password fails codes on purpose; the owner, from elsewhere, still signs in
    (after at most a minute)."""
    for _ in range(25):
        _login(Client(), PASSWORD, _wrong_code(staff_user), ip="198.51.100.66")
    _a_minute_later(monkeypatch)
    owner = Client()
    response = _login(owner, PASSWORD, _code(staff_user), ip="192.0.2.10")
    assert response.status_code == 302, _errors(response)


@pytest.mark.parametrize("path", ["/_util/login/", "/admin/login/"])
def test_other_login_urls_lead_to_the_staff_login(staff_user, path):
    client = Client()
    response = client.post(path, {"username": "caseworker", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


def test_passwords_are_hashed_with_argon2_in_production():
    from observatory import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # The hasher works here (argon2-cffi installed and pinned).
    hasher = Argon2PasswordHasher()  # the test settings keep a fast hasher for fixtures
    encoded = hasher.encode(PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$") and hasher.verify(PASSWORD, encoded)
    requirements = (django_settings.BASE_DIR / "requirements.txt").read_text().lower().split()
    assert any(line.startswith("argon2-cffi==") for line in requirements)


def test_an_administrator_can_clear_an_accounts_delay(staff_user):
    from django.core.management import call_command

    for n in range(15):
        _login(Client(), f"guess number {n}", "123456", ip=f"198.51.{n}.1")
    assert throttle.wait_seconds(_request("192.0.2.10"), "caseworker") > 0
    call_command("unlock_staff_login", "caseworker", stdout=open("/dev/null", "w"))
    assert throttle.wait_seconds(_request("192.0.2.10"), "caseworker") == 0


def _request(ip):
    from django.test import RequestFactory

    return RequestFactory().post("/staff/login/", REMOTE_ADDR=ip)


def test_failures_counted_from_many_threads_at_once_are_all_counted(db):
    """A guesser who sends many attempts at the same moment must not see them counted as one: a
    read-then-write counter loses the updates that race (each thread reads n, all write n + 1)."""
    import threading

    from django.test import RequestFactory

    threads, per_thread = 16, 5
    start = threading.Barrier(threads)
    request = RequestFactory().post("/staff/login/", REMOTE_ADDR="203.0.113.77")

    def guess():
        start.wait()
        for _ in range(per_thread):
            throttle.record_failure(request, "caseworker")

    workers = [threading.Thread(target=guess) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert throttle.failures(request, "caseworker") == (threads * per_thread, threads * per_thread)
