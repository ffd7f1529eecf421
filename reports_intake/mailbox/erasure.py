"""The reporter asks, from the mailbox, for their report to be deleted (GDPR art. 17; DESIGN §10).

The request is stored as a content-free row (reports_intake.ErasureRequest): no reason is asked, so the
caseworker sees only that deletion was requested and when. After settings.RETENTION_ERASURE_GRACE_DAYS
the daily retention task crypto-shreds the report (observatory.operations.retention); until then the
reporter can withdraw the request here. A legal hold set by the office stops the shredding.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from observatory.models import hour_now
from observatory.security import no_store
from reports_intake.mailbox.views import _mailbox_or_login
from reports_intake.models import ErasureRequest
from reports_intake.requests import bad_input, read_post


def request_erasure(report_id) -> ErasureRequest:
    """Idempotent: asking twice keeps the first date (the grace period does not restart)."""
    erasure, _ = ErasureRequest.objects.get_or_create(
        report_id=report_id, defaults={"created_at": hour_now(), "updated_at": hour_now()}
    )
    return erasure


def withdraw_erasure(report_id) -> None:
    ErasureRequest.objects.filter(report_id=report_id).delete()


@no_store
@require_http_methods(["GET", "HEAD", "POST"])
@_mailbox_or_login
def erasure(request: HttpRequest, session) -> HttpResponse:
    """GET: what deleting means and, once asked, when it happens. POST `confirm` asks, `withdraw` undoes."""
    if request.method == "POST":
        data, _files, problem = read_post(request)
        if problem or set(data) - {"csrfmiddlewaretoken", "confirm", "withdraw"}:
            return bad_input(request, problem or "unexpected", back_url=reverse("reports_intake:erasure"))
        if "confirm" in data:
            request_erasure(session.report_id)
        elif "withdraw" in data:
            withdraw_erasure(session.report_id)
        return redirect("reports_intake:erasure")
    pending = ErasureRequest.objects.filter(report_id=session.report_id).first()
    context = {
        "pending": pending,
        "grace_days": settings.RETENTION_ERASURE_GRACE_DAYS,
        "due": pending.created_at + timedelta(days=settings.RETENTION_ERASURE_GRACE_DAYS)
        if pending
        else None,
        "languages": settings.LANGUAGES,
    }
    return render(request, "reports_intake/mailbox_erasure.html", context)
