"""Where a report stands, as its reporter sees it in the mailbox (DESIGN §1): received, acknowledged by
the office, referred to an organisation, in progress, closed with its outcome.

The case file that knows this belongs to casework, a higher layer that reports_intake must not import
(pyproject.toml, import-linter). So casework registers a reader at start-up (`register_reader`, as it
registers `store_with_every_report`), and without one (casework not installed) the state is read from
the report's timeline, which casework writes too. Only codes cross: no case content reaches the mailbox.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

RECEIVED, ACKNOWLEDGED, REFERRED, IN_PROGRESS, CLOSED = (
    "received",
    "acknowledged",
    "referred",
    "in_progress",
    "closed",
)
STATE_LABELS = {
    RECEIVED: _("Received"),
    ACKNOWLEDGED: _("Read by the office"),
    REFERRED: _("Referred to an organisation"),
    IN_PROGRESS: _("In progress"),
    CLOSED: _("Closed"),
}
STATE_EXPLANATIONS = {
    RECEIVED: _(
        "Your report is stored safely and is waiting to be read by the office against discrimination."
    ),
    ACKNOWLEDGED: _(
        "A caseworker of the office has read your report. They will write here if they need to ask you "
        "something."
    ),
    REFERRED: _(
        "The office has asked a partner organisation to help with your case. Its caseworkers can read your "
        "report and write to you here."
    ),
    IN_PROGRESS: _("Caseworkers are working on your case: looking into it, giving advice or acting on it."),
    CLOSED: _(
        "Your case is closed. You can still write here; if something new happens, a caseworker can reopen it."
    ),
}


@dataclass(frozen=True)
class Progress:
    state: str
    organisation: str = ""  # the organisation that has the case, when it is not the office
    outcomes: Sequence[str] = ()  # redress codes (observatory.taxonomy.REDRESS_ACTIONS), once closed


Reader = Callable[[object], "Progress | None"]
_reader: Reader | None = None


def register_reader(reader: Reader) -> None:
    """Called once by casework at start-up: `reader(report_id)` returns the case's Progress, or None."""
    global _reader
    _reader = reader


def progress_of(report_id, timeline_kinds: Sequence[str]) -> Progress:
    """The report's state: from casework's reader if there is one and it knows the report, else from the
    kinds of its timeline events, oldest first."""
    found = _reader(report_id) if _reader is not None else None
    if found is not None:
        return found
    state = RECEIVED
    for kind in timeline_kinds:
        state = {"opened": ACKNOWLEDGED, "referred": REFERRED, "closed": CLOSED}.get(kind, state)
    return Progress(state=state)
