"""Who gets what, over EVERY URL pattern of the project (enumerated from the resolver, so a new view
cannot escape): converters are filled with real ids from the fixtures (the other organisation's case,
its attachment, its referral).

- every route is either under a public prefix listed here or under a staff prefix;
- anonymous: every staff route sends to the sign-in page;
- password without a verified second factor: refused the same way (the enrolment page excepted);
- a CSO caseworker: 404 on every case-scoped route of a case her organisation does not work on, for
  any method, and the export holds none of it;
- an analyst: no response anywhere contains the canary narrative.
"""

import re
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from observatory.casework import actions
from observatory.casework.staff import keyring
from reports_intake.actions import NewReport, Upload, submit_report
from reports_intake.models import Report, StoredFile
from tests.factories import create_caseworker, create_organisation, sign_in

from .conftest import PASSWORD

CANARY = "CANARY-7f3a narrative: me echaron del bar por ser gitana, me llamo Rosario."

# The public site: Wagtail's page tree (the catch-all), the reporter's mailbox, published open data,
# Wagtail's documents and page-password helpers, static and media files. Everything else must be a staff
# prefix.
PUBLIC_PREFIXES = ("mailbox/", "open-data/", "documents/", "_util/", "static/", "media/", "exit/")
PUBLIC_EXACT = ("",)  # the Wagtail page tree catch-all (its regex matches any page path)
# Probes for the proxy and monitoring (observatory.operations): no sign-in, no content; /readyz answers 503
# while a dependency is missing (in tests: no triage worker heartbeat), /metrics 404 without its token.
PROBES = ("healthz", "readyz", "metrics")
WAGTAIL_LOGIN = "_util/login/"
STAFF_PREFIXES = ("staff/", "admin/", "django-admin/")
# Staff routes a signed-in user without a second factor may reach (settings.STAFF_OPEN_PATHS).
OPEN_STAFF = ("staff/login/", "staff/enrol/")

