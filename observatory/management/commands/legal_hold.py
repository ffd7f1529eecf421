"""`manage.py legal_hold set|lift|show REPORT_OR_CASE_ID --by USERNAME`: an office admin sets or lifts a
legal hold, which stops the report from being shredded (audited with the admin as actor)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from observatory.casework.models import Case
from observatory.operations import retention
from reports_intake.models import Report


def _report(identifier: str) -> Report:
    try:
        found = Report.objects.filter(pk=identifier).first()
        if found is None:
            case = Case.objects.filter(pk=identifier).select_related("report").first()
            found = case.report if case else None
    except ValidationError:
        found = None
    if found is None:
        raise CommandError(f"no report or case {identifier}")
    return found


class Command(BaseCommand):
    help = "Set, lift or show a legal hold on a report (by report or case id)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["set", "lift", "show"])
        parser.add_argument("identifier", help="report id or case id")
        parser.add_argument("--by", help="username of the office admin (required for set and lift)")

    def handle(self, *args, action, identifier, by=None, **options):
        report = _report(identifier)
        if action != "show":
            if not by:
                raise CommandError("--by USERNAME is required: the hold is audited under that admin")
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"no user {by}")
            try:
                if action == "set":
                    retention.set_legal_hold(actor, report)
                else:
                    retention.lift_legal_hold(actor, report)
            except retention.NotAllowed as error:
                raise CommandError(str(error)) from None
        state = retention.retention_of(report)
        due = state.due.date().isoformat() if state.due else "none"
        self.stdout.write(
            f"report {report.pk}: legal hold {'set' if state.held else 'not set'}; shredding due {due}"
        )
