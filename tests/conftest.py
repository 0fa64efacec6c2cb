import pytest

from ketenzicht.accounts.models import User
from ketenzicht.demo import loader


@pytest.fixture
def world(db):
    """IJsselland and Zeeland with their municipalities, partners and a user for every role; no signals."""
    loader.load(regions=("IJsselland", "Zeeland"), with_signals=False)
    return User.objects
