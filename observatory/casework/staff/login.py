"""What the staff sign-in (observatory.accounts) needs from casework, as two mixins:

    class StaffAuthenticationForm(FirstSignInFormMixin, ImplicitDeviceMixin, OTPAuthenticationForm): ...
    class StaffLoginView(UnlockUserKeyMixin, LoginView): ...

- `FirstSignInFormMixin`: a user with no confirmed second-factor device yet signs in with the password
  alone; the session is then NOT verified, so RequireVerifiedStaffMiddleware keeps every staff page
  closed except the enrolment page (STAFF_OPEN_PATHS).
- `UnlockUserKeyMixin`: after a successful password sign-in, unlocks (or at first sign-in creates) the
  user's key into the session, and sends an unenrolled user to /staff/enrol/.
"""

from django.shortcuts import redirect
from django_otp import user_has_device

from observatory.casework.staff.keyring import unlock_into_session


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
