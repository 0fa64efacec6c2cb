from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from ketenzicht.accounts.models import User
from ketenzicht.demo import loader


class Command(BaseCommand):
    help = "Load the demo regions IJsselland, Zeeland and IJsselstreek with users and synthetic signals (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--quiet", action="store_true")

    def handle(self, seed, quiet, **options):
        try:
            summary = loader.load(seed=seed)
        except ImproperlyConfigured as refused:
            raise CommandError(str(refused)) from refused
        if quiet:
            return
        for region, made in summary.items():
            self.stdout.write(f"{region}: {made} new signals")
        users = User.objects.filter(username__endswith=".ijsselland").values_list("username", flat=True)
        self.stdout.write("\nDemo accounts (IJsselland): liaison.zwolle, liaison.deventer, reporter.zwolle, "
                          + ", ".join(sorted(users)))
        self.stdout.write("Other regions: liaison.<gemeente>, care.zeeland, chair.ijsselstreek (the local meeting), "
                          "chair.riec.ijsselstreek (the RIEC plaza it hands cases to), ...")
        self.stdout.write(f"Password: {loader.password()}  (set KETENZICHT_DEMO_PASSWORD to change)")
        self.stdout.write("Second factor: `ketenzicht demo_code USERNAME` prints the current code;"
                          " `ketenzicht demo_code USERNAME --secret` the secret for an authenticator app.")
