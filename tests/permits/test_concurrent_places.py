"""Two officers registering at the same moment cannot both take the last place: the service locks
the municipality's row before counting (PostgreSQL; SQLite serialises every write anyway)."""
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from ketenzicht.demo import loader
from ketenzicht.lib.errors import Invalid
from ketenzicht.permits import services
from ketenzicht.permits.models import Kind, Permit
from ketenzicht.regions.models import Municipality

from ..helpers import is_postgres, user

pytestmark = pytest.mark.skipif(not is_postgres(), reason="row locks are PostgreSQL's; SQLite writes one at a time")


def data(n):
    today = timezone.localdate()
    return {"kind": Kind.SEX_BUSINESS, "business_name": f"B{n}", "kvk_number": f"{80000000 + n}",
            "address": f"Straat {n}", "valid_from": today, "valid_until": today + timedelta(days=100)}


@pytest.mark.django_db(transaction=True)
def test_racing_officers_never_exceed_the_maximum():
    loader.load(regions=("IJsselland",), with_signals=False)
    officer, zwolle = user("vergunningen.zwolle"), Municipality.objects.get(cbs_code="GM0193")
    for n in range(1, 9):
        services.register_permit(officer, zwolle, data(n))
    start, outcomes = threading.Barrier(6), []

    def race(n):
        try:
            start.wait()
            services.register_permit(officer, zwolle, data(n))
            outcomes.append("registered")
        except Invalid:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(n,)) for n in range(20, 26)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 4 + ["registered"] * 2
    assert Permit.objects.count() == 10
