"""A refused change of a region's retention terms is logged, and the entry stays (it used to be
written inside the service's transaction and went with its rollback)."""
import pytest
from django.core.exceptions import PermissionDenied

from ketenzicht.privacy import retention
from ketenzicht.privacy.models import AccessLog, RetentionRule
from ketenzicht.regions.models import Region

from ..helpers import user


def test_another_regions_administrator_is_refused_and_logged_once(world):
    region = Region.objects.get(slug="ijsselland")
    rules = list(RetentionRule.objects.filter(region=region).values())
    with pytest.raises(PermissionDenied):
        retention.set_terms(user("admin.zeeland"), region, {"case_closed": (60, "")})
    entry = AccessLog.objects.get(action="denied")  # exactly one
    assert (entry.user.username, entry.object_type, entry.region_id) == ("admin.zeeland", "retention", region.pk)
    assert list(RetentionRule.objects.filter(region=region).values()) == rules
