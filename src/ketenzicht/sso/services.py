"""Every change single sign-on makes: a region's provider and its group mappings (by its
administrators), and a sign-in (the link to the account, the roles from the group claim, the
session). Each use case is one function, in a transaction, checking who may, and audited once
through accounts' audit path.

On the two-person rule. A role that opens personal data takes effect only when a second
administrator approves it (accounts.services.approve_role). Here the approval is given once, to the
mapping "group X → role Y at organisation Z": one administrator creates it, another approves it, and
only an approved mapping grants anything. A login through an approved mapping then records the role
as granted by the mapping's author and approved by its approver, through accounts' own
`record_grant` and `approve_role` — so the rules hold as for a grant by hand: if the person signing
in wrote or approved the mapping themselves, `approve_role` refuses and the role waits for another
administrator. A role that opens personal data is never in effect by one person's say alone: two
administrators chose to trust that group of the municipality's identity provider, whose membership
the municipality's own (audited) account management keeps."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.accounts import access as accounts_access
from ketenzicht.accounts import services as accounts_services
from ketenzicht.accounts.models import RoleAssignment, User
from ketenzicht.accounts.signals import audit
from ketenzicht.lib.errors import Invalid, Refused

from . import access
from .discovery import discover
from .models import Grant, GroupMapping, Link, ProviderConfig, ProviderFactor
from .refusals import LoginRefused

ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_endpoint")
# What decides who is in a group: who issues and signs the tokens, where the claims come from and
# which claim is read. A second administrator approved a mapping for the provider as it was then;
# when one administrator alone changes any of these, that approval no longer stands.
TRUSTED = (*ENDPOINTS, "userinfo_endpoint", "signing_algorithm", "client_id", "group_claim")


# ------------------------------------------------------------------------------ the region's set-up
def save_provider(actor, region, data):
    """Create or change the region's provider. A blank secret keeps the stored one; endpoints left
    blank are read from the discovery address."""
    if not access.configures(actor, region):
        raise Refused(_("U beheert deze regio niet."))
    provider = ProviderConfig.objects.filter(region=region).first() or ProviderConfig(region=region)
    data = dict(data)
    secret = data.pop("client_secret", "")
    if data.get("discovery_url") and not all(data.get(field) for field in ENDPOINTS):
        found = discover(data["discovery_url"])
        for field, value in found.items():
            data[field] = data.get(field) or value
    missing = [field for field in ENDPOINTS if not data.get(field)]
    if missing:
        raise Invalid(errors={field: _("Vul dit in, of geef een discovery-adres waaruit het gelezen wordt.")
                              for field in missing})
    if not secret and not provider.client_secret:
        raise Invalid(_("Vul het client-secret in dat de inlogvoorziening voor Ketenzicht gaf."), "client_secret")
    # The chooser sends an address at a domain to the provider that names it: one region naming
    # another's domain would send that region's staff to a login page of its choosing.
    claimed = {domain: other.region.name for other in ProviderConfig.objects.exclude(region=region)
               .select_related("region") for domain in other.domains()}
    taken = sorted(domain for domain in ProviderConfig(email_domains=data.get("email_domains", "")).domains()
                   if domain in claimed)
    if taken:
        raise Invalid(_("Het domein %(domain)s hoort al bij de inlogvoorziening van regio %(region)s.")
                      % {"domain": taken[0], "region": claimed[taken[0]]}, "email_domains")
    with transaction.atomic():
        created = provider.pk is None
        retrusted = not created and any(field in data and data[field] != getattr(provider, field) for field in TRUSTED)
        for field, value in data.items():
            setattr(provider, field, value)
        if secret:
            provider.client_secret = secret
        provider.updated_at = timezone.now()
        provider.save()
        withdrawn = 0
        if retrusted:
            withdrawn = provider.mappings.approved_for_personal_data().update(
                approved_at=None, approved_by=None)
        audit(actor, "sso_configure", "sso_provider", provider.pk, region=region.pk, created=created,
              secret_changed=bool(secret), enabled=provider.enabled, approvals_withdrawn=withdrawn)
    return provider


def add_mapping(actor, provider, claim_value, role, organisation, municipality=None):
    """A group that grants a role. One that opens personal data waits for a second administrator."""
    if not access.configures(actor, provider.region):
        raise Refused(_("U beheert deze regio niet."))
    if organisation.region_id != provider.region_id or not organisation.active:
        raise Invalid(_("Kies een actieve organisatie uit deze regio."), "organisation")
    mapping = GroupMapping(provider=provider, claim_value=claim_value.strip(), role=role, organisation=organisation,
                           municipality=municipality, created_by=actor)
    try:
        mapping.clean()
    except ValidationError as error:
        raise Invalid(errors=error.message_dict) from error
    if GroupMapping.objects.filter(provider=provider, claim_value=mapping.claim_value, role=role,
                                   organisation=organisation, municipality=municipality).exists():
        raise Invalid(_("Deze groep geeft deze rol bij deze organisatie al."), "claim_value")
    if not accounts_access.needs_second_person(role):
        mapping.approved_by, mapping.approved_at = actor, timezone.now()
    with transaction.atomic():
        mapping.save()
        audit(actor, "sso_mapping_add", "sso_mapping", mapping.pk, region=provider.region_id, role=role,
              organisation=organisation.pk, municipality=municipality.pk if municipality else None,
              pending=not mapping.in_effect)
    return mapping


def approve_mapping(actor, mapping):
    """The second administrator: not the one who made the mapping."""
    if not access.configures(actor, mapping.provider.region):
        raise Refused(_("U beheert deze regio niet."))
    if mapping.in_effect:
        return mapping
    if actor.pk == mapping.created_by_id:
        raise Refused(_("Een koppeling die een rol met toegang tot persoonsgegevens geeft, keurt een tweede "
                        "beheerder goed: niet wie haar maakte."))
    with transaction.atomic():
        mapping.approved_by, mapping.approved_at = actor, timezone.now()
        mapping.save(update_fields=["approved_by", "approved_at"])
        audit(actor, "sso_mapping_approve", "sso_mapping", mapping.pk, region=mapping.provider.region_id,
              role=mapping.role)
    return mapping


def remove_mapping(actor, mapping):
    """The group no longer grants the role; whoever got it through this mapping loses it at their
    next sign-in (roles are matched to the claims on every login)."""
    if not access.configures(actor, mapping.provider.region):
        raise Refused(_("U beheert deze regio niet."))
    with transaction.atomic():
        audit(actor, "sso_mapping_remove", "sso_mapping", mapping.pk, region=mapping.provider.region_id,
              role=mapping.role, claim_value=mapping.claim_value)
        mapping.delete()


# ------------------------------------------------------------------------------------- signing in
@dataclass
class Accepted:
    user: User
    link: Link
    mfa: bool


def groups_of(provider, claims):
    value = claims.get(provider.group_claim) or []
    if isinstance(value, str):
        value = [value]
    return {str(group) for group in value}


def accept(provider, claims):
    """Who signs in, with which roles, from the validated claims: the account linked to the
    provider's subject (made at the first login), its roles from the group claim added and
    withdrawn to match. No group that maps to a role: refused (and, for an account that had roles
    from earlier logins, those are withdrawn first — the municipality took the person out of the
    group). Groups no mapping names are ignored and logged."""
    region = provider.region_id
    groups = groups_of(provider, claims)
    mappings = list(provider.mappings.filter(claim_value__in=groups).select_related("organisation", "created_by",
                                                                                    "approved_by"))
    unknown = sorted(groups - {m.claim_value for m in mappings})
    wanted = {}
    for mapping in mappings:
        if mapping.in_effect:
            wanted.setdefault((mapping.role, mapping.organisation_id, mapping.municipality_id), mapping)
    link = Link.objects.filter(issuer=provider.issuer, subject=str(claims["sub"])).select_related(
        "user", "provider").first()
    if link and link.provider_id != provider.pk and link.provider.jwks_endpoint != provider.jwks_endpoint:
        # An issuer is only a name: another region's administrator could type this one into her own
        # provider, with her own keys, and vouch for any of its subjects. A link made through another
        # region's provider opens only when this provider checks tokens against the same keys.
        raise LoginRefused("issuer", user=link.user, error="keys")
    if link and not link.user.is_active:
        raise LoginRefused("inactive", user=link.user)
    with transaction.atomic():
        if not wanted:
            withdrawn = _withdraw(link, region, set()) if link else []
            refusal = LoginRefused("no_role", user=link.user if link else None, unknown_groups=unknown,
                                   withdrawn=withdrawn)
        else:
            refusal = None
            if link is None:
                link = Link.objects.create(provider=provider, issuer=provider.issuer, subject=str(claims["sub"]),
                                           user=_new_user(claims))
            withdrawn = _withdraw(link, region, set(wanted))
            granted, pending = _grant(link, wanted)
            link.last_login_at = timezone.now()
            link.save(update_fields=["last_login_at"])
            audit(link.user, "sso_roles", "user", link.user.pk, region=region, granted=granted, pending=pending,
                  withdrawn=withdrawn, unknown_groups=unknown)
    if refusal:
        raise refusal
    return Accepted(User.objects.get(pk=link.user_id), link, provider.attests_mfa(claims))


def _new_user(claims):
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])[:140]
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return accounts_services.create_external_account(
        username, str(claims.get("email", ""))[:254], str(claims.get("given_name", ""))[:150],
        str(claims.get("family_name", ""))[:150])


def _withdraw(link, region, keep):
    """Withdraw the roles earlier logins through this region's provider gave that the claims no longer
    grant. A provider several regions share (one account, one link) leaves the other regions' alone."""
    withdrawn = []
    for grant in link.grants.filter(assignment__organisation__region=region).select_related("assignment"):
        a = grant.assignment
        if (a.role, a.organisation_id, a.municipality_id) not in keep:
            withdrawn.append(a.role)
            accounts_services.withdraw_by_claim(a)
    return withdrawn


