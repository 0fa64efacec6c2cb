"""The regional administrator manages their own region in the admin, and cannot reach beyond it."""
from django.utils import timezone

from ketenzicht.accounts.models import Role, RoleAssignment, User
from ketenzicht.intake.models import Signal
from ketenzicht.privacy import access as privacy_access
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Organisation

from ..helpers import verified


def change_form_data(response):
    """What the browser would post back unchanged: the admin form and its inline formsets."""
    data = {}
    for form in [response.context["adminform"].form] + [
            f for inline in response.context["inline_admin_formsets"] for f in [inline.formset.management_form]
            + list(inline.formset.forms)]:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False:
                continue
            key = form.add_prefix(name)
            widget = field.widget
            if hasattr(widget, "decompress"):  # split date and time
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{key}_{index}"] = str(part)
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            else:
                data[key] = str(value)
    return data


def test_regional_admin_cannot_make_anyone_superuser(world, client):
    verified(client, "admin.ijsselland")
    me = User.objects.get(username="admin.ijsselland")
    url = f"/beheer/accounts/user/{me.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="is_superuser"' not in page.content.decode()
    data = change_form_data(page)
    data.update({"is_superuser": "on", "first_name": "Beheerder", "_save": "Opslaan"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    me.refresh_from_db()
    assert me.first_name == "Beheerder" and not me.is_superuser
    assert AccessLog.objects.filter(action="admin_change", object_type="accounts.user", object_id=str(me.pk)).exists()


def test_regional_admin_cannot_assign_roles_in_another_region(world, client):
    verified(client, "admin.ijsselland")
    target = User.objects.get(username="liaison.deventer")
    url = f"/beheer/accounts/user/{target.pk}/change/"
    page = client.get(url)
    zeeland_org = Organisation.objects.filter(region__slug="zeeland").first()
    assert f'value="{zeeland_org.pk}"' not in page.content.decode()
    data = change_form_data(page)
    prefix = "role_assignments"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-role": Role.PRIVACY_OFFICER,
                 f"{prefix}-{total}-organisation": str(zeeland_org.pk), "_save": "Opslaan"})
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with an error
    assert not RoleAssignment.objects.filter(user=target, organisation=zeeland_org).exists()


def test_regional_admin_does_not_see_users_of_other_regions(world, client):
    verified(client, "admin.ijsselland")
    middelburg = User.objects.get(username="liaison.middelburg")
    assert client.get(f"/beheer/accounts/user/{middelburg.pk}/change/").status_code == 302  # "does not exist"
    assert "liaison.middelburg" not in client.get("/beheer/accounts/user/").content.decode()


