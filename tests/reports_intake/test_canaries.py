"""An attacker copies everything the servers hold after a report came in — the database, the files,
Redis, the logs, the queued task messages — and searches it for what the reporter wrote. Nothing of it
may be there, in any of the usual encodings."""

import io
import logging
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from PIL import ExifTags, Image
from pypdf import PdfWriter

from nlp.actions import UNLABELLED
from nlp.models import TriageResult
from observatory.accounts import keys
from reports_intake import pow, uploads
from reports_intake.actions import Upload, submit_report
from reports_intake.mailbox.actions import add_reporter_message, unlock_mailbox
from reports_intake.models import Report
from tests.reports_intake.brokers import RedisServer, Worker, publishing_to
from tests.reports_intake.dumps import leaks, media_files, pg_dump, redis_contents
from tests.waiting import wait_until

CANARIES = {
    "narrative": "CANARYnarrative7Q4ZK el portero del bar",
    "contact": "canary.contact.8JX2@example.org",
    "exif": "CANARYexifXW31P Calle de Sueca",
    "pdf": "CANARYpdfM9V0T Denunciante",
    "message": "CANARYmessageH5R2D mi vecino",
    "filename": "CANARYfile3KQ8.jpg",
}
HEADERS = {
    "REMOTE_ADDR": "198.51.100.173",
    "HTTP_X_FORWARDED_FOR": "203.0.113.219, 198.51.100.174",
    "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 9) CANARYua6TT1 Mobile",
}


