"""Demo content for a first look (`make demo`). Idempotent: running it again changes nothing."""

import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, Site

from cms.demo import add_public_site
from cms.models import HomePage
from observatory.accounts import keys
from observatory.accounts.models import Membership, Organisation, SealedTOTPDevice
from observatory.casework.models import OrganisationKeyGrant, UserKey
from observatory.casework.staff.keyring import bootstrap_organisation_access, create_user_key

DEMO_USERNAME = "office-demo"
OFFICE_NAME = "Oficina de No Discriminación (demo)"


@dataclass(frozen=True)
class DemoCredentials:
    username: str
    password: str
    totp_device: SealedTOTPDevice


def _demo_password() -> str:
    # Kept outside the repository (var/ is ignored) so a second run prints the same login.
    path = settings.VAR_DIR / "demo-credentials.json"
    if path.exists():
        return json.loads(path.read_text())["password"]
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"username": DEMO_USERNAME, "password": password}))
    path.chmod(0o600)
    return password


def _demo_keys(office: Organisation, user, password: str) -> None:
    """The demo's office and triage keys (files in var/keys/), the demo user's own key, and the office
    key granted to that user, so the demo caseworker can open the demo reports."""
    result = keys.demo_key_ceremony(office, settings.VAR_DIR / "keys")
    office.refresh_from_db()
    if not UserKey.objects.filter(user=user).exists():
        create_user_key(user, password)
    if not OrganisationKeyGrant.objects.filter(organisation=office, user=user).exists():
        office_key = keys.read_private_key_file(settings.VAR_DIR / "keys" / f"office-{office.slug}.key")
        assert office_key.key_id == result.office_key_id
        bootstrap_organisation_access(office, office_key.private, user)


# Three partner organisations, each with one caseworker holding its key, so that referral can be tried.
# They sign in with the demo password and the same authenticator entry as the office's demo user.
DEMO_PARTNERS = (
    ("acoge", "Valencia Acoge (demo)", ("racism", "anti_muslim"), ("es", "ar", "fr"), "Asesoría jurídica"),
    ("fsg", "Fundación Secretariado Gitano (demo)", ("antigypsyism",), ("es", "ro"), "Mediación"),
    (
        "lambda",
        "Lambda LGTBI (demo)",
        ("sexual_orientation", "gender_identity"),
        ("es", "ca", "en"),
        "Acompañamiento",
    ),
)


def _demo_partners(office: Organisation, password: str, office_device) -> None:
    from observatory.casework import members

    office_key = keys.read_private_key_file(settings.VAR_DIR / "keys" / f"office-{office.slug}.key")
    User = get_user_model()
    for slug, name, grounds, languages, service in DEMO_PARTNERS:
        partner = Organisation.objects.filter(slug=slug).first() or members.create_organisation(
            members.OrganisationProfile(name, "", grounds, (service,), languages), by=None, slug=slug
        )
        username = f"{slug}-demo"
        member = User.objects.filter(username=username).first()
        if member is None:
            member = User.objects.create_user(username, password=password, is_staff=True)
            Membership.objects.create(user=member, organisation=partner, role=Membership.Role.CSO_CASEWORKER)
            create_user_key(member, password)
            twin = SealedTOTPDevice(user=member, name="demo authenticator", confirmed=True)
            twin.set_secret(office_device.bin_key)
            twin.save()
        if not OrganisationKeyGrant.objects.filter(organisation=partner, user=member).exists():
            bootstrap_organisation_access(
                partner, members.key_from_custody(partner, office_key.private), member
            )


@transaction.atomic
def load_demo() -> DemoCredentials:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Observatorio contra la discriminación y los delitos de odio",
                slug="inicio",
                intro="<p>Si has sufrido o presenciado discriminación o un incidente de odio en la "
                "ciudad, puedes contárnoslo de forma anónima. No necesitas cuenta y no guardamos tu "
                "dirección IP.</p>",
                report_call="Cuéntanos qué pasó: es anónimo y está cifrado.",
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        previous_root = site.root_page if site else None
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Observatory"},
        )
        # Wagtail's migrations create a placeholder "Welcome" page; the demo replaces it.
        if previous_root and previous_root.specific_class is Page and previous_root.depth == 2:
            previous_root.delete()

    # The report form, the information pages and the directory, in every language (cms/demo.py).
    add_public_site(home)

    office, _ = Organisation.objects.get_or_create(
        slug="oficina", defaults={"name": OFFICE_NAME, "kind": Organisation.Kind.OFFICE}
    )
    password = _demo_password()
    User = get_user_model()
    user = User.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        user = User.objects.create_user(DEMO_USERNAME, password=password, is_staff=True, is_superuser=True)
    # The office's administrator: also tries creating organisations and inviting members (issue 16).
    Membership.objects.get_or_create(
        user=user, organisation=office, defaults={"role": Membership.Role.ORG_ADMIN}
    )
    device, _ = SealedTOTPDevice.objects.get_or_create(
        user=user, name="demo authenticator", defaults={"confirmed": True}
    )
    _demo_keys(office, user, password)
    _demo_partners(office, password, device)
    return DemoCredentials(username=DEMO_USERNAME, password=password, totp_device=device)
