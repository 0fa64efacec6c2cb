"""The demo stays a demo: it loads only in demo mode, and its second factors cannot be computed."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import User
from ketenzicht.demo import loader
from ketenzicht.privacy.models import AccessLog


def test_the_demo_refuses_to_load_on_a_production_installation(empty_db, settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="demo mode"):
        call_command("load_demo", "--quiet")
    assert not User.objects.exists()


def test_demo_second_factors_are_random_per_installation(empty_db):
    loader.load(regions=("Zeeland",), with_signals=False)
    first = dict(TOTPDevice.objects.values_list("user__username", "key"))
    TOTPDevice.objects.all().delete()
    AccessLog.objects.all().delete()  # the demo's set-up of the region is audited, as any set-up is
    User.objects.all().delete()
    loader.load(regions=("Zeeland",), with_signals=False)
    second = dict(TOTPDevice.objects.values_list("user__username", "key"))
    assert first.keys() == second.keys() and len(first) > 5
    assert all(first[name] != second[name] for name in first)
    assert len(set(second.values())) == len(second)


def test_demo_code_prints_the_current_code_only_in_demo_mode(empty_db, settings, capsys):
    loader.load(regions=("Zeeland",), with_signals=False)
    call_command("demo_code", "care.zeeland")
    device = TOTPDevice.objects.get(user__username="care.zeeland")
    assert device.verify_token(capsys.readouterr().out.strip())
    settings.DEMO = False
    with pytest.raises(CommandError):
        call_command("demo_code", "care.zeeland")
