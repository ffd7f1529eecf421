"""Issue 13, finding 2: what a copy of the session table, or a stolen session cookie, opens.

- A database dump: every session key found in `django_session`, replayed as a cookie, opens nothing.
- A stolen `sessionid` without the `obs_sk` cookie (path /staff/, which carries the key that opens the
  staff member's private key): it may still show pages, but changes nothing and exports nothing."""

import pytest
from django.db import connection
from django.test import Client

from observatory.casework import actions
from reports_intake.models import Message
from tests.factories import sign_in


@pytest.fixture
def case(reporter):
    return actions.open_case_for_report(reporter.report)


def _stored_session_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("select session_key from django_session")
        return [row[0] for row in cursor.fetchall()]


def test_every_session_key_in_a_dump_opens_nothing(client, office_caseworker, enrolled, case):
    olga = office_caseworker
    sign_in(client, olga, enrolled)
    assert client.get("/staff/cases/").status_code == 200  # the real browser is signed in
    stored = _stored_session_keys()
    assert stored
    for key in stored:
        replay = Client()
        replay.cookies["sessionid"] = key
        response = replay.get("/staff/cases/")
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/"), key
        assert replay.get(f"/staff/cases/{case.id}/").status_code == 302


def test_a_stolen_session_cookie_without_obs_sk_changes_nothing(client, office_caseworker, enrolled, case):
    olga = office_caseworker
    sign_in(client, olga, enrolled)
    thief = Client()
    thief.cookies["sessionid"] = client.cookies["sessionid"].value  # no obs_sk: it never left /staff/
    messages_before = Message.objects.count()
    assert thief.post(f"/staff/cases/{case.id}/messages/", {"text": "hola"}).status_code == 403
    assert thief.post(f"/staff/cases/{case.id}/acknowledge/").status_code == 403
    assert thief.get("/staff/cases/export.csv").status_code == 403
    assert Message.objects.count() == messages_before
    assert actions.Case.objects.get(pk=case.pk).acknowledged_at is None
    # The owner, with both cookies, still can.
    assert client.post(f"/staff/cases/{case.id}/acknowledge/").status_code == 302
    assert actions.Case.objects.get(pk=case.pk).acknowledged_at is not None


def test_a_stolen_session_cookie_without_obs_sk_changes_nothing_in_either_admin(client, office, enrolled):
    from django.contrib.auth.models import Group
    from wagtail.models import Collection

    from tests.factories import create_staff

    boss = create_staff("berta", office.organisation, "system_admin")
    boss.is_superuser = True
    boss.save(update_fields=["is_superuser"])
    sign_in(client, boss, enrolled)
    thief = Client()
    thief.cookies["sessionid"] = client.cookies["sessionid"].value
    root = Collection.get_first_root_node()
    assert thief.get("/admin/collections/").status_code == 200  # reading: the session is enough
    wagtail_write = ("/admin/collections/add/", {"name": "stolen", "parent": root.pk})
    django_write = ("/django-admin/auth/group/add/", {"name": "stolen"})
    for path, data in (wagtail_write, django_write):
        assert thief.post(path, data).status_code == 403, path
    assert not Collection.objects.filter(name="stolen").exists()
    assert not Group.objects.filter(name="stolen").exists()
    # The owner, with her key cookies, still can.
    for path, data in (wagtail_write, django_write):
        assert client.post(path, data).status_code == 302, path
    assert Collection.objects.filter(name="stolen").exists() and Group.objects.filter(name="stolen").exists()
