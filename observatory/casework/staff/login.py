"""What the staff sign-in (observatory.accounts) needs from casework, as two mixins:

    class StaffAuthenticationForm(FirstSignInFormMixin, ImplicitDeviceMixin, OTPAuthenticationForm): ...
    class StaffLoginView(UnlockUserKeyMixin, LoginView): ...

- `FirstSignInFormMixin`: a user with no confirmed second-factor device yet signs in with the password
  alone; the session is then NOT verified, so RequireVerifiedStaffMiddleware keeps every staff page
  closed except the enrolment page (STAFF_OPEN_PATHS).
- `UnlockUserKeyMixin`: after a successful password sign-in, unlocks (or at first sign-in creates) the
  user's key into the session, and sends an unenrolled user to /staff/enrol/.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device

from observatory.casework.staff import throttle
from observatory.casework.staff.keyring import unlock_into_session

# One answer for a wrong name, a wrong password and a wrong code: no way to learn which one was right.
SIGN_IN_FAILED = _("The user name, password or code is not right. Check them and try again.")
SIGN_IN_WAIT = _("Too many failed attempts. Wait %(seconds)s seconds, then try again.")


class ThrottledSignInMixin:
    """Refuses while `throttle` says to wait (before anything is checked), and turns every failure of
    password or code into SIGN_IN_FAILED, counted against the client and the account."""

    def _throttle_name(self) -> str:
        return self.data.get("username", "")

    def clean(self):
        name, request = self._throttle_name(), self.request
        wait = throttle.wait_seconds(request, name)
        if wait:
            raise ValidationError(SIGN_IN_WAIT, code="throttled", params={"seconds": wait})
        try:
            cleaned = super().clean()
        except ValidationError:
            throttle.record_failure(request, name)
            raise ValidationError(SIGN_IN_FAILED, code="invalid_login") from None
        throttle.record_success(request, name)
        return cleaned


class FirstSignInFormMixin:
    def clean_otp(self, user):
        if user is not None and not user_has_device(user, confirmed=True):
            user.otp_device = None  # password only: signed in, not verified
            return
        super().clean_otp(user)


class UnlockUserKeyMixin:
    enrol_url = "casework:enrol"

    def form_valid(self, form):
        response = super().form_valid(form)  # login() first: it may flush a previous user's session
        user = form.get_user()
        password = form.cleaned_data.get("password")
        if password:  # absent when an already signed-in user only typed a code (OTPTokenForm)
            unlock_into_session(self.request, user, password)
        if not user_has_device(user, confirmed=True):
            return redirect(self.enrol_url)
        return response
