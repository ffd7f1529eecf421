"""Quick exit ends the mailbox session and the browser's cookies on the server, then leaves (DESIGN §9)."""

import pytest
from django.urls import reverse

from reports_intake import actions
from reports_intake.mailbox import session as sessions
from tests.factories import new_report
from tests.reports_intake.journey import NARRATIVE, install_submission_keys, login


@pytest.fixture
def receipt(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    settings.QUICK_EXIT_URL = "https://weather.example/"
    install_submission_keys()
    return actions.submit_report(new_report(narrative=NARRATIVE)).receipt


def test_quick_exit_ends_the_mailbox_session_even_for_a_browser_that_kept_its_cookies(client, receipt):
    assert login(client, receipt).status_code == 302
    inbox = "/es/mailbox/inbox/"
    assert NARRATIVE in client.get(inbox).content.decode()
    kept = {name: morsel.value for name, morsel in client.cookies.items()}
    assert sessions.COOKIE_NAME in kept

    response = client.get(reverse("quick_exit"))
    assert response.status_code == 302 and response["Location"] == "https://weather.example/"
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]
    for name in kept:
        assert response.cookies[name].value == "" and response.cookies[name]["path"] == "/"

    # Back, or typing the address: the mailbox is gone, whatever the browser still holds.
    for name, value in kept.items():
        client.cookies[name] = value
    again = client.get(inbox)
    assert again.status_code == 302 and again["Location"] == "/es/mailbox/"
    assert NARRATIVE not in client.get(inbox, follow=True).content.decode()


def test_quick_exit_works_without_a_session_and_by_post(client, db, settings):
    settings.QUICK_EXIT_URL = "https://weather.example/"
    assert client.get("/exit/")["Location"] == "https://weather.example/"
    assert client.post("/exit/")["Location"] == "https://weather.example/"
