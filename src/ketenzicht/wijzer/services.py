"""Every change to a region's wijzer: its texts, contacts, the liaison directory and the internal
routes. One function per use case, allowed to the region's administrator only (checked and a
refusal logged before the transaction opens), refusing markup and half translations with a Dutch
message naming the field, guarded by a version against two people saving over each other, and
logged once in the region's access log."""
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import F
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Stale
from ketenzicht.privacy import audit

from . import access, routes, texts
from .models import Contact, Guide, InternalRoute, Liaison, Text

MAX_TEXT = 1500
MAX_NAME = 120
PHONE = re.compile(r"^\+?[0-9][0-9 \-()]{1,38}$")


def _check_admin(user, region, *args, **kwargs):
    if not access.edits(user, region):
        audit.record(user, "denied", "wijzer", region.slug, region=region.pk)
        raise PermissionDenied("wijzer")


def _check_admin_of_municipality(user, municipality, *args, **kwargs):
    _check_admin(user, municipality.region)


def _check_admin_of_liaison(user, liaison, *args, **kwargs):
    _check_admin(user, liaison.municipality.region)


def plain(field, value, label, limit=MAX_TEXT, errors=None):
    """A text shown on public pages is plain text: markup is refused (never shown as typed, never
    run), and so is a text longer than a page can carry. Adds to `errors` ({field: [message]})."""
    value = (value or "").strip()
    if "<" in value or ">" in value:
        errors.setdefault(field, []).append(_("%(label)s: gebruik geen < of > (geen HTML of script); wat u typte "
                                              "staat er nog.") % {"label": label})
    elif len(value) > limit:
        errors.setdefault(field, []).append(_("%(label)s is te lang: ten hoogste %(limit)s tekens, nu %(length)s.")
                                            % {"label": label, "limit": limit, "length": len(value)})
    return value


def _both(errors, field, dutch, english, label):
    """Region data carries its own translation: a text given in one language only is refused."""
    if dutch and not english:
        errors.setdefault(f"{field}_en", []).append(_("%(label)s: vul ook de Engelse tekst in.") % {"label": label})
    elif english and not dutch:
        errors.setdefault(field, []).append(_("%(label)s: vul ook de Nederlandse tekst in.") % {"label": label})


def _guide(region, version):
    guide, _created = Guide.objects.select_for_update().get_or_create(region=region)
    if version is not None and version != guide.version:
        raise Stale(_("Iemand anders heeft de teksten of contacten van de wijzer intussen gewijzigd. Bekijk de "
                      "nieuwe stand en voer uw wijziging opnieuw in."))
    return guide


def _bump(guide):
    Guide.objects.filter(pk=guide.pk).update(version=F("version") + 1)


@checked(_check_admin)
def set_texts(user, region, values, version):
    """values: {key: (dutch, english)} for every key of texts.KEYS; an empty pair is the shipped text."""
    errors, clean = {}, {}
    for key in texts.KEYS:
        dutch, english = values.get(key, ("", ""))
        label = str(texts.LABELS[key])
        field = key.replace(":", "_")
        dutch = plain(field, dutch, label, errors=errors)
        english = plain(f"{field}_en", english, label, errors=errors)
        _both(errors, field, dutch, english, label)
        clean[key] = (dutch, english)
    if errors:
        raise Invalid(errors=errors)
    guide = _guide(region, version)
    for key, (dutch, english) in clean.items():
        if dutch:
            Text.objects.update_or_create(guide=guide, key=key, defaults={"text": dutch, "text_en": english})
        else:
            Text.objects.filter(guide=guide, key=key).delete()
    _bump(guide)
    audit.record(user, "wijzer_texts", "wijzer", region.slug, region=region.pk,
                 keys=sorted(k for k, (d, _e) in clean.items() if d))
    return guide


def _contact_errors(kind, name, name_en, phone, email, website, errors):
    label = str(texts.CONTACT_LABELS[kind])
    name = plain(f"{kind}_name", name, label, MAX_NAME, errors)
    name_en = plain(f"{kind}_name_en", name_en, label, MAX_NAME, errors)
    phone = (phone or "").strip()
    if phone and not PHONE.match(phone):
        errors.setdefault(f"{kind}_phone", []).append(
            _("%(label)s: een telefoonnummer bestaat uit cijfers, spaties en streepjes, zoals 0800-2000.")
            % {"label": label})
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault(f"{kind}_email", []).append(
                _("%(label)s: dit is geen geldig e-mailadres.") % {"label": label})
    website = (website or "").strip()
    if website:
        try:
            URLValidator(schemes=["https", "http"])(website)
        except ValidationError:
            errors.setdefault(f"{kind}_website", []).append(
                _("%(label)s: een website begint met https://.") % {"label": label})
    if (phone or email or website or name_en) and not name:
        errors.setdefault(f"{kind}_name", []).append(_("%(label)s: vul een naam in.") % {"label": label})
    if kind == routes.EMERGENCY and phone and phone != "112":
        errors.setdefault(f"{kind}_phone", []).append(_("Het alarmnummer is altijd 112."))
    if name and not (phone or email or website):
        errors.setdefault(f"{kind}_phone", []).append(
            _("%(label)s: vul een telefoonnummer, e-mailadres of website in.") % {"label": label})
    return name, name_en, phone, email, website


