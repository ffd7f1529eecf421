"""The dashboards and the map: the office counts every case, a CSO only its own, analysts get the
counters without anything that leads to a case, and the map is an SVG drawn on the server."""

import re

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


def _heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)


def _agreement(page: str) -> list[tuple[int, int]]:
    """(agreed, total) per field, in the table's order (grounds, domain, incident type)."""
    return [(int(a), int(t)) for a, t in re.findall(r"<td>(\d+) / (\d+)</td>", page)]


def test_office_dashboard_counts_and_queues(client, olga, enrolled, case):
    sign_in(client, olga, enrolled)
    response = client.get("/staff/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert _heading(page) == "Office dashboard"
    assert str(case.id)[:8] in page  # in the intake queue
    # Triage suggested the grounds and the incident type right and the domain wrong.
    assert _agreement(page) == [(1, 1), (0, 1), (1, 1)]


def test_cso_dashboard_counts_only_its_cases(client, carmen, enrolled, case):
    sign_in(client, carmen, enrolled)
    response = client.get("/staff/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert _heading(page) == "Asociación Acoge: cases"
    assert str(case.id)[:8] not in page
    assert _agreement(page) == [(0, 0), (0, 0), (0, 0)]  # the office's case is not hers


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
