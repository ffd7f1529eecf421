"""A labelled dataset with known counts, written straight to the tables (no payloads, no triage)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from observatory import taxonomy
from observatory.casework.models import Case, CaseAction

GROUND_WEIGHTS = {"racism": 30, "antigypsyism": 6, "sexual_orientation": 10, "sex_gender": 8, "disability": 4,
                  "aporophobia": 3, "anti_muslim": 2, "age": 1, "other": 2}  # fmt: skip


@dataclass
class Row:
    received_at: datetime
    confirmed: bool = True
    grounds: list[str] = field(default_factory=lambda: ["racism"])
    domain: str = "public_space"
    incident_type: str = "harassment"
    legal: str = "non_criminal_incident"
    role: str = "victim"
    district: str | None = None
    neighbourhood: str | None = None
    police: bool | None = None
    reasons: list[str] = field(default_factory=list)
    actions: list[tuple[str, date]] = field(default_factory=list)
    ack_days: float | None = None
    close_days: float | None = None
    with_case: bool = True
    record_key: int = 0  # the case's record key for cell-key perturbation
    report_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def information_request(self) -> bool:
        return self.incident_type in ("", "other") and set(self.grounds) <= {"other"}


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def random_rows(n: int, start: date, stop: date, places: list[tuple[str, str]], seed: int = 7) -> list[Row]:
    """``n`` rows received between ``start`` and ``stop`` with skewed categories (plenty of small cells)."""
    rnd = random.Random(seed)
    span = (stop - start).days
    grounds, weights = zip(*GROUND_WEIGHTS.items(), strict=True)
    rows = []
    for _ in range(n):
        day = start + timedelta(days=rnd.randrange(span))
        chosen = {rnd.choices(grounds, weights)[0]}
        if rnd.random() < 0.15:
            chosen.add(rnd.choices(grounds, weights)[0])
        info = rnd.random() < 0.08
        located = rnd.random() < 0.85
        hood, district = rnd.choice(places) if located else (None, None)
        police = rnd.choice([True, False, False, None])
        received = at(day, rnd.randrange(24))
        row = Row(
            received_at=received,
            confirmed=rnd.random() < 0.9,
            grounds=["other"] if info else sorted(chosen),
            domain=rnd.choices(taxonomy.DOMAINS.values, [8, 6, 3, 2, 1, 2, 2, 9, 3, 12, 5, 6, 1])[0],
            incident_type="other"
            if info
            else rnd.choices(taxonomy.INCIDENT_TYPES.values, [6, 8, 12, 3, 2, 1, 5, 1])[0],
            legal=rnd.choice(["", *taxonomy.LEGAL_CLASSIFICATIONS.values]),
            role=rnd.choices(taxonomy.REPORTER_ROLES.values, [20, 6, 3, 1])[0],
            district=district,
            neighbourhood=hood,
            police=police,
            reasons=(
                sorted(rnd.sample(taxonomy.REASONS_NOT_REPORTED.values, rnd.randrange(3)))
                if police is False
                else []
            ),
            ack_days=rnd.uniform(0.5, 9) if rnd.random() < 0.8 else None,
            close_days=rnd.uniform(10, 80) if rnd.random() < 0.4 else None,
            with_case=rnd.random() < 0.97,
            record_key=rnd.randrange(256),
            report_id=uuid.UUID(int=rnd.getrandbits(128), version=4),
        )
        for _ in range(rnd.randrange(3)):
            code = rnd.choices(
                taxonomy.REDRESS_ACTIONS.values, [10, 5, 6, 2, 1, 1, 1, 1, 3, 1, 1, 1, 1, 2, 1]
            )[0]
            row.actions.append((code, (received + timedelta(days=rnd.randrange(40))).date()))
        rows.append(row)
    return rows


def seed(rows: list[Row], organisation) -> None:
    """Bulk-insert reports, cases and actions for ``rows``."""
    from reports_intake.models import Report

    reports, cases, actions = [], [], []
    for row in rows:
        report = Report(
            id=row.report_id,
            received_at=row.received_at,
            created_at=row.received_at,
            updated_at=row.received_at,
            location_kind="neighbourhood" if row.district else "not_given",
            neighbourhood_code=row.neighbourhood,
            district_code=row.district,
            reporter_role=row.role,
            language="es",
            schema_version=1,
            payload=b"",
            reporter_lookup=uuid.uuid4().bytes,
            reporter_public_key=b"",
            reporter_private_sealed=b"",
            status="triaged",
        )
        reports.append(report)
        if not row.with_case:
            continue
        case = Case(
            id=uuid.uuid4(),
            report=report,
            received_at=row.received_at,
            district_code=row.district,
            neighbourhood_code=row.neighbourhood,
            status="closed" if row.close_days is not None else "in_progress",
            ack_due_at=row.received_at + timedelta(days=7),
            acknowledged_at=row.received_at + timedelta(days=row.ack_days)
            if row.ack_days is not None
            else None,
            closed_at=row.received_at + timedelta(days=row.close_days)
            if row.close_days is not None
            else None,
            legal_classification=row.legal,
            reported_to_police=row.police,
            reasons_not_reported=row.reasons,
            confirmed_grounds=row.grounds if row.confirmed else [],
            confirmed_domain=row.domain if row.confirmed else "",
            confirmed_incident_type=row.incident_type if row.confirmed else "",
            labels_confirmed_at=row.received_at + timedelta(days=1) if row.confirmed else None,
            record_key=row.record_key,
        )
        cases.append(case)
        for code, day in row.actions:
            actions.append(CaseAction(case=case, code=code, date=day, organisation=organisation))
    Report.objects.bulk_create(reports, batch_size=2000)
    Case.objects.bulk_create(cases, batch_size=2000)
    CaseAction.objects.bulk_create(actions, batch_size=2000)
