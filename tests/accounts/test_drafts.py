"""A signal typed while the session ran out is kept for its user and comes back after login."""
from django.conf import settings
from django.db import connection

from ketenzicht.accounts.idle import LAST_SEEN
from ketenzicht.accounts.models import Draft
from ketenzicht.intake.models import Signal

from ..helpers import report_page, verified

TEXT = "Drie vrouwen in een kapsalon, slapen er ook; eigenaar houdt de paspoorten."


def _expire(client):
    session = client.session
    session[LAST_SEEN] -= settings.KETENZICHT_IDLE_TIMEOUT + 1
    session.save()


def test_a_post_after_the_idle_limit_keeps_a_draft_restored_once_after_login(world, client):
    verified(client, "reporter.zwolle")
    assert client.get("/signalen/nieuw").status_code == 200
    _expire(client)
    response = report_page(client, description=TEXT, location="Kapsalon Diezerstraat")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen?next=/signalen/nieuw")
    assert Signal.objects.count() == 0
    draft = Draft.objects.get()
    assert draft.user.username == "reporter.zwolle" and draft.form == "intake:new"
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM accounts_draft")
        stored = cursor.fetchone()[0]
    assert TEXT not in stored and "Diezerstraat" not in stored  # encrypted at rest

    verified(client, "reporter.zwolle")
    page = client.get("/signalen/nieuw").content.decode()
    assert TEXT in page and 'value="Kapsalon Diezerstraat"' in page and 'name="persons-0-age" value="17"' in page
    assert "staat weer in het formulier" in page and "kz-error-summary" not in page
    assert not Draft.objects.exists()  # handed back once
    assert TEXT not in client.get("/signalen/nieuw").content.decode()


def test_a_draft_is_never_shown_to_another_user(world, client):
    verified(client, "reporter.zwolle")
    client.get("/signalen/nieuw")
    _expire(client)
    report_page(client, description=TEXT)
    verified(client, "liaison.zwolle")
    assert TEXT not in client.get("/signalen/nieuw").content.decode()
    assert Draft.objects.filter(user__username="reporter.zwolle").exists()


def test_without_an_ended_session_nothing_is_kept(world, client):
    assert report_page(client, description=TEXT).status_code == 302  # never logged in
    assert not Draft.objects.exists()


def test_keep_alive_restarts_the_idle_time_of_a_live_session_only(world, client):
    assert client.post("/sessie/verlengen").status_code == 403
    verified(client, "reporter.zwolle")
    client.get("/signalen")
    session = client.session
    session[LAST_SEEN] -= settings.KETENZICHT_IDLE_TIMEOUT - 30
    session.save()
    assert client.post("/sessie/verlengen").status_code == 204
    assert client.session[LAST_SEEN] > session[LAST_SEEN]


def test_signed_in_pages_carry_the_session_warning(world, client):
    verified(client, "reporter.zwolle")
    page = client.get("/signalen").content.decode()
    assert f'name="kz-session" content="{settings.KETENZICHT_IDLE_TIMEOUT}"' in page and "ketenzicht/app.js" in page
