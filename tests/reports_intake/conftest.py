"""Fixtures for the intake: system keys (whose private halves only the tests hold), a private
MEDIA_ROOT, and a factory for report input."""

from dataclasses import dataclass, replace

import pytest

from observatory.accounts import keys
from observatory.accounts.models import Organisation
from observatory.crypto import envelope
from observatory.geography.models import Neighbourhood
from reports_intake import outbox
from reports_intake.actions import NewReport
from tests.factories import new_report
from tests.reports_intake.journey import ANSWERS, install_submission_keys, make_report_page

# A pin in Russafa (Valencia), district 2 Eixample.
RUSSAFA = (-0.3746, 39.4627)


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    # The in-process key cache would otherwise carry one test's keys into the next test's database.
    keys.clear_cache()
    outbox.reset_backoff()
    yield
    keys.clear_cache()
    outbox.reset_backoff()


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Attachments go to a private folder per test, so tests can read every stored byte."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@dataclass(frozen=True)
class IntakeKeys:
    office: Organisation
    office_key: envelope.KeyPair
    triage_key: envelope.KeyPair

    @property
    def office_key_id(self) -> str:
        return envelope.key_id(self.office_key.public)

    @property
    def triage_key_id(self) -> str:
        return envelope.key_id(self.triage_key.public)


@pytest.fixture
def intake_keys(office) -> IntakeKeys:
    """The shared office (tests/conftest.py) seen from the intake: its keypair and the active triage
    key. The database holds the public halves only, as after `manage.py key_ceremony`."""
    return IntakeKeys(office=office.organisation, office_key=office.key, triage_key=office.triage_key)


BASE_REPORT = new_report(location_kind="neighbourhood", point=RUSSAFA)


@pytest.fixture
def report_input():
    """report_input(**changes) -> a NewReport: a housing refusal in Russafa unless told otherwise."""

    def make(**changes) -> NewReport:
        return replace(BASE_REPORT, **changes)

    return make


@pytest.fixture
def intake(db, boundaries, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    install_submission_keys()
    page = make_report_page()
    code = Neighbourhood.objects.order_by("code").first().code
    answers = {step: dict(values) for step, values in ANSWERS.items()}
    answers["where"]["neighbourhood"] = code
    return page, answers
