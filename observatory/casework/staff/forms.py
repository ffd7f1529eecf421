from django_otp.forms import OTPAuthenticationForm, OTPTokenForm
from django_otp.plugins.otp_static.models import StaticDevice

from observatory.accounts.models import SealedTOTPDevice
from observatory.casework.staff.enrolment import stored_backup_code
from observatory.casework.staff.login import FirstSignInFormMixin, ThrottledSignInMixin


class ImplicitDeviceMixin:
    """Staff type a code, they don't pick a device: a 6-digit code is checked against their authenticator
    (TOTP) and anything else against their single-use backup codes. Only the user's own confirmed devices
    are ever considered, and only one device per attempt, so failures throttle only that device."""

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is not None:
            return device
        token = (self.cleaned_data.get("otp_token") or "").strip()
        model = SealedTOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
        return model.objects.filter(user=user, confirmed=True).order_by("id").first()

    def _verify_token(self, user, token, device=None):
        # Backup codes are stored as keyed hashes (enrolment.stored_backup_code): compare those.
        if isinstance(device, StaticDevice):
            token = stored_backup_code(token)
        return super()._verify_token(user, token, device)


class StaffAuthenticationForm(
    ThrottledSignInMixin, FirstSignInFormMixin, ImplicitDeviceMixin, OTPAuthenticationForm
):
    pass


class StaffTokenForm(ThrottledSignInMixin, ImplicitDeviceMixin, OTPTokenForm):
    """The code alone, for a user signed in by password but not verified yet."""

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.request = request  # OTPTokenForm takes it but does not keep it

    def _throttle_name(self) -> str:
        return self.user.get_username()
