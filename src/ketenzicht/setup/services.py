"""The set-up's changes that span apps: a new region with its route, a new version of the route, and
the reporters' feedback texts as a new route version. Each is allowed only to whoever administers the
region and logged once; a region's own rows (municipalities, organisations) change through
regions.services. Nothing history needs is deleted: the signals running on an old route version keep theirs."""
import copy

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ketenzicht.accounts import signals
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.regions import services as region_services
from ketenzicht.route import engine, versions
from ketenzicht.route.models import RouteDefinition

from . import access

# A new region starts on the default route (DESIGN.md §3: IJsselland's), so it can receive signals
# from its first day; its administrators change it from there.
DEFAULT_ROUTE = "ijsselland"


def create_region(user, **fields):
    """The platform operator adds a region; it gets the default route at once, so it can receive
    signals from its first day (both or neither)."""
    region_services.require_operator(user)
    with transaction.atomic():
        region = region_services.create_region(user, **fields)
        versions.activate(region, engine.load_file(DEFAULT_ROUTE), user)  # the route's own service: checked, logged
    return region


def _require(user, region):
    if not access.administers(user, region):
        signals.audit(user, "denied", "region", region.pk, region=region.pk)
        raise PermissionDenied("setup")


def feedback_texts(region):
    """The active route's feedback texts: milestone -> {language: text}, and the route version."""
    route = RouteDefinition.active_for(region)
    return {code: engine.texts(text) for code, text in (route.definition.get("feedback") or {}).items()}, route


def set_feedback_texts(user, region, texts, expected_version=None):
    """New feedback texts make a new route version (the route's own service checks, stores and logs
    it); signals running on the version before keep theirs until someone moves them. The permission
    is checked before the transaction, so that the logged refusal is not rolled back."""
    _require(user, region)
    return _store_feedback_texts(user, region, texts, expected_version)


@transaction.atomic
def _store_feedback_texts(user, region, texts, expected_version):
    current, route = feedback_texts(region)
    if expected_version is not None and route.version != expected_version:
        raise Stale(_("Iemand anders heeft de route intussen gewijzigd (nu versie %(version)s). Bekijk de nieuwe "
                      "teksten.") % {"version": route.version})
    unknown = sorted(set(texts) - set(current))
    if unknown:
        raise Invalid(_("Deze route kent geen terugkoppeling %(codes)s.") % {"codes": ", ".join(unknown)}, "__all__")
    definition = copy.deepcopy(route.definition)
    definition["feedback"] = {code: dict(texts.get(code, current[code])) for code in current}
    if definition["feedback"] == {code: dict(text) for code, text in current.items()}:
        return route  # nothing changed: no new version
    return versions.activate(region, definition, user)


def new_route_version(user, region, definition):
    """Put in a new version of the region's route (a shipped one or the region's own). The route's
    own service checks, stores and logs it; signals and cases running on the version before keep
    theirs. A definition equal to the active one makes no version. Returns (version, created).
    The permission is checked before the transaction, so that the logged refusal is not rolled back."""
    _require(user, region)
    return _put_in_route(user, region, definition)


@transaction.atomic
def _put_in_route(user, region, definition):
    current = RouteDefinition.objects.select_for_update().filter(region=region, active=True) \
        .order_by("-version").first()
    if current is not None and current.definition == definition:
        return current, False
    try:
        return versions.activate(region, definition, user), True
    except engine.RouteError as error:
        raise Invalid(_("De route klopt niet: %(error)s") % {"error": error}, "definition") from error
