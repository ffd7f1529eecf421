"""Fault tests: each finding of issue 12 reproduced against real processes (a terminated PostgreSQL
backend, a table lock, a full tmpfs, a stalled or killed private redis-server, a killed worker), with
the production settings. The intake is driven the way a browser with JavaScript drives it."""

import re
from dataclasses import dataclass

import pytest

from observatory.accounts import keys
from observatory.i18n import path_in_language
from reports_intake import outbox, pow
from tests.factories import wagtail_roots
from tests.reports_intake.journey import (
    RECEIPT_PATTERN,
    fill,
    find_form,
    install_submission_keys,
    make_report_page,
)

ANSWERS = {
    "what": {"narrative": "En la entrada del bar nos dijeron que no podíamos pasar por ser marroquíes."},
    "when": {"when_kind": "month", "incident_month": "3", "incident_year": "2025"},
    "where": {"where_kind": "online"},
    "who": {"reporter_role": "victim", "grounds": ["racism"], "domains": ["goods_services"]},
    "contact": {"contact": "", "language": "es"},
}
DIFFICULTY = 4


@pytest.fixture(autouse=True)
def _fresh_caches():
    keys.clear_cache()
    outbox.reset_backoff()
    yield
    keys.clear_cache()
    outbox.reset_backoff()


@dataclass
class Intake:
    page: object

    def review(self, client, lang="es"):
        """Walk every step; the review page's send form, as (url, body) with a solved proof of work."""
        url = path_in_language(self.page.url, lang)
        response = client.get(url)
        for name in ("what", "when", "where", "who", "contact"):
            form = find_form(response.content.decode(), has_field="step")
            response = client.post(url, fill(form, ANSWERS[name]))
            assert response.status_code == 200, response.content.decode()[:500]
        form = find_form(response.content.decode(), form_id="send-form")
        token = dict(form["fields"])["pow_token"]
        return fill(form, {"pow_solution": pow.solve(token, DIFFICULTY)})


@pytest.fixture
def intake(settings, tmp_path):
    """A report page, the office's keys, a private MEDIA_ROOT and a low proof-of-work difficulty."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.POW_DIFFICULTY = DIFFICULTY
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    install_submission_keys()
    wagtail_roots()
    return Intake(make_report_page())


def receipt_in(response) -> str | None:
    found = re.findall(RECEIPT_PATTERN, response.content.decode())
    return found[0] if found else None


@pytest.fixture
def web_database():
    """This process's connection with the deadlines of a gunicorn worker (OBSERVATORY_WEB=1 in
    deploy/gunicorn.conf.py), the very values settings gives it there."""
    from django.conf import settings as django_settings
    from django.db import connection

    from observatory.settings import WEB_DB_TIMEOUTS_MS, pg_session_options

    options = connection.settings_dict.setdefault("OPTIONS", {})
    saved = options.get("options")
    options["options"] = pg_session_options(WEB_DB_TIMEOUTS_MS)
    connection.close()
    yield django_settings.DATABASES
    connection.close()
    if saved is None:
        options.pop("options")
    else:
        options["options"] = saved
