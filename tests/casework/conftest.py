"""The caseworker side's names for the shared roles (tests/conftest.py): olga, office caseworker; carmen,
caseworker of the partner CSO; ana, analyst at the office; and the reporter's report."""

import pytest

from observatory.accounts import keys
from tests.factories import REPORTER_NARRATIVE, STAFF_PASSWORD

PASSWORD = STAFF_PASSWORD
NARRATIVE = REPORTER_NARRATIVE


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    keys.clear_cache()
    yield
    keys.clear_cache()


@pytest.fixture
def olga(office_caseworker):
    return office_caseworker


@pytest.fixture
def carmen(cso_caseworker):
    return cso_caseworker


@pytest.fixture
def ana(analyst):
    return analyst


@pytest.fixture
def report(reporter):
    return reporter.report
