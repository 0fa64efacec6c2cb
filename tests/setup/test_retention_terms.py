"""Retention terms are the region's data, within each kind's shortest and longest term."""
from ketenzicht.privacy import retention
from ketenzicht.privacy.kinds import KINDS
from ketenzicht.privacy.models import AccessLog, RetentionRule
from ketenzicht.regions.models import Region


def _form(region, **changes):
    data = {}
    for kind, months, own in retention.rules(region.pk):
        data[f"{kind.code}__months"], data[f"{kind.code}__basis"] = months, own.basis if own else ""
    data.update(changes)
    return data


def test_the_shipped_defaults_show_and_a_term_is_stored_per_region(admin_client):
    region = Region.objects.get(slug="ijsselland")
    page = admin_client.get("/inrichting/ijsselland/bewaartermijnen").content.decode()
    assert "Ten minste 24, ten hoogste 120 maanden." in page  # the access log
    response = admin_client.post("/inrichting/ijsselland/bewaartermijnen", _form(
        region, signal_closed__months="18", signal_closed__basis="Convenant ZVH, art. 9"))
    assert response.status_code == 302
    rule = RetentionRule.objects.get(region=region, kind="signal_closed")
    assert (rule.months, rule.basis) == (18, "Convenant ZVH, art. 9")
    assert retention.terms(region.pk)["signal_closed"] == 18
    assert retention.terms(Region.objects.get(slug="zeeland").pk)["signal_closed"] == KINDS["signal_closed"].default_months
    assert AccessLog.objects.filter(action="retention_terms", region=region).count() == 1


def test_a_term_too_short_or_too_long_is_refused_and_nothing_stored(admin_client):
    region = Region.objects.get(slug="ijsselland")
    stored = list(RetentionRule.objects.filter(region=region).values_list("kind", "months"))
    response = admin_client.post("/inrichting/ijsselland/bewaartermijnen", _form(
        region, access_log__months="6", case_closed__months="600", signal_closed__months="18"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "is de bewaartermijn ten minste 24 maanden" in page
    assert "is de bewaartermijn ten hoogste 120 maanden" in page
    assert 'value="600"' in page
    assert list(RetentionRule.objects.filter(region=region).values_list("kind", "months")) == stored


def test_the_service_itself_refuses_out_of_bounds(world):
    from django.core.exceptions import PermissionDenied

    from ketenzicht.lib.errors import Invalid
    from tests.helpers import user

    region = Region.objects.get(slug="ijsselland")
    try:
        retention.set_terms(user("admin.ijsselland"), region, {"case_closed": (121, "")})
    except Invalid as error:
        assert "ten hoogste 120" in str(error)
    else:
        raise AssertionError("a term of 121 months was stored")
    try:
        retention.set_terms(user("admin.zeeland"), region, {"case_closed": (60, "")})
    except PermissionDenied:
        pass
    else:
        raise AssertionError("another region's administrator set a term")
    assert not RetentionRule.objects.filter(region=region, kind="case_closed").exists()
