"""Every change of the staff survey: a round prepared, opened and closed by the region's
administrator or analyst, and a response given by a staff member without an account. Pages and API
call these; each is one transaction, checked before it opens. Refusals are `Invalid` or `Refused`
naming the field, in Dutch; nothing is stored by a refused call. A response is deliberately not
written to the access log: an entry would tie an anonymous answer to a moment."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ketenzicht.lib.checked import checked
from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.privacy import audit

from . import access, questionnaire
from .models import MAX_INVITED, Answer, Response, Round, State


def _managed(region_of):
    def check(user, obj, *args, **kwargs):
        region = region_of(obj)
        if not access.manages(user, region):
            audit.record(user, "denied", "survey_round", getattr(obj, "pk", ""), region=region.pk)
            raise PermissionDenied("survey_round")
    return checked(check)


def _check_round(title, opens_on, closes_on, invited):
    if not (title or "").strip():
        raise Invalid(_("Geef de ronde een titel."), "title")
    if closes_on < opens_on:
        raise Invalid(_("De sluitdatum ligt vóór de openingsdatum."), "closes_on")
    if not 0 <= invited <= MAX_INVITED:
        raise Invalid(_("Het aantal uitgenodigde medewerkers ligt tussen 0 en %(max)s.") % {"max": MAX_INVITED},
                      "invited")


@_managed(lambda region: region)
def create_round(user, region, *, title, opens_on, closes_on, invited=0):
    """A new round, in preparation: its link answers nothing until it is opened."""
    _check_round(title, opens_on, closes_on, invited)
    found = Round.objects.create(region=region, title=title.strip(), opens_on=opens_on, closes_on=closes_on,
                                 invited=invited)
    audit.record(user, "create", "survey_round", found.pk, region=region.pk)
    return found


NEXT = {"open": (State.DRAFT, State.OPEN), "close": (State.OPEN, State.CLOSED)}


@_managed(lambda found: found.region)
def move_round(user, found, step):
    """Open a round in preparation, or close an open one; a closed round stays closed (its results
    are what the staff of that moment said)."""
    if step not in NEXT:
        raise Invalid(_("Onbekende stap."), "step")
    before, after = NEXT[step]
    if not Round.objects.filter(pk=found.pk, state=before).update(state=after):
        raise Refused(_("Deze ronde is %(state)s; dat kan nu niet.") % {"state": found.get_state_display().lower()},
                      "step")
    found.state = after
    audit.record(user, "update", "survey_round", found.pk, region=found.region_id, state=after)
    return found


def _answers(found, answers):
    """The answers as (question, option) rows, every code checked against the round's questions."""
    rows = []
    for question in found.questions:
        given = answers.get(question.code) or []
        given = [given] if isinstance(given, str) else list(given)
        known = {code for code, _label in question.choices(found.region)}
        if any(code not in known for code in given):
            raise Invalid(_("Kies bij '%(question)s' een van de gegeven antwoorden.") % {"question": question.label},
                          question.code)
        if question.required and not given:
            raise Invalid(_("Beantwoord de vraag '%(question)s'.") % {"question": question.label}, question.code)
        if len(given) > 1 and not question.multiple:
            raise Invalid(_("Kies bij '%(question)s' één antwoord.") % {"question": question.label}, question.code)
        if questionnaire.NONE in given and len(given) > 1:
            raise Invalid(_("Kies bij '%(question)s' 'Geen van deze' of een of meer vormen, niet beide.")
                          % {"question": question.label}, question.code)
        rows += [(question.code, code) for code in dict.fromkeys(given)]
    return rows


@transaction.atomic
def submit(found, answers, day=None):
    """A staff member's response to an open round (no account): `answers` maps a question's code
    to its option code or codes."""
    if found.state != State.OPEN:
        raise Refused(_("Deze peiling is gesloten; er kunnen geen antwoorden meer bij."))
    rows = _answers(found, answers)
    response = Response.objects.create(round=found, submitted_on=day or timezone.localdate())
    Answer.objects.bulk_create([Answer(response=response, round=found, question=q, option=o) for q, o in rows])
    return response
