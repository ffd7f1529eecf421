import io

import segno
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import HomePage
from observatory.accounts.models import Membership, Organisation, SealedTOTPDevice


def _state():
    return (
        list(Page.objects.values_list("pk", "path", "title")),
        list(Site.objects.values_list("pk", "root_page_id", "is_default_site")),
        list(Organisation.objects.values_list("pk", "name")),
        list(get_user_model().objects.values_list("pk", "username", "password")),
        list(Membership.objects.values_list("pk", "role")),
        list(SealedTOTPDevice.objects.values_list("pk", "sealed_key")),
    )


def test_load_demo_is_idempotent(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--quiet-login")
    first = _state()
    call_command("load_demo", "--quiet-login")
    assert _state() == first
    assert HomePage.objects.filter(locale__language_code="es").count() == 1  # one tree per language
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage


def test_demo_site_serves_home_page_and_admin_login(client, db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--quiet-login")
    home = client.get("/", follow=True, HTTP_ACCEPT_LANGUAGE="es")
    assert home.redirect_chain[-1][0] == "/es/"  # a bare URL goes to the reader's language
    assert home.status_code == 200
    assert "Observatorio" in home.content.decode()
    admin = client.get("/admin/", follow=True)
    assert admin.redirect_chain[-1][0].startswith("/staff/login/")
    assert admin.status_code == 200
    assert 'name="otp_token"' in admin.content.decode()


def test_printed_login_ends_with_the_qr_code_in_one_unbroken_block(db, settings, tmp_path):
    """An authenticator scans what the terminal shows: a blank line between rows breaks the code."""
    settings.VAR_DIR = tmp_path
    out = io.StringIO()
    call_command("load_demo", "--site-url", "http://127.0.0.1:8001", stdout=out)
    printed = out.getvalue().splitlines()

    device = SealedTOTPDevice.objects.get(user__username="office-demo")
    rendered = io.StringIO()
    segno.make(device.config_url, error="l").terminal(out=rendered, compact=True)
    qr_rows = rendered.getvalue().splitlines()
    # The code is the last thing printed, its rows consecutive and all of one width.
    assert printed[-len(qr_rows) :] == qr_rows
    assert len({len(row) for row in qr_rows}) == 1
    assert "  Staff:         http://127.0.0.1:8001/staff/" in printed
    assert "  Report form:   http://127.0.0.1:8001/es/informar/" in printed