@checked(_check_admin)
def set_contacts(user, region, values, version):
    """values: {kind: {name, name_en, phone, email, website}}; an empty name is the shipped contact."""
    errors, clean = {}, {}
    for kind in routes.CONTACT_KINDS:
        given = values.get(kind, {})
        clean[kind] = _contact_errors(kind, given.get("name"), given.get("name_en"), given.get("phone"),
                                      given.get("email"), given.get("website"), errors)
    if errors:
        raise Invalid(errors=errors)
    guide = _guide(region, version)
    for kind, (name, name_en, phone, email, website) in clean.items():
        if name:
            Contact.objects.update_or_create(guide=guide, kind=kind, defaults={
                "name": name, "name_en": name_en, "phone": phone, "email": email, "website": website})
        else:
            Contact.objects.filter(guide=guide, kind=kind).delete()
    _bump(guide)
    audit.record(user, "wijzer_contacts", "wijzer", region.slug, region=region.pk,
                 kinds=sorted(k for k, c in clean.items() if c[0]))
    return guide


def _liaison_fields(name, phone, email):
    errors = {}
    name = plain("name", name, _("Naam"), MAX_NAME, errors)
    if not name and "name" not in errors:
        errors["name"] = [_("Vul de naam van de aandachtsfunctionaris in.")]
    phone = (phone or "").strip()
    if not phone:
        errors["phone"] = [_("Vul een telefoonnummer in.")]
    elif not PHONE.match(phone):
        errors["phone"] = [_("Een telefoonnummer bestaat uit cijfers, spaties en streepjes, zoals 038-498 00 00.")]
    email = (email or "").strip()
    if not email:
        errors["email"] = [_("Vul een e-mailadres in.")]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Dit is geen geldig e-mailadres.")]
    if errors:
        raise Invalid(errors=errors)
    return {"name": name, "phone": phone, "email": email}


def _check_liaison_add(user, region, municipality, **fields):
    _check_admin(user, region)


@checked(_check_liaison_add)
def add_liaison(user, region, municipality, *, name, phone, email):
    """A new entry in the directory; the municipality must be the region's own (a forged code of
    another region's municipality is refused)."""
    if municipality is None or municipality.region_id != region.pk:
        raise Invalid(_("Kies een gemeente van de regio."), "municipality")
    fields = _liaison_fields(name, phone, email)
    if Liaison.objects.filter(municipality=municipality, name__iexact=fields["name"]).exists():
        raise Invalid(_("%(name)s staat al bij %(municipality)s in de lijst.")
                      % {"name": fields["name"], "municipality": municipality.name}, "name")
    liaison = Liaison.objects.create(municipality=municipality, **fields)
    audit.record(user, "wijzer_liaison_added", "wijzer_liaison", liaison.pk, region=region.pk,
                 municipality=municipality.cbs_code)
    return liaison


@checked(_check_admin_of_liaison)
def update_liaison(user, liaison, *, name, phone, email, version):
    fields = _liaison_fields(name, phone, email)
    if Liaison.objects.filter(municipality=liaison.municipality_id, name__iexact=fields["name"]).exclude(
            pk=liaison.pk).exists():
        raise Invalid(_("%(name)s staat al bij %(municipality)s in de lijst.")
                      % {"name": fields["name"], "municipality": liaison.municipality.name}, "name")
    changed = Liaison.objects.filter(pk=liaison.pk, version=version).update(version=F("version") + 1, **fields)
    if not changed:
        raise Stale(_("Iemand anders heeft deze gegevens intussen gewijzigd of verwijderd. Bekijk de nieuwe stand "
                      "en voer uw wijziging opnieuw in."))
    liaison.refresh_from_db()
    audit.record(user, "wijzer_liaison_changed", "wijzer_liaison", liaison.pk,
                 region=liaison.municipality.region_id)
    return liaison


@checked(_check_admin_of_liaison)
def remove_liaison(user, liaison, version):
    """The entry leaves the published directory (the person left, or the number changed hands)."""
    deleted, _rows = Liaison.objects.filter(pk=liaison.pk, version=version).delete()
    if not deleted:
        raise Stale(_("Iemand anders heeft deze gegevens intussen gewijzigd of verwijderd. Bekijk de nieuwe stand "
                      "en voer uw wijziging opnieuw in."))
    audit.record(user, "wijzer_liaison_removed", "wijzer_liaison", liaison.pk,
                 region=liaison.municipality.region_id)


@checked(_check_admin_of_municipality)
def set_internal_route(user, municipality, *, text, text_en, version):
    errors = {}
    label = _("Interne meldroute")
    text = plain("text", text, label, errors=errors)
    text_en = plain("text_en", text_en, label, errors=errors)
    _both(errors, "text", text, text_en, label)
    if errors:
        raise Invalid(errors=errors)
    found, _created = InternalRoute.objects.select_for_update().get_or_create(municipality=municipality)
    if version is not None and found.version != version:
        raise Stale(_("Iemand anders heeft de interne meldroute intussen gewijzigd. Bekijk de nieuwe stand en voer "
                      "uw wijziging opnieuw in."))
    InternalRoute.objects.filter(pk=found.pk).update(text=text, text_en=text_en, version=F("version") + 1)
    audit.record(user, "wijzer_internal_route", "municipality", municipality.cbs_code,
                 region=municipality.region_id)
    found.refresh_from_db()
    return found
