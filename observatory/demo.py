"""Demo content for a first look (`make demo`). Idempotent: running it again changes nothing."""

import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from cms.demo import add_public_site
from cms.models import HomePage
from observatory.accounts import keys
from observatory.accounts.models import Membership, Organisation
from observatory.casework.models import OrganisationKeyGrant, UserKey
from observatory.casework.staff.keyring import bootstrap_organisation_access, create_user_key

DEMO_USERNAME = "office-demo"
OFFICE_NAME = "Oficina de No Discriminación (demo)"


@dataclass(frozen=True)
class DemoCredentials:
    username: str
    password: str
    totp_device: TOTPDevice


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
    Membership.objects.get_or_create(
        user=user, organisation=office, defaults={"role": Membership.Role.OFFICE_CASEWORKER}
    )
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="demo authenticator", defaults={"confirmed": True}
    )
    _demo_keys(office, user, password)
    return DemoCredentials(username=DEMO_USERNAME, password=password, totp_device=device)
