"""Changes to a region, its municipalities and its partner organisations: one function per use case,
in a transaction, allowed only to whoever administers the region (the platform operator alone
creates one), logged once in the region. Nothing history needs is deleted: an organisation is
retired, not removed. The set-up pages (setup app) call these."""
import functools

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ketenzicht.accounts import access as accounts_access
from ketenzicht.accounts import signals
from ketenzicht.lib.errors import Invalid

from . import cbs
from .models import Municipality, Organisation, Region

REGION_FIELDS = ("name", "public_contact", "suppression_threshold")
# Addresses under /inrichting/ that are pages, not regions.
RESERVED_SLUGS = {"nieuw"}


def _require(user, region):
    if not (user.is_active and accounts_access.administers(user, region.pk)):
        signals.audit(user, "denied", "region", region.pk, region=region.pk)
        raise PermissionDenied("setup")


def _administered(function):
    """Allowed only to whoever administers the region: checked, and a refusal logged, before the
    transaction opens, so that the log entry is not rolled back with the refused change."""
    @functools.wraps(function)
    def run(user, region, *args, **kwargs):
        _require(user, region)
        with transaction.atomic():
            return function(user, region, *args, **kwargs)
    return run


def _audit(user, action, object_type, object_id, region, **detail):
    signals.audit(user, action, object_type, object_id, region=region.pk, **detail)


def _refuse_duplicate_region(name, slug, exclude=None):
    others = Region.objects.exclude(pk=exclude) if exclude else Region.objects.all()
    if others.filter(name__iexact=name).exists():
        raise Invalid(_("Er is al een regio met de naam %(name)s.") % {"name": name}, "name")
    if slug in RESERVED_SLUGS:
        raise Invalid(_("Het webadres %(slug)s is gereserveerd; kies een ander.") % {"slug": slug}, "slug")
    if slug is not None and others.filter(slug=slug).exists():
        raise Invalid(_("Het webadres %(slug)s is al in gebruik door een andere regio.") % {"slug": slug}, "slug")


def require_operator(user):
    """Only the platform operator creates a region. Callers that wrap the creation in a transaction
    of their own call this first, so that a refusal's log entry is not rolled back with it."""
    if not (user.is_active and user.is_superuser):
        signals.audit(user, "denied", "region", "")
        raise PermissionDenied("setup")


@transaction.atomic
def create_region(user, *, name, slug, public_contact="", suppression_threshold=5):
    """The platform operator adds a region (setup.services gives it its route in the same transaction)."""
    require_operator(user)
    _refuse_duplicate_region(name, slug)
    region = Region.objects.create(name=name, slug=slug, public_contact=public_contact,
                                   suppression_threshold=suppression_threshold)
    _audit(user, "create", "region", region.pk, region)
    return region


@_administered
def update_region(user, region, changes):
    """Name, public contact and the threshold for small counts; the slug stays (addresses use it)."""
    fields = {name: changes[name] for name in REGION_FIELDS if name in changes}
    _refuse_duplicate_region(fields.get("name", region.name), None, exclude=region.pk)
    Region.objects.filter(pk=region.pk).update(**fields)
    region.refresh_from_db()
    _audit(user, "update", "region", region.pk, region, fields=sorted(fields))
    return region


def _check_inhabitants(inhabitants, inhabitants_on):
    if inhabitants is not None and inhabitants_on is None:
        raise Invalid(_("Vul ook de peildatum van het aantal inwoners in."), "inhabitants_on")
    if inhabitants_on is not None and inhabitants is None:
        raise Invalid(_("Vul ook het aantal inwoners op de peildatum in."), "inhabitants")


@_administered
def add_municipality(user, region, *, cbs_code, inhabitants=None, inhabitants_on=None):
    """A municipality from the CBS list joins the region; one municipality belongs to one region."""
    name = cbs.name_of(cbs_code)
    if name is None:
        raise Invalid(_("%(code)s staat niet in de CBS-lijst van gemeenten (2025).") % {"code": cbs_code}, "cbs_code")
    _check_inhabitants(inhabitants, inhabitants_on)
    taken = Municipality.objects.select_related("region").filter(cbs_code=cbs_code).first()
    if taken is not None and taken.region_id == region.pk:
        raise Invalid(_("%(name)s hoort al bij deze regio.") % {"name": name}, "cbs_code")
    if taken is not None:
        raise Invalid(_("%(name)s hoort al bij regio %(region)s; een gemeente hoort bij één regio.")
                      % {"name": name, "region": taken.region.name}, "cbs_code")
    municipality = Municipality.objects.create(region=region, cbs_code=cbs_code, name=name, inhabitants=inhabitants,
                                               inhabitants_on=inhabitants_on)
    _audit(user, "create", "municipality", municipality.pk, region, cbs_code=cbs_code)
    return municipality


@_administered
def update_inhabitants(user, region, municipality, *, inhabitants, inhabitants_on):
    if municipality.region_id != region.pk:
        raise PermissionDenied("setup")
    _check_inhabitants(inhabitants, inhabitants_on)
    Municipality.objects.filter(pk=municipality.pk).update(inhabitants=inhabitants, inhabitants_on=inhabitants_on)
    municipality.refresh_from_db()
    _audit(user, "update", "municipality", municipality.pk, region, fields=["inhabitants", "inhabitants_on"])
    return municipality


def _check_organisation(region, name, municipality, exclude=None):
    same = region.organisations.filter(name__iexact=name)
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        raise Invalid(_("Deze regio heeft al een organisatie met de naam %(name)s.") % {"name": name}, "name")
    if municipality is not None and municipality.region_id != region.pk:
        raise Invalid(_("Kies een gemeente van deze regio."), "municipality")


@_administered
def add_organisation(user, region, *, name, sector, municipality=None):
    _check_organisation(region, name, municipality)
    organisation = Organisation.objects.create(region=region, name=name, sector=sector, municipality=municipality)
    _audit(user, "create", "organisation", organisation.pk, region)
    return organisation


@_administered
def update_organisation(user, region, organisation, *, name, sector, municipality=None):
    """Rename an organisation, or correct its sector or municipality; what it did stays its own."""
    if organisation.region_id != region.pk:
        raise PermissionDenied("setup")
    _check_organisation(region, name, municipality, exclude=organisation.pk)
    Organisation.objects.filter(pk=organisation.pk).update(name=name, sector=sector, municipality=municipality)
    organisation.refresh_from_db()
    _audit(user, "update", "organisation", organisation.pk, region, fields=["name", "sector", "municipality"])
    return organisation


@_administered
def set_organisation_active(user, region, organisation, active):
    """Retire an organisation (or bring it back): it stays on everything that names it."""
    if organisation.region_id != region.pk:
        raise PermissionDenied("setup")
    Organisation.objects.filter(pk=organisation.pk).update(active=active)
    organisation.refresh_from_db()
    _audit(user, "reactivate" if active else "retire", "organisation", organisation.pk, region)
    return organisation
