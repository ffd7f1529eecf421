"""Finding 4: the cache Redis is down (this test's own redis-server, stopped). The home page still
serves; a submission or a mailbox login fails with a page in the reporter's language that says what
happened to their report, with the quick exit, rendered without the cache (and the 500 page without
the database)."""

import pytest
from django.test import Client, RequestFactory

from observatory.errors import server_error
from reports_intake.abuse import too_many_requests
from reports_intake.models import Report
from tests.reports_intake.brokers import RedisServer

pytestmark = pytest.mark.django_db(transaction=True)


def stop_the_cache(settings) -> None:
    """Point the cache at a private redis-server, then stop it (the shared one is untouched)."""
    server = RedisServer().start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    server.stop()


def test_the_home_page_serves_with_the_cache_down(intake, settings):
    report_form = intake.page.url
    stop_the_cache(settings)
    home = Client(raise_request_exception=False).get("/es/", HTTP_ACCEPT_LANGUAGE="es")
    assert home.status_code == 200
    assert f'href="{report_form}"' in home.content.decode()


def test_a_submission_with_the_cache_down_says_nothing_was_saved_in_the_reporters_language(intake, settings):
    client = Client(raise_request_exception=False)
    body, url = intake.review(client), intake.page.url  # filled in while the cache was up
    stop_the_cache(settings)
    failed = client.post(url, body)
    html = failed.content.decode()
    assert failed.status_code == 503
    assert "Tu informe no se ha guardado" in html and "Salida rápida" in html
    assert Report.objects.count() == 0


def test_the_500_page_needs_neither_cache_nor_database_and_speaks_the_reporters_language(
    intake, settings, django_db_blocker
):
    stop_the_cache(settings)
    login = Client(raise_request_exception=False).post(
        "/es/mailbox/", {"receipt": "x"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = "es"
    with django_db_blocker.block():  # any query here fails the test
        page = server_error(request)
        wait = too_many_requests(request, 120)
    assert wait.status_code == 429 and "Salida rápida" in wait.content.decode()
    for response in (login, page):
        html = response.content.decode()
        assert response.status_code == 500, response.status_code
        assert 'lang="es"' in html and "Salida rápida" in html
        assert (
            "Algo ha fallado por nuestra parte" in html and "Enviar informe" in html
        )  # what to do about a report
