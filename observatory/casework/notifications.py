"""Notices without content (issue 16): a caseworker who opted in (Membership.notify_by_email) gets an
e-mail "a new case is waiting" or "the reporter wrote". The notice names no case, no organisation, no
ground, no time beyond its own sending: a mailbox read by someone else, or a mail server's logs, learn
only that there is something to look at in the staff pages.

Sent after the write commits (`transaction.on_commit`), never inside it, and never failing it: a mail
server that is down costs the notice, not the case. Django's e-mail (EMAIL_BACKEND); nothing is sent
when no member opted in."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from observatory.accounts.models import Membership, Organisation
from observatory.casework.models import Case
from observatory.casework.staff.keyring import CASEWORK_ROLES
from reports_intake.models import Message

NEW_CASE = "new_case"
REPORTER_WROTE = "reporter_wrote"


def _text(kind: str) -> tuple[str, str]:
    staff_url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/staff/"
    if kind == NEW_CASE:
        subject = _("Observatory: a new case is waiting")
        body = _("A new case is waiting in your organisation's queue. Sign in to see it: %(url)s")
    else:
        subject = _("Observatory: the reporter wrote")
        body = _("A reporter wrote in one of your organisation's cases. Sign in to read it: %(url)s")
    closing = _(
        "This notice holds no content on purpose. You receive it because you asked for notices by "
        "e-mail; you can stop them in the staff pages."
    )
    return subject, f"{body % {'url': staff_url}}\n\n{closing}\n"


def recipients(organisation_ids) -> list[str]:
    """The e-mail addresses of the members who opted in, in a casework role, of these organisations."""
    return sorted(
        set(
            Membership.objects.filter(
                organisation_id__in=list(organisation_ids),
                notify_by_email=True,
                role__in=CASEWORK_ROLES,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send(kind: str, organisation_ids) -> int:
    """Send the notice `kind` now, one e-mail per recipient (no one sees who else got it). Returns how
    many were sent."""
    addresses = recipients(organisation_ids)
    if not addresses:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _text(kind)
    return send_mass_mail([(subject, body, None, [address]) for address in addresses], fail_silently=True)


def notify_on_commit(kind: str, organisation_ids) -> None:
    """`send` once the current transaction commits (at once outside one)."""
    ids = [getattr(o, "pk", o) for o in organisation_ids if o is not None]
    if ids:
        transaction.on_commit(lambda: send(kind, ids))


def office_ids() -> list:
    return list(Organisation.objects.filter(kind=Organisation.Kind.OFFICE).values_list("pk", flat=True))


@receiver(post_save, sender=Message, dispatch_uid="casework.notify_reporter_wrote")
def _reporter_wrote(sender, instance: Message, created: bool, **kwargs) -> None:
    """A reporter's message (reports_intake.mailbox.actions.add_reporter_message, which cannot import
    the casework): tell the organisation the case is assigned to, or the office while it has none."""
    if not created or instance.author != Message.Author.REPORTER:
        return
    assigned = Case.objects.filter(report_id=instance.report_id).values_list(
        "assigned_organisation_id", flat=True
    )
    organisation = next(iter(assigned), None)
    notify_on_commit(REPORTER_WROTE, [organisation] if organisation else office_ids())
