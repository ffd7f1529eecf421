import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from observatory.casework.models import Case
from reports_intake.actions import decrypt_report
from reports_intake.models import OutboxMessage, Report


def clear_fields() -> list[tuple]:
    fields = ("incident_month", "neighbourhood_code", "location_kind", "reporter_role", "language")
    return sorted(tuple(str(value) for value in row) for row in Report.objects.values_list(*fields))


def test_seeded_reports_are_spread_and_encrypted_like_real_ones(intake_keys, boundaries, capsys):
    call_command("seed_demo", reports=60, seed=7)

    reports = list(Report.objects.all())
    assert len(reports) == 60 and OutboxMessage.objects.count() == 60
    assert len({r.district_code for r in reports if r.district_code}) >= 8
    assert len({r.incident_month for r in reports}) >= 12
    assert len(Counter(r.reporter_role for r in reports)) >= 3
    assert {r.language for r in reports} == {"es", "en"}
    payloads = [decrypt_report(r, intake_keys.office_key.private, intake_keys.office_key_id) for r in reports]
    assert len({g for p in payloads for g in p["grounds"]}) >= 5
    assert len({p["narrative"] for p in payloads}) >= 40
    assert "60/60 reports" in capsys.readouterr().out


def test_the_same_seed_gives_the_same_reports(intake_keys, boundaries):
    call_command("seed_demo", reports=25, seed=3)
    first = clear_fields()
    first_texts = sorted(
        decrypt_report(r, intake_keys.office_key.private, intake_keys.office_key_id)["narrative"]
        for r in Report.objects.all()
    )
    Case.objects.all().delete()  # every report is stored with its case (Case.report is PROTECT)
    Report.objects.all().delete()
    call_command("seed_demo", reports=25, seed=3)
    assert clear_fields() == first
    assert first_texts == sorted(
        decrypt_report(r, intake_keys.office_key.private, intake_keys.office_key_id)["narrative"]
        for r in Report.objects.all()
    )


def test_seeding_without_keys_says_what_to_run(boundaries):
    with pytest.raises(CommandError, match="key_ceremony"):
        call_command("seed_demo", reports=1)


def test_a_thousand_reports_take_well_under_a_minute(intake_keys, boundaries, capsys):
    started = time.perf_counter()
    call_command("seed_demo", reports=1000, seed=11)
    elapsed = time.perf_counter() - started
    print(f"\nseed_demo: 1000 reports in {elapsed:.1f} s")
    assert Report.objects.count() == 1000
    assert elapsed < 45


def test_if_empty_seeds_only_a_fresh_database(intake_keys, boundaries):
    call_command("seed_demo", reports=5, seed=1, if_empty=True)
    call_command("seed_demo", reports=5, seed=2, if_empty=True)  # a second `make demo`
    assert Report.objects.count() == 5
