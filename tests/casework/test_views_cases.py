"""The case list, its filters and the CSV export: an organisation sees its own cases only, the export
holds codes and never the narrative, and exporting is audited."""

import pytest

from observatory.casework import actions
from tests.factories import sign_in

from .conftest import NARRATIVE
from .test_views_case import audit_trail


@pytest.fixture
def case(report):
    return actions.open_case_for_report(report)


def test_office_lists_cases_with_filters(client, olga, enrolled, case):
    sign_in(client, olga, enrolled)
    listed = client.get("/staff/cases/")
    assert listed.status_code == 200 and str(case.id)[:8] in listed.content.decode()
    assert "no-store" in listed["Cache-Control"]
    assert str(case.id)[:8] not in client.get("/staff/cases/?status=closed").content.decode()
    assert str(case.id)[:8] not in client.get("/staff/cases/?ground=racism").content.decode()  # unconfirmed
    assert str(case.id)[:8] in client.get("/staff/cases/?urgent=no&page=1").content.decode()
    assert client.get("/staff/cases/?status=bogus").status_code == 200  # a bad filter is ignored, not a 500


def test_cso_lists_only_its_own_cases(client, carmen, enrolled, case):
    sign_in(client, carmen, enrolled)
    assert str(case.id)[:8] not in client.get("/staff/cases/").content.decode()


def test_export_has_codes_only_and_is_audited(client, olga, office, enrolled, case):
    sign_in(client, olga, enrolled)
    response = client.get("/staff/cases/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("case_id,status,urgent") and len(lines) == 2
    assert str(case.id) in lines[1] and "online" in lines[1]
    assert NARRATIVE[:20] not in body and "Amina" not in body
    assert audit_trail(office.organisation) == ["exported"]


def test_cso_export_holds_none_of_the_office_cases(client, carmen, enrolled, case):
    sign_in(client, carmen, enrolled)
    body = b"".join(client.get("/staff/cases/export.csv").streaming_content).decode()
    assert str(case.id) not in body


def test_analyst_gets_neither_list_nor_export(client, ana, enrolled, case):
    sign_in(client, ana, enrolled)
    assert client.get("/staff/cases/").status_code == 403
    assert client.get("/staff/cases/export.csv").status_code == 403
