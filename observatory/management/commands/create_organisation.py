from django.core.management.base import BaseCommand, CommandError

from observatory.casework import members
from observatory.casework.errors import CaseworkError
from observatory.taxonomy import GROUNDS


def _list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


class Command(BaseCommand):
    help = (
        "Create a partner organisation with its own keypair; its private key is wrapped to the office "
        "(custody), so no private key is needed here. Then `invite_member` brings its first member."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--slug", default="")
        parser.add_argument("--contact", default="")
        parser.add_argument("--grounds", default="", help="comma-separated ground codes")
        parser.add_argument("--services", default="", help="comma-separated")
        parser.add_argument("--languages", default="", help="comma-separated language codes")

    def handle(self, *args, name, slug, contact, grounds, services, languages, **options):
        unknown = [code for code in _list(grounds) if code not in GROUNDS]
        if unknown:
            raise CommandError(f"unknown ground codes: {', '.join(unknown)}")
        profile = members.OrganisationProfile(
            name=name,
            contact=contact,
            grounds=_list(grounds),
            services=_list(services),
            languages=_list(languages),
        )
        try:
            organisation = members.create_organisation(profile, by=None, slug=slug)
        except CaseworkError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"{organisation.name} ({organisation.slug}) key {organisation.key_id}")
        )