# Every casework route, classified; a new route fails test_every_casework_route_is_classified until
# someone decides which rules apply to it.
CASE_SCOPED = {
    "case", "attachment", "acknowledge", "labels", "record_action", "refer", "accept_referral",
    "decline_referral", "close", "reopen", "message",
}  # fmt: skip
# Caseworkers only, their organisation's cases (the list, the export, the queue's bulk confirmation)
# and their own notice setting.
ORGANISATION_SCOPED = {"cases", "export", "confirm_triage", "notifications"}
AGGREGATE = {"home", "dashboard", "map"}  # any staff member, counts only
SIGN_IN = {"enrol"}
# Before sign-in, under the open staff/login/ prefix: redeeming an invitation, a forgotten password.
BEFORE_SIGN_IN = {"join", "join_code", "recover"}
# Organisations and members (casework.views_members): casework roles; an organisation's page for its
# members and whoever administers it (tests/casework/test_members.py). Own account: the password.
MEMBERS = {
    "organisations", "organisation_new", "organisation", "invite", "withdraw_invitation", "grant",
    "revoke", "reset_second_factor", "rotation", "password",
}  # fmt: skip


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + _pattern_text(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + _pattern_text(p.pattern), namespace + (p.name or ""), p


def _pattern_text(pattern) -> str:
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        return "\x00" + text.removeprefix("^").removesuffix("$") + "\x01"  # marks a regex piece
    return text


def all_routes():
    return list(_walk(get_resolver().url_patterns))


def _fill_regex(piece: str, values: dict) -> str:
    """A sample path for a regex piece: named groups by name, other groups by what they match."""

    def group(match):
        name, body = match.group(1), match.group(2)
        if name and name in values:
            return str(values[name])
        if "|" in body and "(" not in body:
            return body.split("|")[0]
        return "1" if "\\d" in body else "x"

    sample = piece
    for _ in range(3):  # nested groups, innermost first
        sample = re.sub(r"\((?:\?P<(\w+)>|\?:)?([^()]*)\)[*+?]?", group, sample)
    return re.sub(r"\\(.)", r"\1", sample).replace("\\", "")


def fill(route: str, values: dict) -> str:
    def converter(match):
        kind, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        return {"int": "1", "uuid": str(uuid.uuid4()), "path": "x/y"}.get(kind, "x")

    route = re.sub(r"<(?:(\w+):)?(\w+)>", converter, route)
    route = re.sub(r"\x00(.*?)\x01", lambda m: _fill_regex(m.group(1), values), route)
    return "/" + route


def _prefix_of(route: str) -> str:
    return route.replace("\x00", "").replace("\x01", "")


@pytest.fixture
def world(office, cso, olga, carmen, ana, tmp_path, settings):
    """The office's case with the canary narrative, an attachment and a pending referral to a third
    organisation: carmen's CSO has nothing to do with it."""
    settings.MEDIA_ROOT = str(tmp_path)
    submitted = submit_report(
        NewReport(
            narrative=CANARY,
            incident_date=None,
            incident_month=None,
            location_kind="online",
            neighbourhood_code=None,
            point=None,
            reporter_role="victim",
            grounds=["antigypsyism"],
            domains=["goods_services"],
            contact=None,
            contact_consent=False,
            language="es",
            attachments=[Upload("foto.txt", "text/plain", CANARY.encode())],
        )
    )
    report = Report.objects.get(pk=submitted.report_id)
    case = actions.open_case_for_report(report)
    third = create_organisation("Otra", "otra")
    org_private = keyring.organisation_private_key(
        olga, keyring.unlock_user_key(olga, PASSWORD), office.organisation
    )
    referral = actions.refer_case(
        case, from_organisation=office.organisation, to_organisation=third.organisation, by=olga,
        org_private=org_private, reason=CANARY,
    )  # fmt: skip
    file = StoredFile.objects.get(report=report)
    return {"case_id": case.id, "file_id": file.id, "referral_id": referral.id, "document_id": 1}


def _without_language(route: str) -> str:
    """Public pages sit under a language prefix (i18n_patterns): /es/mailbox/… is the mailbox."""
    head, _, rest = route.partition("/")
    return rest if head in {code for code, _ in django_settings.LANGUAGES} else route


def test_every_route_is_public_or_staff():
    stray = [
        route
        for route, _, _ in all_routes()
        if not _prefix_of(_without_language(route)).startswith(PUBLIC_PREFIXES + STAFF_PREFIXES)
        and _fill_regex(_prefix_of(_without_language(route)), {}) not in ("", "x/")
        and _without_language(route).split("\x00")[0] not in PUBLIC_EXACT + PROBES
    ]
    assert stray == []


def test_every_casework_route_is_classified():
    names = {name.split(":", 1)[1] for _, name, _ in all_routes() if name.startswith("casework:")}
    assert names == CASE_SCOPED | ORGANISATION_SCOPED | AGGREGATE | SIGN_IN | BEFORE_SIGN_IN | MEMBERS


def _staff_paths(values):
    for route, name, _ in all_routes():
        if _prefix_of(route).startswith(STAFF_PREFIXES):
            yield fill(route, values), name


def test_anonymous_is_sent_to_sign_in_on_every_staff_route(client, world):
    for path, name in _staff_paths(world):
        if path.startswith("/staff/login/"):
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if path.startswith("/staff/enrol/"):  # open path: the view itself sends anonymous away
                assert response.status_code in (302, 403), (name, path, response.status_code)
                continue
            assert response.status_code == 302, (name, path, method, response.status_code)
            assert response["Location"].startswith("/staff/login/"), (name, path)


def test_public_routes_never_need_a_staff_sign_in(client, world):
    for route, name, _ in all_routes():
        if _prefix_of(route).startswith(STAFF_PREFIXES):
            continue
        response = client.get(fill(route, world))
        if _prefix_of(route) == WAGTAIL_LOGIN:  # Wagtail's own login goes through the staff one (2FA)
            assert response["Location"].startswith("/staff/login/"), (name, route)
            continue
        readiness = route.split("\x00")[0] == "readyz"
        assert response.status_code < 500 or (readiness and response.status_code == 503), (name, route)
        assert not response.get("Location", "").startswith("/staff/login/"), (name, route)


def test_password_without_second_factor_is_refused(world, olga, enrolled):
    enrolled(olga)
    client = Client(raise_request_exception=False)
    client.force_login(olga)  # signed in by password only: not verified
    for path, name in _staff_paths(world):
        if path.startswith(tuple("/" + p for p in OPEN_STAFF)):
            continue
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/staff/login/"), (name, path)
        assert CANARY not in response.content.decode(errors="replace")


def _casework_paths(values):
    for route, name, _ in all_routes():
        if name.startswith("casework:") and name.split(":", 1)[1] in CASE_SCOPED:
            yield fill(route, values), name


def test_cso_caseworker_gets_404_for_every_case_url_of_another_organisation(client, carmen, enrolled, world):
    sign_in(client, carmen, enrolled)
    paths = list(_casework_paths(world))
    assert len(paths) == len(CASE_SCOPED)
    for path, name in paths:
        for method in ("get", "post"):
            response = getattr(client, method)(path, {"text": "x", "code": "mediation", "on": "2026-01-01"})
            assert response.status_code == 404, (name, path, method, response.status_code)
    export = b"".join(client.get("/staff/cases/export.csv").streaming_content).decode()
    assert str(world["case_id"]) not in export
    assert str(world["case_id"])[:8] not in client.get("/staff/cases/").content.decode()
    assert str(world["case_id"])[:8] not in client.get("/staff/dashboard/").content.decode()


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_analyst_never_sees_plaintext_anywhere(ana, enrolled, world):
    client = Client(raise_request_exception=False)
    sign_in(client, ana, enrolled)
    seen = 0
    for route, name, _ in all_routes():
        path = fill(route, world)
        for method in ("get", "post") if name.startswith("casework:") else ("get",):
            response = getattr(client, method)(path)
            assert CANARY[:20] not in _body(response), (name, path, method)
            seen += 1
        if name.startswith("casework:") and name.split(":", 1)[1] in CASE_SCOPED | ORGANISATION_SCOPED:
            assert client.get(path).status_code == 403, (name, path)
    assert seen > 100


# --- A referral's receiving organisation, in each state of the referral (issue 13, finding 6) ---------

WRITES_BEFORE_ACCEPTING = CASE_SCOPED - {"case", "attachment", "accept_referral", "decline_referral"}


@pytest.fixture
def referred_to_carmen(world, office, cso, olga):
    """The world's case referred to carmen's organisation as well (pending)."""
    case = actions.Case.objects.get(pk=world["case_id"])
    org_private = keyring.organisation_private_key(
        olga, keyring.unlock_user_key(olga, PASSWORD), office.organisation
    )
    referral = actions.refer_case(
        case, from_organisation=office.organisation, to_organisation=cso.organisation, by=olga,
        org_private=org_private,
    )  # fmt: skip
    return {**world, "referral_id": referral.id}


def _case_state(case_id):
    case = actions.Case.objects.get(pk=case_id)
    return (
        case.status,
        case.acknowledged_at,
        case.labels_confirmed_at,
        case.assigned_organisation_id,
        case.actions.count(),
        case.referrals.count(),
        case.report.messages.count() if hasattr(case.report, "messages") else None,
    )


def _path(values, wanted):
    return next(path for path, name in _casework_paths(values) if name == f"casework:{wanted}")


def test_pending_referral_lets_the_receiver_read_and_answer_only(
    client, carmen, cso, enrolled, referred_to_carmen
):
    values = referred_to_carmen
    sign_in(client, carmen, enrolled)
    assert client.get(_path(values, "case")).status_code == 200
    assert client.get(_path(values, "attachment")).status_code == 200
    before = _case_state(values["case_id"])
    data = {"text": "x", "code": "mediation", "on": "2026-01-01", "grounds": "antigypsyism",
            "domain": "goods_services", "incident_type": "denial_of_service", "to_organisation": "1",
            "legal_classification": "criminal_offence", "reported_to_police": "no"}  # fmt: skip
    for name in sorted(WRITES_BEFORE_ACCEPTING):
        response = client.post(_path(values, name), data)
        assert response.status_code == 404, (name, response.status_code)
    assert _case_state(values["case_id"]) == before
    assert client.post(_path(values, "accept_referral")).status_code == 302
    case = actions.Case.objects.get(pk=values["case_id"])
    assert case.assigned_organisation_id == cso.organisation.id


def test_accepted_referral_makes_the_case_the_receivers(client, carmen, enrolled, referred_to_carmen):
    values = referred_to_carmen
    sign_in(client, carmen, enrolled)
    client.post(_path(values, "accept_referral"))
    assert client.get(_path(values, "case")).status_code == 200
    assert client.post(_path(values, "acknowledge")).status_code == 302
    assert actions.Case.objects.get(pk=values["case_id"]).acknowledged_at is not None


def test_declined_referral_leaves_the_receiver_nothing(client, carmen, enrolled, referred_to_carmen):
    values = referred_to_carmen
    sign_in(client, carmen, enrolled)
    assert client.post(_path(values, "decline_referral")).status_code == 302
    for path, name in _casework_paths(values):
        for method in ("get", "post"):
            assert getattr(client, method)(path).status_code == 404, (name, method)


def test_closed_case_stays_with_its_organisation_only(client, carmen, enrolled, referred_to_carmen, olga):
    values = referred_to_carmen
    sign_in(client, carmen, enrolled)
    client.post(_path(values, "accept_referral"))
    case = actions.Case.objects.get(pk=values["case_id"])
    mine = case.assigned_organisation
    actions.confirm_labels(case, organisation=mine, by=carmen, grounds=["antigypsyism"],
                           domain="goods_services", incident_type="denial_of_service")  # fmt: skip
    actions.close_case(case, organisation=mine, by=carmen)
    assert client.get(_path(values, "case")).status_code == 200
    other = Client()
    sign_in(other, olga, enrolled)  # the office still sees every case
    assert other.get(_path(values, "case")).status_code == 200


# --- The matrix: every role × every case-scoped URL × every case state (issue 16) ---------------------
# Each state is built through the actions, as the staff pages would: a new case (untriaged), triaged,
# referred to carmen's CSO and pending, accepted by it, declined by it, and closed by it after accepting.
# Roles: anonymous, analyst, a caseworker of an organisation the case never reached, carmen (the referral's
# receiver), olga (office caseworker) and an office admin. Expected answers come from the rule, written
# once here (`_expected`), not from a table copied from the responses.

STATES = ("new", "triaged", "referred_pending", "referred_accepted", "referred_declined", "closed")
ROLES = ("anonymous", "analyst", "outsider", "receiver", "office_caseworker", "office_admin")
READS = {"case", "attachment"}
ANSWERS = {"accept_referral", "decline_referral"}
TRIAGED = {
    "language": "es", "grounds": ["antigypsyism"], "domain": "goods_services",
    "incident_type": "denial_of_service", "urgent": False, "urgency_reasons": [], "scores": {}, "pii": [],
    "needs_review": False, "model_version": "test",
}  # fmt: skip


def _build_state(state, office, cso, olga, carmen):
    submitted = submit_report(
        NewReport(
            narrative=CANARY, incident_date=None, incident_month=None, location_kind="online",
            neighbourhood_code=None, point=None, reporter_role="victim", grounds=["antigypsyism"],
            domains=["goods_services"], contact=None, contact_consent=False, language="es",
            attachments=[Upload("foto.txt", "text/plain", CANARY.encode())],
        )
    )  # fmt: skip
    report = Report.objects.get(pk=submitted.report_id)
    case = actions.Case.objects.get(report=report)
    values = {"case_id": case.id, "file_id": StoredFile.objects.get(report=report).id}
    values["referral_id"] = uuid.uuid4()
    if state == "new":
        return values
    actions.apply_triage(report.id, TRIAGED)
    if state == "triaged":
        return values
    org_private = keyring.organisation_private_key(
        olga, keyring.unlock_user_key(olga, PASSWORD), office.organisation
    )
    referral = actions.refer_case(
        case, from_organisation=office.organisation, to_organisation=cso.organisation, by=olga,
        org_private=org_private, reason=CANARY,
    )  # fmt: skip
    values["referral_id"] = referral.id
    if state == "referred_declined":
        actions.decline_referral(referral, by=carmen)
    elif state in ("referred_accepted", "closed"):
        actions.accept_referral(referral, by=carmen)
    if state == "closed":
        case = actions.Case.objects.get(pk=case.pk)
        actions.confirm_labels(case, organisation=cso.organisation, by=carmen, grounds=["antigypsyism"],
                               domain="goods_services", incident_type="denial_of_service")  # fmt: skip
        actions.close_case(case, organisation=cso.organisation, by=carmen)
    return values


def _expected(role, state, name, method) -> int:
    """The rule: who may read (GET) and change (POST) a case in each state."""
    if role == "anonymous":
        return 302  # to the sign-in page
    if role == "analyst":
        return 403  # aggregates only, before any case is looked up
    office = role in ("office_caseworker", "office_admin")
    reads = office or (role == "receiver" and state in ("referred_pending", "referred_accepted", "closed"))
    writes = office or (role == "receiver" and state in ("referred_accepted", "closed"))
    if name in READS:
        return 200 if (reads if method == "get" else writes) else 404
    if name in ANSWERS:
        if not reads:
            return 404
        if method == "get":
            return 405
        # Only a pending referral's receiver answers; anyone else finds no referral of theirs to answer.
        return 302 if role == "receiver" and state == "referred_pending" else 404
    if method == "get":
        return 405 if reads else 404
    return 302 if writes else 404


@pytest.mark.parametrize("state", STATES)
def test_access_matrix_every_role_url_and_state(state, office, cso, olga, carmen, ana, enrolled, tmp_path,
                                               settings):  # fmt: skip
    settings.MEDIA_ROOT = str(tmp_path)
    outsider_org = create_organisation("Tercera", "tercera")
    outsider = create_caseworker("otto", outsider_org, "cso_caseworker")
    admin = create_caseworker("oscar", office, "org_admin")
    values = _build_state(state, office, cso, olga, carmen)
    clients = {"anonymous": Client()}
    for role, user in (("analyst", ana), ("outsider", outsider), ("receiver", carmen),
                       ("office_caseworker", olga), ("office_admin", admin)):  # fmt: skip
        clients[role] = sign_in(Client(), user, enrolled)
    # Writes last, answers at the very end: an answer changes the state the other rows are about.
    paths = sorted(_casework_paths(values), key=lambda p: (p[1].split(":")[1] in ANSWERS, p[1]))
    assert {name.split(":")[1] for _, name in paths} == CASE_SCOPED
    checked = 0
    for role in ROLES:
        client = clients[role]
        for path, name in paths:
            short = name.split(":")[1]
            for method in ("get", "post"):
                want = _expected(role, state, short, method)
                if want == 302 and short in ANSWERS and role == "receiver":
                    continue  # answering is the receiver's own test above; here it would move the state
                response = getattr(client, method)(path)
                assert response.status_code == want, (state, role, short, method, response.status_code)
                if role == "anonymous":
                    assert response["Location"].startswith("/staff/login/")
                if want != 200:
                    assert CANARY[:20] not in _body(response), (state, role, short, method)
                checked += 1
        # The pages that are not about one case: counts for every staff role, lists for caseworkers.
        for route, name, _ in all_routes():
            short = name.split(":", 1)[1] if name.startswith("casework:") else ""
            if short not in AGGREGATE | ORGANISATION_SCOPED or "<" in route:
                continue
            response = client.get(fill(route, values))
            want = {"anonymous": 302, "analyst": 403 if short in ORGANISATION_SCOPED else None}.get(role)
            if short == "confirm_triage":
                want = want or 405  # POST only
            assert response.status_code in ((want,) if want else (200, 302)), (state, role, short)
            assert CANARY[:20] not in _body(response), (state, role, short)
        # The organisation-scoped pages show the case exactly to those who may read it.
        listed = client.get("/staff/cases/")
        if role in ("anonymous", "analyst"):
            assert listed.status_code == (302 if role == "anonymous" else 403)
            continue
        reads = _expected(role, state, "case", "get") == 200
        assert (str(values["case_id"])[:8] in listed.content.decode()) == reads, (state, role, "list")
        export = _body(client.get("/staff/cases/export.csv"))
        assert (str(values["case_id"]) in export) == reads, (state, role, "export")
    answered_here = len(ANSWERS) if state == "referred_pending" else 0
    assert checked == len(ROLES) * len(CASE_SCOPED) * 2 - answered_here
