"""Report input for tests, in the intake's own type, so every suite builds reports the same way."""

from dataclasses import replace
from datetime import date

from reports_intake.actions import NewReport

# Online, so no boundaries are needed; override location_kind/point for a place in the city.
ONLINE_REPORT = NewReport(
    narrative="En la inmobiliaria me dijeron que el piso ya no estaba disponible al oír mi acento.",
    incident_date=date(2026, 3, 14),
    incident_month=None,
    location_kind="online",
    neighbourhood_code=None,
    point=None,
    reporter_role="victim",
    grounds=["racism"],
    domains=["housing"],
    contact=None,
    contact_consent=False,
    language="es",
    attachments=[],
)


def new_report(**changes) -> NewReport:
    return replace(ONLINE_REPORT, **changes)
