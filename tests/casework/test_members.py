"""Organisations and members (casework.members, its views and commands): a partner organisation's key is
held by the office's custody only; an invitation stores a hash and works once; the first office admin
receives the office key from their invitation; members grant the key to each other; revoking a member
ends their sessions and rotates the key, resumably, after which nothing they kept opens anything."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django_otp import devices_for_user

from observatory.accounts.models import Membership, Organisation
from observatory.audit.models import AuditEntry
from observatory.casework import actions, members
from observatory.casework.errors import AccessDenied
from observatory.casework.models import (
    Invitation,
    KeyRotation,
    OrganisationKeyCustody,
    OrganisationKeyGrant,
)
from observatory.casework.staff import keyring
from observatory.crypto import envelope, recipients, user_keys
from reports_intake.actions import submit_report
from reports_intake.models import KeyWrap, Report
from tests.factories import STAFF_PASSWORD, create_caseworker, new_report, sign_in

NEW_PASSWORD = "a much longer passphrase 2026"


@pytest.fixture
def oscar(office):
    """The office's administrator, holding the office key."""
    return create_caseworker("oscar", office, Membership.Role.ORG_ADMIN)


def _private(user, password=STAFF_PASSWORD) -> bytes:
    return keyring.unlock_user_key(user, password)


def _partner(oscar, name="Asociación Rumiñahui") -> Organisation:
    return members.create_organisation(
        members.OrganisationProfile(name=name, grounds=("racism",), languages=("es", "ar")), by=oscar
    )


def _join(organisation, role, by, username, **kwargs):
    _, code = members.invite_member(organisation, role, by=by, **kwargs)
    return members.redeem_invitation(code, username=username, password=STAFF_PASSWORD)


def _cases_for(organisation, olga, office, n=3):
    """`n` reports referred from the office to `organisation`: each wrapped to its key."""
    org_private = keyring.organisation_private_key(olga, _private(olga), office.organisation)
    cases = []
    for i in range(n):
        submitted = submit_report(new_report(narrative=f"Caso {i}: no me dejaron entrar en la discoteca."))
        case = actions.open_case_for_report(Report.objects.get(pk=submitted.report_id))
        actions.refer_case(
            case, from_organisation=office.organisation, to_organisation=organisation, by=olga,
            org_private=org_private,
        )  # fmt: skip
        cases.append(case)
    return cases


def _opens_any_wrap(private: bytes) -> int:
    opened = 0
    for wrap in KeyWrap.objects.all():
        try:
            recipients.open_report_key(wrap.wrapped_dek, private, wrap.report_id)
        except (envelope.DecryptionError, envelope.UnsupportedFormat):
            continue
        opened += 1
    return opened


def _run_rotation(rotation, batch_size=members.ROTATION_BATCH) -> list[str]:
    outcomes = []
    while True:
        outcomes.append(members.rotate_batch(rotation.pk, batch_size))
        if outcomes[-1] != "more":
            return outcomes


# --- Organisations -------------------------------------------------------------------------------------


def test_new_organisation_key_is_wrapped_to_the_office_and_to_nobody_else(office, oscar):
    before = AuditEntry.objects.count()
    partner = _partner(oscar)
    assert partner.kind == Organisation.Kind.CSO and partner.languages == ["es", "ar"]
    assert not OrganisationKeyGrant.objects.filter(organisation=partner).exists()
    custody = OrganisationKeyCustody.objects.get(organisation=partner)
    assert custody.custodian == office.organisation and custody.org_key_id == partner.key_id
    partner_private = members.organisation_key_for(oscar, _private(oscar), partner)
    user_keys.check_keypair(partner_private, bytes(partner.public_key))
    assert AuditEntry.objects.count() == before + 1


def test_only_the_office_admin_creates_organisations(office, oscar, olga, carmen):
    for user in (olga, carmen):
        with pytest.raises(AccessDenied):
            _partner(user, name=f"De {user.username}")
    assert not Organisation.objects.filter(name__startswith="De ").exists()


def test_a_caseworker_without_custody_or_grant_gets_no_key(office, cso, oscar, carmen):
    partner = _partner(oscar)
    with pytest.raises(AccessDenied):
        members.organisation_key_for(carmen, _private(carmen), partner)


