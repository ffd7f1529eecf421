from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.views import LoginView

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


@require_POST
def staff_logout(request):
    logout(request)
    return redirect("staff_login")
