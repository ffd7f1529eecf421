"""Nothing is lost at the rate limit (issue 15, item 6): it is announced before the reporter writes, a
report refused at the end stays on the page to send later or copy, and a shared connection without
JavaScript (a partner organisation's office) is not turned away."""

import re
import secrets

import pytest

from reports_intake import abuse
from reports_intake.models import Report
from tests.reports_intake.journey import fill, find_form, in_language, walk_to_review


@pytest.fixture
def clock(monkeypatch):
    # The start of an hour's window of its own: counters other tests left in the cache are in other hours.
    now = [1_900_000_800.0 + 3600 * secrets.randbelow(10**6)]
    monkeypatch.setattr(abuse, "_clock", lambda: now[0])
    return now


def _send_without_javascript(client, review, url):
    form = find_form(review.content.decode(), form_id="send-form")
    return client.post(url, fill(form))


def test_the_first_step_says_when_a_report_can_be_sent_once_the_limit_is_reached(
    client, intake, settings, clock
):
    page, answers = intake
    settings.ABUSE_RATE_LIMITS = {"submit": (1, 3600), "nojs": (1000, 3600), "receipt-login": (1000, 900)}
    assert "warning" not in client.get(page.url).content.decode()
    review = walk_to_review(client, page, answers)
    assert re.search(r"[0-9A-Z]{4}-", _send_without_javascript(client, review, page.url).content.decode())
    first = client.get(in_language(page.url, "en")).content.decode()
    assert "a new one can be sent in 60 minutes" in first
    assert "your answers stay on the page" in first


def test_a_report_refused_at_the_end_stays_on_the_page_and_is_sent_later(client, intake, settings, clock):
    page, answers = intake
    settings.ABUSE_RATE_LIMITS = {"submit": (1, 3600), "nojs": (1000, 3600), "receipt-login": (1000, 900)}
    settings.POW_TTL_SECONDS = 2 * 3600  # the page stays open past the hour
    english = in_language(page.url, "en")
    walk = lambda: walk_to_review(client, page, answers, lang="en")  # noqa: E731
    assert Report.objects.count() == 0
    _send_without_javascript(client, walk(), english)
    refused = _send_without_javascript(client, walk(), english)
    html = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Your report has not been sent yet, and nothing is lost" in html
    assert "again in 60 minutes" in html
    # Every answer is still in the send form, and in one block to copy.
    kept = dict(find_form(html, form_id="send-form")["fields"])
    assert kept["narrative"] == answers["what"]["narrative"] and kept["reporter_role"] == "victim"
    assert re.search(
        r'<textarea id="kept-answers" readonly dir="auto">[^<]*' + re.escape(kept["narrative"]), html
    )
    assert Report.objects.count() == 1

    clock[0] += 3600  # the next hour: the same page, sent again as it is
    sent = _send_without_javascript(client, refused, english)
    assert "Your report has been sent" in sent.content.decode()
    assert Report.objects.count() == 2


def test_a_shared_connection_without_javascript_sends_many_reports_on_forms_opened_long_enough_ago(
    client, intake, settings, clock
):
    page, answers = intake
    settings.ASSISTED_MIN_SECONDS = 120
    settings.ABUSE_RATE_LIMITS = {
        "submit": (1000, 3600),
        "nojs": (1, 3600),
        "nojs-assisted": (2, 3600),
        "receipt-login": (1000, 900),
    }
    english = in_language(page.url, "en")
    # The first report of the hour needs nothing more.
    assert (
        "has been sent"
        in _send_without_javascript(
            client, walk_to_review(client, page, answers, "en"), english
        ).content.decode()
    )

    # The next one, sent seconds after the form was opened: kept on the page with the wait.
    review = walk_to_review(client, page, answers, "en")
    too_fast = _send_without_javascript(client, review, english)
    assert too_fast.status_code == 429 and "again in 2 minutes" in too_fast.content.decode()

    # After two minutes of writing, it goes through on the assisted allowance; then that is spent too.
    clock[0] += 121
    assert "has been sent" in _send_without_javascript(client, too_fast, english).content.decode()
    clock[0] += 1
    another = walk_to_review(client, page, answers, "en")
    clock[0] += 121
    assert "has been sent" in _send_without_javascript(client, another, english).content.decode()
    last = walk_to_review(client, page, answers, "en")
    clock[0] += 121
    refused = _send_without_javascript(client, last, english)
    assert refused.status_code == 429 and "nothing is lost" in refused.content.decode()
    assert Report.objects.count() == 3


def test_a_forged_start_time_earns_nothing(client, intake, settings, clock):
    page, answers = intake
    settings.ABUSE_RATE_LIMITS = {"submit": (1000, 3600), "nojs": (1, 3600), "receipt-login": (1000, 900)}
    english = in_language(page.url, "en")
    _send_without_javascript(client, walk_to_review(client, page, answers, "en"), english)
    review = walk_to_review(client, page, answers, "en")
    form = find_form(review.content.decode(), form_id="send-form")
    started = dict(form["fields"])["started"]
    clock[0] += 3600 - 1 - (clock[0] % 3600)  # still this hour
    forged = started[:-4] + ("AAAA" if not started.endswith("AAAA") else "BBBB")
    refused = client.post(english, fill(form, {"started": forged}))
    assert refused.status_code == 429
    assert Report.objects.count() == 1
