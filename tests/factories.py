"""What tests are made of, built one way for every suite: report input in the intake's own type, the
organisations with their keys, and staff members."""

from dataclasses import dataclass, replace
from datetime import date

from django.contrib.auth import get_user_model
from django_otp.oath import totp

from observatory.accounts import keys
from observatory.accounts.models import Membership, Organisation
from observatory.casework.staff import keyring
from observatory.crypto import envelope
from reports_intake.actions import NewReport

# Online, so no boundaries are needed; override location_kind/point for a place in the city.
ONLINE_REPORT = NewReport(
    narrative="En la inmobiliaria me dijeron que el piso ya no estaba disponible al oír mi acento.",
    incident_date=date(2026, 3, 14),
    incident_month=None,
    location_kind="online",
    neighbourhood_code=None,
    point=None,
    reporter_role="victim",
    grounds=["racism"],
    domains=["housing"],
    contact=None,
    contact_consent=False,
    language="es",
    attachments=[],
)


# What the `reporter` fixture's report says (a name in it, for the tests that look for plaintext).
REPORTER_NARRATIVE = "Me negaron el alquiler del piso en Russafa al oír mi acento. Me llamo Amina."


def new_report(**changes) -> NewReport:
    return replace(ONLINE_REPORT, **changes)


# --- Organisations and staff: every suite makes them here, one way ------------------------------------

STAFF_PASSWORD = "correct horse battery staple 42"


@dataclass(frozen=True)
class OrgWithKey:
    """An organisation and its keypair, whose private half only the tests hold (as after the key
    ceremony); for the office, also the active triage keypair."""

    organisation: Organisation
    key: envelope.KeyPair
    triage_key: envelope.KeyPair | None = None


def office_organisation() -> Organisation:
    """The Office of Non-discrimination, without keys (the key ceremony installs them). get_or_create:
    a browser test's live server and the test itself may both ask for it."""
    office, _ = Organisation.objects.get_or_create(
        slug="oficina", defaults={"name": "Oficina de No Discriminación", "kind": Organisation.Kind.OFFICE}
    )
    return office


def create_office(triage_key: envelope.KeyPair | None = None) -> OrgWithKey:
    """The office with a fresh keypair and an active triage key (`triage_key`, or a fresh one), installed
    as `manage.py key_ceremony` installs them: the database holds the public halves only."""
    office = office_organisation()
    pair, triage = envelope.generate_keypair(), triage_key or envelope.generate_keypair()
    keys.install_keys(office, pair, triage)
    office.refresh_from_db()
    return OrgWithKey(office, pair, triage)


def create_organisation(name: str, slug: str, kind: str = Organisation.Kind.CSO) -> OrgWithKey:
    pair = envelope.generate_keypair()
    organisation = Organisation.objects.create(
        name=name, slug=slug, kind=kind, public_key=pair.public, key_id=envelope.key_id(pair.public)
    )
    return OrgWithKey(organisation, pair)


def create_staff(username: str, organisation: Organisation, role: str, *, key: bool = True):
    """A staff member of `organisation`; with `key`, her user key (sealed under STAFF_PASSWORD, at the
    test Argon2id cost of settings_test.py), whose printed recovery code is left on `user.recovery_code`."""
    user = get_user_model().objects.create_user(username, password=STAFF_PASSWORD, is_staff=True)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    if key:
        user.recovery_code = keyring.create_user_key(user, STAFF_PASSWORD)
    return user


def create_caseworker(username: str, org: OrgWithKey, role: str):
    """A caseworker holding a grant of her organisation's key."""
    user = create_staff(username, org.organisation, role)
    keyring.bootstrap_organisation_access(org.organisation, org.key.private, user)
    return user


def sign_in(client, user, enrolled):
    """Sign `client` in as `user` with her password and a real TOTP code from a confirmed device
    (`enrolled`, the fixture), as the staff login page is used."""
    device = enrolled(user)
    response = client.post(
        "/staff/login/",
        {"username": user.username, "password": STAFF_PASSWORD, "otp_token": f"{totp(device.bin_key):06d}"},
    )
    assert response.status_code == 302, response.content[:500]
    return client


def wagtail_roots():
    """Wagtail's page tree root and collection root, and the six locales, as the migrations create them
    (cms/0006_site_locales for the locales); a transactional test's flush before this one removes them.
    Returns the root page."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=default)
    )
