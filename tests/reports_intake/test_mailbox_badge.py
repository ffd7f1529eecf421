"""The mailbox's badge: the reporter sees how many caseworkers' replies came since their own last
message, and which ones; nothing is stored about their visits to work it out."""

from django.urls import reverse

from reports_intake import actions
from reports_intake.mailbox import actions as mailbox_actions
from reports_intake.models import Report
from tests.factories import new_report
from tests.reports_intake.journey import install_submission_keys, login


def test_badge_counts_replies_since_the_reporters_last_message(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    office, office_key = install_submission_keys()
    submitted = actions.submit_report(new_report())
    report = Report.objects.get(pk=submitted.report_id)
    dek = actions.data_key(report, office_key.private, office.key_id)
    assert login(client, submitted.receipt).status_code == 302
    inbox = reverse("reports_intake:mailbox")
    assert 'class="badge"' not in client.get(inbox).content.decode()

    for text in ("Hola, soy la técnica.", "¿Nos llamamos?"):
        mailbox_actions.send_caseworker_message(report.id, office, text, dek=dek)
    page = client.get(inbox).content.decode()
    assert '<span class="badge">2</span>' in page
    assert page.count('class="message message-new"') == 2

    _, private = mailbox_actions.unlock_mailbox(submitted.receipt)
    mailbox_actions.add_reporter_message(report.id, private, "Sí, mañana.", [])
    page = client.get(inbox).content.decode()
    assert 'class="badge"' not in page and "message-new" not in page
    mailbox_actions.send_caseworker_message(report.id, office, "Perfecto.", dek=dek)
    assert '<span class="badge">1</span>' in client.get(inbox).content.decode()
