"""The case list as a busy caseworker uses it: search by case id prefix and by words that name grounds,
domains, statuses and places (in the reader's language), a date range, sortable columns, every code
shown as its label and every place by name; the queue's bulk confirmation of triage; the redress form's
date; the dashboard's queue in the tested queue order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from observatory.audit.models import AuditEntry
from observatory.casework import actions
from observatory.casework.forms import ActionForm
from observatory.casework.models import Case
from observatory.casework.queue import filtered_cases, search
from observatory.dashboards.counters import intake_queue
from reports_intake.actions import submit_report
from reports_intake.models import Report
from tests.factories import new_report, sign_in

SUGGESTION = {
    "language": "es", "grounds": ["disability"], "domain": "education", "incident_type": "harassment",
    "urgent": False, "urgency_reasons": [], "scores": {}, "pii": [], "needs_review": False,
    "model_version": "test",
}  # fmt: skip


def _case(**report_changes) -> Case:
    report = Report.objects.get(pk=submit_report(new_report(**report_changes)).report_id)
    return Case.objects.get(report=report)


@pytest.fixture
def cases(office, olga, boundaries, tmp_path, settings):
    """Three cases: one in Benimaclet confirmed as racism in housing, one online with triage's
    suggestion (disability in education), one untriaged."""
    settings.MEDIA_ROOT = str(tmp_path)
    from observatory.geography.models import Neighbourhood

    benimaclet = Neighbourhood.objects.get(name__icontains="benimaclet")
    placed = _case(location_kind="neighbourhood", neighbourhood_code=benimaclet.code)
    actions.confirm_labels(placed, organisation=office.organisation, by=olga, grounds=["racism"],
                           domain="housing", incident_type="denial_of_service")  # fmt: skip
    suggested = _case()
    actions.apply_triage(suggested.report_id, SUGGESTION)
    bare = _case()
    return {"placed": placed, "suggested": suggested, "bare": bare, "benimaclet": benimaclet}


def _ids(office, **filters):
    return {c.id for c in filtered_cases(office.organisation, filters)}


def test_search_by_id_prefix_label_status_and_place_name(office, cases):
    placed, suggested = cases["placed"], cases["suggested"]
    assert _ids(office, q=str(placed.id)[:6]) == {placed.id}
    assert _ids(office, q=str(placed.id)[:8].upper() + "-") == {placed.id}
    assert _ids(office, q="racismo") == {placed.id}  # the Spanish label, as the page is read
    assert _ids(office, q="vivienda") == {placed.id}
    assert _ids(office, q="benimàclet") == {placed.id} == _ids(office, q="BENIMACLET")
    assert _ids(office, q="racismo vivienda") == {placed.id}  # every word must match
    assert _ids(office, q="racismo educación") == set()
    triaged = _ids(office, q="clasificado")
    assert suggested.id in triaged and placed.id in triaged  # status label (Spanish)


def test_a_word_that_matches_no_clear_field_matches_nothing_and_is_named(office, cases):
    found = search("Amina racismo")
    assert found.unknown == ["Amina"]
    assert _ids(office, q="Amina") == set()  # a name is in the encrypted narrative only


def test_date_range_and_sort_orders(office, cases):
    placed, suggested, bare = cases["placed"], cases["suggested"], cases["bare"]
    Case.objects.filter(pk=placed.pk).update(created_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()
    assert _ids(office, received_from=today - timedelta(days=1)) == {suggested.id, bare.id}
    assert _ids(office, received_to=today - timedelta(days=30)) == {placed.id}
    newest_first = [c.id for c in filtered_cases(office.organisation, {"sort": "-received"})]
    assert newest_first[-1] == placed.id
    by_id = [c.id for c in filtered_cases(office.organisation, {"sort": "id"})]
    assert by_id == sorted(by_id)


def test_list_page_shows_labels_and_names_and_sorts(client, olga, enrolled, cases):
    sign_in(client, olga, enrolled)
    page = client.get("/staff/cases/?sort=-received").content.decode()
    assert "Racismo" in page and "Vivienda" in page
    assert "racism" not in page.replace('value="racism"', "")  # the code only as a form value
    assert cases["benimaclet"].name in page
    assert "Discapacidad" in page and 'class="suggested"' in page  # triage's suggestion, marked as such
    assert 'aria-sort="descending"' in page
    searched = client.get("/staff/cases/?q=Amina").content.decode()
    assert "Amina" in searched and str(cases["placed"].id)[:8] not in searched


def test_bulk_confirm_from_the_queue_confirms_suggestions_and_audits_each(client, olga, enrolled, cases):
    sign_in(client, olga, enrolled)
    suggested, bare, placed = cases["suggested"], cases["bare"], cases["placed"]
    page = client.get("/staff/cases/").content.decode()
    assert f'value="{suggested.id}" form="confirm-triage"' in page
    assert f'value="{bare.id}" form="confirm-triage"' not in page  # no suggestion: a person decides
    before = AuditEntry.objects.count()
    response = client.post(
        "/staff/cases/confirm-triage/",
        {"case": [str(suggested.id), str(bare.id), str(placed.id), "not-an-id"], "back": "?sort=id"},
    )
    assert response.status_code == 302 and response["Location"] == "/staff/cases/?sort=id"
    suggested.refresh_from_db()
    assert suggested.labels_confirmed_by == olga
    assert (suggested.confirmed_grounds, suggested.confirmed_domain) == (["disability"], "education")
    assert not Case.objects.get(pk=bare.pk).labels_confirmed
    assert AuditEntry.objects.count() == before + 1
    assert client.get("/staff/cases/confirm-triage/").status_code == 405


def test_bulk_confirm_needs_the_unlocked_key(client, olga, enrolled, cases):
    sign_in(client, olga, enrolled)
    client.cookies.pop("obs_sk")
    response = client.post("/staff/cases/confirm-triage/", {"case": [str(cases["suggested"].id)]})
    assert response.status_code == 403
    assert not Case.objects.get(pk=cases["suggested"].pk).labels_confirmed


def test_cso_cannot_bulk_confirm_the_office_cases(client, carmen, enrolled, cases):
    sign_in(client, carmen, enrolled)
    client.post("/staff/cases/confirm-triage/", {"case": [str(cases["suggested"].id)]})
    assert not Case.objects.get(pk=cases["suggested"].pk).labels_confirmed


def test_redress_form_offers_today_in_iso_format():
    html = str(ActionForm()["on"])
    assert f'value="{timezone.localdate().isoformat()}"' in html and 'type="date"' in html


def test_dashboard_queue_is_the_tested_queue(office, cases):
    Case.objects.filter(pk=cases["bare"].pk).update(urgent=True)
    Case.objects.filter(pk=cases["placed"].pk).update(ack_due_at=timezone.now() - timedelta(days=1))
    expected = list(Case.objects.queue())
    assert intake_queue(office.organisation) == expected
    assert expected[:2] == [cases["bare"], cases["placed"]]


def test_pages_count_ahead_only_and_hold_past_the_end(client, olga, enrolled, cases, monkeypatch):
    from observatory.casework import views_cases

    monkeypatch.setattr(views_cases, "PAGE_SIZE", 1)
    monkeypatch.setattr(views_cases, "COUNT_CAP_PAGES", 1)
    sign_in(client, olga, enrolled)
    first = client.get("/staff/cases/?sort=id").content.decode()
    assert "Page 1 of more than 2" in first or "Página 1 de más de 2" in first  # 3 cases, counted to 2
    by_id = sorted(str(c.id)[:8] for c in (cases["placed"], cases["suggested"], cases["bare"]))
    third = client.get("/staff/cases/?sort=id&page=3").content.decode()
    assert by_id[2] in third and by_id[0] not in third and 'rel="next"' not in third
    past = client.get("/staff/cases/?sort=id&page=99").content.decode()
    assert by_id[2] in past  # the last page, as Django's get_page does
