"""Staff authenticators stay out of the Django admin: accounts.SealedTOTPDevice is never registered (a
superuser has no reason to see or edit a colleague's second factor), and django-otp's own TOTPDevice admin
is removed, since a device added there would keep its secret in clear. Staff enrol at /staff/enrol/."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp import admin as _totp_admin  # noqa: F401 (registers it first, once)
from django_otp.plugins.otp_totp.models import TOTPDevice

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


# A staff password seals the user key, so only the staff pages change it (keyring.change_password re-seals
# the key). The Django admin's own password forms — a user's own and a superuser setting someone else's —
# would change it alone and lock that person out of every case: both are closed.
class StaffUserAdmin(UserAdmin):
    def get_urls(self):
        return [url for url in super().get_urls() if "password" not in str(url.pattern)]

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied


def _no_password_change(request, extra_context=None):
    raise PermissionDenied


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
admin.site.password_change = _no_password_change
