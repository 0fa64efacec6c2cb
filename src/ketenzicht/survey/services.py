"""Every change of the staff survey: a round prepared, opened and closed by the region's
administrator or analyst, and a response given by a staff member without an account. Pages and API
call these; each is one transaction, checked before it opens. Refusals are `Invalid` or `Refused`
naming the field, in Dutch; nothing is stored by a refused call. A response is deliberately not
written to the access log: an entry would tie an anonymous answer to a moment."""
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats, timezone
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


EARLIEST = datetime.date(2000, 1, 1)
AHEAD = 366  # a round is prepared at most a year ahead
LONGEST = 366  # and open at most a year


def period_problems(opens_on, closes_on, today=None):
    """(field, message) for each thing wrong with a round's period on its own; the form shows them
    all at once, the service refuses the first."""
    today = today or timezone.localdate()
    problems = []
    if opens_on is not None and not EARLIEST <= opens_on <= today + datetime.timedelta(days=AHEAD):
        problems.append(("opens_on", _("Kies een openingsdatum tussen 1 januari 2000 en een jaar vanaf vandaag.")))
    if opens_on is not None and closes_on is not None:
        if closes_on < opens_on:
            problems.append(("closes_on", _("De sluitdatum ligt vóór de openingsdatum.")))
        elif closes_on > opens_on + datetime.timedelta(days=LONGEST):
            problems.append(("closes_on", _("Een ronde is ten hoogste een jaar open: kies een eerdere sluitdatum.")))
    return problems


def _check_round(region, title, opens_on, closes_on, invited, exclude=None):
    if not (title or "").strip():
        raise Invalid(_("Geef de ronde een titel."), "title")
    for field, message in period_problems(opens_on, closes_on):
        raise Invalid(message, field)
    if not 0 <= invited <= MAX_INVITED:
        raise Invalid(_("Het aantal uitgenodigde medewerkers ligt tussen 0 en %(max)s.") % {"max": MAX_INVITED},
                      "invited")
    for field, message in region_problems(region, title, opens_on, closes_on, exclude):
        raise Invalid(message, field)


def region_problems(region, title, opens_on, closes_on, exclude=None):
    """(field, message) for what collides with the region's other rounds: the same title, an
    overlapping period."""
    problems = []
    others = Round.objects.filter(region=region).exclude(pk=getattr(exclude, "pk", None))
    if title and others.filter(title__iexact=title.strip()).exists():
        problems.append(("title", _("Er is al een ronde met deze titel; kies een andere, bijvoorbeeld met het jaar "
                                    "erin.")))
    if opens_on is None or closes_on is None or closes_on < opens_on:
        return problems
    overlap = others.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).order_by("opens_on").first()
    if overlap is not None:
        problems.append(("opens_on", _(
            "De periode overlapt met de ronde %(title)s (%(start)s tot en met %(end)s); rondes volgen elkaar op.") % {
            "title": overlap.title, "start": formats.date_format(overlap.opens_on, "j F Y"),
            "end": formats.date_format(overlap.closes_on, "j F Y")}))
    return problems


@_managed(lambda region: region)
def create_round(user, region, *, title, opens_on, closes_on, invited=0, title_en=""):
    """A new round, in preparation: its link answers nothing until it is opened."""
    _check_round(region, title, opens_on, closes_on, invited)
    found = Round.objects.create(region=region, title=title.strip(), title_en=(title_en or "").strip(),
                                 opens_on=opens_on, closes_on=closes_on, invited=invited)
    audit.record(user, "create", "survey_round", found.pk, region=region.pk)
    return found


def _draft(found):
    if found.state != State.DRAFT:
        raise Refused(_("Deze ronde is %(state)s; alleen een ronde in voorbereiding kan nog gewijzigd of verwijderd "
                        "worden.") % {"state": found.get_state_display().lower()}, "state")


@_managed(lambda found: found.region)
def update_round(user, found, *, title, opens_on, closes_on, invited=0, title_en=""):
    """A round in preparation, changed before it opens (after that its answers rest on what it asked)."""
    _draft(found)
    _check_round(found.region, title, opens_on, closes_on, invited, exclude=found)
    if not Round.objects.filter(pk=found.pk, state=State.DRAFT).update(
            title=title.strip(), title_en=(title_en or "").strip(), opens_on=opens_on, closes_on=closes_on,
            invited=invited):
        raise Refused(_("Deze ronde is intussen geopend; ze kan niet meer gewijzigd worden."), "state")
    found.refresh_from_db()
    audit.record(user, "update", "survey_round", found.pk, region=found.region_id)
    return found


@_managed(lambda found: found.region)
def delete_round(user, found):
    """A round in preparation that will not be held (it has no answers: its link never worked)."""
    _draft(found)
    pk, region = found.pk, found.region_id
    if not Round.objects.filter(pk=pk, state=State.DRAFT).delete()[0]:
        raise Refused(_("Deze ronde is intussen geopend; ze kan niet meer verwijderd worden."), "state")
    audit.record(user, "delete", "survey_round", pk, region=region)


NEXT = {"open": (State.DRAFT, State.OPEN), "close": (State.OPEN, State.CLOSED)}


@_managed(lambda found: found.region)
def move_round(user, found, step):
    """Open a round in preparation, or close an open one; a closed round stays closed (its results
    are what the staff of that moment said)."""
    if step not in NEXT:
        raise Invalid(_("Onbekende stap."), "step")
    before, after = NEXT[step]
    if after == State.OPEN:
        running = Round.objects.filter(region=found.region_id, state=State.OPEN).exclude(pk=found.pk).first()
        if running is not None:
            raise Refused(_("De ronde %(title)s is nog open; sluit die eerst. Er is per regio één ronde tegelijk "
                            "open.") % {"title": running.title}, "step")
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