def test_regional_admin_uploads_a_route_as_a_new_version(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ketenzicht.regions.models import Region
    from ketenzicht.route import engine
    from ketenzicht.route.models import RouteDefinition

    verified(client, "admin.ijsselland")
    region = Region.objects.get(slug="ijsselland")
    broken = SimpleUploadedFile("route.toml", b'name = "Kapot"\n[signal]\ninitial = "nergens"\n')
    response = client.post("/beheer/route/routedefinition/add/", {"region": region.pk, "upload": broken})
    assert response.status_code == 200 and "De route klopt niet" in response.content.decode()
    zeeland = Region.objects.get(slug="zeeland")
    foreign = client.post("/beheer/route/routedefinition/add/", {"region": zeeland.pk, "shipped": "model2012"})
    assert foreign.status_code == 200 and RouteDefinition.objects.filter(region=zeeland).count() == 1
    ok = client.post("/beheer/route/routedefinition/add/", {"region": region.pk, "shipped": "model2012"})
    assert ok.status_code == 302
    active = RouteDefinition.active_for(region)
    assert active.version == 2 and active.route.case.initial == "dossier"
    assert RouteDefinition.objects.get(region=region, version=1).active is False
    first = RouteDefinition.objects.get(region=region, version=1)
    client.post(f"/beheer/route/routedefinition/{first.pk}/change/", {"definition": "{}"})
    first.refresh_from_db()
    assert first.definition == engine.load_file("ijsselland")  # stored versions never change


def test_second_factors_of_another_region_are_neither_listed_nor_readable(world, client):
    """Red-team finding: the stock django-otp admin showed every region's TOTP secrets."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    verified(client, "admin.zeeland")
    listing = client.get("/beheer/otp_totp/totpdevice/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "care.zeeland" in page and "liaison.zwolle" not in page
    zwolle = TOTPDevice.objects.get(user__username="liaison.zwolle")
    for url in (f"/beheer/otp_totp/totpdevice/{zwolle.pk}/change/", f"/beheer/otp_totp/totpdevice/{zwolle.pk}/delete/"):
        assert client.get(url).status_code in (302, 404)
    assert client.post(f"/beheer/otp_totp/totpdevice/{zwolle.pk}/delete/", {"post": "yes"}).status_code in (302, 404)
    assert TOTPDevice.objects.filter(pk=zwolle.pk).exists()
    own = TOTPDevice.objects.get(user__username="care.zeeland")
    detail = client.get(f"/beheer/otp_totp/totpdevice/{own.pk}/change/").content.decode()
    assert own.key not in detail and 'name="key"' not in detail
    assert client.get("/beheer/otp_totp/totpdevice/add/").status_code == 403


def test_a_role_that_opens_personal_data_needs_a_second_administrator(world, client):
    """Red-team finding: a region administrator gave herself the liaison role and read every signal."""
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ketenzicht.privacy import policy
    from ketenzicht.regions.models import Municipality

    from ..helpers import report_as

    signal, _code = report_as("reporter.zwolle")
    verified(client, "admin.ijsselland")
    me = User.objects.get(username="admin.ijsselland")
    url = f"/beheer/accounts/user/{me.pk}/change/"
    data = change_form_data(client.get(url))
    prefix, zwolle = "role_assignments", Municipality.objects.get(cbs_code="GM0193")
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-role": Role.LIAISON,
                 f"{prefix}-{total}-organisation": str(me.primary_organisation.pk),
                 f"{prefix}-{total}-municipality": str(zwolle.pk), "_save": "Opslaan"})
    assert client.post(url, data).status_code == 302
    grant = RoleAssignment.objects.get(user=me, role=Role.LIAISON)
    assert grant.approved_at is None and grant.granted_by == me
    me = User.objects.get(pk=me.pk)
    assert not policy.visible(me, Signal).filter(pk=signal.pk).exists()

    approve = {"action": "approve", "_selected_action": [str(grant.pk)]}
    client.post("/beheer/accounts/roleassignment/", approve)
    grant.refresh_from_db()
    assert grant.approved_at is None  # not by herself

    second = User.objects.create_user("admin2.ijsselland", password="x" * 16, is_staff=True)
    RoleAssignment.objects.create(user=second, role=Role.REGION_ADMIN, organisation=me.primary_organisation,
                                  approved_at=timezone.now())
    second.groups.add(Group.objects.get(name="Regiobeheer"))
    TOTPDevice.objects.create(user=second, name="t", confirmed=True)
    verified(client, "admin2.ijsselland")
    client.post("/beheer/accounts/roleassignment/", approve)
    grant.refresh_from_db()
    assert grant.approved_by == second
    assert policy.visible(User.objects.get(pk=me.pk), Signal).filter(pk=signal.pk).exists()

    seen = set(privacy_access.access_log_visible_to(User.objects.get(username="privacy.ijsselland"))
               .filter(object_id=str(me.pk)).values_list("action", flat=True))
    assert {"role_grant", "role_approve"} <= seen


def test_users_named_in_the_access_log_are_deactivated_never_deleted(world, client):
    """Red-team finding: deleting a user emptied the actor of her access-log rows and took her
    break-the-glass records with her."""
    import pytest
    from django.db.models import ProtectedError

    from ketenzicht.intake import emergency
    from ketenzicht.privacy.models import EmergencyAccess

    from ..helpers import report_as

    signal, _code = report_as("reporter.zwolle")
    deventer = User.objects.get(username="liaison.deventer")
    emergency.break_glass(deventer, signal, "Acute opvang nodig, collega Zwolle onbereikbaar")
    rows = AccessLog.objects.filter(user=deventer).count()
    assert rows >= 1
    verified(client, "admin.ijsselland")
    assert client.get(f"/beheer/accounts/user/{deventer.pk}/delete/").status_code == 403
    bulk = client.post("/beheer/accounts/user/", {"action": "delete_selected", "_selected_action": [deventer.pk],
                                                   "post": "yes"})
    assert bulk.status_code in (200, 302)
    with pytest.raises(ProtectedError):
        deventer.delete()
    assert User.objects.filter(pk=deventer.pk).exists()
    assert AccessLog.objects.filter(user=deventer).count() == rows
    assert EmergencyAccess.objects.filter(user=deventer).exists()


def test_overseeing_roles_need_a_second_administrator_too(world, client):
    """Review finding: an administrator made herself privacy officer (or a reporter administrator) at once."""

    verified(client, "admin.ijsselland")
    me = User.objects.get(username="admin.ijsselland")
    url = f"/beheer/accounts/user/{me.pk}/change/"
    data = change_form_data(client.get(url))
    prefix = "role_assignments"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-role": Role.PRIVACY_OFFICER,
                 f"{prefix}-{total}-organisation": str(me.primary_organisation.pk), "_save": "Opslaan"})
    assert client.post(url, data).status_code == 302
    assert RoleAssignment.objects.get(user=me, role=Role.PRIVACY_OFFICER).approved_at is None
    assert not privacy_access.reads_access_log(User.objects.get(pk=me.pk))
    assert client.get("/privacy/toegangslog").status_code == 403


def test_a_revoked_token_stays_revoked(world, client):
    """Review finding: an administrator cleared "revoked at" and extended a token that skips the second factor."""
    from datetime import timedelta

    from ketenzicht.accounts.models import ApiToken

    token, _plain = ApiToken.issue(User.objects.get(username="liaison.deventer"))
    verified(client, "admin.ijsselland")
    client.post("/beheer/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AccessLog.objects.filter(action="token_revoke", object_id=str(token.pk)).exists()
    url = f"/beheer/accounts/apitoken/{token.pk}/change/"
    later = timezone.now() + timedelta(days=3650)
    client.post(url, {"revoked_at_0": "", "revoked_at_1": "", "expires_at_0": f"{later:%Y-%m-%d}",
                      "expires_at_1": "00:00:00"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.expires_at < later - timedelta(days=1)
    assert 'name="revoked_at' not in client.get(url).content.decode()


def test_another_regions_roles_are_not_shown_nor_changed(world, client):
    """Review finding: Zeeland's administrator saw and removed a shared user's IJsselland role."""
    shared = User.objects.get(username="liaison.zwolle")
    RoleAssignment.objects.create(user=shared, role=Role.REPORTER, organisation=Organisation.objects.filter(
        region__slug="zeeland").first(), approved_at=timezone.now())
    verified(client, "admin.zeeland")
    page = client.get(f"/beheer/accounts/user/{shared.pk}/change/")
    shown = [f.instance for inline in page.context["inline_admin_formsets"] for f in inline.formset.forms]
    assert [a.role for a in shown if a.pk] == [Role.REPORTER]
    data = {"username": "liaison.zwolle", "is_active": "", "_save": "Opslaan"}
    assert client.post(f"/beheer/accounts/user/{shared.pk}/change/", data).status_code == 403  # the operator's
    shared.refresh_from_db()
    assert shared.is_active and shared.role_assignments.filter(role=Role.LIAISON).exists()
