"""What a browser walk found on the survey pages (issue 19): rounds refused as a mature product
would (a title twice, overlapping periods, a year far ahead, two open at once), drafts changed or
removed before they open, every error on the first submit, results that say "geen antwoorden"
instead of "<5" everywhere, a thanks page only after answering, and an English title."""
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from ketenzicht.lib.errors import Invalid, Refused
from ketenzicht.survey import services
from ketenzicht.survey.models import Round, State

from ..helpers import user, verified
from .test_survey import GOOD

TODAY = timezone.localdate()


@pytest.fixture
def ijsselland(world):
    from ketenzicht.regions.models import Region
    return Region.objects.get(slug="ijsselland")


@pytest.fixture
def second(ijsselland):
    return Round.objects.get(region=ijsselland, state=State.OPEN)


def make(region, title="Peiling 2027", opens_on=date(2027, 3, 1), closes_on=date(2027, 3, 21), **kwargs):
    return services.create_round(user("analyst.ijsselland"), region, title=title, opens_on=opens_on,
                                 closes_on=closes_on, **kwargs)


@pytest.mark.parametrize("overrides, field, words", [
    ({"title": "medewerkerspeiling 2021", "opens_on": date(2027, 3, 1)}, "title", "al een ronde met deze titel"),
    ({"opens_on": TODAY, "closes_on": TODAY + timedelta(days=3)}, "opens_on", "overlapt"),
    ({"opens_on": date(2999, 1, 1), "closes_on": date(2999, 2, 1)}, "opens_on", "een jaar vanaf vandaag"),
    ({"opens_on": date(2027, 1, 1), "closes_on": date(2029, 1, 1)}, "closes_on", "ten hoogste een jaar"),
])
def test_rounds_are_refused_as_a_mature_product_would(ijsselland, overrides, field, words):
    before = Round.objects.count()
    with pytest.raises(Invalid) as refused:
        make(ijsselland, **overrides)
    assert refused.value.field == field and words in refused.value.message
    assert Round.objects.count() == before


def test_only_one_round_is_open_at_a_time(ijsselland, second):
    draft = make(ijsselland)
    with pytest.raises(Refused) as refused:
        services.move_round(user("analyst.ijsselland"), draft, "open")
    assert second.title in refused.value.message
    services.move_round(user("analyst.ijsselland"), second, "close")
    assert services.move_round(user("analyst.ijsselland"), draft, "open").state == State.OPEN


def test_a_draft_is_changed_or_removed_on_its_page_an_open_one_not(ijsselland, second):
    draft = make(ijsselland)
    client = verified(Client(), "analyst.ijsselland")
    results = client.get(reverse("survey:results", args=["ijsselland"])).content.decode()
    assert reverse("survey:edit", args=["ijsselland", draft.pk]) in results
    assert reverse("survey:edit", args=["ijsselland", second.pk]) not in results
    changed = client.post(reverse("survey:edit", args=["ijsselland", draft.pk]), {
        "title": "Peiling voorjaar 2027", "title_en": "Staff survey spring 2027", "opens_on": "2027-03-02",
        "closes_on": "2027-03-22", "invited": "200"})
    assert changed.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.invited, draft.opens_on) == ("Peiling voorjaar 2027", 200, date(2027, 3, 2))
    with translation.override("en"):
        assert draft.label == "Staff survey spring 2027"
    assert client.get(reverse("survey:edit", args=["ijsselland", second.pk])).status_code == 302
    with pytest.raises(Refused):
        services.delete_round(user("analyst.ijsselland"), second)
    assert client.post(reverse("survey:delete", args=["ijsselland", draft.pk])).status_code == 302
    assert not Round.objects.filter(pk=draft.pk).exists()
    assert verified(Client(), "liaison.zwolle").get(
        reverse("survey:edit", args=["ijsselland", second.pk])).status_code == 404


def test_every_error_on_the_first_submit(ijsselland):
    page = verified(Client(), "analyst.ijsselland").post(reverse("survey:new", args=["ijsselland"]), {
        "title": "", "opens_on": "2027-03-21", "closes_on": "2027-03-01", "invited": "x"})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Vul ‘Titel’ in." in text and "sluitdatum ligt vóór de openingsdatum" in text
    assert "Vul bij ‘Aantal uitgenodigde medewerkers’ een getal in." in text
    assert "Dit veld is verplicht" not in text


def test_a_round_without_answers_says_so_and_the_page_explains_the_dash(ijsselland):
    make(ijsselland)
    page = verified(Client(), "analyst.ijsselland").get(reverse("survey:results", args=["ijsselland"]))
    text = page.content.decode()
    assert "geen antwoorden" in text and 'data-testid="suppression-note"' in text
    table = text.split('data-testid="survey-results"')[1].split("</table>")[0]
    assert "&lt;5" not in table  # no answers is not "fewer than five", and a percentage is never "<5"


def test_the_thanks_page_needs_an_answer(second):
    client = Client()
    assert client.get(reverse("survey:thanks", args=[second.token])).url == second.public_path
    answered = client.post(second.public_path, GOOD)
    assert answered.status_code == 302
    assert 'data-testid="answered"' in client.get(answered.url).content.decode()


def test_the_demo_rounds_have_their_english(ijsselland):
    assert not Round.objects.filter(region=ijsselland, title_en="").exists()


def test_a_draft_is_not_offered_to_open_while_another_round_is(ijsselland, second):
    draft = make(ijsselland)
    client = verified(Client(), "analyst.ijsselland")
    page = client.get(reverse("survey:results", args=["ijsselland"])).content.decode()
    assert reverse("survey:move", args=["ijsselland", draft.pk, "open"]) not in page
    services.move_round(user("analyst.ijsselland"), second, "close")
    page = client.get(reverse("survey:results", args=["ijsselland"])).content.decode()
    assert reverse("survey:move", args=["ijsselland", draft.pk, "open"]) in page


def test_a_title_twice_shows_with_the_date_errors_on_the_first_submit(ijsselland):
    page = verified(Client(), "analyst.ijsselland").post(reverse("survey:new", args=["ijsselland"]), {
        "title": "Medewerkerspeiling 2021", "opens_on": "2999-01-01", "closes_on": "2998-01-01", "invited": "0"})
    text = page.content.decode()
    assert "al een ronde met deze titel" in text and "sluitdatum ligt vóór de openingsdatum" in text


def test_the_public_page_shows_the_english_title_in_english(second):
    page = Client().get(second.public_path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Staff survey 2026" in page
