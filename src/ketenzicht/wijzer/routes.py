"""The meldroute-wijzer's questions, answers and branching: code, not region data.

Why code: where a person is sent must not depend on a text field. Whoever says someone is in
danger now goes to 112, whatever the region wrote; the region words each step and outcome its own
way (texts.py) and names its contacts, but the branching is the same in every region and tested
once. The answers travel in the query string (`?who=citizen&what=labour&danger=no&municipality=
GM0193`): every step is an ordinary GET form, so the wijzer works without JavaScript, the browser's
back button goes one step back, and an outcome can be bookmarked, shared and printed.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# The steps in the order they are asked. `municipality` is asked last and only when the answer
# leads to the municipality's liaison (never when someone is in danger now).
WHO, WHAT, DANGER, MUNICIPALITY = "who", "what", "danger", "municipality"
STEPS = (WHO, WHAT, DANGER, MUNICIPALITY)

QUESTIONS = {
    WHO: _("Wie bent u?"),
    WHAT: _("Wat heeft u gezien of gehoord?"),
    DANGER: _("Is er nu direct gevaar?"),
    MUNICIPALITY: _("In welke gemeente speelt het?"),
}

ANSWERS = {
    WHO: {
        "citizen": _("Inwoner, buurtbewoner of familielid"),
        "self": _("Het gaat om mijzelf: ik word gedwongen of uitgebuit"),
        "municipality": _("Medewerker van de gemeente (balie, handhaving, vergunningen, leerplicht, werk en inkomen)"),
        "care": _("Zorgverlener, hulpverlener, wijkteam, onderwijs of jeugdhulp (meldcode)"),
        "employer": _("Werkgever, collega of opdrachtgever"),
        "professional": _("Andere professional (bijvoorbeeld woningcorporatie, uitzendbureau, vrijwilliger)"),
    },
    WHAT: {
        "sexual": _("Iemand moet seks hebben met anderen voor geld dat een ander houdt (ook online of via advertenties)"),
        "labour": _("Iemand werkt onder dwang: extreem lange dagen, geen of weinig loon, schulden bij de baas, "
                    "paspoort ingenomen, wonen bij de werkgever"),
        "criminal": _("Iemand wordt gedwongen tot misdaad of bedelen, zoals drugs vervoeren of winkeldiefstal"),
        "unsure": _("Iets anders, of ik weet het niet precies"),
    },
    DANGER: {
        "yes": _("Ja, iemand is nu in gevaar"),
        "no": _("Nee, niet op dit moment"),
    },
}
# Internal version: the municipality's professionals choose between these two kinds of work.
INTERNAL_WHO = ("municipality", "care")
OUTSIDE = "other"  # the municipality answer "not in this region / I do not know"

# Where a route can end. `liaison` and `form` are the region's own (the directory and Ketenzicht's
# public form); `internal` is the municipality's own route (internal version only); the others are
# contacts (texts.CONTACTS).
EMERGENCY, POLICE, MMA, VEILIG_THUIS, LABOUR, COMENSHA = (
    "emergency", "police", "mma", "veilig_thuis", "labour_inspectorate", "comensha")
LIAISON, FORM, INTERNAL = "liaison", "form", "internal"
CONTACT_KINDS = (EMERGENCY, POLICE, MMA, VEILIG_THUIS, LABOUR, COMENSHA)
OUTCOMES = (*CONTACT_KINDS, LIAISON, FORM, INTERNAL)


@dataclass
class Route:
    """Where the answers lead: the first place to go, then the other places that may fit."""

    primary: list
    others: list = field(default_factory=list)

    @property
    def all(self):
        return [*self.primary, *self.others]


def _unique(kinds):
    seen = []
    for kind in kinds:
        if kind not in seen:
            seen.append(kind)
    return seen


def route(answers, internal=False):
    """The outcome for complete answers ({step: code}). Danger now: 112, and nothing in front of
    it. Otherwise the place that fits who is asking, then the others that fit what they saw."""
    if answers.get(DANGER) == "yes":
        return Route([EMERGENCY], [POLICE])
    who, what = answers.get(WHO), answers.get(WHAT)
    known = answers.get(MUNICIPALITY) not in (None, OUTSIDE) or internal
    liaison = [LIAISON] if known else [FORM]
    labour = [LABOUR] if what == "labour" else []
    if internal:
        primary = [INTERNAL, LIAISON]
        others = [VEILIG_THUIS, *labour, FORM, POLICE] if who == "care" else [FORM, *labour, VEILIG_THUIS, POLICE]
    elif who == "self":
        primary, others = [COMENSHA], [POLICE, *liaison, VEILIG_THUIS, *labour]
    elif who == "care":
        primary, others = [VEILIG_THUIS], [*liaison, FORM, *labour, POLICE]
    elif who == "employer" and what == "labour":
        primary, others = [LABOUR], [*liaison, FORM, POLICE, MMA]
    elif who == "municipality":
        primary, others = liaison, [FORM, *labour, VEILIG_THUIS, POLICE]
    elif who == "professional":
        primary, others = liaison, [FORM, *labour, VEILIG_THUIS, POLICE]
    else:  # a citizen, or an employer who saw something other than labour exploitation
        primary, others = liaison, [FORM, MMA, *labour, POLICE]
    primary = _unique(primary)
    return Route(primary, [k for k in _unique(others) if k not in primary])


def next_step(answers, internal=False):
    """The first step still unanswered, or None when the route is known."""
    for step in STEPS:
        if step == MUNICIPALITY and (internal or answers.get(DANGER) == "yes"):
            continue
        if step not in answers:
            return step
    return None


def choices(step, internal=False, municipalities=()):
    """The answers offered at `step` as (code, label)."""
    if step == MUNICIPALITY:
        return [(m.cbs_code, m.name) for m in municipalities] + [
            (OUTSIDE, _("Een andere gemeente, of ik weet het niet"))]
    options = ANSWERS[step]
    if step == WHO and internal:
        return [(code, options[code]) for code in INTERNAL_WHO]
    return list(options.items())


def read(query, municipalities, internal=False):
    """The valid answers in the query, in step order, and the names of the steps sent with an
    unknown value (a forged or stale link: that step is asked again, saying why). An answer counts
    only when the steps before it are answered, so `?danger=no` alone starts at the first step."""
    answers, unknown = {}, []
    codes = {m.cbs_code for m in municipalities}
    for step in STEPS:
        value = query.get(step)
        if value is None or value == "":
            break
        allowed = codes | {OUTSIDE} if step == MUNICIPALITY else {c for c, _label in choices(step, internal)}
        if step == MUNICIPALITY and (internal or answers.get(DANGER) == "yes"):
            break
        if value not in allowed:
            unknown.append(step)
            break
        answers[step] = value
    return answers, unknown
