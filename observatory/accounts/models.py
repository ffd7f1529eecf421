import logging
from binascii import unhexlify

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from observatory.crypto import server_keys
from observatory.crypto.envelope import EnvelopeError
from observatory.models import TimestampedModel

logger = logging.getLogger(__name__)


class Organisation(TimestampedModel):
    """The intake office or a partner civil-society organisation of the Municipal Observatory."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Office of Non-discrimination")
        CSO = "cso", _("Civil-society organisation")

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The organisation's public key (envelope format, suite byte first). Its private half is held by the
    # organisation's members, never by the web process; empty until the key ceremony has run.
    public_key = models.BinaryField(null=True, blank=True, editable=False)
    key_id = models.CharField(max_length=32, blank=True, default="", editable=False)
    # What a partner organisation offers, so the office knows whom to refer a case to.
    contact = models.CharField(max_length=300, blank=True, default="")
    grounds = models.JSONField(blank=True, default=list)  # taxonomy ground codes it handles
    services = models.JSONField(blank=True, default=list)
    languages = models.JSONField(blank=True, default=list)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimestampedModel):
    """A staff user's role in one organisation."""

    class Role(models.TextChoices):
        OFFICE_CASEWORKER = "office_caseworker", _("Office caseworker")
        CSO_CASEWORKER = "cso_caseworker", _("CSO caseworker")
        ORG_ADMIN = "org_admin", _("Organisation admin")
        ANALYST = "analyst", _("Analyst")
        PUBLISHER = "publisher", _("Publisher")
        SYSTEM_ADMIN = "system_admin", _("System admin")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    # Opt-in notice "a case is waiting" / "the reporter wrote": no content, no case id.
    notify_by_email = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class TriageKey(TimestampedModel):
    """The public half of the triage worker's keypair. Every new report's data key is wrapped to the
    active one; its private half lives only on the triage worker (TRIAGE_PRIVATE_KEY_FILE).

    Older keys stay (inactive) so that reports wrapped to them can still be found by key id."""

    public_key = models.BinaryField(editable=False)
    key_id = models.CharField(max_length=32, unique=True, editable=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_triage_key"
            )
        ]

    def __str__(self) -> str:
        return f"triage key {self.key_id}{'' if self.active else ' (retired)'}"


class SealedTOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """A staff member's authenticator app, as django-otp's TOTPDevice but with its secret sealed
    (AES-256-GCM under a key derived from TOTP_SEAL_KEY or SECRET_KEY, bound to the user:
    `server_keys.seal_totp_secret`), so a database dump or backup does not give the second factor.

    Verification, drift and replay protection and the otpauth:// URL are TOTPDevice's own code, run on
    this model: only where the secret comes from differs (`bin_key`). Not in the Django admin: nobody
    needs to see or edit a secret there.
    """

    sealed_key = models.BinaryField(editable=False)
    # TOTPDevice's own fields (step, origin, digits, tolerance, drift, last verified step), cloned.
    step = TOTPDevice._meta.get_field("step").clone()
    t0 = TOTPDevice._meta.get_field("t0").clone()
    digits = TOTPDevice._meta.get_field("digits").clone()
    tolerance = TOTPDevice._meta.get_field("tolerance").clone()
    drift = TOTPDevice._meta.get_field("drift").clone()
    last_t = TOTPDevice._meta.get_field("last_t").clone()

    class Meta(Device.Meta):
        verbose_name = "TOTP device"
        ordering = ["id"]

    config_url = TOTPDevice.config_url
    get_throttle_factor = TOTPDevice.get_throttle_factor
    _read_str_from_settings = TOTPDevice._read_str_from_settings

    def set_secret(self, secret: bytes) -> None:
        """Seal `secret` (raw bytes) for this device's user; saved with the next save()."""
        self.sealed_key = server_keys.seal_totp_secret(secret, self.user_id)

    @property
    def bin_key(self) -> bytes:
        """The secret, opened. Raises envelope.EnvelopeError if the sealing key changed."""
        return server_keys.open_totp_secret(self.sealed_key, self.user_id)

    def save(self, *args, **kwargs):
        if not self.sealed_key:
            self.set_secret(unhexlify(default_key()))  # django-otp's own: 20 random bytes
        super().save(*args, **kwargs)

    def verify_token(self, token) -> bool:
        try:
            return TOTPDevice.verify_token(self, token)
        except EnvelopeError:
            # Everyone's authenticator fails the same way: the operator changed the key, not the user.
            logger.error("a TOTP secret cannot be opened: TOTP_SEAL_KEY or SECRET_KEY has changed")
            return False