def _grant(link, wanted):
    """Put in place the roles the claims grant and the account lacks, through accounts' services;
    a role an administrator gave by hand stays theirs (and is not withdrawn by a later login)."""
    managed = {(g.assignment.role, g.assignment.organisation_id, g.assignment.municipality_id)
               for g in link.grants.select_related("assignment")}
    granted, pending = [], []
    for key, mapping in wanted.items():
        if key in managed:
            continue
        assignment = RoleAssignment(user=link.user, role=mapping.role, organisation=mapping.organisation,
                                    municipality=mapping.municipality)
        if link.user.role_assignments.filter(role=assignment.role, organisation=assignment.organisation,
                                             municipality=assignment.municipality).exists():
            continue
        accounts_services.record_grant(mapping.created_by, assignment, created=True)  # saves it
        if assignment.needs_approval:
            try:
                accounts_services.approve_role(mapping.approved_by, assignment)
            except accounts_services.GrantRefused:
                pending.append(mapping.role)  # the person approved or wrote the mapping: another approves
        Grant.objects.create(link=link, assignment=assignment)
        granted.append(mapping.role)
    return granted, pending


def provider_factor(user, provider):
    """The device that stands for the provider's MFA in the session (models.ProviderFactor)."""
    device, _created = ProviderFactor.objects.get_or_create(user=user, name=f"sso:{provider.region.slug}",
                                                            defaults={"confirmed": True})
    return device


def refuse(provider, refusal, ip):
    """Log a refused sign-in, in the region of the provider, against the account where one is known."""
    detail = {key: value for key, value in refusal.detail.items() if key != "user"}
    user = refusal.detail.get("user")
    audit(user, "sso_refused", "user", user.pk if user else "", reason=refusal.reason,
          region=provider.region_id if provider else None, ip=ip, **detail)
