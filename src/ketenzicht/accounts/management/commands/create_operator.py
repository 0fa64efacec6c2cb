from django.core.management.base import BaseCommand, CommandError

from ketenzicht.accounts import enrolment
from ketenzicht.lib.errors import DomainError


class Command(BaseCommand):
    help = ("Invite the platform's first administrator (a superuser) and print the enrolment link: the one "
            "shell step a new installation needs; everything after it is done on the pages.")

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, email, **options):
        try:
            link = enrolment.invite_operator(email)
        except DomainError as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(link)
