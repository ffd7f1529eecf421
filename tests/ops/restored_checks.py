"""Run as its own process against a restored database and MEDIA_ROOT (DATABASE_URL and MEDIA_ROOT in its
environment), so nothing cached by the test process can stand in for what was restored. Reads the report
id, attachment id and receipt as JSON on stdin; prints what a caseworker and the reporter can open."""

import hashlib
import json
import sys

import django


def main() -> None:
    django.setup()
    # Imported once Django is set up: models cannot be imported before.
    from django.contrib.auth import get_user_model

    from observatory.accounts.models import Organisation
    from observatory.casework.models import Case
    from observatory.casework.staff import keyring
    from reports_intake.actions import decrypt_attachment, decrypt_report
    from reports_intake.mailbox.actions import read_mailbox, unlock_mailbox
    from reports_intake.models import Report
    from tests.factories import STAFF_PASSWORD

    given = json.load(sys.stdin)
    report = Report.objects.get(id=given["report_id"])
    office = Organisation.objects.get(slug="oficina")
    caseworker = get_user_model().objects.get(username=given["caseworker"])
    # The caseworker's own way in: password -> user key -> her grant of the office key -> the report.
    user_private = keyring.unlock_user_key(caseworker, STAFF_PASSWORD)
    org_private = keyring.organisation_private_key(caseworker, user_private, office)
    payload = decrypt_report(report, org_private, office.key_id)
    name, _, data = decrypt_attachment(report, org_private, office.key_id, given["file_id"])
    report_id, reporter_private = unlock_mailbox(given["receipt"])
    mailbox = read_mailbox(report_id, reporter_private)
    json.dump(
        {
            "case_status": Case.objects.get(report=report).status,
            "narrative": payload["narrative"],
            "attachment_name": name,
            "attachment_sha256": hashlib.sha256(data).hexdigest(),
            "mailbox_report_id": str(report_id),
            "mailbox_narrative": mailbox.submission.narrative,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
