"""A password alone must never open an admin page: every Wagtail admin and Django admin URL needs a
verified django-otp device in the session."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp

from observatory.accounts.models import SealedTOTPDevice

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def staff_user(db):
    user = get_user_model().objects.create_user(
        "caseworker", password=PASSWORD, is_staff=True, is_superuser=True
    )
    SealedTOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _admin_urls() -> list[str]:
    """Every concrete admin path, enumerated from the URL resolver so a new admin view cannot escape."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith(("admin/", "django-admin/")):
                # Fill converters/regex groups with plausible values; the guard must act before any view.
                concrete = (
                    route.replace("^", "")
                    .replace("$", "")
                    .replace("\\Z", "")
                    .replace("<int:", "<")
                    .replace("<path:", "<")
                    .replace("<str:", "<")
                )
                while "<" in concrete:
                    start, end = concrete.index("<"), concrete.index(">")
                    concrete = concrete[:start] + "1" + concrete[end + 1 :]
                while "(?P" in concrete:
                    start = concrete.index("(?P")
                    depth, i = 0, start
                    while True:
                        depth += concrete[i] == "("
                        depth -= concrete[i] == ")"
                        i += 1
                        if depth == 0:
                            break
                    concrete = concrete[:start] + "1" + concrete[i:]
                paths.append("/" + concrete)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths))


def test_enumeration_covers_both_admins():
    urls = _admin_urls()
    assert any(u.startswith("/admin/pages/") for u in urls)
    assert any(u.startswith("/django-admin/auth/user/") for u in urls)
    assert len(urls) > 100


def test_password_without_otp_opens_no_admin_page(client, staff_user):
    assert client.login(username="caseworker", password=PASSWORD)  # password accepted, no second factor
    opened = []
    for url in _admin_urls():
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith("/staff/login/"):
            opened.append((url, response.status_code))
    assert opened == []


def test_anonymous_is_sent_to_staff_login(client, db):
    for url in ("/admin/", "/django-admin/", "/admin/pages/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/login/?next=")


def test_password_and_current_totp_code_open_the_admin(client, staff_user):
    device = staff_user.sealedtotpdevice_set.get()
    code = f"{totp(device.bin_key):06d}"
    response = client.post(
        "/staff/login/?next=/admin/",
        {
            "username": "caseworker",
            "password": PASSWORD,
            "otp_device": "",
            "otp_token": code,
            "next": "/admin/",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert client.get("/admin/").status_code == 200
    assert client.get("/django-admin/").status_code == 200


def test_wrong_totp_code_is_refused(client, staff_user):
    device = staff_user.sealedtotpdevice_set.get()
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post(
        "/staff/login/",
        {"username": "caseworker", "password": PASSWORD, "otp_token": wrong, "next": "/admin/"},
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
