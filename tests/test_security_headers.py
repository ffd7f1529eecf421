"""The headers a reporter's browser receives (DESIGN §5): a strict Content-Security-Policy, no framing,
no referrer, no powerful features, no tracking cookie, and nothing private left in any cache."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from wagtail.models import Locale, Page, Site

import observatory.settings as project_settings
from cms.models import HomePage
from observatory.security import PUBLIC_CSP, SecurityHeadersMiddleware, no_store

MIDDLEWARE = "observatory.security.SecurityHeadersMiddleware"
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "interest-cohort",
    "browsing-topics",
)


@pytest.fixture
def home(db):
    if not Locale.objects.exists():  # migrations create it; --nomigrations does not
        Locale.objects.create(language_code="es")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    page = root.add_child(instance=HomePage(title="Observatorio", slug="security-headers-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": page, "hostname": "localhost", "port": 80}
    )
    return page


def _directives(csp: str) -> dict[str, list[str]]:
    parts = (directive.split() for directive in csp.split(";") if directive.strip())
    return {name: values for name, *values in parts}


def _assert_strict_public_headers(response):
    csp = response["Content-Security-Policy"]
    directives = _directives(csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in permissions


def test_home_page_sends_the_strict_headers_and_no_cookie(client, home):
    response = client.get("/es/")
    assert response.status_code == 200
    _assert_strict_public_headers(response)
    assert not response.cookies
    assert "Set-Cookie" not in response


def test_home_page_over_https_sends_hsts(client, home):
    response = client.get("/es/", secure=True)
    assert int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31536000
    assert "includeSubDomains" in response["Strict-Transport-Security"]


def test_not_found_page_sends_the_strict_headers(client, home):
    response = client.get("/es/no-such-page-here/")
    assert response.status_code == 404
    _assert_strict_public_headers(response)


def test_staff_login_sends_the_strict_headers_and_is_never_stored(client, db):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    _assert_strict_public_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/es/mailbox/", "/ar/mailbox/login/", "/fr/mailbox/anything-at-all/"])
def test_mailbox_pages_are_never_stored(client, db, path):
    response = client.get(path)
    assert "no-store" in response["Cache-Control"]
    _assert_strict_public_headers(response)


@pytest.mark.parametrize("path", ["/admin/", "/django-admin/", "/staff/logout/"])
def test_staff_pages_are_never_stored(client, db, path):
    assert "no-store" in client.get(path)["Cache-Control"]


def test_django_admin_runs_under_the_strict_policy(client, db):
    assert client.get("/django-admin/")["Content-Security-Policy"] == PUBLIC_CSP


def test_wagtail_admin_policy_still_allows_no_other_origin(client, db):
    csp = client.get("/admin/")["Content-Security-Policy"]
    directives = _directives(csp)
    for name, values in directives.items():
        for value in values:
            assert value.startswith("'") or value in ("data:", "blob:"), (name, value)
    assert "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


# --- The middleware and decorator on their own -----------------------------------------------------


def _through_middleware(path, response):
    return SecurityHeadersMiddleware(lambda request: response)(RequestFactory().get(path))


def test_a_policy_set_by_the_view_is_kept():
    response = HttpResponse()
    response["Content-Security-Policy"] = "default-src 'none'"
    kept = _through_middleware("/documents/1/x.pdf", response)
    assert kept["Content-Security-Policy"] == "default-src 'none'"


def test_wagtail_preview_may_be_framed_by_the_admin_only():
    response = HttpResponse()
    response["X-Frame-Options"] = "SAMEORIGIN"
    csp = _through_middleware("/admin/pages/3/edit/preview/", response)["Content-Security-Policy"]
    assert _directives(csp)["frame-ancestors"] == ["'self'"]
    response = HttpResponse()
    response["X-Frame-Options"] = "SAMEORIGIN"
    assert _directives(_through_middleware("/", response)["Content-Security-Policy"])["frame-ancestors"] == [
        "'none'"
    ]


def test_no_store_decorator_forbids_every_cache():
    @no_store
    def view(request):
        response = HttpResponse("receipt")
        response["Cache-Control"] = "public, max-age=600"
        return response

    response = view(RequestFactory().get("/"))
    assert response["Cache-Control"] == "no-store, max-age=0"
    assert response["Pragma"] == "no-cache"
    assert view.__name__ == "view"


async def _async_view(request):
    return HttpResponse("mailbox")


def test_no_store_decorator_works_on_async_views():
    import asyncio

    response = asyncio.run(no_store(_async_view)(RequestFactory().get("/")))
    assert response["Cache-Control"] == "no-store, max-age=0"


def test_middleware_is_installed_right_after_djangos_security_middleware():
    position = project_settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    assert project_settings.MIDDLEWARE[position + 1] == MIDDLEWARE