# --- Invitations -------------------------------------------------------------------------------------------


def test_an_invitation_stores_only_a_hash_and_works_once(office, oscar):
    partner = _partner(oscar)
    invitation, code = members.invite_member(partner, Membership.Role.CSO_CASEWORKER, by=oscar)
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    canonical = code.replace("-", "")
    assert not any(canonical in str(value) or code in str(value) for value in stored.values())
    enrolment = members.redeem_invitation(code, username="rosa", password=STAFF_PASSWORD)
    assert Membership.objects.get(user=enrolment.user).organisation == partner
    assert enrolment.user.check_password(STAFF_PASSWORD)
    user_keys.format_recovery_code(enrolment.recovery_code.replace("-", ""))
    with pytest.raises(members.InvalidInvitation):
        members.redeem_invitation(code, username="rosa2", password=STAFF_PASSWORD)
    assert not get_user_model().objects.filter(username="rosa2").exists()


def test_an_expired_or_mistyped_invitation_opens_nothing(office, oscar):
    partner = _partner(oscar)
    _, code = members.invite_member(partner, Membership.Role.CSO_CASEWORKER, by=oscar, days=-1)
    for attempt in (code, "ABCD-EFGH", code[:-1] + ("0" if code[-1] != "0" else "1")):
        with pytest.raises(members.InvalidInvitation):
            members.redeem_invitation(attempt, username="late", password=STAFF_PASSWORD)
    assert not get_user_model().objects.filter(username="late").exists()


def test_a_cso_admin_invites_to_their_own_organisation_only(office, cso, oscar):
    partner = _partner(oscar)
    admin = _join(partner, Membership.Role.ORG_ADMIN, oscar, "pilar").user
    members.invite_member(partner, Membership.Role.CSO_CASEWORKER, by=admin)
    with pytest.raises(AccessDenied):
        members.invite_member(cso.organisation, Membership.Role.CSO_CASEWORKER, by=admin)
    with pytest.raises(members.CaseworkError):
        members.invite_member(partner, Membership.Role.OFFICE_CASEWORKER, by=admin)


# --- Grants ------------------------------------------------------------------------------------------------


def test_a_new_member_waits_until_a_key_holder_grants_the_key(office, oscar, olga):
    partner = _partner(oscar)
    rosa = _join(partner, Membership.Role.CSO_CASEWORKER, oscar, "rosa").user
    [case] = _cases_for(partner, olga, office, n=1)
    assert [m.user for m in members.pending_grants(partner)] == [rosa]
    with pytest.raises(AccessDenied):
        keyring.organisation_private_key(rosa, _private(rosa), partner)
    partner_private = members.organisation_key_for(oscar, _private(oscar), partner)  # through custody
    members.grant_access(partner, rosa, by=oscar, org_private=partner_private)
    assert list(members.pending_grants(partner)) == []
    rosa_key = keyring.organisation_private_key(rosa, _private(rosa), partner)
    assert keyring.report_data_key(case.report, partner, rosa_key)
    # Rosa now grants a colleague herself.
    luis = _join(partner, Membership.Role.CSO_CASEWORKER, oscar, "luis").user
    members.grant_access(
        partner, luis, by=rosa, org_private=members.organisation_key_for(rosa, _private(rosa), partner)
    )
    assert OrganisationKeyGrant.objects.get(organisation=partner, user=luis).granted_by == rosa


# --- First start and commands -----------------------------------------------------------------------------


def test_first_admin_command_gives_the_office_key_to_whoever_redeems_the_code(db, tmp_path):
    out = io.StringIO()
    call_command("create_first_admin", "--triage-key-out", str(tmp_path / "triage.key"), stdout=out)
    code = re.search(r"code: (\S+)", out.getvalue()).group(1)
    assert f"/staff/login/join/{code}/" in out.getvalue()
    assert (tmp_path / "triage.key").stat().st_mode & 0o777 == 0o600
    office = Organisation.objects.get(kind=Organisation.Kind.OFFICE)
    invitation = Invitation.objects.get(organisation=office)
    assert invitation.bootstrap_sealed  # the office key, sealed under the code only
    admin = members.redeem_invitation(code, username="directora", password=STAFF_PASSWORD).user
    assert Membership.objects.get(user=admin).role == Membership.Role.ORG_ADMIN
    office_private = keyring.organisation_private_key(admin, _private(admin), office)
    user_keys.check_keypair(office_private, bytes(office.public_key))
    invitation.refresh_from_db()
    assert invitation.bootstrap_sealed is None and invitation.used_by == admin
    with pytest.raises(Exception, match="exists already"):
        call_command(
            "create_first_admin", "--triage-key-out", str(tmp_path / "again.key"), stdout=io.StringIO()
        )


