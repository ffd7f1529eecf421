"""The dashboards and the map: the office counts every case, a CSO only its own, analysts get the
counters without anything that leads to a case, and the map is an SVG drawn on the server."""

import pytest

from observatory.casework import actions
from tests.factories import sign_in


@pytest.fixture
def case(report, office, olga):
    case = actions.open_case_for_report(report)
    return actions.confirm_labels(
        case,
        organisation=office.organisation,
        by=olga,
        grounds=["racism"],
        domain="housing",
        incident_type="denial_of_service",
        suggested={"grounds": ["racism"], "domain": "employment", "incident_type": "denial_of_service"},
    )


def test_office_dashboard_counts_and_queues(client, olga, enrolled, case):
    sign_in(client, olga, enrolled)
    response = client.get("/staff/dashboard/")
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Office dashboard" in page or "Oficina" in page
    assert str(case.id)[:8] in page  # in the intake queue
    assert "2 / 3" in page or "1 / 1" in page  # triage agreement rates


def test_cso_dashboard_counts_only_its_cases(client, carmen, enrolled, case):
    sign_in(client, carmen, enrolled)
    page = client.get("/staff/dashboard/").content.decode()
    assert str(case.id)[:8] not in page


def test_analyst_sees_counters_but_no_case_links(client, ana, enrolled, case):
    sign_in(client, ana, enrolled)
    response = client.get("/staff/dashboard/")
    assert response.status_code == 200
    assert str(case.id)[:8] not in response.content.decode()
    assert "/staff/cases/" not in response.content.decode()


def test_map_is_server_side_svg(client, ana, enrolled, boundaries, case):
    sign_in(client, ana, enrolled)
    response = client.get("/staff/map/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<path ") == 88 and "<script" not in page and "style=" not in page
