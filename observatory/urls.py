from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django_otp.admin import OTPAdminSite
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from observatory.casework.staff import passkeys
from observatory.casework.staff import views as account_views
from observatory.operations import views as operations_views
from reports_intake.quick_exit import quick_exit

# Rendered without the database or the cache (observatory.errors).
handler500 = "observatory.errors.server_error"

# Defence in depth beside RequireVerifiedStaffMiddleware: the Django admin itself refuses unverified users.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    # Probes and metrics first: no session, rate limit or page lookup stands before them.
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("metrics", operations_views.metrics_view, name="metrics"),
    path("staff/login/", account_views.StaffLoginView.as_view(), name="staff_login"),
    path("staff/logout/", account_views.staff_logout, name="staff_logout"),
    # Passkeys (casework.staff.passkeys): the sign-in ceremony is open like the sign-in page.
    path("staff/login/passkey/", include(passkeys.sign_in_urlpatterns)),
    path("staff/passkeys/", include(passkeys.registration_urlpatterns)),
    path("staff/", include("observatory.staff_urls")),
    # Unprefixed, so that it works from every page, the error pages included.
    path("exit/", quick_exit, name="quick_exit"),
    path("open-data/", include("cms.open_data_urls")),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's own sign-in (for private pages) would check passwords without a second factor or the
    # staff throttle: it leads to the staff sign-in instead.
    path("_util/login/", RedirectView.as_view(pattern_name="staff_login", query_string=True)),
]
# What reporters and the public see is under a language prefix (/es/, /ca/, /ar/, …): the URL is the only
# memory of the chosen language (observatory.i18n.LocaleMiddleware). A bare URL is redirected to the
# browser's language. Staff pages, probes and open data above stay unprefixed.
urlpatterns += i18n_patterns(
    path("mailbox/", include("reports_intake.urls")),
    path("", include(wagtail_urls)),
)