def test_create_organisation_and_invite_member_commands(office, oscar):
    call_command(
        "create_organisation", "Fundación Secretariado Gitano", "--slug", "fsg", "--grounds",
        "antigypsyism,racism", "--languages", "es,ro", stdout=io.StringIO(),
    )  # fmt: skip
    fsg = Organisation.objects.get(slug="fsg")
    assert fsg.grounds == ["antigypsyism", "racism"] and fsg.key_id
    assert OrganisationKeyCustody.objects.filter(organisation=fsg).exists()
    out = io.StringIO()
    call_command("invite_member", "fsg", "cso_caseworker", stdout=out)
    code = re.search(r"code: (\S+)", out.getvalue()).group(1)
    user = members.redeem_invitation(code, username="marisa", password=STAFF_PASSWORD).user
    assert Membership.objects.get(user=user).organisation == fsg


# --- Revocation and rotation ----------------------------------------------------------------------------


def _partner_with_two_members(office, oscar, olga, n_cases=3):
    partner = _partner(oscar)
    via_custody = members.organisation_key_for(oscar, _private(oscar), partner)
    staying = _join(partner, Membership.Role.CSO_CASEWORKER, oscar, "rosa").user
    leaving = _join(partner, Membership.Role.CSO_CASEWORKER, oscar, "luis").user
    for user in (staying, leaving):
        members.grant_access(partner, user, by=oscar, org_private=via_custody)
    cases = _cases_for(partner, olga, office, n=n_cases)
    return partner, staying, leaving, cases


def test_revoking_rotates_the_key_and_what_the_member_kept_opens_nothing(office, oscar, olga):
    partner, staying, leaving, cases = _partner_with_two_members(office, oscar, olga)
    kept_user_key = _private(leaving)
    kept_org_key = keyring.organisation_private_key(leaving, kept_user_key, partner)
    kept_grant = bytes(
        OrganisationKeyGrant.objects.get(organisation=partner, user=leaving).wrapped_private_key
    )
    assert _opens_any_wrap(kept_org_key) == len(cases)
    old_key_id = partner.key_id

    rotation = members.revoke_member(
        partner, leaving, by=oscar, org_private=members.organisation_key_for(oscar, _private(oscar), partner)
    )
    assert not Membership.objects.filter(user=leaving).exists()
    assert not OrganisationKeyGrant.objects.filter(user=leaving).exists()
    assert rotation.total == len(cases) and rotation.status == KeyRotation.Status.RUNNING
    assert _run_rotation(rotation) == ["done"]

    rotation.refresh_from_db()
    partner.refresh_from_db()
    assert rotation.status == KeyRotation.Status.DONE and rotation.done == len(cases)
    assert (
        rotation.old_private_sealed is None
        and cache.get(members.ROTATION_CACHE_KEY.format(rotation.pk)) is None
    )
    assert partner.key_id != old_key_id
    assert not KeyWrap.objects.filter(recipient_key_id=old_key_id).exists()
    # What the former member kept: the old organisation key, their own key and their old grant.
    assert _opens_any_wrap(kept_org_key) == 0
    assert (
        envelope.unwrap_key(kept_grant, kept_user_key, context=b"org-key:" + old_key_id.encode())
        == kept_org_key
    )
    with pytest.raises(AccessDenied):
        keyring.organisation_private_key(leaving, kept_user_key, partner)
    # The member who stays, and the office's custody, open every case with the new key.
    new_key = keyring.organisation_private_key(staying, _private(staying), partner)
    for case in cases:
        assert keyring.report_data_key(case.report, partner, new_key)
    assert members.organisation_key_for(oscar, _private(oscar), partner) == new_key


