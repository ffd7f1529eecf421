"""Named roles for the caseworker side: the office (with caseworker olga and analyst ana) and a partner
CSO (with caseworker carmen). Each organisation has a keypair whose private half only the tests hold,
as after the key ceremony; olga and carmen hold grants of their organisation's key."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from observatory.accounts import keys
from observatory.accounts.models import Membership, Organisation
from observatory.casework import actions
from observatory.crypto import envelope
from reports_intake.actions import submit_report
from tests.factories import new_report

PASSWORD = "correct horse battery staple 42"
MIDDLEWARE = "observatory.casework.middleware.SessionKeyCookieMiddleware"


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    keys.clear_cache()
    yield
    keys.clear_cache()


@pytest.fixture
def casework_wired(settings):
    """The project wiring the lead adds (URLs, middleware, open enrolment path, login hooks). A no-op once
    it is in; until then the tests switch to tests/casework/urls_wired.py and add what is missing."""
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("casework:enrol")
        hooked = "UnlockUserKeyMixin" in {c.__name__ for c in _login_view_mro()}
    except NoReverseMatch:
        hooked = False
    if not hooked:
        settings.ROOT_URLCONF = "tests.casework.urls_wired"
    if MIDDLEWARE not in settings.MIDDLEWARE:
        position = settings.MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1
        settings.MIDDLEWARE = [*settings.MIDDLEWARE[:position], MIDDLEWARE, *settings.MIDDLEWARE[position:]]
    if "/staff/enrol/" not in settings.STAFF_OPEN_PATHS:
        settings.STAFF_OPEN_PATHS = (*settings.STAFF_OPEN_PATHS, "/staff/enrol/")
    return settings


def _login_view_mro():
    from observatory.accounts.views import StaffLoginView

    return StaffLoginView.__mro__


@dataclass
class Org:
    organisation: Organisation
    key: envelope.KeyPair


def _org(name: str, slug: str, kind: str) -> Org:
    pair = envelope.generate_keypair()
    org = Organisation.objects.create(
        name=name, slug=slug, kind=kind, public_key=pair.public, key_id=envelope.key_id(pair.public)
    )
    return Org(org, pair)


@pytest.fixture
def office(db) -> Org:
    """The Office of Non-discrimination, with its keypair and an active triage key installed."""
    pair = envelope.generate_keypair()
    org = Organisation.objects.create(name="Oficina", slug="oficina", kind=Organisation.Kind.OFFICE)
    keys.install_keys(org, pair, envelope.generate_keypair())
    org.refresh_from_db()
    return Org(org, pair)


@pytest.fixture
def cso(db) -> Org:
    return _org("Acoge", "acoge", Organisation.Kind.CSO)


def _staff(username: str, organisation: Organisation, role: str, *, key: bool = True):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if key:
        user.recovery_code = actions.create_user_key(user, PASSWORD)
    return user


@pytest.fixture
def olga(office):
    """Office caseworker, with a user key and a grant of the office key."""
    user = _staff("olga", office.organisation, Membership.Role.OFFICE_CASEWORKER)
    actions.bootstrap_organisation_access(office.organisation, office.key.private, user)
    return user


@pytest.fixture
def carmen(cso):
    """CSO caseworker of another organisation, with a grant of her CSO's key."""
    user = _staff("carmen", cso.organisation, Membership.Role.CSO_CASEWORKER)
    actions.bootstrap_organisation_access(cso.organisation, cso.key.private, user)
    return user


@pytest.fixture
def ana(office):
    """Analyst at the office: works from aggregates, never holds an organisation key."""
    return _staff("ana", office.organisation, Membership.Role.ANALYST)


@pytest.fixture
def enrolled(db):
    """enrolled(user) -> the user's confirmed TOTP device."""

    def make(user):
        return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)

    return make


NARRATIVE = "Me negaron el alquiler del piso en Russafa al oír mi acento. Me llamo Amina."


@pytest.fixture
def report(office, tmp_path, settings):
    """A submitted report (online, so no boundaries needed), wrapped to the office and triage keys."""
    settings.MEDIA_ROOT = str(tmp_path)
    submitted = submit_report(new_report(narrative=NARRATIVE))
    from reports_intake.models import Report

    return Report.objects.get(pk=submitted.report_id)
