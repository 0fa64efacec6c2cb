"""What the set-up tests share: the platform operator (a superuser with a second factor, as the
first administrator of an installation is made) and clients signed in as the regional administrators."""
import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht.accounts.models import User
from tests.helpers import verified


@pytest.fixture
def operator(world):
    account = User.objects.create_superuser("operator", "operator@example.org", "Ketenzicht-operator-2026!")
    TOTPDevice.objects.create(user=account, name="app", confirmed=True)
    return account


@pytest.fixture
def operator_client(client, operator):
    return verified(client, "operator")


@pytest.fixture
def admin_client(client, world):
    """Signed in as IJsselland's regional administrator."""
    return verified(client, "admin.ijsselland")
