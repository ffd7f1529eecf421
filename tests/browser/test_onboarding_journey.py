"""Bringing a partner organisation on board in a real browser, from an empty database (issue 16): the first
office admin redeems the invitation `create_first_admin` printed and enrols an authenticator; creates a
partner organisation and invites a caseworker, who sets a password and enrols; the admin grants her the
organisation key; the office refers a case; she accepts, reads it and messages the reporter, who reads the
reply in the mailbox; the admin revokes her, the organisation key rotates in the real Celery worker, and
her saved cookies and her key material open nothing. All under the strict CSP, talking only to us."""

import io
import re
from base64 import b32decode

import pytest
from django.core.management import call_command
from django_otp.oath import totp

from tests.browser.conftest import Visit, new_visit
from tests.waiting import wait_until

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "la directora tiene una clave larga 1"
MEMBER_PASSWORD = "la trabajadora social tambien 2"
PARTNER = "Asociación Rumiñahui"
NARRATIVE = "En la agencia me dijeron que no alquilan a extranjeros. Me llamo Amina y vivo en Benimaclet."
REPLY = "Hemos recibido su caso. Le llamaremos para una cita de asesoría jurídica gratuita."


@pytest.fixture
def journey_settings(settings, tmp_path):
    settings.POW_DIFFICULTY = 8
    settings.ABUSE_RATE_LIMITS = {name: (1000, 3600) for name in ("submit", "nojs", "receipt-login")}
    settings.MEDIA_ROOT = str(tmp_path)


def _visit(chromium, live_server):
    return new_visit(chromium, live_server.url)


def _clean(visit: Visit) -> None:
    assert not visit.csp_violations and not visit.foreign_requests() and not visit.failed_responses, (
        visit.csp_violations,
        visit.foreign_requests(),
        visit.failed_responses,
    )


def _submit(page, action_suffix: str):
    page.locator(f"form[action$='{action_suffix}'] button[type=submit]").first.click()
    page.wait_for_load_state()


