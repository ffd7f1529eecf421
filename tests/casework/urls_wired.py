"""Only for the tests, and only until observatory/urls.py mounts casework and the login hooks are in
(the fixture `casework_wired` switches to this URLconf when they are missing)."""

from django.urls import include, path
from django_otp.forms import OTPAuthenticationForm

from observatory.accounts.forms import ImplicitDeviceMixin
from observatory.accounts.views import StaffLoginView
from observatory.casework.login import FirstSignInFormMixin, UnlockUserKeyMixin
from observatory.urls import urlpatterns as project_urlpatterns


class _Form(FirstSignInFormMixin, ImplicitDeviceMixin, OTPAuthenticationForm):
    pass


class _LoginView(UnlockUserKeyMixin, StaffLoginView):
    otp_authentication_form = _Form


urlpatterns = [
    path("staff/login/", _LoginView.as_view(), name="staff_login"),
    path("staff/", include("observatory.casework.urls")),
    *project_urlpatterns,
]
