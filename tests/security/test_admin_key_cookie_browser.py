"""In a real browser, which honours cookie paths (Django's test client does not): after sign-in the key
cookie reaches the Wagtail admin under its own path, so an editor's writes there work, while the staff
pages' cookie stays on /staff/ (tests/security/test_session_dump.py: without them, nothing is written)."""

import pytest
from django_otp.oath import totp

from observatory.accounts.models import SealedTOTPDevice
from tests.browser.conftest import chromium, visit  # noqa: F401 (the browser fixtures)
from tests.factories import STAFF_PASSWORD, create_office, create_staff, wagtail_roots

pytestmark = pytest.mark.browser


def test_an_editor_signed_in_in_a_browser_writes_in_the_wagtail_admin(visit):  # noqa: F811
    from wagtail.models import Collection

    wagtail_roots()
    office = create_office()
    editor = create_staff("edita", office.organisation, "publisher")
    editor.is_superuser = True
    editor.save(update_fields=["is_superuser"])
    device = SealedTOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    page = visit.page
    page.goto(visit.url("/staff/login/"))
    page.fill("[name=username]", "edita")
    page.fill("[name=password]", STAFF_PASSWORD)
    page.fill("[name=otp_token]", f"{totp(device.bin_key):06d}")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    paths = {cookie["name"]: cookie["path"] for cookie in page.context.cookies()}
    assert paths["obs_sk"] == "/staff/" and paths["obs_sk_wagtail"] == "/admin/"

    page.goto(visit.url("/admin/collections/add/"))
    page.fill("[name=name]", "Carteles 2026")
    page.select_option("[name=parent]", label="Root")
    page.locator("form[action$='/admin/collections/add/'] [type=submit]").first.click()
    page.wait_for_load_state()
    assert Collection.objects.filter(name="Carteles 2026").exists(), page.inner_text("main")[:1500]
    assert not [status for status, url in visit.failed_responses if "/admin/" in url]
