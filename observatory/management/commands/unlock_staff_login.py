from django.core.management.base import BaseCommand

from observatory.casework.staff import throttle


class Command(BaseCommand):
    help = "Clear the failed sign-in counter of a staff account (the out-of-band unlock)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        throttle.unlock(username)
        self.stdout.write(self.style.SUCCESS(f"Sign-in delay cleared for {username!r}."))
