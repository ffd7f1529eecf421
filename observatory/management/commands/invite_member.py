from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from observatory.accounts.models import Organisation
from observatory.casework import members
from observatory.casework.errors import CaseworkError


class Command(BaseCommand):
    help = (
        "Print a single-use invitation (code and link, shown once; only a hash is stored) for a new member "
        "of an organisation. After enrolling, the member is granted the organisation key by a member who "
        "holds it (for a partner's first member: an office member, through the office's custody)."
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="slug of the organisation")
        parser.add_argument("role", help="office_caseworker, cso_caseworker, org_admin, analyst, publisher")
        parser.add_argument("--days", type=int, default=members.INVITATION_DAYS)
        parser.add_argument("--site-url", default="", help="public address of the staff site, for the link")

    def handle(self, *args, organisation, role, days, site_url, **options):
        org = Organisation.objects.filter(slug=organisation).first()
        if org is None:
            raise CommandError(f"no organisation with slug {organisation!r}")
        try:
            invitation, code = members.invite_member(org, role, by=None, days=days)
        except CaseworkError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Invitation to {org.name} as {invitation.get_role_display()} (single use):")
        self.stdout.write(f"  code: {code}")
        self.stdout.write(f"  link: {site_url.rstrip('/')}{reverse('casework:join_code', args=[code])}")