def test_rotation_resumes_after_an_interruption_and_after_the_cache_lost_its_key(office, oscar, olga):
    partner, staying, leaving, cases = _partner_with_two_members(office, oscar, olga, n_cases=5)
    rotation = members.revoke_member(
        partner, leaving, by=oscar, org_private=members.organisation_key_for(oscar, _private(oscar), partner)
    )
    assert members.rotate_batch(rotation.pk, 2) == "more"
    assert members.rotate_batch(rotation.pk, 2) == "more"  # as a redelivered task would carry on
    rotation.refresh_from_db()
    assert (rotation.done, rotation.total) == (4, 5) and rotation.percent == 80
    cache.delete(members.ROTATION_CACHE_KEY.format(rotation.pk))  # the cache restarted meanwhile
    assert members.rotate_batch(rotation.pk, 2) == "stalled"
    rotation.refresh_from_db()
    assert rotation.status == KeyRotation.Status.STALLED
    # A member who holds the new key hands the old one over again, and the job finishes.
    partner.refresh_from_db()
    members.resume_rotation(rotation, by=staying, org_private=keyring.organisation_private_key(
        staying, _private(staying), partner))  # fmt: skip
    assert _run_rotation(rotation, 2) == ["done"]
    rotation.refresh_from_db()
    assert rotation.status == KeyRotation.Status.DONE and rotation.done == 5
    new_key = keyring.organisation_private_key(staying, _private(staying), partner)
    for case in cases:
        assert keyring.report_data_key(case.report, partner, new_key)


def test_two_revocations_in_a_row_leave_every_case_on_the_newest_key(office, oscar, olga):
    partner, staying, leaving, cases = _partner_with_two_members(office, oscar, olga)
    third = _join(partner, Membership.Role.CSO_CASEWORKER, oscar, "ines").user
    members.grant_access(partner, third, by=staying, org_private=keyring.organisation_private_key(
        staying, _private(staying), partner))  # fmt: skip
    first = members.revoke_member(partner, leaving, by=oscar, org_private=members.organisation_key_for(
        oscar, _private(oscar), partner))  # fmt: skip
    partner.refresh_from_db()
    second = members.revoke_member(partner, third, by=oscar, org_private=members.organisation_key_for(
        oscar, _private(oscar), partner))  # fmt: skip
    assert members.rotate_batch(second.pk) == "wait"  # the first must finish first
    assert _run_rotation(first) == ["done"]
    assert _run_rotation(second) == ["done"]
    partner.refresh_from_db()
    assert set(KeyWrap.objects.filter(report__case__in=cases).values_list("recipient_key_id", flat=True)) >= {
        partner.key_id
    }
    assert not KeyWrap.objects.filter(recipient_key_id__in=[first.old_key_id, second.old_key_id]).exists()
    new_key = keyring.organisation_private_key(staying, _private(staying), partner)
    for case in cases:
        assert keyring.report_data_key(case.report, partner, new_key)


def test_revoking_an_office_member_moves_the_partner_custody_to_the_new_office_key(office, oscar, olga):
    partner = _partner(oscar)
    rotation = members.revoke_member(
        office.organisation, olga, by=oscar, org_private=keyring.organisation_private_key(
            oscar, _private(oscar), office.organisation)
    )  # fmt: skip
    office.organisation.refresh_from_db()
    custody = OrganisationKeyCustody.objects.get(organisation=partner)
    assert custody.custodian_key_id == office.organisation.key_id == rotation.new_key_id
    user_keys.check_keypair(
        members.organisation_key_for(oscar, _private(oscar), partner), bytes(partner.public_key)
    )


def test_a_revoked_members_saved_cookies_open_nothing(client, office, cso, oscar, olga, carmen, enrolled):
    sign_in(client, carmen, enrolled)
    assert client.get("/staff/cases/").status_code == 200
    saved = {name: morsel.value for name, morsel in client.cookies.items()}
    members.revoke_member(cso.organisation, carmen, by=oscar, org_private=cso.key.private)
    replay = Client()
    for name, value in saved.items():
        replay.cookies[name] = value
    response = replay.get("/staff/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/staff/login/")


