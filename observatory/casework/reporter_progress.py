"""What the reporter's mailbox shows of a case (reports_intake.mailbox.progress): its state in the
reporter's words, the organisation that has it, and the outcomes recorded once it is closed. Codes and
names only: nothing a caseworker wrote. Registered in CaseworkConfig.ready."""

from observatory.accounts.models import Organisation
from observatory.casework.models import Case
from reports_intake.mailbox import progress


def reporter_progress(report_id) -> progress.Progress | None:
    case = Case.objects.filter(report_id=report_id).select_related("assigned_organisation").first()
    if case is None:
        return None
    organisation = case.assigned_organisation
    name = organisation.name if organisation and organisation.kind == Organisation.Kind.CSO else ""
    if case.status == Case.Status.CLOSED:
        outcomes = list(dict.fromkeys(case.actions.order_by("date").values_list("code", flat=True)))
        return progress.Progress(state=progress.CLOSED, organisation=name, outcomes=outcomes)
    if case.status == Case.Status.REFERRED:
        return progress.Progress(state=progress.REFERRED, organisation=name)
    if case.status in (Case.Status.ASSIGNED, Case.Status.IN_PROGRESS):
        return progress.Progress(state=progress.IN_PROGRESS, organisation=name)
    if case.acknowledged_at is not None:
        return progress.Progress(state=progress.ACKNOWLEDGED, organisation=name)
    return progress.Progress(state=progress.RECEIVED)
