from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.views import LoginView

from observatory.casework.staff import passkeys
from observatory.casework.staff.forms import StaffAuthenticationForm, StaffTokenForm
from observatory.casework.staff.login import UnlockUserKeyMixin


@method_decorator(never_cache, name="dispatch")
class StaffLoginView(UnlockUserKeyMixin, LoginView):
    """Password and TOTP code on one page; a user signed in by password but not yet verified is asked for
    the code only (django-otp's LoginView)."""

    template_name = "staff/login.html"
    otp_authentication_form = StaffAuthenticationForm
    otp_token_form = StaffTokenForm
    redirect_authenticated_user = False

    @cached_property
    def authentication_form(self):
        # After a passkey answered on this page (casework.staff.passkeys): user name and password only.
        if self.request.user.is_anonymous and passkeys.has_pending_passkey(self.request):
            return passkeys.PasskeyAuthenticationForm
        return super().authentication_form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["passkey_answered"] = self.authentication_form is passkeys.PasskeyAuthenticationForm
        context["passkey_configuration"] = passkeys.sign_in_configuration(self.request)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["Permissions-Policy"] = passkeys.WEBAUTHN_PERMISSIONS_POLICY
        return response


@require_POST
def staff_logout(request):
    logout(request)
    return redirect("staff_login")