def _join_and_enrol(visit: Visit, link_path: str, username: str, password: str) -> str:
    """Redeem an invitation link, enrol the authenticator shown; returns the recovery key shown once."""
    page = visit.page
    page.goto(visit.url(link_path))
    page.fill("[name=username]", username)
    page.fill("[name=password1]", password)
    page.fill("[name=password2]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/staff/enrol/"))
    secret = page.locator("code.totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("[name=otp_token]", f"{totp(key):06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    recovery = page.locator("code.recovery-key").inner_text()
    assert re.fullmatch(r"(\w{4}-){7}\w{4}", recovery)
    page.locator("main a").last.click()
    page.wait_for_load_state()
    return recovery


def test_first_admin_onboards_a_partner_whose_revoked_member_keeps_nothing(
    chromium, live_server, journey_settings, celery_worker, tmp_path
):
    from observatory.accounts import keys
    from observatory.accounts.models import Organisation
    from observatory.casework.models import Case, KeyRotation, OrganisationKeyGrant
    from observatory.casework.staff import keyring
    from observatory.crypto import envelope, recipients
    from reports_intake.actions import submit_report
    from reports_intake.models import KeyWrap, Report
    from tests.factories import new_report

    assert not Organisation.objects.exists()
    out = io.StringIO()
    call_command("create_first_admin", "--triage-key-out", str(tmp_path / "triage.key"), stdout=out)
    first_link = re.search(r"link: (\S+)", out.getvalue()).group(1)
    keys.clear_cache()

    # The first office admin: invitation, password, authenticator, recovery key.
    admin_context, admin = _visit(chromium, live_server)
    _join_and_enrol(admin, first_link, "directora", ADMIN_PASSWORD)

    # ... creates the partner organisation and invites a caseworker.
    page = admin.page
    page.goto(admin.url("/staff/members/new/"))
    page.fill("[name=name]", PARTNER)
    page.check("input[name=grounds][value=racism]")
    page.check("input[name=languages][value=ar]")
    page.fill("[name=services]", "Asesoría jurídica")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    partner = Organisation.objects.get(name=PARTNER)
    assert partner.key_id and partner.grounds == ["racism"]
    page.select_option("select[name=role]", "cso_caseworker")
    _submit(page, "/invite/")
    member_link = page.locator("code.invitation-link").inner_text()
    _clean(admin)

    # A report comes in, wrapped to the office.
    submitted = submit_report(new_report(narrative=NARRATIVE))
    report = Report.objects.get(pk=submitted.report_id)
    case = Case.objects.get(report=report)

    # The caseworker joins and enrols; she waits for the organisation key.
    member_context, member = _visit(chromium, live_server)
    _join_and_enrol(member, member_link.removeprefix(live_server.url), "rosa", MEMBER_PASSWORD)
    _clean(member)

    # The admin, online, grants her the key (through the office's custody) and refers the case.
    page.goto(admin.url(f"/staff/members/{partner.pk}/"))
    assert "rosa" in page.locator("#pending ~ ul").inner_text()
    _submit(page, f"/grant/{_user('rosa').pk}/")
    assert OrganisationKeyGrant.objects.filter(organisation=partner, user__username="rosa").exists()
    page.goto(admin.url(f"/staff/cases/{case.id}/"))
    assert NARRATIVE in page.content()
    page.select_option("select[name=to_organisation]", str(partner.pk))
    page.fill("form[action$='/refer/'] textarea[name=reason]", "Asesoría jurídica: vivienda.")
    _submit(page, "/refer/")
    assert Case.objects.get(pk=case.pk).status == Case.Status.REFERRED
    _clean(admin)

    # The caseworker accepts, reads and messages the reporter.
    mpage = member.page
    mpage.goto(member.url(f"/staff/cases/{case.id}/"))
    assert NARRATIVE in mpage.content()
    _submit(mpage, "/accept/")
    assert NARRATIVE in mpage.content()
    mpage.fill("form[action$='/messages/'] textarea[name=text]", REPLY)
    _submit(mpage, "/messages/")
    _clean(member)
    saved_cookies = member_context.cookies()
    # Her key material, as she could have kept it: her user key and the organisation key it opened.
    rosa = _user("rosa")
    kept_user_key = keyring.unlock_user_key(rosa, MEMBER_PASSWORD)
    kept_org_key = keyring.organisation_private_key(rosa, kept_user_key, partner)
    old_key_id = partner.key_id

    # The reporter reads the reply in the mailbox.
    reporter_context, reporter = _visit(chromium, live_server)
    rpage = reporter.page
    rpage.goto(reporter.url("/mailbox/"))
    rpage.fill("[name=receipt]", submitted.receipt)
    rpage.locator("form[data-pow] button.primary").click()
    rpage.wait_for_url(re.compile(r"/mailbox/inbox/"))
    assert REPLY in rpage.content() and PARTNER in rpage.content()
    assert not reporter.csp_violations and not reporter.foreign_requests()
    reporter_context.close()

    # The admin revokes her: the rotation runs in the Celery worker, its progress on a page.
    page.goto(admin.url(f"/staff/members/{partner.pk}/"))
    _submit(page, f"/revoke/{rosa.pk}/")
    page.wait_for_url(re.compile(r"/rotations/"))
    rotation = KeyRotation.objects.get(organisation=partner)
    wait_until(
        lambda: KeyRotation.objects.get(pk=rotation.pk).status == KeyRotation.Status.DONE,
        60,
        what="the key rotation finished in the worker",
    )
    page.reload()
    assert page.locator(".rotation-status").get_attribute("data-status") == "done"
    _clean(admin)
    partner.refresh_from_db()
    assert partner.key_id != old_key_id
    assert not KeyWrap.objects.filter(recipient_key_id=old_key_id).exists()

    # Her saved cookies open nothing: a fresh browser with them is sent to sign in.
    replay_context, replay = _visit(chromium, live_server)
    replay_context.add_cookies(saved_cookies)
    replay.page.goto(replay.url(f"/staff/cases/{case.id}/"))
    assert "/staff/login/" in replay.page.url
    assert NARRATIVE not in replay.page.content()
    replay_context.close()
    # Her key material opens no wrap of any report, and no grant of the organisation.
    for wrap in KeyWrap.objects.all():
        with pytest.raises(envelope.DecryptionError):
            recipients.open_report_key(wrap.wrapped_dek, kept_org_key, wrap.report_id)
    assert not OrganisationKeyGrant.objects.filter(user=rosa).exists()
    # The admin still reads the case through the office.
    page.goto(admin.url(f"/staff/cases/{case.id}/"))
    assert NARRATIVE in page.content()
    member_context.close()
    admin_context.close()


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
