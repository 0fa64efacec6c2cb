"""One rule wherever personal data goes to another organisation — a shelter placement, a hand-over,
a referral, an invitation to a case or a consultation, a track or task, the present list of the
minutes: it goes only on a recorded ground in force for that organisation. In care that ground is
the person's consent to share with that organisation; at the table, the organisation's legal basis
for its seat (the region's municipalities sit at their own table). The app that holds the ground
finds it; this is where the answer and the refusal are the same for all of them."""
from django.utils.translation import gettext_lazy as _

from ketenzicht.lib.errors import Invalid

CONSENT = "consent"
LEGAL_BASIS = "legal_basis"

MISSING = {
    CONSENT: _("Er is geen toestemming van de betrokkene om gegevens te delen met %(org)s. Leg eerst die "
               "toestemming vast (doel: delen met een partner)."),
    LEGAL_BASIS: _("%(org)s heeft aan deze tafel geen geldige grondslag om gegevens te ontvangen. Leg eerst de "
                   "grondslag vast (wet of convenant, en artikel)."),
}


def require_ground(organisation, ground, kind, field="organisation"):
    """`ground` is what the app found (a consent, a seat, True), or nothing: then refuse, naming
    the organisation and what is missing. Returns the ground."""
    if not ground:
        raise Invalid(str(MISSING[kind]) % {"org": organisation.name}, field)
    return ground
