"""The reporter's mailbox as a reporter and an attacker see it: receipt login that forgives spacing and
case but names a mistyped character, the key only in its own strict cookie, timeline, messages both
ways, downloads that are never rendered inline, and logging out."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from observatory.crypto import envelope, receipts
from reports_intake import actions
from reports_intake.mailbox import actions as mailbox_actions
from reports_intake.mailbox import session as sessions
from reports_intake.models import Message, Report
from tests.factories import new_report
from tests.reports_intake.journey import (
    NARRATIVE,
    fill,
    find_form,
    in_language,
    install_submission_keys,
    login,
    photo_with_gps,
)


@pytest.fixture
def report(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    office, office_key = install_submission_keys()
    submitted = actions.submit_report(
        new_report(
            narrative=NARRATIVE,
            incident_date=None,
            reporter_role="witness",
            domains=["online"],
            attachments=[actions.Upload(name="captura.png", content_type="image/png", data=_png())],
        )
    )
    return submitted, (office, office_key)


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 156)).save(out, "PNG")
    return out.getvalue()


def test_a_receipt_typed_in_lowercase_with_spaces_opens_the_mailbox(client, report):
    submitted, _office = report
    typed = submitted.receipt.replace("-", "  ").lower()
    response = login(client, typed)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports_intake:mailbox") == "/es/mailbox/inbox/"
    key_cookie = response.cookies[sessions.COOKIE_NAME]
    assert key_cookie["httponly"] and key_cookie["samesite"] == "Strict"
    assert key_cookie["path"] == "/"  # the mailbox is under each of the six language prefixes
    assert key_cookie["secure"]  # DEBUG is off in tests
    assert not key_cookie["max-age"] and not key_cookie["expires"]  # gone when the browser closes
    assert submitted.receipt not in response["Location"]

    mailbox = client.get(response["Location"])
    html = mailbox.content.decode()
    assert mailbox.status_code == 200
    assert "no-store" in mailbox["Cache-Control"]
    assert "Tu buzón" in html and "Recibido" in html
    assert NARRATIVE in html and "captura.png" in html


def test_the_session_store_alone_cannot_open_the_reporters_key(client, report):
    submitted, _office = report
    login(client, submitted.receipt)
    from django.contrib.sessions.models import Session

    stored = Session.objects.get().get_decoded()[sessions.SESSION_KEY]
    _report_id, private = mailbox_actions.unlock_mailbox(submitted.receipt)
    assert private not in str(stored).encode()
    # Without the cookie the sealed key opens nothing, and the mailbox sends you to log in.
    client.cookies.pop(sessions.COOKIE_NAME)
    response = client.get(reverse("reports_intake:mailbox"))
    assert response.status_code == 302 and response["Location"] == reverse("reports_intake:login")
    with pytest.raises(envelope.DecryptionError):
        import base64

        envelope.open_with_key(base64.b64decode(stored["sealed"]), b"\0" * 32, context=b"x")


@pytest.mark.parametrize(
    ("mangle", "spanish", "english"),
    [
        (lambda r: r[:-3], "27 letras y números", "27 letters and numbers"),
        (lambda r: r[:5] + "U" + r[6:], "excepto la U", "except U"),
        (lambda r: _swap_one(r), "mal escrito", "mistyped"),
    ],
)
def test_a_mistyped_receipt_gets_a_specific_message_in_the_chosen_language(
    client, report, mangle, spanish, english
):
    submitted, _office = report
    wrong = mangle(submitted.receipt)
    for lang, expected in (("es", spanish), ("en", english)):
        response = login(client, wrong, lang=lang)
        html = response.content.decode()
        assert response.status_code == 400
        assert expected in html
        assert '<a href="#id_receipt">' in html and 'aria-invalid="true"' in html
        assert sessions.COOKIE_NAME not in response.cookies


def _swap_one(receipt: str) -> str:
    canonical = receipts.normalise_receipt(receipt)
    first = canonical[0]
    replacement = "0" if first != "0" else "1"
    return receipts.format_receipt(replacement + canonical[1:])


def test_an_unknown_receipt_is_refused_without_saying_more(client, report):
    response = login(client, receipts.format_receipt(receipts.new_receipt()))
    assert response.status_code == 400
    assert "No hemos encontrado ningún informe" in response.content.decode()


def test_a_reporter_reads_the_timeline_and_caseworker_messages_and_answers_with_a_file(client, report):
    submitted, (office, office_key) = report
    actions.mark_triaged(submitted.report_id)
    dek = actions.data_key(Report.objects.get(id=submitted.report_id), office_key.private, office.key_id)
    mailbox_actions.send_caseworker_message(submitted.report_id, office, "Hola, ¿podemos llamarte?", dek=dek)
    login(client, submitted.receipt, lang="en")
    page = client.get(in_language(reverse("reports_intake:mailbox"), "en"))
    html = page.content.decode()
    assert "Received" in html and "Hola, ¿podemos llamarte?" in html and office.name in html

    form = find_form(html, has_field="text")
    photo = SimpleUploadedFile("foto.jpg", photo_with_gps(), content_type="image/jpeg")
    body = fill(form, {"text": "Sí, por la tarde."})
    body["attachments"] = [photo]
    sent = client.post(reverse("reports_intake:mailbox"), body)
    assert sent.status_code == 302 and "sent=1" in sent["Location"]
    assert Message.objects.filter(author=Message.Author.REPORTER).count() == 1
    after = client.get(sent["Location"]).content.decode()
    assert "Sí, por la tarde." in after and "foto.jpg" in after

    # An empty message is refused next to the field.
    empty = client.post(in_language(reverse("reports_intake:mailbox"), "es"), fill(form, {"text": "  "}))
    assert empty.status_code == 400
    assert "Escribe un mensaje o elige un archivo" in empty.content.decode()


def test_attachments_download_as_attachments_and_only_for_their_own_report(client, report):
    submitted, _office = report
    login(client, submitted.receipt)
    report_id, private = mailbox_actions.unlock_mailbox(submitted.receipt)
    file_id = mailbox_actions.read_mailbox(report_id, private).submission.attachments[0].file_id
    response = client.get(reverse("reports_intake:attachment", args=[file_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "captura.png" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"\x89PNG")

    other = actions.submit_report(
        new_report(
            narrative=NARRATIVE,
            incident_date=None,
            location_kind="not_given",
            grounds=[],
            domains=[],
            attachments=[actions.Upload(name="otra.png", content_type="image/png", data=_png())],
        )
    )
    other_id, other_private = mailbox_actions.unlock_mailbox(other.receipt)
    other_file = mailbox_actions.read_mailbox(other_id, other_private).submission.attachments[0].file_id
    assert client.get(reverse("reports_intake:attachment", args=[other_file])).status_code == 404


def test_logging_out_forgets_the_key_and_the_mailbox(client, report):
    submitted, _office = report
    login(client, submitted.receipt)
    response = client.post(reverse("reports_intake:logout"))
    assert response.status_code == 200
    assert response.cookies[sessions.COOKIE_NAME].value == ""
    assert client.get(reverse("reports_intake:mailbox")).status_code == 302
    assert Report.objects.count() == 1


def test_receipt_login_is_throttled(client, report, settings):
    submitted, _office = report
    settings.ABUSE_RATE_LIMITS = {"receipt-login": (2, 900)}
    from django.core.cache import cache

    for key in cache._cache.get_client().scan_iter(match="*abuse:rl:receipt-login*"):
        cache._cache.get_client().delete(key)
    statuses = [login(client, "AAAA").status_code for _ in range(3)]
    assert statuses[:2] == [400, 400] and statuses[2] == 429
