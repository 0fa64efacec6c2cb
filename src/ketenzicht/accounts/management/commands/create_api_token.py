from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ketenzicht.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Issue an API token for a user and print it (shown only once; only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="validity in days (default 90)")

    def handle(self, username, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        _token, plain = ApiToken.issue(user, days=days)
        self.stdout.write(plain)
