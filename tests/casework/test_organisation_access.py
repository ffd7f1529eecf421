"""Organisation keys wrapped to members: a member grants a colleague, revoking a member leaves their
password opening nothing of the organisation's, and roles without casework never get the key."""

import pytest

from observatory.accounts.models import Membership
from observatory.casework import errors
from observatory.casework.models import OrganisationKeyGrant
from observatory.casework.staff import keyring
from observatory.crypto import user_keys
from reports_intake.actions import decrypt_report
from tests.factories import create_staff

from .conftest import NARRATIVE, PASSWORD


def test_member_grants_a_new_colleague_who_can_then_read_reports(olga, office, report):
    oscar = create_staff("oscar", office.organisation, Membership.Role.OFFICE_CASEWORKER)
    with pytest.raises(errors.AccessDenied):
        keyring.organisation_private_key(oscar, keyring.unlock_user_key(oscar, PASSWORD), office.organisation)
    keyring.grant_organisation_access(
        keyring.unlock_user_key(olga, PASSWORD), office.organisation, oscar, granted_by=olga
    )
    org_private = keyring.organisation_private_key(
        oscar, keyring.unlock_user_key(oscar, PASSWORD), office.organisation
    )
    assert decrypt_report(report, org_private, office.organisation.key_id)["narrative"] == NARRATIVE


def test_removed_member_can_no_longer_unlock_the_organisation_key(olga, office):
    private = keyring.unlock_user_key(olga, PASSWORD)
    assert keyring.organisation_private_key(olga, private, office.organisation) == office.key.private
    assert keyring.revoke_organisation_access(office.organisation, olga)
    with pytest.raises(errors.AccessDenied):
        keyring.organisation_private_key(olga, private, office.organisation)
    assert not OrganisationKeyGrant.objects.filter(user=olga).exists()


def test_analyst_is_never_granted_an_organisation_key(olga, ana, office):
    with pytest.raises(errors.AccessDenied):
        keyring.grant_organisation_access(
            keyring.unlock_user_key(olga, PASSWORD), office.organisation, ana, granted_by=olga
        )
    with pytest.raises(errors.AccessDenied):
        keyring.bootstrap_organisation_access(office.organisation, office.key.private, ana)


def test_a_member_of_another_organisation_cannot_grant_or_open_this_one(carmen, office):
    private = keyring.unlock_user_key(carmen, PASSWORD)
    with pytest.raises(errors.AccessDenied):
        keyring.organisation_private_key(carmen, private, office.organisation)


def test_bootstrap_refuses_a_private_key_that_is_not_the_organisations(olga, office, cso):
    with pytest.raises(user_keys.KeyMismatch):
        keyring.bootstrap_organisation_access(office.organisation, cso.key.private, olga)


def test_ending_a_membership_drops_the_grant_too(olga, office):
    private = keyring.unlock_user_key(olga, PASSWORD)
    Membership.objects.filter(user=olga, organisation=office.organisation).delete()
    assert not OrganisationKeyGrant.objects.filter(user=olga).exists()
    with pytest.raises(errors.AccessDenied):
        keyring.organisation_private_key(olga, private, office.organisation)
