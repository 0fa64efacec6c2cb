from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import DEMO_DEVICE


class Command(BaseCommand):
    help = "Demo mode only: print the current TOTP code (or the secret) of a demo account."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--secret", action="store_true", help="print the otpauth:// URI instead")

    def handle(self, username, secret, **options):
        if not settings.DEMO:
            raise CommandError("Only available in demo mode (KETENZICHT_DEMO=1).")
        device = TOTPDevice.objects.filter(user__username=username, name=DEMO_DEVICE).first()
        if device is None:
            raise CommandError(f"{username!r} is not a demo account.")
        if secret:
            self.stdout.write(device.config_url)
        else:
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
            self.stdout.write(f"{code:0{device.digits}d}")