# --- Passwords and second factors ---------------------------------------------------------------------------


def test_a_forgotten_password_is_recovered_with_the_recovery_key_in_the_ui(client, office, olga, enrolled):
    old_code = olga.recovery_code
    response = client.post(
        "/staff/login/recover/",
        {"username": "olga", "recovery_key": old_code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    new_code = re.search(r'class="recovery-key">([^<]+)<', response.content.decode()).group(1)
    assert new_code != old_code
    office_key = keyring.organisation_private_key(olga, _private(olga, NEW_PASSWORD), office.organisation)
    user_keys.check_keypair(office_key, bytes(office.organisation.public_key))
    again = client.post(
        "/staff/login/recover/",
        {"username": "olga", "recovery_key": old_code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert again.status_code == 400  # the used recovery key stopped working


def test_a_wrong_recovery_key_and_an_unknown_user_get_the_same_answer(client, office, olga, carmen):
    answers = set()
    for username, code in (("olga", carmen.recovery_code), ("nadie", carmen.recovery_code)):
        response = client.post(
            "/staff/login/recover/",
            {
                "username": username,
                "recovery_key": code,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 400
        answers.add(re.sub(r'value="[^"]*"', "", response.content.decode()))
    assert len(answers) == 1
    assert olga.check_password(STAFF_PASSWORD)


def test_another_admin_resets_a_lost_second_factor(office, oscar, olga, enrolled):
    enrolled(olga)
    before = AuditEntry.objects.count()
    with pytest.raises(AccessDenied):
        members.reset_second_factor(oscar, by=oscar)  # not one's own
    members.reset_second_factor(olga, by=oscar)
    assert list(devices_for_user(olga, confirmed=None)) == []
    assert AuditEntry.objects.count() == before + 1
    with pytest.raises(AccessDenied):
        members.reset_second_factor(oscar, by=olga)  # a caseworker is no admin


# --- The pages ----------------------------------------------------------------------------------------------


def test_the_office_admin_creates_a_partner_and_invites_from_the_pages(client, office, oscar, enrolled):
    sign_in(client, oscar, enrolled)
    response = client.post(
        "/staff/members/new/",
        {"name": "Asociación Rumiñahui", "contact": "C/ Ejemplo 1", "grounds": ["racism"],
         "services": "Asesoría jurídica\nAcompañamiento", "languages": ["es", "fr"]},
    )  # fmt: skip
    partner = Organisation.objects.get(name="Asociación Rumiñahui")
    assert response.status_code == 302 and partner.services == ["Asesoría jurídica", "Acompañamiento"]
    page = client.post(f"/staff/members/{partner.pk}/invite/", {"role": "cso_caseworker"})
    code = re.search(r'class="invitation-code">([^<]+)<', page.content.decode()).group(1)
    assert members.usable_invitation(code) is not None
    assert code not in client.get(f"/staff/members/{partner.pk}/").content.decode()  # shown once


def test_member_pages_are_for_admins_and_the_organisations_own_members(
    client, office, cso, oscar, carmen, ana, enrolled
):
    partner = _partner(oscar)
    sign_in(client, carmen, enrolled)
    assert client.get(f"/staff/members/{partner.pk}/").status_code == 404
    assert client.get(f"/staff/members/{cso.organisation.pk}/").status_code == 200
    assert (
        client.post(f"/staff/members/{cso.organisation.pk}/invite/", {"role": "cso_caseworker"}).status_code
        == 404
    )
    assert client.get("/staff/members/new/").status_code == 404
    analyst = Client()
    sign_in(analyst, ana, enrolled)
    assert analyst.get("/staff/members/").status_code == 403


def test_joining_by_the_link_signs_in_unverified_and_leads_to_enrolment(client, office, oscar):
    from observatory.casework.staff import session as key_session

    partner = _partner(oscar)
    _, code = members.invite_member(partner, Membership.Role.CSO_CASEWORKER, by=oscar)
    link = f"/staff/login/join/{code}/"
    page = client.get(link)
    assert page.status_code == 200 and partner.name in page.content.decode()
    form = {"code": code, "username": "rosa", "password1": STAFF_PASSWORD, "password2": STAFF_PASSWORD}
    response = client.post(link, form)
    assert response.status_code == 302 and response["Location"] == "/staff/enrol/"
    assert client.session[key_session.SEALED_SESSION_KEY]  # the new key, sealed for this session
    assert client.get("/staff/cases/").status_code == 302  # no second factor yet: nothing else opens
    again = Client().post(link, {**form, "username": "rosa2"})
    assert again.status_code == 400 and not get_user_model().objects.filter(username="rosa2").exists()


def test_every_member_action_writes_its_audit_entry(office, oscar, olga, enrolled):
    def entries():
        return AuditEntry.objects.count()

    steps = []
    start = entries()
    partner = _partner(oscar)
    steps.append(("create", entries() - start))
    start = entries()
    _, code = members.invite_member(partner, Membership.Role.CSO_CASEWORKER, by=oscar)
    steps.append(("invite", entries() - start))
    start = entries()
    rosa = members.redeem_invitation(code, username="rosa", password=STAFF_PASSWORD).user
    steps.append(("redeem", entries() - start))
    start = entries()
    key = members.organisation_key_for(oscar, _private(oscar), partner)
    members.grant_access(partner, rosa, by=oscar, org_private=key)
    steps.append(("grant", entries() - start))
    start = entries()
    members.reset_second_factor(rosa, by=oscar)
    steps.append(("reset second factor", entries() - start))
    start = entries()
    members.recover_password("olga", olga.recovery_code, NEW_PASSWORD)
    steps.append(("recover", entries() - start))
    start = entries()
    rotation = members.revoke_member(partner, rosa, by=oscar, org_private=key)
    steps.append(("revoke and start the rotation", entries() - start))
    start = entries()
    _run_rotation(rotation)
    steps.append(("end of the rotation", entries() - start))
    assert steps == [
        ("create", 1), ("invite", 1), ("redeem", 1), ("grant", 1), ("reset second factor", 1),
        ("recover", 1), ("revoke and start the rotation", 2), ("end of the rotation", 1),
    ]  # fmt: skip


def test_a_withdrawn_invitation_opens_nothing(client, office, oscar, enrolled):
    partner = _partner(oscar)
    invitation, code = members.invite_member(partner, Membership.Role.CSO_CASEWORKER, by=oscar)
    sign_in(client, oscar, enrolled)
    response = client.post(f"/staff/members/{partner.pk}/invitations/{invitation.pk}/withdraw/")
    assert response.status_code == 302
    with pytest.raises(members.InvalidInvitation):
        members.redeem_invitation(code, username="tarde", password=STAFF_PASSWORD)


def test_a_batch_interrupted_half_way_moves_nothing_and_the_next_run_finishes(
    office, oscar, olga, monkeypatch
):
    partner, staying, leaving, cases = _partner_with_two_members(office, oscar, olga, n_cases=4)
    rotation = members.revoke_member(
        partner, leaving, by=oscar, org_private=members.organisation_key_for(oscar, _private(oscar), partner)
    )
    before = sorted(
        KeyWrap.objects.filter(recipient_key_id=rotation.old_key_id).values_list("pk", "wrapped_dek")
    )
    real_rewrap, calls = recipients.rewrap_report_key, []

    def dies_on_the_third(*args):
        calls.append(1)
        if len(calls) == 3:
            raise SystemExit("worker killed")  # what a killed worker leaves: a transaction never committed
        return real_rewrap(*args)

    monkeypatch.setattr(recipients, "rewrap_report_key", dies_on_the_third)
    with pytest.raises(SystemExit):
        members.rotate_batch(rotation.pk)
    after = sorted(
        KeyWrap.objects.filter(recipient_key_id=rotation.old_key_id).values_list("pk", "wrapped_dek")
    )
    assert [(pk, bytes(w)) for pk, w in after] == [(pk, bytes(w)) for pk, w in before]
    assert KeyRotation.objects.get(pk=rotation.pk).done == 0
    monkeypatch.setattr(recipients, "rewrap_report_key", real_rewrap)
    assert _run_rotation(rotation) == ["done"]
    partner.refresh_from_db()
    new_key = keyring.organisation_private_key(staying, _private(staying), partner)
    for case in cases:
        assert keyring.report_data_key(case.report, partner, new_key)