def photo() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.ImageDescription] = CANARIES["exif"]
    out = io.BytesIO()
    Image.new("RGB", (48, 32), (120, 10, 10)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def png() -> bytes:
    info_exif = Image.Exif()
    info_exif[ExifTags.Base.ImageDescription] = CANARIES["exif"]
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(out, "PNG", exif=info_exif)
    return out.getvalue()


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": CANARIES["pdf"], "/Title": CANARIES["pdf"]})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def assert_no_canary(where: str, haystack: bytes, canaries) -> None:
    for name, canary in canaries.items():
        found = leaks(canary, haystack)
        assert not found, f"{name} canary found in {where} as {found[0][:40]!r}"


@pytest.fixture
def worker_log_dir(tmp_path):
    path = tmp_path / "workers"
    path.mkdir()
    return path


@pytest.mark.worker
def test_nothing_the_reporter_wrote_is_readable_anywhere_on_the_servers(
    transactional_db, intake_keys, report_input, media_root, caplog, tmp_path, worker_log_dir
):
    originals = {"jpeg": photo(), "png": png(), "pdf": pdf()}  # made before logging starts: PIL logs EXIF
    caplog.set_level(logging.DEBUG)
    # The "PIL" logger stays at INFO from settings.LOGGING: Pillow logs every EXIF value at DEBUG.
    connection.force_debug_cursor = True  # log every SQL statement with its parameters, too
    triage_key_file = tmp_path / "triage.key"
    keys.write_private_key_file(triage_key_file, intake_keys.triage_key)
    broker = RedisServer().start()
    try:
        with publishing_to(broker.url):
            attachments = [
                Upload(CANARIES["filename"], "image/jpeg", uploads.sanitise(originals["jpeg"], "image/jpeg")),
                Upload("captura.png", "image/png", uploads.sanitise(originals["png"], "image/png")),
                Upload(
                    "denuncia.pdf", "application/pdf", uploads.sanitise(originals["pdf"], "application/pdf")
                ),
            ]
            submitted = submit_report(
                report_input(
                    narrative=CANARIES["narrative"],
                    contact=CANARIES["contact"],
                    contact_consent=True,
                    location_kind="online",
                    point=None,
                    attachments=attachments,
                )
            )
            report_id, private = unlock_mailbox(submitted.receipt)
            more = [Upload("b.pdf", "application/pdf", uploads.sanitise(originals["pdf"], "application/pdf"))]
            add_reporter_message(report_id, private, CANARIES["message"], more)
        queued = redis_contents(broker.url)
        assert str(submitted.report_id).encode() in queued  # the triage task is queued, with its id

        # A worker (with the triage key, as on the triage host) takes the queued task, logging at DEBUG.
        worker = Worker(
            broker.url,
            worker_log_dir,
            queues="default,triage",
            env={"TRIAGE_PRIVATE_KEY_FILE": str(triage_key_file)},
        )
        try:
            # Triage ran to its end (its result is the task's last write): only then do its logs, its
            # database writes and the broker's leftovers hold all they will ever hold of this report.
            triaged = wait_until(
                lambda: TriageResult.objects.filter(report_id=submitted.report_id).first(),
                90,
                what=f"the worker triaging the report (see {worker.logfile})",
            )
        finally:
            worker.stop()
    finally:
        connection.force_debug_cursor = False
        broker.stop()

    everything = {
        "the database dump": pg_dump(),
        "the stored files": media_files(media_root),
        "the queued task messages": queued,
        "the broker database": redis_contents(settings.CELERY_BROKER_URL),
        "the cache": redis_contents(settings.CACHES["default"].get("LOCATION", "redis://127.0.0.1:6379/6")),
        "the web logs": caplog.text.encode(),
        "the worker log": b"".join(path.read_bytes() for path in worker_log_dir.glob("*.log")),
    }
    assert Report.objects.get(id=submitted.report_id).status == Report.Status.TRIAGED
    # UNLABELLED is what the worker stores when it could not decrypt or label: then the text never
    # went through triage, and its log would be searched for nothing.
    assert triaged.model_version != UNLABELLED["model_version"], "triage did not read the report"
    assert len(everything["the stored files"]) > 4 * 64 * 1024  # four encrypted files are there
    for where, haystack in everything.items():
        assert_no_canary(where, haystack, CANARIES)
        assert not leaks(submitted.receipt.replace("-", ""), haystack), where


def test_the_reporters_address_and_browser_leave_no_trace(transactional_db, boundaries, settings, caplog):
    """Through the real report page and mailbox, with canaries in the client address, X-Forwarded-For
    and User-Agent of every request."""
    from tests.reports_intake.journey import fill, find_form, install_submission_keys, make_report_page

    caplog.set_level(logging.DEBUG)
    settings.POW_DIFFICULTY = 4
    settings.ABUSE_RATE_LIMITS = {"nojs": (1000, 3600), "submit": (1000, 3600), "receipt-login": (1000, 900)}
    from wagtail.models import Locale, Page

    # transactional_db empties the tables, Wagtail's root page and locale included; put them back.
    Locale.objects.get_or_create(language_code="es")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))
    install_submission_keys()
    page = make_report_page()
    client = Client(**HEADERS)
    answers = {
        "what": {"narrative": "Nos negaron la entrada en la discoteca."},
        "when": {"when_kind": "month", "incident_month": "3", "incident_year": "2025"},
        "where": {"where_kind": "online"},
        "who": {"reporter_role": "witness", "grounds": ["racism"], "domains": ["goods_services"]},
        "contact": {"contact": "", "language": "es"},
    }
    response = client.get(page.url)
    for step in ("what", "when", "where", "who", "contact"):
        form = find_form(response.content.decode(), has_field="step")
        response = client.post(page.url, fill(form, answers[step]))
    form = find_form(response.content.decode(), form_id="send-form")
    body = fill(form)
    if "pow_token" in body:
        body["pow_solution"] = pow.solve(body["pow_token"][0], 4)
    sent = client.post(page.url, body)
    receipt = re.search(r"[0-9A-Z]{4}(?:-[0-9A-Z]{1,4}){6}", sent.content.decode())
    assert receipt, "the report page did not show a receipt"

    login_page = client.get("/mailbox/")
    if login_page.status_code == 302:
        login_page = client.get(login_page["Location"])
    form = find_form(login_page.content.decode(), has_field="receipt")
    body = fill(form, {"receipt": receipt.group(0)})
    if "pow_token" in body:
        body["pow_solution"] = pow.solve(body["pow_token"][0], 4)
    mailbox = client.post(form["attrs"].get("action") or login_page.request["PATH_INFO"], body, follow=True)
    assert "Nos negaron la entrada" in mailbox.content.decode()  # logged in and read the report

    header_canaries = {
        "address": HEADERS["REMOTE_ADDR"],
        "forwarded-for": "203.0.113.219",
        "forwarded-for-2": "198.51.100.174",
        "user-agent": "CANARYua6TT1",
    }
    everything = {
        "the database dump": pg_dump(),
        "the broker database": redis_contents(settings.CELERY_BROKER_URL),
        "the cache": redis_contents(settings.CACHES["default"].get("LOCATION", "redis://127.0.0.1:6379/6")),
        "the web logs": caplog.text.encode(),
    }
    for where, haystack in everything.items():
        assert_no_canary(where, haystack, header_canaries)


def test_image_library_does_not_log_metadata_even_at_debug(settings, caplog):
    original = photo()
    caplog.set_level(logging.DEBUG)
    # What settings.LOGGING says for Pillow's logger, applied on top of a DEBUG root (LOG_LEVEL=DEBUG).
    pil_level = settings.LOGGING.get("loggers", {}).get("PIL", {}).get("level")
    if pil_level:
        caplog.set_level(pil_level, logger="PIL")
    uploads.sanitise(original, "image/jpeg")
    assert_no_canary("the web logs", caplog.text.encode(), {"exif": CANARIES["exif"]})
